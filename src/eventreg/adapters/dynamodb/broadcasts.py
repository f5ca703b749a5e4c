"""DynamoDB adapter for organisers' messages to their registrants (notify.ports.BroadcastStore): one item per message
in the event's partition, SK = MESSAGE#<message id> (time-ordered ids: a Query reads them in order). The
texts, audience and author are written once; the progress counters only grow, by atomic ADD."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from eventreg.adapters.dynamodb import items, keys
from eventreg.adapters.dynamodb.table import Table
from eventreg.domain.broadcasts import MESSAGE, Audience, Broadcast, Text
from eventreg.domain.models import iso

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import QueryInputTypeDef

MESSAGE_PREFIX = "MESSAGE#"
MESSAGE_TYPE = "message"
# What the notifications service may change on a message item (eventreg_infra.permissions names them too).
PROGRESS_ATTRIBUTES = ("sent", "failed", "pages_done")


def message_sk(message_id: str) -> str:
    return MESSAGE_PREFIX + message_id


def _item(b: Broadcast) -> dict[str, Any]:
    return {
        "PK": keys.event_pk(b.event_id), "SK": message_sk(b.message_id), "type": MESSAGE_TYPE,
        "message_id": b.message_id, "author_id": b.author_id, "author_name": b.author_name,
        "created_at": iso(b.created_at), "audience": b.audience.as_dict(),
        "texts": {lang: {"subject": t.subject, "body": t.body} for lang, t in b.texts.items()},
        "languages": list(b.languages), "recipients": b.recipients, "pages": b.pages,
        "pages_done": b.pages_done, "sent": b.sent, "failed": b.failed, "queued": b.queued, "kind": b.kind,
    }


def _broadcast(plain: dict[str, Any]) -> Broadcast:
    return Broadcast(
        event_id=keys.event_id_of(plain["PK"]), message_id=plain["message_id"], author_id=plain["author_id"],
        author_name=plain.get("author_name", ""), created_at=datetime.fromisoformat(plain["created_at"]),
        audience=Audience.from_dict(plain.get("audience") or {}),
        texts={lang: Text(t["subject"], t["body"]) for lang, t in (plain.get("texts") or {}).items()},
        recipients=plain.get("recipients", 0), pages=plain.get("pages", 0), pages_done=plain.get("pages_done", 0),
        sent=plain.get("sent", 0), failed=plain.get("failed", 0), queued=bool(plain.get("queued")),
        languages=tuple(plain.get("languages") or ()), kind=plain.get("kind") or MESSAGE,
    )


class BroadcastItems:
    """A notify.ports.BroadcastStore beside the Repository (the same Table: client, table name, error handling)."""

    def __init__(self, repo: Table) -> None:
        self.repo = repo

    def _key(self, event_id: str, message_id: str) -> Any:
        return items.to_av({"PK": keys.event_pk(event_id), "SK": message_sk(message_id)})

    def create_broadcast(self, broadcast: Broadcast) -> bool:
        return self.repo._conditional(self.repo.client.put_item, TableName=self.repo.table,
                                      Item=items.to_av(_item(broadcast)),
                                      ConditionExpression="attribute_not_exists(PK)")

    def get_broadcast(self, event_id: str, message_id: str) -> Broadcast | None:
        answer = self.repo._call(self.repo.client.get_item, TableName=self.repo.table,
                                 Key=self._key(event_id, message_id), ConsistentRead=True)
        return _broadcast(items.from_av(answer["Item"])) if "Item" in answer else None

    def broadcasts(self, event_id: str) -> list[Broadcast]:
        kwargs: QueryInputTypeDef = {
            "TableName": self.repo.table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
            "ExpressionAttributeValues": items.to_av({":pk": keys.event_pk(event_id), ":prefix": MESSAGE_PREFIX}),
            "ScanIndexForward": False,
        }
        return [_broadcast(items.from_av(item)) for page in self.repo.query_pages(kwargs) for item in page]

    def mark_queued(self, event_id: str, message_id: str) -> None:
        self.repo._call(self.repo.client.update_item, TableName=self.repo.table, Key=self._key(event_id, message_id),
                        UpdateExpression="SET queued = :yes", ExpressionAttributeValues={":yes": {"BOOL": True}})

    def add_progress(self, event_id: str, message_id: str, *, sent: int = 0, failed: int = 0,
                     pages_done: int = 0) -> None:
        counts = {name: n for name, n in zip(PROGRESS_ATTRIBUTES, (sent, failed, pages_done), strict=True) if n}
        if not counts:
            return
        self.repo._call(
            self.repo.client.update_item, TableName=self.repo.table, Key=self._key(event_id, message_id),
            UpdateExpression="ADD " + ", ".join(f"#{name} :{name}" for name in counts),
            ConditionExpression="attribute_exists(PK)",
            ExpressionAttributeNames={f"#{name}": name for name in counts},
            ExpressionAttributeValues=items.to_av({f":{name}": n for name, n in counts.items()}),
        )
