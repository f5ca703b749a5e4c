"""DynamoDB throttling: botocore's standard retry mode tries again; when the retries run out the
client gets 503 temporarily_unavailable, and nothing is half-written.

botocore's retries are exercised against a loopback stand-in that always answers "throttled" (moto
would still apply the write behind a stubbed response); the HTTP answer is checked on the moto stack.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType
from typing import Any

import boto3
import botocore.endpoint
import pytest
from chalice.test import Client
from integration_support import Stack
from test_registration_api import assert_nothing_written, person, post_json

from devstack.seed import demo_event
from eventreg.adapters import clients
from eventreg.adapters.dynamodb.repository import Repository
from eventreg.domain.errors import Unavailable
from eventreg.domain.models import utc_now
from eventreg.domain.parsing import parse_request
from eventreg.domain.registration import plan_registration

THROTTLED = json.dumps({
    "__type": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
    "message": "The level of configured provisioned throughput for the table was exceeded.",
}).encode()


@pytest.fixture
def always_throttled(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, list[str]]]:
    """A DynamoDB endpoint on loopback that answers every call 400 ProvisionedThroughputExceeded."""
    seen: list[str] = []
    monkeypatch.setattr(botocore.endpoint.time, "sleep", lambda _seconds: None)  # skip the back-off waits

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append(self.headers.get("X-Amz-Target", ""))
            self.send_response(400)
            self.send_header("Content-Type", "application/x-amz-json-1.0")
            self.send_header("Content-Length", str(len(THROTTLED)))
            self.end_headers()
            self.wfile.write(THROTTLED)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def test_a_throttled_registration_is_retried_then_refused_as_unavailable(
    always_throttled: tuple[str, list[str]],
) -> None:
    endpoint, seen = always_throttled
    client = boto3.client("dynamodb", endpoint_url=endpoint, region_name="eu-west-1", aws_access_key_id="x",
                          aws_secret_access_key="x", config=clients.RETRIES)
    event, sessions = demo_event()
    now = utc_now()
    plan = plan_registration(event, {s.session_id: s for s in sessions}, parse_request(person()), now)
    with pytest.raises(Unavailable, match="nothing was saved"):
        Repository(client, "eventreg").apply(plan, now)
    assert seen == ["DynamoDB_20120810.TransactWriteItems"] * 6  # the first try and max_attempts=5 retries


def test_unavailable_answers_503_and_writes_nothing(
    stack: Stack, registration_service: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    def throttled(*_args: Any, **_kwargs: Any) -> None:
        raise Unavailable("The service is busy; nothing was saved. Please try again.")

    monkeypatch.setattr(Repository, "apply", throttled)
    with Client(registration_service.app) as client:
        response = post_json(client, person(email="throttled@example.eu"))
    assert response.status_code == 503
    assert response.json_body["error"]["code"] == "temporarily_unavailable"
    assert_nothing_written(stack)
