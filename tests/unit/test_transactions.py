"""eventreg.adapters.dynamodb.transactions: the TransactWriteItems a registration plan becomes (no I/O)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from unit_helpers import build_request, build_sessions

from eventreg.adapters.dynamodb import items
from eventreg.adapters.dynamodb.transactions import WINDOW, Part, registration_transaction
from eventreg.domain.errors import ValidationFailed
from eventreg.domain.models import MAX_DELEGATION, MAX_SESSIONS, AttendanceMode, Event, Person, Session
from eventreg.domain.registration import Fullness, Plan, plan_registration

EventFactory = Callable[..., Event]
TABLE = "eventreg-test"
DURING = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
NOTHING_FULL = Fullness()
PK = {"S": "EVENT#eu-workshop"}


def plan(event: Event, fullness: Fullness = NOTHING_FULL, size: int = 1, **request: Any) -> Plan:
    members = [Person(name=f"Member {i}", email=f"m{i}@city.example.nl") for i in range(size - 1)] or None
    return plan_registration(event, build_sessions(), build_request(**request), DURING, fullness, members)


def transaction(planned: Plan) -> tuple[list[dict[str, Any]], list[Part]]:
    return registration_transaction(TABLE, planned, DURING)


def values(operation: dict[str, Any]) -> dict[str, Any]:
    return items.from_av(operation["ExpressionAttributeValues"])


def test_seated_registration_is_counted_under_the_window_and_capacity(make_event: EventFactory) -> None:
    transact, parts = transaction(plan(make_event(capacity_in_person=100)))
    assert [p.kind for p in parts] == ["event", "registration", "email"]
    assert len(transact) == len(parts)
    update = transact[0]["Update"]
    assert update["TableName"] == TABLE
    assert update["Key"] == {"PK": PK, "SK": {"S": "EVENT"}}
    assert update["UpdateExpression"] == "SET registered_in_person = registered_in_person + :n"
    condition = update["ConditionExpression"]
    assert condition.startswith(WINDOW)
    assert "capacity_in_person = :cap AND registered_in_person <= :limit" in condition
    assert update["ExpressionAttributeNames"] == {"#status": "status"}
    assert values(update) == {
        ":open": "open", ":now": "2026-03-10T12:00:00Z", ":mode": "in_person", ":n": 1, ":cap": 100, ":limit": 99,
    }
    assert update["ReturnValuesOnConditionCheckFailure"] == "ALL_OLD"


def test_window_condition_holds_status_cutoff_and_mode() -> None:
    assert "#status = :open" in WINDOW
    assert "opens_at <= :now" in WINDOW and "closes_at > :now" in WINDOW
    assert "contains(modes, :mode)" in WINDOW


def test_delegation_limit_is_capacity_minus_its_size(make_event: EventFactory) -> None:
    planned = plan(make_event(capacity_in_person=50), size=5)
    transact, parts = transaction(planned)
    update = transact[0]["Update"]
    assert values(update)[":n"] == 5
    assert values(update)[":cap"] == 50
    assert values(update)[":limit"] == 45
    assert [p.kind for p in parts] == ["event"] + ["registration", "email"] * 5


def test_unlimited_mode_requires_that_no_capacity_was_set_meanwhile(make_event: EventFactory) -> None:
    transact, _ = transaction(plan(make_event(capacity_online=None), attendance_mode="online"))
    update = transact[0]["Update"]
    assert update["UpdateExpression"] == "SET registered_online = registered_online + :n"
    assert update["ConditionExpression"] == f"{WINDOW} AND attribute_not_exists(capacity_online)"
    assert ":cap" not in values(update) and ":limit" not in values(update)
    assert values(update)[":mode"] == "online"


def test_online_capacity_is_checked_on_the_online_counter(make_event: EventFactory) -> None:
    transact, _ = transaction(plan(make_event(capacity_online=300), attendance_mode="online"))
    update = transact[0]["Update"]
    assert "capacity_online = :cap AND registered_online <= :limit" in update["ConditionExpression"]
    assert (values(update)[":cap"], values(update)[":limit"]) == (300, 299)


def test_registration_and_email_guard_are_put_only_if_new(make_event: EventFactory) -> None:
    planned = plan(make_event())
    (registration,) = planned.registrations
    transact, parts = transaction(planned)
    put_registration, put_guard = transact[1]["Put"], transact[2]["Put"]
    assert put_registration["Item"] == items.registration_item(registration)
    assert put_registration["ConditionExpression"] == "attribute_not_exists(PK)"
    assert put_guard["Item"]["SK"] == {"S": "EMAIL#e.bienkowska@example.eu"}
    assert put_guard["Item"]["registration_id"] == {"S": registration.registration_id}
    assert put_guard["ConditionExpression"] == "attribute_not_exists(PK)"
    assert parts[1] == Part("registration", registration.registration_id)
    assert parts[2] == Part("email", "E.Bienkowska@example.eu")


def test_seated_sessions_are_counted_under_their_capacity(make_event: EventFactory) -> None:
    transact, parts = transaction(plan(make_event(), sessions=["plenary", "lab-b"], size=3))
    assert [(p.kind, p.ref) for p in parts[:3]] == [("event", ""), ("session", "plenary"), ("session", "lab-b")]
    plenary, lab_b = transact[1]["Update"], transact[2]["Update"]
    assert plenary["Key"] == {"PK": PK, "SK": {"S": "EVENT#SESSION#plenary"}}
    assert plenary["UpdateExpression"] == "SET registered = registered + :n"
    assert plenary["ConditionExpression"] == "attribute_exists(PK) AND #capacity = :cap AND registered <= :limit"
    assert plenary["ExpressionAttributeNames"] == {"#capacity": "capacity"}
    assert values(plenary) == {":n": 3, ":cap": 50, ":limit": 47}
    assert plenary["ReturnValuesOnConditionCheckFailure"] == "ALL_OLD"
    # lab-b has no capacity: it must still have none when the transaction runs.
    assert lab_b["ConditionExpression"] == "attribute_exists(PK) AND attribute_not_exists(#capacity)"
    assert values(lab_b) == {":n": 3}


def test_session_capacity_is_the_one_planned_with(make_event: EventFactory) -> None:
    sessions: dict[str, Session] = build_sessions()
    sessions["plenary"] = sessions["plenary"].model_copy(update={"capacity": 7})
    planned = plan_registration(make_event(), sessions, build_request(sessions=["plenary"]), DURING)
    transact, _ = transaction(planned)
    assert values(transact[1]["Update"])[":cap"] == 7 and values(transact[1]["Update"])[":limit"] == 6


def test_waiting_session_is_counted_and_gets_a_wait_item(make_event: EventFactory) -> None:
    planned = plan(make_event(), Fullness(sessions=frozenset({"lab-a"})), sessions=["plenary", "lab-a"])
    (registration,) = planned.registrations
    transact, parts = transaction(planned)
    assert [(p.kind, p.ref) for p in parts] == [
        ("event", ""), ("session", "plenary"), ("session_wait", "lab-a"),
        ("registration", registration.registration_id), ("email", registration.email), ("wait", "SESSION#lab-a"),
    ]
    wait_update = transact[2]["Update"]
    assert wait_update["Key"]["SK"] == {"S": "EVENT#SESSION#lab-a"}
    assert wait_update["UpdateExpression"] == "SET waitlisted = waitlisted + :n"
    # Joining the session's line only while it is still full (the plan may come from a cached programme).
    assert wait_update["ConditionExpression"] == "attribute_exists(PK) AND #capacity = :cap AND registered > :limit"
    wait = transact[5]["Put"]
    assert wait["Item"]["SK"] == {"S": f"WAIT#SESSION#lab-a#{registration.registration_id}"}
    assert wait["Item"]["type"] == {"S": "wait"}
    assert wait["Item"]["scope"] == {"S": "SESSION#lab-a"}
    assert wait["ConditionExpression"] == "attribute_not_exists(PK)"
    # the event itself still counts the seat
    assert transact[0]["Update"]["UpdateExpression"] == "SET registered_in_person = registered_in_person + :n"


def test_waitlisted_registration_counts_a_waiter_under_the_window_only(make_event: EventFactory) -> None:
    planned = plan(make_event(), Fullness(modes=frozenset({AttendanceMode.IN_PERSON})), sessions=["plenary"])
    (registration,) = planned.registrations
    transact, parts = transaction(planned)
    update = transact[0]["Update"]
    assert update["UpdateExpression"] == "SET waitlisted = waitlisted + :n"
    # The window, and the hall still full: no room for this one (limit = capacity - size).
    assert update["ConditionExpression"] == f"{WINDOW} AND capacity_in_person = :cap AND registered_in_person > :limit"
    assert values(update)[":limit"] == values(update)[":cap"] - 1
    assert [p.kind for p in parts] == ["event", "registration", "email", "wait"]  # no session counter moves
    wait = transact[3]["Put"]["Item"]
    assert wait["SK"] == {"S": f"WAIT#EVENT#in_person#{registration.registration_id}"}
    assert wait["registration_id"] == {"S": registration.registration_id}


def test_waitlisted_delegation_has_a_wait_item_per_member(make_event: EventFactory) -> None:
    planned = plan(make_event(), Fullness(modes=frozenset({AttendanceMode.IN_PERSON})), size=5)
    transact, parts = transaction(planned)
    waits = [op["Put"]["Item"]["SK"]["S"] for op, part in zip(transact, parts, strict=True) if part.kind == "wait"]
    assert waits == [f"WAIT#EVENT#in_person#{r.registration_id}" for r in planned.registrations]
    assert values(transact[0]["Update"])[":n"] == 5


def test_every_write_targets_the_event_partition_once(make_event: EventFactory) -> None:
    planned = plan(make_event(), Fullness(sessions=frozenset({"lab-a"})), sessions=["plenary", "lab-a"], size=4)
    transact, _ = transaction(planned)
    keys = []
    for operation in transact:
        ((kind, body),) = operation.items()
        key = body["Key"] if kind == "Update" else {"PK": body["Item"]["PK"], "SK": body["Item"]["SK"]}
        assert key["PK"] == PK
        keys.append(key["SK"]["S"])
    assert len(keys) == len(set(keys)), "DynamoDB refuses two operations on one item in a transaction"


def many_sessions(count: int) -> dict[str, Session]:
    """`count` one-hour sessions back to back, so that any choice of them is valid."""
    start = datetime(2026, 6, 10, 6, 0, tzinfo=UTC)
    return {
        f"s{i}": Session(session_id=f"s{i}", title={"en": f"Session {i}"}, starts_at=start + timedelta(hours=i),
                         ends_at=start + timedelta(hours=i + 1), capacity=1)
        for i in range(count)
    }


def test_a_delegation_waiting_for_many_sessions_is_refused_before_writing(make_event: EventFactory) -> None:
    """30 people waiting for 20 sessions would be 681 items: refused with a clear message (not a 500)."""
    sessions = many_sessions(MAX_SESSIONS)
    chosen = list(sessions)
    members = [Person(name=f"Member {i}", email=f"m{i}@city.example.nl") for i in range(MAX_DELEGATION - 1)]
    with pytest.raises(ValidationFailed) as refused:
        plan_registration(make_event(), sessions, build_request(sessions=chosen), DURING,
                          Fullness(sessions=frozenset(chosen)), members)
    assert "members" in refused.value.fields


@pytest.mark.parametrize(("people", "waiting"), [(1, MAX_SESSIONS), (5, 10), (10, 6), (24, 1)])
def test_every_plan_that_is_accepted_fits_one_transaction(make_event: EventFactory, people: int, waiting: int) -> None:
    sessions = many_sessions(MAX_SESSIONS)
    chosen = list(sessions)
    members = [Person(name=f"Member {i}", email=f"m{i}@city.example.nl") for i in range(people - 1)]
    try:
        planned = plan_registration(make_event(), sessions, build_request(sessions=chosen), DURING,
                                    Fullness(sessions=frozenset(chosen[:waiting])), members)
    except ValidationFailed as refused:
        assert "members" in refused.fields
        return
    transact, _ = transaction(planned)
    assert len(transact) == planned.items
    assert len(transact) <= 99


def test_largest_allowed_seated_request_fits_one_transaction(make_event: EventFactory) -> None:
    sessions = many_sessions(MAX_SESSIONS)
    members = [Person(name=f"Member {i}", email=f"m{i}@city.example.nl") for i in range(MAX_DELEGATION - 1)]
    planned = plan_registration(make_event(), sessions, build_request(sessions=list(sessions)), DURING,
                                Fullness(), members)
    transact, _ = transaction(planned)
    assert len(transact) == 1 + MAX_SESSIONS + 2 * MAX_DELEGATION
    assert len(transact) <= 100
