"""Replaying a stream consumer's dead letters: for each message of its dead-letter queue (Lambda's on-failure
invocation record, devstack.dead_letters), re-read the batch's records from the stream by sequence number, keep
those the consumer's filter lets through, invoke the consumer with them as Lambda would, and delete the message
only once that invocation succeeded (no error, no batchItemFailures). A batch the stream no longer holds (past its
24 h retention, or its shard gone) is reported as expired and kept, unless asked to discard it.

The same code replays on AWS (tools/replay_dead_letters.py: `lambda invoke` of the function's alias) and locally
(POST /_local/dead-letters/replay: the handler in the stack's process). infra/docs/stream.md has the procedure.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from botocore.exceptions import ClientError

from devstack.dead_letters import DeadLetters
from devstack.dispatcher import Consumer, LambdaContextStub
from devstack.stream_records import read_range

if TYPE_CHECKING:
    from mypy_boto3_dynamodbstreams import DynamoDBStreamsClient

log = logging.getLogger(__name__)

RETENTION = timedelta(hours=24)  # DynamoDB Streams keeps records this long
GONE = ("TrimmedDataAccessException", "ResourceNotFoundException", "ExpiredIteratorException")
REPLAYED, FAILED, EXPIRED, MISSING = "replayed", "failed", "expired", "missing"


class ReplayTarget(Protocol):
    """The consumer a dead letter is replayed into."""

    @property
    def name(self) -> str: ...

    def accepts(self, record: dict[str, Any]) -> bool: ...

    def invoke(self, event: dict[str, Any]) -> list[str]:
        """The sequence numbers the consumer reported as failed; raises if the invocation failed."""
        ...


@dataclass
class LocalConsumer:
    """A local stack's consumer: its handler called in this process, its filter as the stack applies it."""

    consumer: Consumer

    @property
    def name(self) -> str:
        return self.consumer.function_name

    def accepts(self, record: dict[str, Any]) -> bool:
        return self.consumer.accepts(record)

    def invoke(self, event: dict[str, Any]) -> list[str]:
        answer = self.consumer.handler(event, LambdaContextStub(self.consumer.function_name))
        return [str(f["itemIdentifier"]) for f in (answer or {}).get("batchItemFailures", [])]


@dataclass(frozen=True)
class Outcome:
    status: str  # replayed, failed, expired (past the stream's retention), missing (no record in the range)
    shard_id: str
    start: str
    end: str
    records: int = 0  # replayed into the consumer (after its filter)
    detail: str = ""


@dataclass
class Report:
    consumer: str
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def as_dict(self) -> dict[str, Any]:
        return {"consumer": self.consumer,
                "counts": {s: self.count(s) for s in (REPLAYED, FAILED, EXPIRED, MISSING)},
                "outcomes": [o.__dict__ for o in self.outcomes]}


def _arrival(body: dict[str, Any]) -> datetime | None:
    text = body["DDBStreamBatchInfo"].get("approximateArrivalOfFirstRecord") or body.get("timestamp")
    return datetime.fromisoformat(str(text).replace("Z", "+00:00")) if text else None


def replay_message(body: dict[str, Any], streams: DynamoDBStreamsClient, target: ReplayTarget, region: str,
                   now: datetime) -> Outcome:
    info = body["DDBStreamBatchInfo"]
    shard, start, end = info["shardId"], info["startSequenceNumber"], info["endSequenceNumber"]
    arrived = _arrival(body)
    if arrived is not None and now - arrived > RETENTION:
        return Outcome(EXPIRED, shard, start, end, detail=f"first record arrived {arrived.isoformat()}, "
                                                          f"past the stream's {RETENTION} retention")
    try:
        read = list(read_range(streams, info["streamArn"], shard, start, end, region))
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code in GONE:
            return Outcome(EXPIRED, shard, start, end, detail=f"the stream no longer holds them ({code})")
        raise
    if not read:
        return Outcome(MISSING, shard, start, end, detail="no record in that range of the shard")
    records = [r for r in read if target.accepts(r)]
    if not records:  # all filtered out: the consumer would not have been invoked for them
        return Outcome(REPLAYED, shard, start, end, detail="none of its records is for this consumer")
    try:
        failed = target.invoke({"Records": records})
    except Exception as error:
        return Outcome(FAILED, shard, start, end, len(records), f"the invocation failed: {type(error).__name__}")
    if failed:
        return Outcome(FAILED, shard, start, end, len(records), f"{len(failed)} records reported failed again")
    return Outcome(REPLAYED, shard, start, end, len(records))


def replay(queue: DeadLetters, streams: DynamoDBStreamsClient, target: ReplayTarget, region: str,
           discard_expired: bool = False, now: datetime | None = None) -> Report:
    """Replay every message of `queue` once. A message is deleted after its replay succeeded (or, if asked,
    once reported expired); the others are made visible again at once, for the next attempt."""
    now = now or datetime.now(UTC)
    report = Report(target.name)
    kept: list[str] = []
    seen: set[str] = set()
    while True:
        answer = queue.client.receive_message(QueueUrl=queue.url, MaxNumberOfMessages=10, VisibilityTimeout=300)
        messages = [m for m in answer.get("Messages", []) if m["MessageId"] not in seen]
        if not messages:
            break
        for message in messages:
            seen.add(message["MessageId"])
            outcome = replay_message(json.loads(message["Body"]), streams, target, region, now)
            report.outcomes.append(outcome)
            log.info("dead letter %s: %s %s", message["MessageId"], outcome.status, outcome.detail)
            if outcome.status == REPLAYED or (outcome.status == EXPIRED and discard_expired):
                queue.client.delete_message(QueueUrl=queue.url, ReceiptHandle=message["ReceiptHandle"])
            else:
                kept.append(message["ReceiptHandle"])
    for handle in kept:
        queue.client.change_message_visibility(QueueUrl=queue.url, ReceiptHandle=handle, VisibilityTimeout=0)
    return report
