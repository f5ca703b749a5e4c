"""The dead-letter store of the notifications' stream: an SQS queue (moto locally; on AWS the event
source mapping's on-failure destination, set up in infra/). Each message says which records failed,
how often, and the last error, so an operator can replay them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient


@dataclass
class DeadLetters:
    client: SQSClient
    url: str

    @classmethod
    def create(cls, client: SQSClient, name: str) -> DeadLetters:
        return cls(client, client.create_queue(QueueName=name)["QueueUrl"])

    def put(self, records: list[dict[str, Any]], error: str, attempts: int) -> None:
        for record in records:
            body = {
                "failed_at": datetime.now(UTC).isoformat(),
                "attempts": attempts,
                "error": error,
                "eventID": record.get("eventID"),
                "sequence_number": record.get("dynamodb", {}).get("SequenceNumber"),
                "keys": record.get("dynamodb", {}).get("Keys"),  # keys only: no personal data in the queue
                "eventSourceARN": record.get("eventSourceARN"),
            }
            self.client.send_message(QueueUrl=self.url, MessageBody=json.dumps(body))

    def peek(self, limit: int = 10) -> list[dict[str, Any]]:
        """Look without taking: received with a zero visibility timeout, so they stay in the queue."""
        answer = self.client.receive_message(QueueUrl=self.url, MaxNumberOfMessages=limit, VisibilityTimeout=0)
        return [json.loads(m["Body"]) for m in answer.get("Messages", [])]
