"""Helpers for the in-process integration tests (moto mock_aws): the stack handle and a Lambda context."""

from __future__ import annotations

import email
import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path
from types import ModuleType
from typing import Any

from moto.core import DEFAULT_ACCOUNT_ID

from eventreg.adapters import clients
from eventreg.adapters.dynamodb import keys
from eventreg.adapters.dynamodb.repository import Repository
from eventreg.domain.models import Event, Session

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVICES = REPO_ROOT / "services"
REGION = "eu-west-1"
JWT_SECRET = "integration-test-secret-0123456789abcdef"
MAIL_FROM = "events@eventreg.example.eu"
LINK_KEY = "integration-link-key-fedcba9876543210"
DEMO_EVENT = "ewrc-demo"
DEMO_ORGANISER = "org-cor-regio"
# The demo event's own items: the event and its five sessions.
DEMO_BASE_ITEMS = 6


def load_service(name: str) -> ModuleType:
    """services/<name>/app.py as its own module (all three files are called app.py)."""
    path = SERVICES / name / "app.py"
    spec = importlib.util.spec_from_file_location(f"eventreg_service_{name}_app", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class LambdaContext:
    """The attributes of the Lambda runtime's context object that handlers and Chalice read."""

    function_name: str = "eventreg-registration-dev"
    aws_request_id: str = "9f3c1e2a-0d1b-4c7e-9a55-6b2f0c8d4e11"
    memory_limit_in_mb: int = 256
    function_version: str = "$LATEST"
    invoked_function_arn: str = "arn:aws:lambda:eu-west-1:123456789012:function:eventreg-registration-dev"
    log_group_name: str = "/aws/lambda/eventreg-registration-dev"
    log_stream_name: str = "2026/05/04/[$LATEST]abcdef0123456789"
    remaining_ms: int = 29_000

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


@dataclass
class Stack:
    """The mocked AWS side: the table (through the app's own client and repository) and SES's outbox."""

    repo: Repository
    table: str

    @property
    def client(self) -> Any:
        return self.repo.client

    # -- DynamoDB --------------------------------------------------------------------------------
    def partition(self, event_id: str = DEMO_EVENT, prefix: str = "") -> list[dict[str, Any]]:
        """All items of an event's partition (optionally under an SK prefix), raw attribute values."""
        kwargs: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
            "ExpressionAttributeValues": {":pk": {"S": keys.event_pk(event_id)}, ":prefix": {"S": prefix}},
        }
        if not prefix:
            kwargs["KeyConditionExpression"] = "PK = :pk"
            del kwargs["ExpressionAttributeValues"][":prefix"]
        found: list[dict[str, Any]] = []
        while True:
            page = self.client.query(**kwargs)
            found += page["Items"]
            if "LastEvaluatedKey" not in page:
                return found
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def count(self, event_id: str = DEMO_EVENT, prefix: str = "") -> int:
        return len(self.partition(event_id, prefix))

    def registered_count(self, event_id: str = DEMO_EVENT) -> int:
        """People holding a place, in person and online."""
        event = self.repo.get_event(event_id)
        return event.registered_in_person + event.registered_online

    def update_event(self, event_id: str = DEMO_EVENT, **changes: Any) -> Event:
        """Replace the event item with changed fields (validated), leaving its sessions in place."""
        current = self.repo.get_event(event_id)
        event = Event.model_validate({**current.model_dump(), **changes})
        self.repo.put_event(event)
        return event

    def sessions(self, event_id: str = DEMO_EVENT) -> dict[str, Session]:
        return {s.session_id: s for s in self.repo.get_event_with_sessions(event_id)[1]}

    def update_session(self, session_id: str, event_id: str = DEMO_EVENT, **changes: Any) -> Session:
        """Replace one session item with changed fields (validated)."""
        event, sessions = self.repo.get_event_with_sessions(event_id)
        (current,) = [s for s in sessions if s.session_id == session_id]
        session = Session.model_validate({**current.model_dump(), **changes})
        self.repo.put_event(event, [session])
        return session

    def snapshot(self, event_id: str = DEMO_EVENT) -> list[dict[str, Any]]:
        """Every item of the partition, in key order: equal snapshots mean nothing was written."""
        return sorted(self.partition(event_id), key=lambda item: item["SK"]["S"])

    @contextmanager
    def record_calls(self) -> Iterator[list[str]]:
        """The DynamoDB operations made on the app's client inside the block, in order."""
        calls: list[str] = []

        def hook(model: Any, **_: Any) -> None:
            calls.append(model.name)

        events = clients.dynamodb().meta.events  # the process-wide client every repository() uses
        events.register("before-call.dynamodb", hook, unique_id="integration-call-recorder")
        try:
            yield calls
        finally:
            events.unregister("before-call.dynamodb", unique_id="integration-call-recorder")

    # -- SES ---------------------------------------------------------------------------------------
    def stream_records(self) -> list[dict[str, Any]]:
        """Everything moto's table stream holds, as Lambda's event source mapping delivers the records."""
        arn = self.client.describe_table(TableName=self.table)["Table"]["LatestStreamArn"]
        streams = clients.dynamodb_streams()
        records: list[dict[str, Any]] = []
        for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
            iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                                  ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            for delivered in streams.get_records(ShardIterator=iterator, Limit=1000)["Records"]:
                record: dict[str, Any] = dict(delivered)
                created = record["dynamodb"]["ApproximateCreationDateTime"]
                if isinstance(created, datetime):
                    record["dynamodb"]["ApproximateCreationDateTime"] = created.timestamp()
                record["eventSourceARN"] = arn
                records.append(record)
        return records

    def sent_messages(self) -> list[Any]:
        from moto.ses.models import ses_backends

        return list(ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages)

    def sent_emails(self) -> list[EmailMessage]:
        parsed = []
        for sent in self.sent_messages():
            message = email.message_from_string(sent.raw_data, policy=policy.default)
            assert isinstance(message, EmailMessage)
            parsed.append(message)
        return parsed
