"""eventreg.schema.create_table_kwargs and the item layout of eventreg.adapters.dynamodb.items (pure conversions)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from eventreg.adapters.dynamodb import items, keys
from eventreg.domain.models import Event, EventStatus, Registration, iso
from eventreg.schema import TABLE, create_table_kwargs


def key_schema(entries: list[dict[str, str]]) -> dict[str, str]:
    return {entry["KeyType"]: entry["AttributeName"] for entry in entries}


def test_table_keys_and_billing() -> None:
    kwargs = create_table_kwargs("eventreg-test")
    assert kwargs["TableName"] == "eventreg-test"
    assert kwargs["BillingMode"] == "PAY_PER_REQUEST"
    assert key_schema(kwargs["KeySchema"]) == {"HASH": "PK", "RANGE": "SK"}


def test_the_global_secondary_indexes() -> None:
    indexes = {index["IndexName"]: index for index in create_table_kwargs("t")["GlobalSecondaryIndexes"]}
    assert set(indexes) == {"OpenByCutoff", "ByEmail", "UpcomingByStart", "RetentionDue"}
    assert key_schema(indexes["RetentionDue"]["KeySchema"]) == {"HASH": "RETAIN_PK", "RANGE": "purge_after"}
    assert key_schema(indexes["UpcomingByStart"]["KeySchema"]) == {"HASH": "UPCOMING_PK", "RANGE": "starts_key"}
    assert key_schema(indexes["OpenByCutoff"]["KeySchema"]) == {"HASH": "OPEN_PK", "RANGE": "closes_at"}
    assert key_schema(indexes["ByEmail"]["KeySchema"]) == {"HASH": "email_norm", "RANGE": "PK"}
    for index in indexes.values():
        assert index["Projection"] == {"ProjectionType": "KEYS_ONLY"}
        assert "ProvisionedThroughput" not in index  # on-demand table


def test_attribute_definitions_cover_exactly_the_key_attributes() -> None:
    kwargs = create_table_kwargs("t")
    defined = [d["AttributeName"] for d in kwargs["AttributeDefinitions"]]
    used = {e["AttributeName"] for e in kwargs["KeySchema"]}
    for index in kwargs["GlobalSecondaryIndexes"]:
        used |= {e["AttributeName"] for e in index["KeySchema"]}
    # DynamoDB refuses definitions that no key uses, and duplicates.
    assert sorted(defined) == sorted(used)
    assert len(defined) == len(set(defined))
    assert {d["AttributeType"] for d in kwargs["AttributeDefinitions"]} == {"S"}


def test_stream_carries_new_and_old_images() -> None:
    assert create_table_kwargs("t")["StreamSpecification"] == {
        "StreamEnabled": True,
        "StreamViewType": "NEW_AND_OLD_IMAGES",
    }
    assert TABLE.stream_view == "NEW_AND_OLD_IMAGES"


def plain(item: dict[str, Any]) -> dict[str, Any]:
    return items.from_av(item)


def test_open_event_item_is_in_the_sparse_index(make_event: Callable[..., Event]) -> None:
    event = make_event()
    item = plain(items.event_item(event))
    assert item["PK"] == "EVENT#eu-workshop"
    assert item["SK"] == keys.EVENT_SK
    assert item["type"] == "event"
    assert item["OPEN_PK"] == keys.OPEN_MARKER
    assert item["closes_at"] == "2026-03-20T22:59:59Z"
    assert item["opens_at"] == "2026-03-01T09:00:00Z"
    assert items.event_from(items.event_item(event)) == event


def test_closed_event_item_leaves_the_sparse_index(make_event: Callable[..., Event]) -> None:
    item = plain(items.event_item(make_event(status=EventStatus.CLOSED)))
    assert "OPEN_PK" not in item
    assert item["closes_at"] == "2026-03-20T22:59:59Z"


def test_registration_item_layout(make_registration: Callable[..., Registration]) -> None:
    registration = make_registration()
    item = plain(items.registration_item(registration))
    assert item["PK"] == "EVENT#eu-workshop"
    assert item["SK"] == "REG#01KA3F7Q9MZ6T2X8WB4NRCDJ5E"
    assert item["type"] == "registration"
    assert item["status"] == "confirmed"
    assert item["email_norm"] == "e.bienkowska@example.eu"  # the ByEmail index key
    assert item["created_at"] == "2026-03-05T08:30:00Z"
    assert items.registration_from(items.registration_item(registration)) == registration


def test_stored_instants_are_fixed_width_utc() -> None:
    # The transaction compares stored instants as strings, so they must be fixed-width UTC.
    brussels = ZoneInfo("Europe/Brussels")
    assert iso(datetime(2026, 5, 18, 23, 59, 59, 999_999, tzinfo=brussels)) == "2026-05-18T21:59:59Z"
    assert iso(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)) == "2026-01-02T03:04:05Z"
    assert keys.sent_sk("R1", "confirmed") == "SENT#R1#confirmed"
    assert keys.email_sk("a@b.eu") == "EMAIL#a@b.eu"


def test_event_item_is_due_for_retention_until_anonymised(make_event: Callable[..., Event]) -> None:
    event = make_event(retention_days=30)  # ends 10 June 2026, 15:00 UTC
    item = plain(items.event_item(event))
    assert item["RETAIN_PK"] == keys.RETAIN_MARKER
    assert item["purge_after"] == "2026-07-10T15:00:00Z"
    assert items.event_from(items.event_item(event)) == event
    done = make_event(anonymised_at=datetime(2026, 9, 9, 3, 0, tzinfo=UTC))
    item = plain(items.event_item(done))
    assert "RETAIN_PK" not in item and "purge_after" not in item
    # the job's cursor on the stored item never reaches the model
    stored = {**items.event_item(event), "retention_cursor": {"S": "REG#01KA"}}
    assert items.event_from(stored) == event


def test_anonymised_registration_item_holds_no_personal_field(make_registration: Callable[..., Registration]) -> None:
    from eventreg.domain.retention import PERSONAL, anonymised

    at = datetime(2026, 9, 9, 3, 0, tzinfo=UTC)
    item = plain(items.registration_item(anonymised(make_registration(job_title="Mayor"), at)))
    assert not PERSONAL & set(item)  # email_norm gone: the item leaves the ByEmail index
    assert item["anonymised"] is True
    assert item["anonymised_at"] == "2026-09-09T03:00:00Z"
    loaded = items.registration_from(items.to_av(item))
    assert loaded.anonymised and loaded.name == "" and loaded.email_norm == "" and loaded.country == "PL"
