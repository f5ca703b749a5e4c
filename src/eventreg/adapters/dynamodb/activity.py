"""DynamoDB adapter of office_ports.ActivityLog: the organisers' activity in the event's partition,

    SK = ACTIVITY#<ulid>   one entry (time-ordered ids: a Query backwards reads the newest first)

beside the Repository on its Table (the same client, throttling and error handling)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from eventreg.adapters.dynamodb import items, keys
from eventreg.adapters.dynamodb.table import Table
from eventreg.domain.activity import Activity
from eventreg.domain.types import iso, new_id

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import QueryInputTypeDef

ACTIVITY_PREFIX = "ACTIVITY#"
ACTIVITY_TYPE = "activity"
_MARK_LENGTH = len(ACTIVITY_PREFIX) + 26


class ActivityItems:
    def __init__(self, repo: Table) -> None:
        self.repo = repo

    def record(self, entry: Activity) -> None:
        item = {"PK": keys.event_pk(entry.event_id), "SK": ACTIVITY_PREFIX + new_id(), "type": ACTIVITY_TYPE,
                "at": iso(entry.at), "actor_id": entry.actor_id, "actor_name": entry.actor_name,
                "action": entry.action, "target": dict(entry.target), "fields": list(entry.fields)}
        self.repo._call(self.repo.client.put_item, TableName=self.repo.table, Item=items.to_av(item))

    def recent(self, event_id: str, limit: int, before: str | None = None) -> tuple[list[Activity], str | None]:
        kwargs: QueryInputTypeDef = {
            "TableName": self.repo.table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
            "ExpressionAttributeValues": items.to_av({":pk": keys.event_pk(event_id), ":prefix": ACTIVITY_PREFIX}),
            "ScanIndexForward": False,
            "Limit": limit,
        }
        if before and before.startswith(ACTIVITY_PREFIX) and len(before) == _MARK_LENGTH:
            kwargs["ExclusiveStartKey"] = items.to_av({"PK": keys.event_pk(event_id), "SK": before})
        answer = self.repo._call(self.repo.client.query, **kwargs)
        found = [items.from_av(item) for item in answer.get("Items", [])]
        last = answer.get("LastEvaluatedKey")
        return [_entry(event_id, item) for item in found], (str(last["SK"]["S"]) if last else None)


def _entry(event_id: str, item: dict[str, Any]) -> Activity:
    return Activity(event_id, datetime.fromisoformat(str(item["at"])), str(item["actor_id"]),
                    str(item.get("actor_name") or item["actor_id"]), str(item["action"]),
                    {str(k): str(v) for k, v in (item.get("target") or {}).items()},
                    tuple(str(name) for name in item.get("fields") or ()))
