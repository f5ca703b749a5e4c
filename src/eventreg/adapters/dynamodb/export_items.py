"""DynamoDB adapter for the reports service's own items in the event partition (their sort keys are named by
the flows: report/attendees/export_jobs.export_sk, final_list.FINAL_SK):

    SK = EXPORT#<export_id>   an export job (status, progress, where the file is; TTL expires_at)
    SK = FINAL                the frozen final attendee list written when registration closed

Work on them is claimed under a condition with a lease, so a redelivered stream record or two
invocations at once never do the work twice, and a crashed invocation's claim lapses.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventreg.adapters.dynamodb import items, keys
from eventreg.adapters.dynamodb.table import Table
from eventreg.domain.models import iso


class ExportItems:
    """A ports.ExportStore, beside the Repository (the same Table: client and table name), using its plumbing for
    throttling (503) and conditional writes, so the reports' items get the same error handling as everything
    else."""

    def __init__(self, repo: Table) -> None:
        self.repo = repo

    def _key(self, event_id: str, sk: str) -> dict[str, Any]:
        return items.to_av({"PK": keys.event_pk(event_id), "SK": sk})

    def create(self, event_id: str, sk: str, fields: dict[str, Any]) -> bool:
        """A new item; False if one with that key exists."""
        return self.repo._conditional(
            self.repo.client.put_item, TableName=self.repo.table,
            Item=items.to_av({"PK": keys.event_pk(event_id), "SK": sk, **fields}),
            ConditionExpression="attribute_not_exists(PK)",
        )

    def get(self, event_id: str, sk: str) -> dict[str, Any] | None:
        answer = self.repo._call(self.repo.client.get_item, TableName=self.repo.table,
                                 Key=self._key(event_id, sk), ConsistentRead=True)
        return items.from_av(answer["Item"]) if "Item" in answer else None

    def update(self, event_id: str, sk: str, fields: dict[str, Any], condition: str = "attribute_exists(PK)",
               values: dict[str, Any] | None = None) -> bool:
        """Set `fields` (None removes the attribute) if `condition` holds; False if it does not."""
        names = {f"#f{i}": name for i, name in enumerate(fields)}
        if "#status" in condition:
            names["#status"] = "status"
        given = {f":f{i}": value for i, value in enumerate(fields.values()) if value is not None}
        sets = [f"#f{i} = :f{i}" for i, value in enumerate(fields.values()) if value is not None]
        removes = [f"#f{i}" for i, value in enumerate(fields.values()) if value is None]
        expression = ("SET " + ", ".join(sets) if sets else "") + (" REMOVE " + ", ".join(removes) if removes else "")
        return self.repo._conditional(
            self.repo.client.update_item, TableName=self.repo.table, Key=self._key(event_id, sk),
            UpdateExpression=expression.strip(), ConditionExpression=condition,
            ExpressionAttributeNames=names, ExpressionAttributeValues=items.to_av({**given, **(values or {})}),
        )

    def claim(self, event_id: str, sk: str, now: datetime, lease_until: datetime, claimable: tuple[str, ...],
              fields: dict[str, Any] | None = None, otherwise: str = "", values: dict[str, Any] | None = None) -> bool:
        """Mark the work on an item as running (with a lease) if its status is one of `claimable`, or it
        is running under a lease that has lapsed, or `otherwise` holds. False: someone else has it, or
        it is done."""
        statuses = {f":c{i}": status for i, status in enumerate(claimable)}
        condition = f"#status IN ({', '.join(statuses)}) OR (#status = :running AND lease_until < :now)"
        if otherwise:
            condition += f" OR {otherwise}"
        return self.update(event_id, sk, {"status": "running", "lease_until": iso(lease_until), **(fields or {})},
                           condition, {**statuses, ":running": "running", ":now": iso(now), **(values or {})})
