"""DynamoDB side of retention, erasure and delegation reports: Queries of indexes and key ranges (never a
Scan), batched writes, and the retention job's progress on the event item."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from eventreg.adapters.dynamodb import items, keys
from eventreg.adapters.dynamodb.checkins import CheckinTable, checkin_keys
from eventreg.adapters.dynamodb.repository import Repository
from eventreg.domain.errors import Unavailable
from eventreg.domain.models import Event, Registration, iso
from eventreg.domain.retention import anonymised
from eventreg.ports import PersonalItems
from eventreg.retry import Backoff

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import QueryInputTypeDef

P = ParamSpec("P")
R = TypeVar("R")

BATCH = 25  # BatchWriteItem's limit
MAX_UNPROCESSED_ROUNDS = 10
UNPROCESSED_BACKOFF = Backoff(base=0.05, cap=1.0)
# The SK prefixes of an event's personal items that retention deletes (their keys hold addresses, form hashes).
PERSONAL_PREFIXES: dict[PersonalItems, str] = {"guards": keys.EMAIL_PREFIX, "idempotency": keys.IDEMPOTENCY_PREFIX}


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]  # raw attribute values
    last_sk: str | None  # where the next page starts; None on the last page


class PrivacyStore:
    """A privacy.ports.PrivacyStore (retention, erasure, delegations) on the Repository's table."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.client = repo.client
        self.table = repo.table

    # -- retention -----------------------------------------------------------------------------
    def events_due(self, now: datetime) -> list[str]:
        """Events whose personal data is due: a Query of the sparse RetentionDue index."""
        return self.repo.events_in_index("RetentionDue", "RETAIN_PK = :marker AND purge_after <= :until",
                                         keys.RETAIN_MARKER, now)

    def event_and_cursor(self, event_id: str) -> tuple[Event, str | None]:
        """The event and how far an earlier run got (the SK of the last registration it anonymised)."""
        answer = self._call(self.client.get_item, TableName=self.table, ConsistentRead=True,
                            Key=self._key(keys.event_pk(event_id), keys.EVENT_SK))
        item = answer["Item"]
        cursor = item.get("retention_cursor", {}).get("S")
        return items.event_from(item), cursor

    def page(self, event_id: str, prefix: str, after: str | None, limit: int, keys_only: bool = False) -> Page:
        """One page of the items of an event under an SK prefix, starting after `after`."""
        kwargs: QueryInputTypeDef = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
            "ExpressionAttributeValues": items.to_av({":pk": keys.event_pk(event_id), ":prefix": prefix}),
            "Limit": limit,
            "ConsistentRead": True,
        }
        if after:
            kwargs["ExclusiveStartKey"] = self._key(keys.event_pk(event_id), after)
        if keys_only:
            kwargs["ProjectionExpression"] = "PK, SK"
        answer = self._call(self.client.query, **kwargs)
        found = answer.get("Items", [])
        last = answer.get("LastEvaluatedKey")
        return Page(found, last["SK"]["S"] if last else None)

    def delete_page(self, event_id: str, kind: PersonalItems, limit: int) -> tuple[int, bool]:
        """One keys-only page of the event's `kind` items, from the start (the earlier pages are gone), deleted."""
        page = self.page(event_id, PERSONAL_PREFIXES[kind], None, limit, keys_only=True)
        return self.write(deletes=[(i["PK"]["S"], i["SK"]["S"]) for i in page.items]), page.last_sk is not None

    def anonymise_checkins(self, event_id: str, after: str | None, limit: int) -> tuple[int, str | None]:
        """One page of the event's check-ins rewritten without who made them (the staff's id and name); when and
        for which scope stay, so attendance still adds up. Returns how many were rewritten and where the next
        page starts (None: done). Rewriting an anonymised one writes the same item: a page redone is harmless."""
        page = self.page(event_id, keys.CHECKIN_PREFIX, after, limit)
        kept = [{k: v for k, v in item.items() if k not in ("by", "by_name")} for item in page.items
                if "by" in item or "by_name" in item]
        return self.write(raw=kept), page.last_sk

    def registrations_after(self, event_id: str, after: str | None,
                            limit: int) -> tuple[list[Registration], str | None]:
        page = self.page(event_id, keys.REG_PREFIX, after, limit)
        return [items.registration_from(i) for i in page.items], page.last_sk

    def save_cursor(self, event_id: str, sk: str) -> None:
        self._call(self.client.update_item, TableName=self.table,
                   Key=self._key(keys.event_pk(event_id), keys.EVENT_SK),
                   UpdateExpression="SET retention_cursor = :sk", ConditionExpression="attribute_exists(PK)",
                   ExpressionAttributeValues=items.to_av({":sk": sk}))

    def finish(self, event_id: str, now: datetime) -> None:
        """The event is anonymised: it leaves the RetentionDue index, and says when."""
        self._call(self.client.update_item, TableName=self.table,
                   Key=self._key(keys.event_pk(event_id), keys.EVENT_SK),
                   UpdateExpression="SET anonymised_at = :at REMOVE RETAIN_PK, purge_after, retention_cursor",
                   ConditionExpression="attribute_exists(PK)",
                   ExpressionAttributeValues=items.to_av({":at": iso(now)}))

    def write(self, puts: Sequence[Registration] = (), deletes: Sequence[tuple[str, str]] = (),
              raw: Sequence[dict[str, Any]] = ()) -> int:
        """Put registrations (and `raw` items, attribute-value form) and delete items by key, 25 per
        BatchWriteItem, retrying what DynamoDB leaves unprocessed (with backoff). Every write here is idempotent,
        so a retry is harmless. Returns the number of items written."""
        requests: list[dict[str, Any]] = [{"PutRequest": {"Item": items.registration_item(r)}} for r in puts]
        requests += [{"PutRequest": {"Item": item}} for item in raw]
        requests += [{"DeleteRequest": {"Key": self._key(pk, sk)}} for pk, sk in deletes]
        for start in range(0, len(requests), BATCH):
            pending: dict[str, Any] = {self.table: requests[start:start + BATCH]}
            for attempt in range(MAX_UNPROCESSED_ROUNDS):
                answer = self._call(self.client.batch_write_item, RequestItems=pending)
                pending = answer.get("UnprocessedItems") or {}
                if not pending:
                    break
                UNPROCESSED_BACKOFF.pause(attempt)
            else:
                raise Unavailable("DynamoDB kept items unprocessed; the next run continues from here.")
        return len(requests)

    # -- erasure -------------------------------------------------------------------------------
    def registrations_of(self, email_norm: str) -> list[tuple[str, str]]:
        """(event id, registration id) of every registration under a normalised email: a Query of the
        ByEmail index (KEYS_ONLY: the registration itself is read from the table)."""
        kwargs: QueryInputTypeDef = {
            "TableName": self.table,
            "IndexName": "ByEmail",
            "KeyConditionExpression": "email_norm = :email",
            "ExpressionAttributeValues": items.to_av({":email": email_norm}),
        }
        return [(keys.event_id_of(item["PK"]["S"]), item["SK"]["S"].removeprefix(keys.REG_PREFIX))
                for item in self._paginate(kwargs) if item["SK"]["S"].startswith(keys.REG_PREFIX)]

    def anonymise(self, current: Registration, now: datetime) -> bool:
        """Write one registration anonymised, under the condition that it is still as read, and drop the
        email guard a live one holds, in one transaction. False when it changed meanwhile."""
        new = anonymised(current, now)
        pk = keys.event_pk(current.event_id)
        transact: list[Any] = [{"Put": {
            "TableName": self.table, "Item": items.registration_item(new),
            "ConditionExpression": "version = :v", "ExpressionAttributeValues": items.to_av({":v": current.version}),
        }}]
        if current.status.live and current.email_norm:
            transact.append({"Delete": {
                "TableName": self.table, "Key": self._key(pk, keys.email_sk(current.email_norm)),
                "ConditionExpression": "attribute_not_exists(PK) OR registration_id = :rid",
                "ExpressionAttributeValues": items.to_av({":rid": current.registration_id}),
            }})
        return self.repo.transact(transact)

    def drop_idempotency_records(self, event_id: str, registration_id: str) -> int:
        """Delete the idempotency records naming a registration: their fingerprint is a hash of the posted
        form, personal data included. They are kept 24 h (then TTL), so an event holds only a day's worth."""
        kwargs: QueryInputTypeDef = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
            "FilterExpression": "contains(registration_ids, :rid)",
            "ExpressionAttributeValues": items.to_av({":pk": keys.event_pk(event_id),
                                                      ":prefix": keys.IDEMPOTENCY_PREFIX, ":rid": registration_id}),
        }
        return self.write(deletes=[(i["PK"]["S"], i["SK"]["S"]) for i in self._paginate(kwargs)])

    def drop_checkins(self, event_id: str, registration_id: str) -> int:
        """Delete a registration's check-ins: an erased person leaves no trace of when and where they came in."""
        found = CheckinTable(self.client, self.table).registration_checkins(event_id, registration_id)
        return self.write(deletes=checkin_keys(found))

    # -- delegations -----------------------------------------------------------------------------
    def delegation(self, event_id: str, delegation_id: str, window: tuple[str, str]) -> list[Registration]:
        """A delegation's registrations: a Query of the key range `window` (REG# ids, see
        eventreg.domain.trip.delegation_window), filtered on the delegation id. Never the whole event."""
        kwargs: QueryInputTypeDef = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk AND SK BETWEEN :low AND :high",
            "FilterExpression": "delegation_id = :d",
            "ExpressionAttributeValues": items.to_av({
                ":pk": keys.event_pk(event_id), ":low": keys.registration_sk(window[0]),
                ":high": keys.registration_sk(window[1]), ":d": delegation_id}),
        }
        return [items.registration_from(i) for i in self._paginate(kwargs)]

    # -- plumbing --------------------------------------------------------------------------------
    def _paginate(self, kwargs: QueryInputTypeDef) -> Iterator[dict[str, Any]]:
        for page in self.repo.query_pages(kwargs):
            yield from page

    @staticmethod
    def _key(pk: str, sk: str) -> dict[str, Any]:
        return items.to_av({"PK": pk, "SK": sk})

    @staticmethod
    def _call(operation: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        return Repository._call(operation, *args, **kwargs)
