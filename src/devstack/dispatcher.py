"""Feeds the table's stream to a Lambda handler, as AWS's event source mapping does.

Reads DynamoDB Streams (against DynamoDB Local) shard by shard, follows shard rollover, and invokes
the handler with a Lambda-shaped DynamoDB stream event. Like an event source mapping with
ReportBatchItemFailures: a batch is retried from its first failed record, and after max_retries the
failed records go to a dead-letter store (an SQS queue, locally too): nothing is lost, nothing blocks.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_dynamodbstreams import DynamoDBStreamsClient

log = logging.getLogger(__name__)

LambdaHandler = Callable[[dict[str, Any], Any], Any]
GiveUp = Callable[[list[dict[str, Any]], str, int], None]  # records, last error, attempts


class LambdaContextStub:
    """The attributes of the Lambda context object that handlers read."""

    def __init__(self, function_name: str) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = 256
        self.aws_request_id = str(uuid.uuid4())
        self.invoked_function_arn = f"arn:aws:lambda:local:000000000000:function:{function_name}"
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + 60

    def get_remaining_time_in_millis(self) -> int:
        return max(int((self._deadline - time.monotonic()) * 1000), 0)


def _repair(value: dict[str, Any]) -> dict[str, Any]:
    """DynamoDB Local's stream (as botocore parses it) gives an empty map as {} instead of {"M": {}};
    Lambda delivers {"M": {}}. Mend it here, where this dispatcher stands in for Lambda."""
    if not value:
        return {"M": {}}
    if "M" in value:
        return {"M": {k: _repair(v) for k, v in value["M"].items()}}
    if "L" in value:
        return {"L": [_repair(v) for v in value["L"]]}
    return value


def lambda_record(record: Any, stream_arn: str, region: str) -> dict[str, Any]:
    """A GetRecords record in the shape Lambda delivers (times as epoch seconds, the source ARN)."""
    data = dict(record["dynamodb"])
    for image in ("NewImage", "OldImage"):
        if image in data:
            data[image] = {name: _repair(value) for name, value in data[image].items()}
    created = data.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        data["ApproximateCreationDateTime"] = int(created.timestamp())
    return {
        "eventID": record.get("eventID"),
        "eventName": record.get("eventName"),
        "eventVersion": record.get("eventVersion", "1.1"),
        "eventSource": "aws:dynamodb",
        "awsRegion": record.get("awsRegion", region),
        "dynamodb": data,
        "eventSourceARN": stream_arn,
    }


class StreamDispatcher:
    def __init__(
        self,
        streams: DynamoDBStreamsClient,
        stream_arn: str,
        handler: LambdaHandler,
        function_name: str = "eventreg-notifications",
        region: str = "eu-west-1",
        batch_size: int = 100,
        poll_seconds: float = 0.2,
        max_retries: int = 3,
        on_give_up: GiveUp | None = None,
    ) -> None:
        self.streams = streams
        self.stream_arn = stream_arn
        self.handler = handler
        self.function_name = function_name
        self.region = region
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.max_retries = max_retries
        self.on_give_up = on_give_up
        self._iterators: dict[str, str | None] = {}  # shard id -> next iterator (None: shard done)
        self._pending: dict[str, list[dict[str, Any]]] = {}  # shard id -> records read, not yet done
        self._attempts: dict[str, int] = {}
        self.dead_letters = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.delivered = 0
        self.failures = 0

    def start(self) -> StreamDispatcher:
        self._thread = threading.Thread(target=self._run, name="eventreg-stream", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.poll_once()
            except Exception:
                if self._stop.is_set():
                    return  # stopping: the engines may already be going away
                log.exception("stream polling failed; retrying")
                busy = False
            if not busy:
                self._stop.wait(self.poll_seconds)

    def _discover_shards(self) -> None:
        kwargs: dict[str, Any] = {"StreamArn": self.stream_arn}
        while True:
            description = self.streams.describe_stream(**kwargs)["StreamDescription"]
            for shard in description.get("Shards", []):
                shard_id = shard["ShardId"]
                if shard_id not in self._iterators:
                    self._iterators[shard_id] = self.streams.get_shard_iterator(
                        StreamArn=self.stream_arn, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON"
                    )["ShardIterator"]
            last = description.get("LastEvaluatedShardId")
            if not last:
                return
            kwargs["ExclusiveStartShardId"] = last

    def poll_once(self) -> bool:
        """Read every open shard once and deliver what is there. True if anything was delivered."""
        self._discover_shards()
        busy = False
        for shard_id, iterator in list(self._iterators.items()):
            pending = self._pending.setdefault(shard_id, [])
            if not pending and iterator is not None:
                page = self.streams.get_records(ShardIterator=iterator, Limit=self.batch_size)
                pending.extend(lambda_record(r, self.stream_arn, self.region) for r in page.get("Records", []))
                self._iterators[shard_id] = page.get("NextShardIterator")
            if pending:
                self._deliver(shard_id, pending)
                busy = True
        return busy

    def _deliver(self, shard_id: str, pending: list[dict[str, Any]]) -> None:
        """One invocation, as Lambda's event source mapping does it with ReportBatchItemFailures: the
        records before the first failed one are done; the rest is retried; after max_retries the failed
        records go to the dead-letter store and the shard moves on."""
        try:
            answer = self.handler({"Records": list(pending)}, LambdaContextStub(self.function_name))
            failed_ids = {f["itemIdentifier"] for f in (answer or {}).get("batchItemFailures", [])}
            error = "reported by the handler as failed"
        except Exception as exc:
            failed_ids = {r["dynamodb"].get("SequenceNumber") for r in pending}
            error = f"{type(exc).__name__}: {exc}"
            log.exception("handler failed on a batch of %d records", len(pending))
        if not failed_ids:
            self.delivered += len(pending)
            pending.clear()
            self._attempts[shard_id] = 0
            return
        self.failures += 1
        first = next(i for i, r in enumerate(pending) if r["dynamodb"].get("SequenceNumber") in failed_ids)
        self.delivered += first
        del pending[:first]
        self._attempts[shard_id] = self._attempts.get(shard_id, 0) + 1
        if self._attempts[shard_id] > self.max_retries:
            given_up = [r for r in pending if r["dynamodb"].get("SequenceNumber") in failed_ids]
            pending[:] = [r for r in pending if r["dynamodb"].get("SequenceNumber") not in failed_ids]
            self._attempts[shard_id] = 0
            self.dead_letters += len(given_up)
            log.error("%d stream records failed %d times; sent to the dead-letter store", len(given_up),
                      self.max_retries + 1)
            if self.on_give_up is not None:
                self.on_give_up(given_up, error, self.max_retries + 1)
