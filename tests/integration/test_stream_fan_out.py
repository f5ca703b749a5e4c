"""The local stack's stream reader on DynamoDB Local, with moto's SQS (server mode) for the dead letters: the stream
is read once for both consumers; a consumer that keeps failing neither holds back nor re-runs the other, and its
records land in its dead-letter queue in the shape AWS gives them; the replay re-reads them from the stream and
deletes only the dead letters whose replay succeeded. Skipped when Java or the jar is missing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from devstack.dead_letters import DeadLetters
from devstack.dispatcher import Consumer, StreamDispatcher
from devstack.engines import DynamoDBLocal, EngineError, MotoServer
from devstack.replay import EXPIRED, FAILED, REPLAYED, LocalConsumer, replay
from devstack.stream_filter import RecordFilter
from eventreg.adapters.dynamodb.stream_filters import REPORT_RECORDS
from eventreg.schema import create_table_kwargs

REGION = "eu-west-1"
CREDENTIALS = {"region_name": REGION, "aws_access_key_id": "local", "aws_secret_access_key": "local"}


@pytest.fixture(scope="module")
def engines() -> Iterator[tuple[str, str]]:
    """DynamoDB Local and a moto server, each on a free loopback port, always stopped."""
    started: list[DynamoDBLocal | MotoServer] = []
    try:
        for engine in (DynamoDBLocal(), MotoServer()):
            engine.start(timeout=60)
            started.append(engine)
    except EngineError as error:
        for engine in started:
            engine.stop()
        pytest.skip(f"an engine is not available: {error}")
    try:
        yield started[0].endpoint, started[1].endpoint
    finally:
        for engine in started:
            engine.stop()


class Table:
    def __init__(self, dynamodb_endpoint: str, sqs_endpoint: str) -> None:
        self.name = f"eventreg-fan-out-{uuid.uuid4().hex[:8]}"
        self.dynamodb = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint, **CREDENTIALS)
        self.streams = boto3.client("dynamodbstreams", endpoint_url=dynamodb_endpoint, **CREDENTIALS)
        self.sqs = boto3.client("sqs", endpoint_url=sqs_endpoint, **CREDENTIALS)
        self.stream_arn = self.dynamodb.create_table(**create_table_kwargs(self.name))["TableDescription"][
            "LatestStreamArn"]

    def put(self, sk: str, kind: str) -> None:
        self.dynamodb.put_item(TableName=self.name, Item={"PK": {"S": "EVENT#fan-out"}, "SK": {"S": sk},
                                                          "type": {"S": kind}, "request_id": {"S": sk}})

    def queue(self, name: str) -> DeadLetters:
        return DeadLetters.create(self.sqs, f"{self.name}-{name}")

    def messages(self, queue: DeadLetters) -> list[dict[str, Any]]:
        answer = self.sqs.receive_message(QueueUrl=queue.url, MaxNumberOfMessages=10, VisibilityTimeout=0)
        return [json.loads(m["Body"]) for m in answer.get("Messages", [])]


@pytest.fixture
def table(engines: tuple[str, str]) -> Table:
    return Table(*engines)


def sort_keys(event: dict[str, Any]) -> list[str]:
    return [r["dynamodb"]["Keys"]["SK"]["S"] for r in event["Records"]]


class Handler:
    """A stand-in consumer: records what it was given; reports the records whose sort key is in `failing`."""

    def __init__(self, failing: set[str] | None = None) -> None:
        self.calls: list[list[str]] = []
        self.failing = failing or set()

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        self.calls.append(sort_keys(event))
        return {"batchItemFailures": [{"itemIdentifier": r["dynamodb"]["SequenceNumber"]} for r in event["Records"]
                                      if r["dynamodb"]["Keys"]["SK"]["S"] in self.failing]}


def test_a_failing_consumer_neither_blocks_nor_reruns_the_other_and_its_records_are_dead_letters(
    table: Table,
) -> None:
    notify_dlq, reports_dlq = table.queue("notifications"), table.queue("reports")
    mails, reports = Handler(failing={"REG#bad"}), Handler()
    notifications = Consumer("eventreg-notifications", mails, on_give_up=notify_dlq.put)
    reporting = Consumer("eventreg-reports", reports, RecordFilter.of(REPORT_RECORDS), on_give_up=reports_dlq.put)
    reader = StreamDispatcher(table.streams, table.stream_arn, [notifications, reporting], region=REGION)

    table.put("REG#ok", "registration")
    table.put("REG#bad", "registration")
    table.put("ERASURE#1", "erasure_request")
    table.put("EXPORT#1", "export")
    for _ in range(6):
        reader.poll_once()

    assert reader.records_read == 4  # each record read (and parsed) once for both consumers
    # reports: only its records (the filter), each once, while notifications was retrying REG#bad
    assert reports.calls == [["ERASURE#1", "EXPORT#1"]]
    assert (reporting.delivered, reporting.filtered_out, reporting.failures) == (2, 2, 0)
    assert table.messages(reports_dlq) == []
    # notifications: tried 4 times from REG#bad, then gave it up and went on
    assert mails.calls == ([["REG#ok", "REG#bad", "ERASURE#1", "EXPORT#1"]] + [["REG#bad", "ERASURE#1", "EXPORT#1"]] * 3
                           + [["ERASURE#1", "EXPORT#1"]])
    assert (notifications.delivered, notifications.dead_letters) == (3, 1)
    (dead,) = table.messages(notify_dlq)
    info = dead["DDBStreamBatchInfo"]
    assert info["startSequenceNumber"] == info["endSequenceNumber"] and info["batchSize"] == 1
    assert info["streamArn"] == table.stream_arn and info["shardId"].startswith("shardId-")
    assert dead["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert dead["requestContext"]["approximateInvokeCount"] == 4
    assert dead["requestContext"]["functionArn"].endswith(":function:eventreg-notifications")


def test_replay_deletes_only_the_dead_letters_whose_replay_succeeded(table: Table) -> None:
    dlq = table.queue("replay")
    first = Handler(failing={"REG#fixed", "REG#still-bad"})
    consumer = Consumer("eventreg-notifications", first, on_give_up=dlq.put, max_retries=0)
    reader = StreamDispatcher(table.streams, table.stream_arn, [consumer], region=REGION)
    table.put("REG#fixed", "registration")
    table.put("REG#between", "registration")
    table.put("REG#still-bad", "registration")
    reader.poll_once()
    assert len(table.messages(dlq)) == 2  # two runs given up: REG#fixed, REG#still-bad
    # A batch older than the stream's retention: reported, kept (not silently dropped).
    old = json.loads(json.dumps(table.messages(dlq)[0]))
    old["DDBStreamBatchInfo"]["approximateArrivalOfFirstRecord"] = "2020-01-01T00:00:00Z"
    table.sqs.send_message(QueueUrl=dlq.url, MessageBody=json.dumps(old))

    consumer.handler = second = Handler(failing={"REG#still-bad"})  # the cause of REG#fixed's failure mended
    report = replay(dlq, table.streams, LocalConsumer(consumer), REGION)

    assert sorted(second.calls) == [["REG#fixed"], ["REG#still-bad"]]  # each range re-read from the stream
    assert (report.count(REPLAYED), report.count(FAILED), report.count(EXPIRED)) == (1, 1, 1)
    left = table.messages(dlq)
    assert len(left) == 2  # the failed one and the expired one; the replayed one is gone
    starts = {m["DDBStreamBatchInfo"]["approximateArrivalOfFirstRecord"] for m in left}
    assert "2020-01-01T00:00:00Z" in starts

    # Asked to, the replay drops what the stream no longer holds, after reporting it; still-bad stays.
    later = replay(dlq, table.streams, LocalConsumer(consumer), REGION, discard_expired=True,
                   now=datetime.now(UTC) + timedelta(minutes=1))
    assert (later.count(FAILED), later.count(EXPIRED)) == (1, 1)
    (kept,) = table.messages(dlq)
    assert kept["DDBStreamBatchInfo"]["approximateArrivalOfFirstRecord"] != "2020-01-01T00:00:00Z"
