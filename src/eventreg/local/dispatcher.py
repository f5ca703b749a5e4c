"""Feeds the table's stream to a Lambda handler, as AWS's event source mapping does.

Reads DynamoDB Streams (against DynamoDB Local) shard by shard, follows shard rollover, and invokes
the handler with a Lambda-shaped DynamoDB stream event. A failed batch is retried from the same
position (as Lambda does without bisecting), so nothing is lost when the handler fails.
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
    ) -> None:
        self.streams = streams
        self.stream_arn = stream_arn
        self.handler = handler
        self.function_name = function_name
        self.region = region
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self._iterators: dict[str, str | None] = {}  # shard id -> next iterator (None: shard done)
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
            if iterator is None:
                continue
            page = self.streams.get_records(ShardIterator=iterator, Limit=self.batch_size)
            records = page.get("Records", [])
            if records:
                event = {"Records": [lambda_record(r, self.stream_arn, self.region) for r in records]}
                try:
                    self.handler(event, LambdaContextStub(self.function_name))
                except Exception:
                    # Keep the iterator: the same batch is delivered again on the next poll.
                    self.failures += 1
                    log.exception("handler failed on a batch of %d records; it will be retried", len(records))
                    continue
                self.delivered += len(records)
                busy = True
            self._iterators[shard_id] = page.get("NextShardIterator")
        return busy
