"""DynamoDB adapter: every read and write of the event partition. The domain never sees boto3."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from eventreg.domain.errors import AlreadyRegistered, EventNotFound, Unavailable
from eventreg.domain.models import Event, Registration, Session, iso
from eventreg.domain.registration import rejection
from eventreg.storage import items, keys

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

THROTTLED = {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"}
CONFLICT_RETRIES = 8


class Repository:
    def __init__(self, client: DynamoDBClient, table: str) -> None:
        self.client = client
        self.table = table

    # -- events -------------------------------------------------------------------------------
    def put_event(self, event: Event, sessions: Sequence[Session] = ()) -> None:
        """Create or replace an event and its sessions (seeding, organiser API)."""
        writes = [items.event_item(event)] + [items.session_item(event.event_id, s) for s in sessions]
        for start in range(0, len(writes), 25):
            request = {self.table: [{"PutRequest": {"Item": item}} for item in writes[start : start + 25]]}
            while request:
                answer = self._call(self.client.batch_write_item, RequestItems=request)
                request = answer.get("UnprocessedItems") or {}

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
        sessions.sort(key=lambda s: (s.starts_at, s.title))
        return items.event_from(found[0]), sessions

    # -- registrations ------------------------------------------------------------------------
    def registration_transaction(self, registration: Registration, now: datetime) -> list[Any]:
        """The items of a registration's ONE TransactWriteItems: the event counter under the
        status/window/capacity/mode condition, the registration, and the per-email uniqueness guard."""
        pk = keys.event_pk(registration.event_id)
        return [
            {
                "Update": {
                    "TableName": self.table,
                    "Key": items.to_av({"PK": pk, "SK": keys.EVENT_SK}),
                    "UpdateExpression": "SET registered_count = registered_count + :one",
                    "ConditionExpression": "#status = :open AND opens_at <= :now AND closes_at > :now"
                    " AND registered_count < #capacity AND contains(modes, :mode)",
                    "ExpressionAttributeNames": {"#status": "status", "#capacity": "capacity"},
                    "ExpressionAttributeValues": items.to_av(
                        {":one": 1, ":open": "open", ":now": iso(now), ":mode": registration.attendance_mode.value}
                    ),
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                }
            },
            {
                "Put": {
                    "TableName": self.table,
                    "Item": items.registration_item(registration),
                    "ConditionExpression": "attribute_not_exists(PK)",
                }
            },
            {
                "Put": {
                    "TableName": self.table,
                    "Item": items.to_av(
                        {
                            "PK": pk,
                            "SK": keys.email_sk(registration.email_norm),
                            "type": "email_guard",
                            "registration_id": registration.registration_id,
                        }
                    ),
                    "ConditionExpression": "attribute_not_exists(PK)",
                }
            },
        ]

    def register(self, registration: Registration, now: datetime) -> Registration:
        """Write a registration in one transaction. Retried only on transaction conflicts."""
        transact = self.registration_transaction(registration, now)
        for attempt in range(CONFLICT_RETRIES):
            try:
                self._call(self.client.transact_write_items, TransactItems=transact)
                return registration
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "TransactionCanceledException":
                    raise
                reasons = exc.response.get("CancellationReasons") or []
                codes = [r.get("Code", "None") for r in reasons]
                if "ConditionalCheckFailed" not in codes and (
                    "TransactionConflict" in codes or not codes
                ):
                    time.sleep(random.uniform(0, 0.005 * 2**attempt))  # noqa: S311 - jitter, not crypto
                    continue
                raise self._explain(registration, reasons, now) from None
        raise Unavailable("The event is very busy right now; please try again in a moment.")

    def _explain(self, registration: Registration, reasons: list[Any], now: datetime) -> Exception:
        event_reason, _, email_reason = [*reasons, {}, {}, {}][:3]
        if event_reason.get("Code") == "ConditionalCheckFailed":
            if "Item" not in event_reason:
                return EventNotFound(f"There is no event {registration.event_id!r}.")
            event = items.event_from(event_reason["Item"])
            return rejection(event, now, registration.attendance_mode) or Unavailable("Please try again.")
        if email_reason.get("Code") == "ConditionalCheckFailed":
            return AlreadyRegistered(
                "This email address is already registered for this event.",
                fields={"email": "Already registered for this event."},
            )
        return Unavailable("Please try again.")

    def iter_registrations(self, event_id: str) -> Iterator[Registration]:
        """All registrations of an event, oldest first: a paginated Query of its partition."""
        for item in self._query(keys.event_pk(event_id), keys.REG_PREFIX):
            yield items.registration_from(item)

    def get_registration(self, event_id: str, registration_id: str) -> Registration | None:
        answer = self._call(
            self.client.get_item,
            TableName=self.table,
            Key=items.to_av({"PK": keys.event_pk(event_id), "SK": keys.registration_sk(registration_id)}),
        )
        return items.registration_from(answer["Item"]) if "Item" in answer else None

    # -- notifications' send log ----------------------------------------------------------------
    def claim_send(self, event_id: str, registration_id: str, state: str, now: datetime) -> bool:
        """Record that the mail for (registration, state) is being sent; False if it already was."""
        try:
            self._call(
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
            return True
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise

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
        while True:
            page = self._call(self.client.query, **kwargs)
            yield from page.get("Items", [])
            if "LastEvaluatedKey" not in page:
                return
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    @staticmethod
    def _call(operation: Any, **kwargs: Any) -> Any:
        try:
            return operation(**kwargs)
        except ClientError as exc:
            if exc.response["Error"]["Code"] in THROTTLED:
                raise Unavailable("The service is busy; nothing was saved. Please try again.") from exc
            raise


def repository() -> Repository:
    """The process-wide repository on the configured table."""
    from eventreg.config import settings
    from eventreg.storage import clients

    return Repository(clients.dynamodb(), settings().table_name)
