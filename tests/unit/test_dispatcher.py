"""The local stream dispatcher behaves like Lambda's event source mapping with ReportBatchItemFailures:
a failed record is retried (with the ones after it), the ones before it are not repeated, and after
max_retries the failed records go to the dead-letter store while the shard moves on."""

from __future__ import annotations

from typing import Any

from devstack.dispatcher import StreamDispatcher


class FakeStreams:
    """One shard holding `records` (DynamoDB Streams' GetRecords shape), read once."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records

    def describe_stream(self, **_: Any) -> dict[str, Any]:
        return {"StreamDescription": {"Shards": [{"ShardId": "shard-1"}]}}

    def get_shard_iterator(self, **_: Any) -> dict[str, Any]:
        return {"ShardIterator": "it-0"}

    def get_records(self, ShardIterator: str, Limit: int) -> dict[str, Any]:
        if ShardIterator == "it-0":
            return {"Records": self.records, "NextShardIterator": "it-1"}
        return {"Records": [], "NextShardIterator": ShardIterator}


def record(sequence: str) -> dict[str, Any]:
    return {"eventID": f"e{sequence}", "eventName": "INSERT", "awsRegion": "eu-west-1",
            "dynamodb": {"SequenceNumber": sequence, "Keys": {"PK": {"S": "EVENT#x"}, "SK": {"S": f"REG#{sequence}"}},
                         "NewImage": {"PK": {"S": "EVENT#x"}, "description": {}}}}


def test_partial_failures_retry_from_the_first_failed_record_then_give_up() -> None:
    seen: list[list[str]] = []
    given_up: list[tuple[list[str], str, int]] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        sequences = [r["dynamodb"]["SequenceNumber"] for r in event["Records"]]
        seen.append(sequences)
        return {"batchItemFailures": [{"itemIdentifier": "2"}] if "2" in sequences else []}

    dispatcher = StreamDispatcher(FakeStreams([record("1"), record("2"), record("3")]), "arn", handler,  # type: ignore[arg-type]
                                  max_retries=2,
                                  on_give_up=lambda rs, error, n: given_up.append(
                                      ([r["dynamodb"]["SequenceNumber"] for r in rs], error, n)))
    for _ in range(5):
        dispatcher.poll_once()
    # first the whole batch; then from the failed record on, twice more; then only what came after it
    assert seen == [["1", "2", "3"], ["2", "3"], ["2", "3"], ["3"]]
    assert given_up == [(["2"], "reported by the handler as failed", 3)]
    assert dispatcher.delivered == 2 and dispatcher.dead_letters == 1


def test_a_handler_exception_retries_the_whole_batch() -> None:
    calls = {"n": 0}

    def flaky(event: dict[str, Any], context: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("SES throttled")

    dispatcher = StreamDispatcher(FakeStreams([record("1"), record("2")]), "arn", flaky)  # type: ignore[arg-type]
    dispatcher.poll_once()
    dispatcher.poll_once()
    assert calls["n"] == 2 and dispatcher.delivered == 2 and dispatcher.dead_letters == 0


def test_empty_maps_from_dynamodb_local_reach_the_handler_as_lambda_sends_them() -> None:
    images: list[Any] = []
    dispatcher = StreamDispatcher(FakeStreams([record("1")]), "arn",  # type: ignore[arg-type]
                                  lambda event, context: images.append(event["Records"][0]["dynamodb"]["NewImage"]))
    dispatcher.poll_once()
    assert images == [{"PK": {"S": "EVENT#x"}, "description": {"M": {}}}]
