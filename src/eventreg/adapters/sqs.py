"""The messages' fan-out queue on SQS (notify.ports.BroadcastQueue): each job is one SQS message, sent ten to a
SendMessageBatch. A job names ids only (event, message, registrations): no personal data on the queue."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from eventreg.domain.errors import Unavailable

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient
    from mypy_boto3_sqs.type_defs import SendMessageBatchRequestEntryTypeDef

BATCH = 10  # SQS's limit per SendMessageBatch


class SqsBroadcastQueue:
    def __init__(self, client: SQSClient, url: str) -> None:
        self.client = client
        self.url = url

    def enqueue(self, jobs: Sequence[dict[str, Any]]) -> None:
        for start in range(0, len(jobs), BATCH):
            entries: list[SendMessageBatchRequestEntryTypeDef] = [
                {"Id": str(index), "MessageBody": json.dumps(job, separators=(",", ":"))}
                for index, job in enumerate(jobs[start:start + BATCH])]
            for _ in range(3):  # a batch may be refused in part: send those again
                answer = self.client.send_message_batch(QueueUrl=self.url, Entries=entries)
                failed = {f["Id"] for f in answer.get("Failed", [])}
                entries = [e for e in entries if e["Id"] in failed]
                if not entries:
                    break
            else:
                raise Unavailable("The message queue is busy; please try again.")
