"""Running the services as on Lambda (Powertools' JSON logs and EMF metrics on stdout) inside a test, and reading
back what they printed. The logging set-up is process-wide, so it is undone after each test."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from integration_support import Stack

from eventreg.entrypoints.observability import CORE_LOGGER, SDK_LOGGERS

SERVICE_LOGGERS = ("eventreg-registration", "eventreg-notifications", "eventreg-reports")


def reset_logging() -> None:
    """Every logger observe() configures back to a plain one, without Powertools' marks (a Powertools Logger
    reuses a logger it has marked, with the stream it had: the previous test's captured stdout)."""
    for name in (CORE_LOGGER, *SERVICE_LOGGERS, *SDK_LOGGERS):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
        logger.setLevel(logging.NOTSET)
        for mark in ("init", "powertools_handler", "powertools_buffer_config", "powertools_buffer_cache"):
            if hasattr(logger, mark):
                delattr(logger, mark)


@pytest.fixture
def as_on_lambda(stack: Stack, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[None]:
    """The environment a deployed function has (tracing off: no X-Ray daemon here). Load the services after it."""
    monkeypatch.setenv("LAMBDA_TASK_ROOT", "/var/task")
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "true")
    monkeypatch.delenv("POWERTOOLS_SERVICE_NAME", raising=False)
    reset_logging()
    yield
    reset_logging()


def printed(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    """The JSON documents printed to stdout since the last call: log lines and EMF metrics."""
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]


def log_lines(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [d for d in documents if "_aws" not in d]


def emitted_metrics(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """EMF documents: {"_aws": {"CloudWatchMetrics": [...]}, "<metric>": value, "<dimension>": value}."""
    return [d for d in documents if "_aws" in d]


def stream_batch(stack: Stack) -> dict[str, Any]:
    """Everything the table's stream holds, as one batch (the send log keeps redelivered records from mailing twice)."""
    return {"Records": stack.stream_records()}
