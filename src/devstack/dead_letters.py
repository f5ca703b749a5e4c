"""The dead letters of the table's stream consumers: an SQS queue per consumer (moto locally; on AWS the event
source mapping's on-failure destination, set up in infra/).

Each message has the shape Lambda's on-failure destination gives a DynamoDB stream batch (the "invocation record":
requestContext, responseContext, version, timestamp, DDBStreamBatchInfo with the shard and the first and last
sequence numbers): it names the records, it does not carry them (no personal data in the queue). So one tool,
tools/replay_dead_letters.py (devstack.replay), replays both, re-reading the records from the stream while it
keeps them (24 h).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient

CONDITION = "RetryAttemptsExhausted"


def _iso(epoch: Any) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def invocation_record(function_arn: str, shard_id: str, records: list[dict[str, Any]], attempts: int,
                      raised: bool) -> dict[str, Any]:
    """What Lambda sends to the on-failure destination for `records` (one shard, in order) given up after
    `attempts` invocations; `raised`: the function failed (else it reported the records as failed)."""
    first, last = records[0], records[-1]
    response: dict[str, Any] = {"statusCode": 200, "executedVersion": "$LATEST"}
    if raised:
        response["functionError"] = "Unhandled"
    return {
        "requestContext": {"requestId": str(uuid.uuid4()), "functionArn": function_arn, "condition": CONDITION,
                           "approximateInvokeCount": attempts},
        "responseContext": response,
        "version": "1.0",
        "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        "DDBStreamBatchInfo": {
            "shardId": shard_id,
            "startSequenceNumber": first["dynamodb"]["SequenceNumber"],
            "endSequenceNumber": last["dynamodb"]["SequenceNumber"],
            "approximateArrivalOfFirstRecord": _iso(first["dynamodb"].get("ApproximateCreationDateTime")),
            "approximateArrivalOfLastRecord": _iso(last["dynamodb"].get("ApproximateCreationDateTime")),
            "batchSize": len(records),
            "streamArn": first["eventSourceARN"],
        },
    }


@dataclass
class DeadLetters:
    client: SQSClient
    url: str

    @classmethod
    def create(cls, client: SQSClient, name: str) -> DeadLetters:
        return cls(client, client.create_queue(QueueName=name)["QueueUrl"])

    def put(self, function_arn: str, shard_id: str, records: list[dict[str, Any]], attempts: int,
            raised: bool) -> None:
        record = invocation_record(function_arn, shard_id, records, attempts, raised)
        self.client.send_message(QueueUrl=self.url, MessageBody=json.dumps(record))

    def peek(self, limit: int = 10) -> list[dict[str, Any]]:
        """Look without taking: received with a zero visibility timeout, so they stay in the queue."""
        answer = self.client.receive_message(QueueUrl=self.url, MaxNumberOfMessages=limit, VisibilityTimeout=0)
        return [json.loads(m["Body"]) for m in answer.get("Messages", [])]
