"""DynamoDB adapter: every read and write of the event partition. The domain never sees boto3."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from botocore.exceptions import ClientError

from eventreg.adapters.dynamodb import items, keys
from eventreg.adapters.dynamodb.transactions import Part, registration_transaction, transition_transaction
from eventreg.domain.changes import Transition
from eventreg.domain.errors import EventNotFound, Unavailable
from eventreg.domain.idempotency import Idempotency
from eventreg.domain.models import Event, Registration, Session, iso
from eventreg.domain.organising import COUNTERS
from eventreg.domain.registration import Plan
from eventreg.ports import Refusal
from eventreg.retry import Backoff

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef, WriteRequestOutputTypeDef, WriteRequestTypeDef

P = ParamSpec("P")
R = TypeVar("R")

CLAIMS_PER_TRANSACTION = 25  # send-log items claimed in one TransactWriteItems (DynamoDB allows 100)


THROTTLED = {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"}
CONFLICT_RETRIES = 8
CONFLICT_BACKOFF = Backoff(base=0.005)  # a lost transaction conflict: wait up to 5 ms, 10 ms, 20 ms, ...


class Repository:
    def __init__(self, client: DynamoDBClient, table: str) -> None:
        self.client = client
        self.table = table

    # -- events -------------------------------------------------------------------------------
    def put_event(self, event: Event, sessions: Sequence[Session] = ()) -> None:
        """Create or replace an event and its sessions (seeding, organiser API)."""
        writes = [items.event_item(event)] + [items.session_item(event.event_id, s) for s in sessions]
        for start in range(0, len(writes), 25):
            request: Mapping[str, Sequence[WriteRequestTypeDef | WriteRequestOutputTypeDef]] = {
                self.table: [{"PutRequest": {"Item": item}} for item in writes[start : start + 25]]}
            while request:
                answer = self._call(self.client.batch_write_item, RequestItems=request)
                request = answer.get("UnprocessedItems") or {}

    def create_event(self, event: Event) -> bool:
        """A new event with its organisers' links, in one transaction; False if the id is taken."""
        transact: list[Any] = [{"Put": {
            "TableName": self.table, "Item": items.event_item(event),
            "ConditionExpression": "attribute_not_exists(PK)",
        }}]
        for organiser_id in event.organiser_ids:
            transact.append({"Put": {"TableName": self.table, "Item": items.to_av({
                "PK": keys.organiser_pk(organiser_id), "SK": keys.event_pk(event.event_id), "type": "organiser_link",
            })}})
        return self.transact(transact)

    def transact(self, transact: list[Any]) -> bool:
        """One TransactWriteItems: True if written, False if a condition cancelled it."""
        try:
            self._call(self.client.transact_write_items, TransactItems=transact)
            return True
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "TransactionCanceledException":
                return False
            raise

    def update_event(self, event: Event, expected_status: str) -> bool:
        """Write an organiser's changes, never the counters (registrations change those meanwhile).
        False when the status moved or a capacity would fall below the places taken."""
        plain = items.from_av(items.event_item(event))
        fields = {k: v for k, v in plain.items() if k not in {"PK", "SK", *COUNTERS}}
        names = {f"#f{i}": name for i, name in enumerate(fields)}
        values: dict[str, Any] = {f":v{i}": value for i, value in enumerate(fields.values())}
        sets = [f"#f{i} = :v{i}" for i in range(len(fields))]
        removes = [name for name in ("OPEN_PK", "UPCOMING_PK", "starts_key", "capacity_in_person", "capacity_online",
                                     "RETAIN_PK", "purge_after")
                   if name not in fields]
        conditions = ["attribute_exists(PK)", "#status = :expected"]
        names["#status"] = "status"
        values[":expected"] = expected_status
        for mode in event.modes:
            capacity = event.capacity(mode)
            if capacity is not None:
                conditions.append(f"registered_{mode.value} <= :cap_{mode.value}")
                values[f":cap_{mode.value}"] = capacity
        expression = "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(removes) if removes else "")
        return self._conditional(
            self.client.update_item, TableName=self.table,
            Key=items.to_av({"PK": keys.event_pk(event.event_id), "SK": keys.EVENT_SK}),
            UpdateExpression=expression, ConditionExpression=" AND ".join(conditions),
            ExpressionAttributeNames=names, ExpressionAttributeValues=items.to_av(values),
        )

    def put_session(self, event_id: str, session: Session) -> bool:
        """Create or change a session, keeping its counters; False if its capacity would fall below
        the seats taken meanwhile."""
        plain = items.from_av(items.session_item(event_id, session))
        fields = {k: v for k, v in plain.items() if k not in {"PK", "SK", *COUNTERS}}
        names = {f"#f{i}": name for i, name in enumerate(fields)}
        values: dict[str, Any] = {f":v{i}": value for i, value in enumerate(fields.values())}
        sets = [f"#f{i} = :v{i}" for i in range(len(fields))]
        sets += ["registered = if_not_exists(registered, :zero)", "waitlisted = if_not_exists(waitlisted, :zero)"]
        values[":zero"] = 0
        condition = "attribute_not_exists(registered)"
        if session.capacity is not None:
            condition += " OR registered <= :cap"
            values[":cap"] = session.capacity
        removes = [] if session.capacity is not None else ["#capacity"]
        if removes:
            names["#capacity"] = "capacity"
        expression = "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(removes) if removes else "")
        return self._conditional(
            self.client.update_item, TableName=self.table,
            Key=items.to_av({"PK": keys.event_pk(event_id), "SK": keys.session_sk(session.session_id)}),
            UpdateExpression=expression, ConditionExpression=condition,
            ExpressionAttributeNames=names, ExpressionAttributeValues=items.to_av(values),
        )

    def organiser_event_ids(self, organiser_id: str) -> list[str]:
        return [keys.event_id_of(item["SK"]["S"]) for item in self._query(keys.organiser_pk(organiser_id), "EVENT#")]

    def registrations_page(
        self, event_id: str, limit: int, cursor: dict[str, Any] | None
    ) -> tuple[list[Registration], dict[str, Any] | None]:
        """One page of an event's registrations (oldest first) and where the next page starts."""
        kwargs: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
            "ExpressionAttributeValues": items.to_av({":pk": keys.event_pk(event_id), ":prefix": keys.REG_PREFIX}),
            "Limit": limit,
        }
        if cursor:
            kwargs["ExclusiveStartKey"] = cursor
        page = self._call(self.client.query, **kwargs)
        return [items.registration_from(i) for i in page.get("Items", [])], page.get("LastEvaluatedKey")

    def open_events_due(self, now: datetime) -> list[str]:
        """Open events whose cutoff has passed: a Query of the sparse OpenByCutoff index, never a Scan."""
        return self._events_in_index("OpenByCutoff", "OPEN_PK = :marker AND closes_at <= :until",
                                     keys.OPEN_MARKER, now)

    def events_starting_before(self, until: datetime) -> list[str]:
        """Events whose reminder is still to send and that start before `until`: a Query of the sparse
        UpcomingByStart index, never a Scan."""
        return self._events_in_index("UpcomingByStart", "UPCOMING_PK = :marker AND starts_key <= :until",
                                     keys.UPCOMING_MARKER, until)

    def _events_in_index(self, index: str, condition: str, marker: str, until: datetime) -> list[str]:
        kwargs: dict[str, Any] = {
            "TableName": self.table,
            "IndexName": index,
            "KeyConditionExpression": condition,
            "ExpressionAttributeValues": items.to_av({":marker": marker, ":until": iso(until)}),
        }
        return [keys.event_id_of(item["PK"]["S"]) for page in self.query_pages(kwargs) for item in page]

    def reminder_done(self, event_id: str) -> None:
        self._call(
            self.client.update_item, TableName=self.table,
            Key=items.to_av({"PK": keys.event_pk(event_id), "SK": keys.EVENT_SK}),
            UpdateExpression="SET reminder_sent = :yes REMOVE UPCOMING_PK, starts_key",
            ExpressionAttributeValues=items.to_av({":yes": True}),
        )

    def close_event(self, event_id: str, now: datetime) -> bool:
        """Close an open event whose cutoff has passed; False if it is not (any more): harmless twice."""
        return self._conditional(
            self.client.update_item, TableName=self.table,
            Key=items.to_av({"PK": keys.event_pk(event_id), "SK": keys.EVENT_SK}),
            UpdateExpression="SET #status = :closed REMOVE OPEN_PK",
            ConditionExpression="#status = :open AND closes_at <= :now",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues=items.to_av({":closed": "closed", ":open": "open", ":now": iso(now)}),
        )

    def get_event(self, event_id: str) -> Event:
        answer = self._call(
            self.client.get_item,
            TableName=self.table,
            Key=items.to_av({"PK": keys.event_pk(event_id), "SK": keys.EVENT_SK}),
        )
        if "Item" not in answer:
            raise EventNotFound(f"There is no event {event_id!r}.")
        return items.event_from(answer["Item"])

    def get_event_with_sessions(self, event_id: str) -> tuple[Event, list[Session]]:
        """The event and its programme in one Query (sessions sort after the event item)."""
        found = list(self._query(keys.event_pk(event_id), keys.EVENT_SK))
        if not found or found[0]["SK"]["S"] != keys.EVENT_SK:
            raise EventNotFound(f"There is no event {event_id!r}.")
        sessions = [items.session_from(item) for item in found[1:]]
        sessions.sort(key=lambda s: (s.starts_at, s.session_id))
        return items.event_from(found[0]), sessions

    # -- registrations ------------------------------------------------------------------------
    def apply(self, plan: Plan, now: datetime, idempotency: Idempotency | None = None) -> Refusal | None:
        """Write a registration plan in ONE TransactWriteItems. None when written; otherwise what the
        failed conditions read back (the event and sessions as they are), for the service to re-plan.
        Transaction conflicts are retried here with jitter."""
        transact, parts = registration_transaction(self.table, plan, now, idempotency)
        for attempt in range(CONFLICT_RETRIES):
            try:
                self._call(self.client.transact_write_items, TransactItems=transact)
                return None
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "TransactionCanceledException":
                    raise
                reasons = exc.response.get("CancellationReasons") or []
                codes = [r.get("Code", "None") for r in reasons]
                if "ConditionalCheckFailed" not in codes and ("TransactionConflict" in codes or not codes):
                    CONFLICT_BACKOFF.pause(attempt)
                    continue
                return self._refusal(reasons, parts)
        raise Unavailable("The event is very busy right now; please try again in a moment.")

    @staticmethod
    def _refusal(reasons: list[Any], parts: list[Part]) -> Refusal:
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
        for attempt in range(CONFLICT_RETRIES):
            try:
                self._call(self.client.transact_write_items, TransactItems=transact)
                return True
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "TransactionCanceledException":
                    raise
                codes = [r.get("Code", "None") for r in exc.response.get("CancellationReasons") or []]
                if "ConditionalCheckFailed" in codes:
                    return False
                CONFLICT_BACKOFF.pause(attempt)
        raise Unavailable("The event is very busy right now; please try again in a moment.")

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

    def iter_registrations(self, event_id: str) -> Iterator[Registration]:
        """All registrations of an event, oldest first: a paginated Query of its partition."""
        for item in self._query(keys.event_pk(event_id), keys.REG_PREFIX):
            yield items.registration_from(item)

    def registration_item_pages(self, event_id: str, page_size: int | None = None) -> Iterator[list[dict[str, Any]]]:
        """An event's registrations as stored items (attribute-value form), oldest first, one list per
        page of a paginated Query of its partition: for exports, which make rows without models."""
        kwargs: dict[str, Any] = {
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
        kwargs: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
            "ExpressionAttributeValues": items.to_av({":pk": keys.event_pk(event_id), ":prefix": keys.REG_PREFIX}),
            "ProjectionExpression": ", ".join(names),
            "ExpressionAttributeNames": names,
        }
        for page in self.query_pages(kwargs):
            yield from map(items.from_av, page)

    def query_pages(self, kwargs: dict[str, Any]) -> Iterator[list[dict[str, Any]]]:
        """The pages of a Query (`kwargs` as for the client's query), each a list of items in
        attribute-value form. Every paginated read of the table goes through here."""
        while True:
            page = self._call(self.client.query, **kwargs)
            yield page.get("Items", [])
            if "LastEvaluatedKey" not in page:
                return
            kwargs = {**kwargs, "ExclusiveStartKey": page["LastEvaluatedKey"]}

    def get_registration(self, event_id: str, registration_id: str) -> Registration | None:
        answer = self._call(
            self.client.get_item,
            TableName=self.table,
            ConsistentRead=True,
            Key=items.to_av({"PK": keys.event_pk(event_id), "SK": keys.registration_sk(registration_id)}),
        )
        return items.registration_from(answer["Item"]) if "Item" in answer else None

    def mark_email_status(self, event_id: str, registration_id: str, status: str, now: datetime) -> bool:
        return self._conditional(
            self.client.update_item, TableName=self.table,
            Key=items.to_av({"PK": keys.event_pk(event_id), "SK": keys.registration_sk(registration_id)}),
            UpdateExpression="SET email_status = :s, email_status_at = :at",
            ConditionExpression="attribute_exists(PK)",
            ExpressionAttributeValues=items.to_av({":s": status, ":at": iso(now)}),
        )

    # -- notifications' send log ----------------------------------------------------------------
    def claim_send(self, event_id: str, registration_id: str, state: str, now: datetime) -> bool:
        """Record that the mail for (registration, state) is being sent; False if it already was."""
        return self._conditional(
            self.client.put_item,
            TableName=self.table,
            Item=items.to_av(
                {
                    "PK": keys.event_pk(event_id),
                    "SK": keys.sent_sk(registration_id, state),
                    "type": "sent",
                    "sent_at": iso(now),
                }
            ),
            ConditionExpression="attribute_not_exists(PK)",
        )

    def claim_sends(self, claims: Sequence[tuple[str, str, str]], now: datetime) -> set[tuple[str, str, str]]:
        """claim_send for many mails in one TransactWriteItems per CLAIMS_PER_TRANSACTION; returns the
        claims made now (the others were sent before). A cancelled transaction names the items already
        claimed; it is tried again without them (other reasons: a conflict, again up to 3 times)."""
        pending = list(dict.fromkeys(claims))  # one item at most once per transaction
        made: set[tuple[str, str, str]] = set()
        for start in range(0, len(pending), CLAIMS_PER_TRANSACTION):
            chunk = pending[start:start + CLAIMS_PER_TRANSACTION]
            for _ in range(4):
                puts: list[TransactWriteItemTypeDef] = [
                    {"Put": {"TableName": self.table, "ConditionExpression": "attribute_not_exists(PK)",
                             "Item": items.to_av({"PK": keys.event_pk(e), "SK": keys.sent_sk(r, state),
                                                  "type": "sent", "sent_at": iso(now)})}}
                    for e, r, state in chunk]
                try:
                    self._call(self.client.transact_write_items, TransactItems=puts)
                except ClientError as exc:
                    if exc.response["Error"]["Code"] != "TransactionCanceledException":
                        raise
                    codes = [r.get("Code", "None") for r in exc.response.get("CancellationReasons") or []]
                    if len(codes) != len(chunk):
                        raise
                    chunk = [c for c, code in zip(chunk, codes, strict=True) if code != "ConditionalCheckFailed"]
                    if chunk:
                        continue
                made.update(chunk)
                break
            else:
                raise Unavailable("The send log is busy; the mails will be retried.")
        return made

    def release_send(self, event_id: str, registration_id: str, state: str) -> None:
        """Undo a claim whose send failed, so that the stream's retry sends it."""
        self._call(
            self.client.delete_item,
            TableName=self.table,
            Key=items.to_av({"PK": keys.event_pk(event_id), "SK": keys.sent_sk(registration_id, state)}),
        )

    # -- plumbing --------------------------------------------------------------------------------
    def _query(self, pk: str, sk_prefix: str) -> Iterator[dict[str, Any]]:
        kwargs: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
            "ExpressionAttributeValues": items.to_av({":pk": pk, ":prefix": sk_prefix}),
        }
        for page in self.query_pages(kwargs):
            yield from page

    def _conditional(self, operation: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> bool:
        """A conditional write: True if written, False if its condition did not hold."""
        try:
            self._call(operation, *args, **kwargs)
            return True
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise

    @staticmethod
    def _call(operation: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """One call of the client (typed as boto3-stubs type it): throttling becomes Unavailable (503)."""
        try:
            return operation(*args, **kwargs)
        except ClientError as exc:
            if exc.response["Error"]["Code"] in THROTTLED:
                raise Unavailable("The service is busy; nothing was saved. Please try again.") from exc
            raise


def repository() -> Repository:
    """The process-wide repository on the configured table."""
    from eventreg.adapters import clients
    from eventreg.config import settings

    return Repository(clients.dynamodb(), settings().table_name)
