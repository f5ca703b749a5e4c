"""DynamoDB adapter for the notifications' send log (ports.SendLog): one SENT#<registration>#<state> item per
mail, written under attribute_not_exists before the mail is sent, so each mail goes once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from eventreg.adapters.dynamodb import items, keys
from eventreg.adapters.dynamodb.table import Table
from eventreg.domain.errors import Unavailable
from eventreg.domain.models import iso
from eventreg.ports import SentMail

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

CLAIMS_PER_TRANSACTION = 25  # send-log items claimed in one TransactWriteItems (DynamoDB allows 100)


class SendLogTable(Table):
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

    def sent_to(self, event_id: str, registration_ids: Sequence[str], state: str) -> set[str]:
        """ports.SentLookup: BatchGetItem of the SENT#<registration>#<state> keys, 100 per call (the keys alone)."""
        pk = keys.event_pk(event_id)
        by_key = {keys.sent_sk(rid, state): rid for rid in registration_ids}
        pending = [items.to_av({"PK": pk, "SK": sk}) for sk in by_key]
        found: set[str] = set()
        while pending:
            batch, pending = pending[:100], pending[100:]
            answer = self._call(self.client.batch_get_item, RequestItems={self.table: {
                "Keys": batch, "ConsistentRead": True, "ProjectionExpression": "SK"}})
            found |= {by_key[item["SK"]["S"]] for item in answer.get("Responses", {}).get(self.table, [])}
            unprocessed = answer.get("UnprocessedKeys", {}).get(self.table)
            pending += list(unprocessed["Keys"]) if unprocessed else []
        return found

    def sent_mails(self, event_id: str, registration_id: str) -> list[SentMail]:
        """The mails a registration was sent, oldest first: one Query of its SENT#<registration># items."""
        prefix = keys.sent_sk(registration_id, "")
        found = [SentMail(item["SK"]["S"].removeprefix(prefix), item["sent_at"]["S"])
                 for item in self._query(keys.event_pk(event_id), prefix)]
        return sorted(found, key=_sent_order)

    def release_send(self, event_id: str, registration_id: str, state: str) -> None:
        """Undo a claim whose send failed, so that the stream's retry sends it."""
        self._call(
            self.client.delete_item,
            TableName=self.table,
            Key=items.to_av({"PK": keys.event_pk(event_id), "SK": keys.sent_sk(registration_id, state)}),
        )


def _sent_order(mail: SentMail) -> tuple[str, int, str]:
    """Oldest first; within one second (sent_at is to the second), by the registration's version in the key
    (confirmed#v1 before cancelled#v2), which the keys' own order would put the other way round."""
    version = mail.key.rsplit("#v", 1)[-1] if "#v" in mail.key else ""
    return mail.sent_at, int(version) if version.isdigit() else 0, mail.key
