"""The local stream reader and its consumers behave like Lambda's event source mappings with ReportBatchItemFailures:
a failed record is retried (with the ones after it), the ones before it are not repeated, and after
max_retries the failed records go to the consumer's dead letters while the shard moves on. The stream is read once
for all consumers, each with its own filter, position and retries."""

from __future__ import annotations

from typing import Any

from devstack.dispatcher import Consumer, StreamDispatcher
from devstack.stream_filter import RecordFilter


class FakeStreams:
    """One shard holding `records` (DynamoDB Streams' GetRecords shape), read once."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records
        self.reads = 0

    def describe_stream(self, **_: Any) -> dict[str, Any]:
        return {"StreamDescription": {"Shards": [{"ShardId": "shard-1"}]}}

    def get_shard_iterator(self, **_: Any) -> dict[str, Any]:
        return {"ShardIterator": "it-0"}

    def get_records(self, ShardIterator: str, Limit: int) -> dict[str, Any]:
        self.reads += 1
        if ShardIterator == "it-0":
            return {"Records": self.records, "NextShardIterator": "it-1"}
        return {"Records": [], "NextShardIterator": ShardIterator}


def record(sequence: str) -> dict[str, Any]:
    return {"eventID": f"e{sequence}", "eventName": "INSERT", "awsRegion": "eu-west-1",
            "dynamodb": {"SequenceNumber": sequence, "Keys": {"PK": {"S": "EVENT#x"}, "SK": {"S": f"REG#{sequence}"}},
                         "NewImage": {"PK": {"S": "EVENT#x"}, "description": {}}}}


def test_partial_failures_retry_from_the_first_failed_record_then_give_up() -> None:
    seen: list[list[str]] = []
    given_up: list[tuple[str, list[str], int, bool]] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        sequences = [r["dynamodb"]["SequenceNumber"] for r in event["Records"]]
        seen.append(sequences)
        return {"batchItemFailures": [{"itemIdentifier": "2"}] if "2" in sequences else []}

    consumer = Consumer("eventreg-notifications", handler, max_retries=2,
                        on_give_up=lambda arn, shard, rs, n, raised: given_up.append(
                            (shard, [r["dynamodb"]["SequenceNumber"] for r in rs], n, raised)))
    dispatcher = StreamDispatcher(FakeStreams([record("1"), record("2"), record("3")]), "arn", [consumer])  # type: ignore[arg-type]
    for _ in range(5):
        dispatcher.poll_once()
    # first the whole batch; then from the failed record on, twice more; then only what came after it
    assert seen == [["1", "2", "3"], ["2", "3"], ["2", "3"], ["3"]]
    assert given_up == [("shard-1", ["2"], 3, False)]
    assert dispatcher.delivered == 2 and dispatcher.dead_letters == 1


def test_a_handler_exception_retries_the_whole_batch() -> None:
    calls = {"n": 0}

    def flaky(event: dict[str, Any], context: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("SES throttled")

    dispatcher = StreamDispatcher(FakeStreams([record("1"), record("2")]), "arn",  # type: ignore[arg-type]
                                  [Consumer("eventreg-notifications", flaky)])
    dispatcher.poll_once()
    dispatcher.poll_once()
    assert calls["n"] == 2 and dispatcher.delivered == 2 and dispatcher.dead_letters == 0


def test_empty_maps_from_dynamodb_local_reach_the_handler_as_lambda_sends_them() -> None:
    images: list[Any] = []
    dispatcher = StreamDispatcher(FakeStreams([record("1")]), "arn", [Consumer(  # type: ignore[arg-type]
        "eventreg-notifications", lambda event, context: images.append(event["Records"][0]["dynamodb"]["NewImage"]))])
    dispatcher.poll_once()
    assert images == [{"PK": {"S": "EVENT#x"}, "description": {"M": {}}}]


def test_the_stream_is_read_once_and_each_consumer_keeps_its_own_retries() -> None:
    """A consumer that keeps failing is retried alone: the other, filtered to record 3, is invoked once."""
    streams = FakeStreams([record("1"), record("2"), record("3")])
    failing_calls: list[list[str]] = []
    filtered_calls: list[list[str]] = []

    def failing(event: dict[str, Any], context: Any) -> None:
        failing_calls.append([r["dynamodb"]["SequenceNumber"] for r in event["Records"]])
        raise RuntimeError("SES down")

    def filtered(event: dict[str, Any], context: Any) -> None:
        filtered_calls.append([r["dynamodb"]["SequenceNumber"] for r in event["Records"]])

    dead: list[tuple[str, list[str], bool]] = []
    only_3 = RecordFilter.of(['{"dynamodb": {"Keys": {"SK": {"S": ["REG#3"]}}}}'])
    consumers = [Consumer("a", failing, max_retries=1, on_give_up=lambda arn, shard, rs, n, raised: dead.append(
                     (arn, [r["dynamodb"]["SequenceNumber"] for r in rs], raised))),
                 Consumer("b", filtered, only_3)]
    dispatcher = StreamDispatcher(streams, "arn", consumers)  # type: ignore[arg-type]
    for _ in range(3):
        dispatcher.poll_once()
    assert filtered_calls == [["3"]] and consumers[1].filtered_out == 2
    assert failing_calls == [["1", "2", "3"]] * 2
    # one dead letter for the run 1..3 (AWS's shape names a run by its first and last sequence numbers)
    assert dead == [("arn:aws:lambda:local:000000000000:function:a", ["1", "2", "3"], True)]
    assert streams.reads == 3 and dispatcher.records_read == 3  # one GetRecords per poll, each record once
