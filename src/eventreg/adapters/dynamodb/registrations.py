"""DynamoDB adapter for registrations (ports.RegistrationStore): a registration or a change is ONE
TransactWriteItems (eventreg.adapters.dynamodb.transactions), and the reads around them are Queries of the
event's partition."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from eventreg.adapters import metrics
from eventreg.adapters.dynamodb import items, keys
from eventreg.adapters.dynamodb.table import Table
from eventreg.adapters.dynamodb.transactions import Part, registration_transaction, transition_transaction
from eventreg.domain.changes import Transition
from eventreg.domain.idempotency import Idempotency
from eventreg.domain.models import Registration, iso
from eventreg.domain.registration import Plan
from eventreg.domain.types import RegistrationStatus
from eventreg.ports import Refusal

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import QueryInputTypeDef

# Items one call of registrations_matching reads before its filter: a page of 50 among mostly listed people
# is one call, and a rare filter over 6,000 registrations stays at a few dozen small calls, never 1 MB ones.
MATCHING_READ = 250


class RegistrationTable(Table):
    def apply(self, plan: Plan, now: datetime, idempotency: Idempotency | None = None) -> Refusal | None:
        """Write a registration plan in ONE TransactWriteItems. None when written; otherwise what the
        failed conditions read back (the event and sessions as they are), for the service to re-plan.
        Transaction conflicts are retried here with jitter."""
        transact, parts = registration_transaction(self.table, plan, now, idempotency)
        reasons = self._transact(transact, lambda codes: "ConditionalCheckFailed" not in codes
                                 and ("TransactionConflict" in codes or not codes))
        if reasons is not None:
            return self._refusal(reasons, parts)
        metrics.count_statuses((r.status.value for r in plan.registrations), metrics.REGISTRATIONS)
        return None

    @staticmethod
    def _refusal(reasons: Sequence[Mapping[str, Any]], parts: list[Part]) -> Refusal:
        refusal = Refusal()
        for reason, part in zip(reasons, parts, strict=False):
            if reason.get("Code") != "ConditionalCheckFailed":
                continue
            old = reason.get("Item")
            if part.kind == "event":
                refusal.event_missing = old is None
                refusal.event = items.event_from(old) if old else None
            elif part.kind in ("session", "session_wait"):
                refusal.sessions[part.ref] = items.session_from(old) if old else None
            elif part.kind == "email":
                refusal.emails_taken.append(part.ref)
            elif part.kind == "idempotency":
                refusal.replay = items.from_av(old) if old else {}
            else:
                refusal.other = True
        return refusal

    def apply_transition(self, transition: Transition) -> bool:
        """Write a change in ONE transaction. False when a condition failed (someone else changed
        what it was planned on): the caller reads again and re-plans."""
        transact = transition_transaction(self.table, transition)
        if not transact:
            return True
        if self._transact(transact, lambda codes: "ConditionalCheckFailed" not in codes) is not None:
            return False
        metrics.count(metrics.CANCELLED, sum(1 for r, _ in transition.puts if r.status is RegistrationStatus.CANCELLED))
        metrics.count(metrics.PROMOTED, len(transition.promoted))
        return True

    def first_waiting(self, event_id: str, scope: str) -> Registration | None:
        """The first in line on a waiting list (FIFO: entries sort by time-ordered registration id)."""
        page = self._call(
            self.client.query,
            TableName=self.table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :prefix)",
            ExpressionAttributeValues=items.to_av(
                {":pk": keys.event_pk(event_id), ":prefix": keys.wait_sk(scope, "")}
            ),
            Limit=1,
            ConsistentRead=True,
        )
        for item in page.get("Items", []):
            return self.get_registration(event_id, items.from_av(item)["registration_id"])
        return None

    def waiting_list(self, event_id: str, scope: str) -> list[Registration]:
        """Everyone on a waiting list in first_waiting's order: the same Query of the list's entries (they sort
        by time-ordered registration id), read to the end, then the registrations themselves."""
        kwargs: QueryInputTypeDef = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
            "ExpressionAttributeValues": items.to_av({":pk": keys.event_pk(event_id),
                                                      ":prefix": keys.wait_sk(scope, "")}),
            "ConsistentRead": True,
        }
        ids = [items.from_av(item)["registration_id"] for page in self.query_pages(kwargs) for item in page]
        found = (self.get_registration(event_id, registration_id) for registration_id in ids)
        return [registration for registration in found if registration is not None]

    def waiting_position(self, event_id: str, scope: str, registration_id: str) -> int:
        """A COUNT Query of the list's entries up to and including this one's (no items read back)."""
        kwargs: QueryInputTypeDef = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk AND SK BETWEEN :first AND :own",
            "ExpressionAttributeValues": items.to_av({":pk": keys.event_pk(event_id), ":first": keys.wait_sk(scope, ""),
                                                      ":own": keys.wait_sk(scope, registration_id)}),
            "Select": "COUNT",
            "ConsistentRead": True,
        }
        position = 0
        while True:
            page = self._call(self.client.query, **kwargs)
            position += page.get("Count", 0)
            if "LastEvaluatedKey" not in page:
                return position
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def registrations_page(
        self, event_id: str, limit: int, cursor: dict[str, Any] | None
    ) -> tuple[list[Registration], dict[str, Any] | None]:
        """One page of an event's registrations (oldest first) and where the next page starts."""
        kwargs: QueryInputTypeDef = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
            "ExpressionAttributeValues": items.to_av({":pk": keys.event_pk(event_id), ":prefix": keys.REG_PREFIX}),
            "Limit": limit,
        }
        if cursor:
            kwargs["ExclusiveStartKey"] = cursor
        page = self._call(self.client.query, **kwargs)
        return [items.registration_from(i) for i in page.get("Items", [])], page.get("LastEvaluatedKey")

    def registration_cursor(self, event_id: str, registration_id: str) -> dict[str, Any]:
        """Where a page of registrations_page starts right after this registration: its key."""
        return {"PK": {"S": keys.event_pk(event_id)}, "SK": {"S": keys.registration_sk(registration_id)}}

    def iter_registrations(self, event_id: str) -> Iterator[Registration]:
        """All registrations of an event, oldest first: a paginated Query of its partition."""
        for item in self._query(keys.event_pk(event_id), keys.REG_PREFIX):
            yield items.registration_from(item)

    def registration_item_pages(self, event_id: str, page_size: int | None = None) -> Iterator[list[dict[str, Any]]]:
        """An event's registrations as stored items (attribute-value form), oldest first, one list per
        page of a paginated Query of its partition: for exports, which make rows without models."""
        kwargs: QueryInputTypeDef = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
            "ExpressionAttributeValues": items.to_av({":pk": keys.event_pk(event_id), ":prefix": keys.REG_PREFIX}),
        }
        if page_size:
            kwargs["Limit"] = page_size
        yield from self.query_pages(kwargs)

    def registration_fields(self, event_id: str, fields: Sequence[str]) -> Iterator[dict[str, Any]]:
        """Only `fields` of every registration of an event, as plain values, oldest first: one
        paginated Query of its partition with a projection, and no model validation per item (the
        figures over thousands of registrations need neither the rest nor its cost)."""
        names = {f"#f{i}": name for i, name in enumerate(fields)}
        kwargs: QueryInputTypeDef = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
            "ExpressionAttributeValues": items.to_av({":pk": keys.event_pk(event_id), ":prefix": keys.REG_PREFIX}),
            "ProjectionExpression": ", ".join(names),
            "ExpressionAttributeNames": names,
        }
        for page in self.query_pages(kwargs):
            yield from map(items.from_av, page)

    def registrations_matching(self, event_id: str, equals: Mapping[str, object], fields: Sequence[str],
                               after: str | None, limit: int) -> tuple[list[dict[str, Any]], str | None]:
        """One page of the registrations whose attributes equal `equals` (register.ports.DirectoryStore): a Query of the
        partition from `after` on, filtered and projected by DynamoDB, so that nobody else's data leaves the
        table; it stops as soon as the page and one more are found (the one more says a next page exists)."""
        shown = list(dict.fromkeys([*fields, "registration_id"]))
        names = {f"#f{i}": name for i, name in enumerate(shown)}
        names.update({f"#c{i}": name for i, name in enumerate(equals)})
        values: dict[str, Any] = {":pk": keys.event_pk(event_id), ":prefix": keys.REG_PREFIX}
        values.update({f":c{i}": value for i, value in enumerate(equals.values())})
        kwargs: QueryInputTypeDef = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
            "FilterExpression": " AND ".join(f"#c{i} = :c{i}" for i in range(len(equals))),
            "ProjectionExpression": ", ".join(name for name in names if name.startswith("#f")),
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": items.to_av(values),
            "Limit": MATCHING_READ,
        }
        if after:
            kwargs["ExclusiveStartKey"] = self.registration_cursor(event_id, after)
        rows: list[dict[str, Any]] = []
        for page in self.query_pages(kwargs):
            rows.extend(map(items.from_av, page))
            if len(rows) > limit:
                return rows[:limit], str(rows[limit - 1]["registration_id"])
        return rows, None

    def get_registration(self, event_id: str, registration_id: str) -> Registration | None:
        answer = self._call(
            self.client.get_item,
            TableName=self.table,
            ConsistentRead=True,
            Key=items.to_av({"PK": keys.event_pk(event_id), "SK": keys.registration_sk(registration_id)}),
        )
        return items.registration_from(answer["Item"]) if "Item" in answer else None

    def mark_email_status(self, event_id: str, registration_id: str, status: str, now: datetime) -> bool:
        metrics.count_statuses([status], metrics.MAIL_STATUSES)  # what SES reported, marked or not
        return self._conditional(
            self.client.update_item, TableName=self.table,
            Key=items.to_av({"PK": keys.event_pk(event_id), "SK": keys.registration_sk(registration_id)}),
            UpdateExpression="SET email_status = :s, email_status_at = :at",
            ConditionExpression="attribute_exists(PK)",
            ExpressionAttributeValues=items.to_av({":s": status, ":at": iso(now)}),
        )

    def set_role(self, event_id: str, registration_id: str, role: str) -> bool:
        return self._conditional(
            self.client.update_item, TableName=self.table,
            Key=items.to_av({"PK": keys.event_pk(event_id), "SK": keys.registration_sk(registration_id)}),
            UpdateExpression="SET #role = :role", ConditionExpression="attribute_exists(PK)",
            ExpressionAttributeNames={"#role": "role"}, ExpressionAttributeValues=items.to_av({":role": role}),
        )
