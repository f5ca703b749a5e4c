"""DynamoDB adapter for erasure requests (see eventreg.schema):

    PK = PRIVACY, SK = ERASURE#<request_id>

The reports API puts a request with one PutItem (its role may not change registrations); the reports
service's on_table_change stream handler carries it out and marks it done with the counts, under a
condition on its status, removing the address in the same UpdateItem. Until then the item holds the
normalised address as email_norm, so it shows in the ByEmail index beside the person's registrations
(the erasure's Query keeps only REG# items): the index names every item that holds the address. The
TTL (expires_at) removes the item, and with it the address of a request that never ran.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from eventreg.adapters.dynamodb import items, keys
from eventreg.adapters.dynamodb.table import Table
from eventreg.domain.models import iso, new_id
from eventreg.privacy.ports import ERASURE_DONE as DONE
from eventreg.privacy.ports import ERASURE_PENDING as PENDING

KEEP = timedelta(days=30)  # the request and its counts, for the privacy officer's records
# What a listing reads of each request: everything but the address (a pending request's email_norm).
LISTED = ("request_id", "status", "requested_by", "requested_at", "done_at", "attempts",
          "events", "registrations", "cancelled", "promoted")


class ErasureRequests:
    """A privacy.ports.ErasureRequests, beside the Repository (the same Table: client and table name), using its
    plumbing for throttling (503) and conditional writes."""

    def __init__(self, repo: Table) -> None:
        self.repo = repo

    @staticmethod
    def _key(request_id: str) -> dict[str, Any]:
        return items.to_av({"PK": keys.PRIVACY_PK, "SK": keys.erasure_sk(request_id)})

    def create(self, email_norm: str, requested_by: str, now: datetime) -> dict[str, Any]:
        """A new pending request; returns it (address included: the caller must not echo it)."""
        request = {
            "PK": keys.PRIVACY_PK, "SK": keys.erasure_sk(request_id := new_id()),
            "type": keys.ERASURE_REQUEST_TYPE, "request_id": request_id, "status": PENDING,
            "email_norm": email_norm, "requested_by": requested_by, "requested_at": iso(now),
            "expires_at": int((now + KEEP).timestamp()),
        }
        self.repo._call(self.repo.client.put_item, TableName=self.repo.table, Item=items.to_av(request),
                        ConditionExpression="attribute_not_exists(PK)")
        return request

    def get(self, request_id: str) -> dict[str, Any] | None:
        answer = self.repo._call(self.repo.client.get_item, TableName=self.repo.table, Key=self._key(request_id),
                                 ConsistentRead=True)
        return items.from_av(answer["Item"]) if "Item" in answer else None

    def start(self, request_id: str) -> bool:
        """Count a run of a pending request (so its page can tell that an earlier run was interrupted).
        False if it is no longer pending."""
        return self.repo._conditional(
            self.repo.client.update_item, TableName=self.repo.table, Key=self._key(request_id),
            UpdateExpression="ADD attempts :one", ConditionExpression="#status = :pending",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues=items.to_av({":one": 1, ":pending": PENDING}),
        )

    def finish(self, request_id: str, counts: dict[str, int], now: datetime) -> bool:
        """pending -> done with the counts, the address removed. False if it was no longer pending (a
        redelivered record whose first delivery finished it)."""
        names = {"#status": "status", **{f"#c{i}": name for i, name in enumerate(counts)}}
        values = {":pending": PENDING, ":done": DONE, ":at": iso(now),
                  **{f":c{i}": value for i, value in enumerate(counts.values())}}
        sets = ", ".join(["#status = :done", "done_at = :at", *(f"#c{i} = :c{i}" for i in range(len(counts)))])
        return self.repo._conditional(
            self.repo.client.update_item, TableName=self.repo.table, Key=self._key(request_id),
            UpdateExpression=f"SET {sets} REMOVE email_norm", ConditionExpression="#status = :pending",
            ExpressionAttributeNames=names, ExpressionAttributeValues=items.to_av(values),
        )

    def recent(self, limit: int) -> list[dict[str, Any]]:
        """The latest requests, newest first (their ids are time-ordered): ONE Query of the PRIVACY partition,
        which holds only the requests of the last 30 days (TTL), so no index is needed; the projection leaves
        the address out."""
        names = {f"#f{i}": name for i, name in enumerate(LISTED)}
        answer = self.repo._call(
            self.repo.client.query, TableName=self.repo.table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :prefix)",
            ExpressionAttributeValues=items.to_av({":pk": keys.PRIVACY_PK, ":prefix": keys.ERASURE_PREFIX}),
            ProjectionExpression=", ".join(names), ExpressionAttributeNames=names,
            ScanIndexForward=False, Limit=limit, ConsistentRead=True,
        )
        return [items.from_av(item) for item in answer.get("Items", [])]
