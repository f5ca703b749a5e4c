"""The one definition of eventreg's DynamoDB table: used by the code, the local stack, tests and infra/.

Single-table design, one partition per event:

    PK = EVENT#<event_id>
      SK = EVENT                      the event (counters, window, capacity)
      SK = EVENT#SESSION#<session_id> its sessions (so one Query on begins_with(SK, "EVENT") reads both)
      SK = REG#<registration_id>      registrations (time-ordered ids, so a Query lists them in order)
      SK = EMAIL#<normalised email>   uniqueness guard: one live registration per person per event
      SK = SENT#<registration>#<state> send log of the notifications service (exactly-once mail)
      SK = IDEM#<key hash>            idempotency record of a registration post (kept 24 h, TTL)
      SK = CHECKIN#EVENT#<registration>               present at the event (one item: one check-in)
      SK = CHECKIN#SESSION#<session>#<registration>   present at a session

    PK = PRIVACY
      SK = ERASURE#<request_id>       an erasure request (status, counts; the address only while pending; TTL)

    PK = OFFICE#SESSION#<sha256 of the cookie's id>, SK = SESSION   a back-office session (TTL: a working day)
    PK = OFFICE#SIGN-IN#<sha256 of the cookie's id>, SK = SIGN-IN   a sign-in under way (TTL: ten minutes)
      one partition each, so that IAM grants them by partition key (adapters/dynamodb/office_sessions.py)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PK = "PK"
SK = "SK"


@dataclass(frozen=True)
class Index:
    name: str
    pk: str
    sk: str
    purpose: str


@dataclass(frozen=True)
class TableSchema:
    pk: str = PK
    sk: str = SK
    # Sparse: only open events carry OPEN_PK, so the deadline job Queries open events by closing time.
    # ByEmail: registrations by normalised email, for erasure requests without a Scan.
    indexes: tuple[Index, ...] = field(
        default=(
            Index("OpenByCutoff", "OPEN_PK", "closes_at", "open events ordered by registration cutoff"),
            Index("ByEmail", "email_norm", "PK", "registrations of one person across events"),
            Index("UpcomingByStart", "UPCOMING_PK", "starts_key", "events whose reminder is still to send, by start"),
            # Sparse: events whose personal data is still to anonymise, by the day it is due.
            Index("RetentionDue", "RETAIN_PK", "purge_after", "events not yet anonymised, by when they are due"),
        )
    )
    stream_view: str = "NEW_AND_OLD_IMAGES"
    ttl_attribute: str = "expires_at"

    def attribute_names(self) -> list[str]:
        names = [self.pk, self.sk]
        for index in self.indexes:
            names += [n for n in (index.pk, index.sk) if n not in names]
        return names


TABLE = TableSchema()


def create_table_kwargs(table_name: str, schema: TableSchema = TABLE) -> dict[str, Any]:
    """Arguments for DynamoDB CreateTable (on-demand), as the local stack and the tests use them."""
    return {
        "TableName": table_name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [
            {"AttributeName": name, "AttributeType": "S"} for name in schema.attribute_names()
        ],
        "KeySchema": [
            {"AttributeName": schema.pk, "KeyType": "HASH"},
            {"AttributeName": schema.sk, "KeyType": "RANGE"},
        ],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": index.name,
                "KeySchema": [
                    {"AttributeName": index.pk, "KeyType": "HASH"},
                    {"AttributeName": index.sk, "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
            for index in schema.indexes
        ],
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": schema.stream_view},
    }
