"""Feeds the table's stream to Lambda handlers, as AWS's event source mappings do, reading it once.

One reader (StreamDispatcher) calls GetRecords once per shard and turns each record into Lambda's shape once
(devstack.stream_records), following shard rollover; it hands the records to each Consumer, which keeps what
an event source mapping keeps: its filter (FilterCriteria), its own position per shard, its retries and dead
letters. Each consumer invokes its handler on its own thread, so a failing or slow notifications batch neither
holds back nor re-runs the reports' records, and the other way round.

Like a mapping with ReportBatchItemFailures: a batch is retried from its first failed record; after
max_retries the failed records go to the consumer's dead-letter queue (devstack.dead_letters, AWS's shape) and
the shard moves on: nothing is lost, nothing blocks.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from devstack.stream_filter import RecordFilter
from devstack.stream_records import lambda_record, sequence_of

if TYPE_CHECKING:
    from mypy_boto3_dynamodbstreams import DynamoDBStreamsClient

log = logging.getLogger(__name__)

LambdaHandler = Callable[[dict[str, Any], Any], Any]
# function ARN, shard id, the records given up (in order, one shard), invocations, whether the handler raised
GiveUp = Callable[[str, str, list[dict[str, Any]], int, bool], None]
THREAD_NAME = "eventreg-stream"  # the benches (bench/ewrc_burst.py) tell the stream's work apart by it
MAX_BACKLOG = 1000  # records read ahead for a consumer before the reader waits for it (a shard at a time)


class LambdaContextStub:
    """The attributes of the Lambda context object that handlers read."""

    def __init__(self, function_name: str) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = 256
        self.aws_request_id = str(uuid.uuid4())
        self.invoked_function_arn = function_arn(function_name)
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + 60

    def get_remaining_time_in_millis(self) -> int:
        return max(int((self._deadline - time.monotonic()) * 1000), 0)


def function_arn(function_name: str) -> str:
    return f"arn:aws:lambda:local:000000000000:function:{function_name}"


def _runs(records: list[dict[str, Any]], chosen: set[str]) -> list[list[dict[str, Any]]]:
    """The chosen records, grouped into runs of neighbours (one dead letter names one run: first to last)."""
    runs: list[list[dict[str, Any]]] = []
    previous_chosen = False
    for record in records:
        if sequence_of(record) in chosen:
            if previous_chosen:
                runs[-1].append(record)
            else:
                runs.append([record])
        previous_chosen = sequence_of(record) in chosen
    return runs


class Consumer:
    """One event source mapping: a handler, its filter, and per shard the records it has still to do."""

    def __init__(self, function_name: str, handler: LambdaHandler, accepts: RecordFilter | None = None,
                 on_give_up: GiveUp | None = None, batch_size: int = 100, max_retries: int = 3) -> None:
        self.function_name = function_name
        self.handler = handler
        self.accepts = accepts or RecordFilter()
        self.on_give_up = on_give_up
        self.batch_size = batch_size
        self.max_retries = max_retries
        self._pending: dict[str, list[dict[str, Any]]] = {}  # shard id -> records to do, in order
        self._attempts: dict[str, int] = {}
        self._changed = threading.Condition()
        self.delivered = self.failures = self.dead_letters = self.filtered_out = 0

    def offer(self, shard_id: str, records: Sequence[dict[str, Any]]) -> None:
        wanted = [r for r in records if self.accepts(r)]
        with self._changed:
            self.filtered_out += len(records) - len(wanted)
            if wanted:
                self._pending.setdefault(shard_id, []).extend(wanted)
                self._changed.notify()

    def backlog(self, shard_id: str) -> int:
        with self._changed:
            return len(self._pending.get(shard_id, ()))

    def wait(self, seconds: float) -> None:
        with self._changed:
            if not any(self._pending.values()):
                self._changed.wait(seconds)

    def deliver_once(self) -> bool:
        """One invocation per shard with records waiting. True if there was any."""
        with self._changed:
            batches = {shard: list(p[: self.batch_size]) for shard, p in self._pending.items() if p}
        for shard_id, batch in batches.items():
            self._deliver(shard_id, batch)
        return bool(batches)

    def _deliver(self, shard_id: str, batch: list[dict[str, Any]]) -> None:
        """As Lambda does with ReportBatchItemFailures: the records before the first failed one are done; the rest
        is retried; after max_retries the failed records go to the dead letters and the shard moves on."""
        raised = False
        try:
            answer = self.handler({"Records": list(batch)}, LambdaContextStub(self.function_name))
            failed = {str(f["itemIdentifier"]) for f in (answer or {}).get("batchItemFailures", [])}
        except Exception:
            failed, raised = {sequence_of(r) for r in batch}, True
            log.exception("%s failed on a batch of %d records", self.function_name, len(batch))
        first = next((i for i, r in enumerate(batch) if sequence_of(r) in failed), len(batch))
        done, rest = batch[:first], batch[first:]
        given_up: list[dict[str, Any]] = []
        with self._changed:
            pending = self._pending[shard_id]
            del pending[: len(done)]
            self.delivered += len(done)
            if not failed:
                self._attempts[shard_id] = 0
                return
            self.failures += 1
            self._attempts[shard_id] = self._attempts.get(shard_id, 0) + 1
            if self._attempts[shard_id] > self.max_retries:
                given_up = [r for r in rest if sequence_of(r) in failed]
                del pending[: len(rest)]
                pending[:0] = [r for r in rest if sequence_of(r) not in failed]
                self._attempts[shard_id] = 0
                self.dead_letters += len(given_up)
        if given_up:
            log.error("%s: %d stream records failed %d times; sent to the dead letters", self.function_name,
                      len(given_up), self.max_retries + 1)
            if self.on_give_up is not None:
                for run in _runs(rest, {sequence_of(r) for r in given_up}):
                    self.on_give_up(function_arn(self.function_name), shard_id, run, self.max_retries + 1, raised)


class StreamDispatcher:
    """The one reader of the stream: each shard's records read and parsed once, offered to every consumer."""

    def __init__(self, streams: DynamoDBStreamsClient, stream_arn: str, consumers: Sequence[Consumer],
                 region: str = "eu-west-1", read_limit: int = 1000, poll_seconds: float = 0.2,
                 max_backlog: int = MAX_BACKLOG) -> None:
        self.streams = streams
        self.stream_arn = stream_arn
        self.consumers = list(consumers)
        self.region = region
        self.read_limit = read_limit
        self.poll_seconds = poll_seconds
        self.max_backlog = max_backlog
        self._iterators: dict[str, str | None] = {}  # shard id -> next iterator (None: shard done)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.records_read = 0

    # Totals over the consumers (the benches print them).
    @property
    def delivered(self) -> int:
        return sum(c.delivered for c in self.consumers)

    @property
    def failures(self) -> int:
        return sum(c.failures for c in self.consumers)

    @property
    def dead_letters(self) -> int:
        return sum(c.dead_letters for c in self.consumers)

    def start(self) -> StreamDispatcher:
        self._threads = [threading.Thread(target=self._read_loop, name=THREAD_NAME, daemon=True)]
        self._threads += [threading.Thread(target=self._deliver_loop, args=(c,), name=THREAD_NAME, daemon=True)
                          for c in self.consumers]
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=10)

    def poll_once(self) -> bool:
        """Read once, then let each consumer deliver once, on this thread (tests and one-off runs)."""
        read = self.read_once()
        delivered = [c.deliver_once() for c in self.consumers]
        return read or any(delivered)

    def _read_loop(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.read_once()
            except Exception:
                if self._stop.is_set():
                    return  # stopping: the engines may already be going away
                log.exception("stream reading failed; retrying")
                busy = False
            if not busy:
                self._stop.wait(self.poll_seconds)

    def _deliver_loop(self, consumer: Consumer) -> None:
        while not self._stop.is_set():
            try:
                busy = consumer.deliver_once()
            except Exception:  # the handler's errors are caught in _deliver; this is the dead letters' queue
                log.exception("%s: delivery failed; retrying", consumer.function_name)
                busy = False
            if not busy:
                consumer.wait(self.poll_seconds)

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

    def read_once(self) -> bool:
        """One GetRecords per open shard whose consumers are not too far behind. True if records came."""
        self._discover_shards()
        busy = False
        for shard_id, iterator in list(self._iterators.items()):
            if iterator is None or any(c.backlog(shard_id) >= self.max_backlog for c in self.consumers):
                continue
            page = self.streams.get_records(ShardIterator=iterator, Limit=self.read_limit)
            self._iterators[shard_id] = page.get("NextShardIterator")
            records = [lambda_record(r, self.stream_arn, self.region) for r in page.get("Records", [])]
            if records:
                self.records_read += len(records)
                for consumer in self.consumers:
                    consumer.offer(shard_id, records)
                busy = True
        return busy
