"""The scheduled jobs run every 30 s locally (every minute on AWS): their logs say what happened, and a
tick that changed nothing says nothing at INFO."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, cast

import pytest

from eventreg.adapters.dynamodb.repository import Repository
from eventreg.privacy.ports import RetentionStore
from eventreg.privacy.retention import anonymise_expired_events
from eventreg.register.deadlines import close_due_events

NOW = datetime(2026, 5, 18, 22, 0, tzinfo=UTC)


class _DueEvents:
    """The two index reads the jobs make, and the conditional close (False: closed by someone else)."""

    def __init__(self, due: list[str], already_closed: frozenset[str] = frozenset()) -> None:
        self.due = due
        self.already_closed = already_closed

    def open_events_due(self, now: datetime) -> list[str]:
        return list(self.due)

    def close_event(self, event_id: str, now: datetime) -> bool:
        return event_id not in self.already_closed

    def events_due(self, now: datetime) -> list[str]:
        return list(self.due)


def _info(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]


def test_a_deadline_tick_that_closes_nothing_logs_nothing_at_info(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="eventreg")
    assert close_due_events(cast(Repository, _DueEvents([])), NOW) == []
    # An event closed by hand in the meantime is not "closed" by this run either.
    assert close_due_events(cast(Repository, _DueEvents(["ewrc-2026"], frozenset({"ewrc-2026"}))), NOW) == []
    assert _info(caplog) == []


def test_a_deadline_tick_logs_how_many_events_it_closed_and_which(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="eventreg")
    repo = _DueEvents(["ewrc-2026", "cohesion-workshop", "summit-2026"], frozenset({"summit-2026"}))
    assert close_due_events(cast(Repository, repo), NOW) == ["ewrc-2026", "cohesion-workshop"]
    assert _info(caplog) == ["closed registration of 2 event(s): ewrc-2026, cohesion-workshop"]
    record: Any = caplog.records[0]
    assert record.events == ["ewrc-2026", "cohesion-workshop"]


def test_a_retention_tick_with_nothing_due_logs_nothing_at_info(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="eventreg")
    run = anonymise_expired_events(cast(RetentionStore, _DueEvents([])), NOW)
    assert run.finished == [] and run.unfinished == []
    assert _info(caplog) == []
