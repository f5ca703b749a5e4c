"""tools/replay_dead_letters.py on AWS: the consumer's records are filtered as its deployed event source mapping
filters them, the alias is invoked with a Lambda stream event, and an error or a reported failure counts as a
failed replay (devstack.replay then keeps the dead letter)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

from replay_dead_letters import InvocationFailed, LambdaTarget, print_report

from eventreg.adapters.dynamodb.stream_filters import REPORT_RECORDS

STREAM = "arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/2026-01-01T00:00:00.000"
FUNCTION = "eventreg-prod-reports-on_table_change:live"


class FakeLambda:
    def __init__(self, answer: dict[str, Any] | None, error: bool = False) -> None:
        self.answer, self.error = answer, error
        self.invoked: list[dict[str, Any]] = []
        self.listed: list[dict[str, Any]] = []

    def list_event_source_mappings(self, **kwargs: Any) -> dict[str, Any]:
        self.listed.append(kwargs)
        return {"EventSourceMappings": [{"FilterCriteria": {"Filters": [{"Pattern": p} for p in REPORT_RECORDS]}}]}

    def invoke(self, **kwargs: Any) -> dict[str, Any]:
        self.invoked.append(kwargs)
        answer: dict[str, Any] = {"StatusCode": 200, "Payload": io.BytesIO(json.dumps(self.answer).encode())}
        if self.error:
            answer["FunctionError"] = "Unhandled"
        return answer


def record(kind: str) -> dict[str, Any]:
    return {"eventName": "INSERT", "eventSourceARN": STREAM,
            "dynamodb": {"SequenceNumber": "7", "NewImage": {"type": {"S": kind}}}}


def test_records_are_filtered_as_the_deployed_mapping_filters_them() -> None:
    client = FakeLambda({"batchItemFailures": []})
    target = LambdaTarget(client, FUNCTION)
    assert target.accepts(record("export")) and not target.accepts(record("registration"))
    assert client.listed == [{"FunctionName": FUNCTION, "EventSourceArn": STREAM}]  # read once per stream


def test_the_alias_is_invoked_and_reported_failures_are_returned() -> None:
    client = FakeLambda({"batchItemFailures": [{"itemIdentifier": "7"}]})
    assert LambdaTarget(client, FUNCTION).invoke({"Records": [record("export")]}) == ["7"]
    (call,) = client.invoked
    assert call["FunctionName"] == FUNCTION and call["InvocationType"] == "RequestResponse"
    assert json.loads(call["Payload"]) == {"Records": [record("export")]}


def test_a_function_error_fails_the_replay() -> None:
    client = FakeLambda({"errorType": "TimeoutError", "errorMessage": "Task timed out"}, error=True)
    with pytest.raises(InvocationFailed, match="TimeoutError"):
        LambdaTarget(client, FUNCTION).invoke({"Records": [record("export")]})


def test_the_report_lists_what_is_left(capsys: pytest.CaptureFixture[str]) -> None:
    left = {"counts": {"replayed": 1, "failed": 0, "expired": 1, "missing": 0},
            "outcomes": [{"status": "expired", "shard_id": "s", "start": "1", "end": "2", "detail": "gone"}]}
    assert print_report({FUNCTION: left}) is False
    out = capsys.readouterr().out
    assert "1 replayed, 0 failed again, 1 expired" in out and "expired  shard s 1..2: gone" in out
