"""Feeds an SQS queue (on the moto server) to a Lambda handler, as AWS's SQS event source mapping does.

Receives up to ten messages, invokes the handler with a Lambda-shaped SQS event and deletes the messages it
did not report as failed (ReportBatchItemFailures). A failed message stays on the queue and comes back after
its visibility timeout; the queue's redrive policy moves it to the dead-letter queue after the last receive.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from devstack.dispatcher import LambdaContextStub, LambdaHandler

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient
    from mypy_boto3_sqs.type_defs import MessageTypeDef

log = logging.getLogger(__name__)


def lambda_sqs_record(message: MessageTypeDef, queue_arn: str, region: str) -> dict[str, Any]:
    """A received message in the shape Lambda delivers it."""
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": dict(message.get("Attributes") or {}),
        "messageAttributes": dict(message.get("MessageAttributes") or {}),
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }


class QueuePoller:
    def __init__(self, client: SQSClient, url: str, handler: LambdaHandler, function_name: str,
                 region: str = "eu-west-1", batch_size: int = 10, poll_seconds: float = 0.2) -> None:
        self.client = client
        self.url = url
        self.handler = handler
        self.function_name = function_name
        self.region = region
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.arn = client.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.delivered = 0
        self.failures = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> QueuePoller:
        self._thread = threading.Thread(target=self._run, name=f"{self.function_name}-queue", daemon=True)
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
                if self._stop.is_set():
                    return
                log.exception("queue polling failed; retrying")
                busy = False
            if not busy:
                self._stop.wait(self.poll_seconds)

    def poll_once(self) -> bool:
        """Receive one batch and hand it to the handler. True if there was anything."""
        answer = self.client.receive_message(QueueUrl=self.url, MaxNumberOfMessages=self.batch_size,
                                             MessageSystemAttributeNames=["All"])
        messages = answer.get("Messages", [])
        if not messages:
            return False
        records = [lambda_sqs_record(m, self.arn, self.region) for m in messages]
        try:
            result = self.handler({"Records": records}, LambdaContextStub(self.function_name))
            failed = {f["itemIdentifier"] for f in (result or {}).get("batchItemFailures", [])}
        except Exception:
            log.exception("handler failed on a batch of %d queued messages", len(records))
            failed = {r["messageId"] for r in records}
        done = [r for r in records if r["messageId"] not in failed]
        for start in range(0, len(done), 10):
            self.client.delete_message_batch(QueueUrl=self.url, Entries=[
                {"Id": str(i), "ReceiptHandle": r["receiptHandle"]} for i, r in enumerate(done[start:start + 10])])
        self.delivered += len(done)
        self.failures += len(failed)
        return True


def create_queue(client: SQSClient, name: str, dead_letters_arn: str, max_receives: int,
                 visibility_seconds: int = 10) -> str:
    """A queue whose messages go to the dead-letter queue after `max_receives` receives (as in infra/)."""
    redrive = f'{{"deadLetterTargetArn": "{dead_letters_arn}", "maxReceiveCount": "{max_receives}"}}'
    return client.create_queue(QueueName=name, Attributes={
        "RedrivePolicy": redrive, "VisibilityTimeout": str(visibility_seconds)})["QueueUrl"]
