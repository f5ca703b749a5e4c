"""The table's stream records in the shape Lambda delivers them, read with the DynamoDB Streams API.

Used by the local stream reader (devstack.dispatcher) and by the dead-letter replay (devstack.replay), which re-reads
a failed batch's records by sequence number, on DynamoDB Local and on AWS alike.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_dynamodbstreams import DynamoDBStreamsClient


def _repair(value: dict[str, Any]) -> dict[str, Any]:
    """DynamoDB Local's stream (as botocore parses it) gives an empty map as {} instead of {"M": {}}, and botocore
    decodes binary values to bytes; Lambda delivers {"M": {}} and base64 text."""
    if not value:
        return {"M": {}}
    if "M" in value:
        return {"M": {k: _repair(v) for k, v in value["M"].items()}}
    if "L" in value:
        return {"L": [_repair(v) for v in value["L"]]}
    if "B" in value:
        return {"B": base64.b64encode(value["B"]).decode("ascii")}
    if "BS" in value:
        return {"BS": [base64.b64encode(b).decode("ascii") for b in value["BS"]]}
    return value


def lambda_record(record: Any, stream_arn: str, region: str) -> dict[str, Any]:
    """A GetRecords record in the shape Lambda delivers (times as epoch seconds, the source ARN)."""
    data = dict(record["dynamodb"])
    for image in ("NewImage", "OldImage", "Keys"):
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


def sequence_of(record: dict[str, Any]) -> str:
    return str(record["dynamodb"]["SequenceNumber"])


def read_range(streams: DynamoDBStreamsClient, stream_arn: str, shard_id: str, start: str, end: str,
               region: str) -> Iterator[dict[str, Any]]:
    """The records of one shard from sequence number `start` to `end` (both included), in order. Sequence numbers
    are decimal strings that grow within a shard. Raises the Streams API's TrimmedDataAccessException when `start`
    is past the stream's retention (24 h), ResourceNotFoundException when the shard itself is gone."""
    iterator: str | None = streams.get_shard_iterator(
        StreamArn=stream_arn, ShardId=shard_id, ShardIteratorType="AT_SEQUENCE_NUMBER", SequenceNumber=start,
    )["ShardIterator"]
    last = int(end)
    while iterator:
        page = streams.get_records(ShardIterator=iterator, Limit=1000)
        records = page.get("Records", [])
        for record in records:
            if int(record["dynamodb"]["SequenceNumber"]) > last:
                return
            yield lambda_record(record, stream_arn, region)
        if not records:
            return  # the shard's open end reached: nothing newer yet
        iterator = page.get("NextShardIterator")
