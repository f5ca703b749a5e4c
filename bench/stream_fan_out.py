"""CPU of the local stream path: three readers (before: one StreamDispatcher per consumer, each calling GetRecords and
parsing every record) against one reader fanning out to the two consumers (after: notifications, and reports behind
its filter), on the same stream.

Starts DynamoDB Local, writes a burst-shaped stream (registrations, each followed by its event's counter update, as
a registration's transaction does; a few export jobs and an event closing for the reports), then consumes the whole
stream from TRIM_HORIZON with each topology, in alternating rounds, with handlers that do nothing: what is measured
is the stream path itself (GetRecords, botocore's parsing, Lambda's shape, the filter), in this process's CPU time
(DynamoDB Local's Java process is not counted). Prints the medians and the ratio.

    .venv/bin/python bench/stream_fan_out.py [--registrations 2000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid
from typing import Any

import boto3

from devstack.dispatcher import Consumer, StreamDispatcher
from devstack.engines import DynamoDBLocal
from devstack.stream_filter import RecordFilter
from eventreg.adapters.dynamodb.stream_filters import REPORT_RECORDS
from eventreg.schema import create_table_kwargs

REGION = "eu-west-1"


def local_client(service: str, endpoint: str) -> Any:
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION,  # type: ignore[call-overload]
                        aws_access_key_id="local", aws_secret_access_key="local")  # noqa: S106 - DynamoDB Local

EVENT = {"PK": {"S": "EVENT#bench"}, "SK": {"S": "EVENT"}}


def write_burst(client: Any, table: str, registrations: int) -> int:
    """The stream's records: per registration an INSERT and the event's counter MODIFY; then 5 export jobs and the
    event closing. Returns how many records that makes."""
    client.put_item(TableName=table, Item={**EVENT, "type": {"S": "event"}, "status": {"S": "open"},
                                           "registered": {"N": "0"}})
    for number in range(registrations):
        client.put_item(TableName=table, Item={
            "PK": EVENT["PK"], "SK": {"S": f"REG#{number:06d}"}, "type": {"S": "registration"},
            "status": {"S": "confirmed"}, "email_norm": {"S": f"person{number}@example.org"},
            "first_name": {"S": "Ada"}, "last_name": {"S": "Lovelace"}, "organisation": {"S": "City of Ghent"},
            "sessions": {"L": [{"S": "s1"}, {"S": "s2"}]}, "answers": {"M": {"diet": {"S": "vegetarian"}}},
            "created_at": {"S": "2026-12-01T10:00:00Z"}, "language": {"S": "nl"}})
        client.update_item(TableName=table, Key=EVENT, UpdateExpression="ADD registered :one",
                           ExpressionAttributeValues={":one": {"N": "1"}})
    for number in range(5):
        client.put_item(TableName=table, Item={"PK": EVENT["PK"], "SK": {"S": f"EXPORT#{number}"},
                                               "type": {"S": "export"}})
    client.update_item(TableName=table, Key=EVENT, UpdateExpression="SET #s = :closed",
                       ExpressionAttributeNames={"#s": "status"},
                       ExpressionAttributeValues={":closed": {"S": "closed"}})
    return 1 + 2 * registrations + 5 + 1


def nothing(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"batchItemFailures": []}


def consume(readers: list[StreamDispatcher], total: int) -> float:
    """CPU seconds (this process) to read the whole stream with these readers and deliver it to their consumers."""
    started = time.process_time()
    while any(r.records_read < total for r in readers):
        for reader in readers:
            reader.poll_once()
    for reader in readers:
        while reader.poll_once():
            pass
    return time.process_time() - started


def before(streams: Any, arn: str) -> list[StreamDispatcher]:
    """Three readers, as the local stack had: notifications, reports, the erasure requests (no filter locally)."""
    return [StreamDispatcher(streams, arn, [Consumer(name, nothing)], region=REGION)
            for name in ("eventreg-notifications", "eventreg-reports", "eventreg-reports-erasures")]


def after(streams: Any, arn: str) -> list[StreamDispatcher]:
    return [StreamDispatcher(streams, arn, [Consumer("eventreg-notifications", nothing),
                                            Consumer("eventreg-reports", nothing, RecordFilter.of(REPORT_RECORDS))],
                             region=REGION)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registrations", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with DynamoDBLocal() as engine:
        client = local_client("dynamodb", engine.endpoint)
        streams = local_client("dynamodbstreams", engine.endpoint)
        table = f"bench-stream-{uuid.uuid4().hex[:6]}"
        arn = client.create_table(**create_table_kwargs(table))["TableDescription"]["LatestStreamArn"]
        total = write_burst(client, table, args.registrations)
        print(f"stream of {total:,} records ({args.registrations:,} registrations and their counter updates)")
        cpu: dict[str, list[float]] = {"before": [], "after": []}
        for _ in range(args.rounds):
            for name, build in (("before", before), ("after", after)):
                readers = build(streams, arn)
                cpu[name].append(consume(readers, total))
                delivered = sum(r.delivered for r in readers)
                print(f"  {name:6}: {len(readers)} reader(s), {delivered:,} records delivered, "
                      f"{cpu[name][-1]:.2f} s CPU")
        old, new = statistics.median(cpu["before"]), statistics.median(cpu["after"])
        print(f"median CPU of the stream path: before (3 readers) {old:.2f} s, after (1 reader, 2 consumers) "
              f"{new:.2f} s: {old / new:.2f}x less")


if __name__ == "__main__":
    main()
