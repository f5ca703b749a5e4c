"""A session (or event) that spans a century cannot make a trip report enumerate every day of it: the
delegation's trip-report.docx for a session from the year 435 to 1403 took minutes and held a worker (found
by schemathesis, tests/e2e/test_api_fuzz.py; instants are now 2000-2100, still 36,500 days). The days listed
are bounded; the counts stay what the dates say."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from eventreg.domain.delegations import MAX_LISTED_DAYS, stay
from eventreg.domain.models import AttendanceMode, Session


def test_a_session_spanning_a_century_lists_a_bounded_number_of_days(make_event: Any) -> None:
    event = make_event()
    session = Session(session_id="long", title={"en": "Long"}, starts_at=datetime(2000, 6, 27, 8, 43, tzinfo=UTC),
                      ends_at=datetime(2100, 4, 27, 12, 30, tzinfo=UTC))
    started = time.monotonic()
    found = stay(event, [session], AttendanceMode.IN_PERSON)
    assert time.monotonic() - started < 1.0
    assert len(found.days) <= MAX_LISTED_DAYS
    assert found.days[0].year == 2000 and found.trip_days > 36_000


def test_an_event_spanning_a_century_is_bounded_too(make_event: Any) -> None:
    event = make_event(starts_at=datetime(2000, 3, 25, tzinfo=UTC), ends_at=datetime(2100, 4, 22, tzinfo=UTC))
    found = stay(event, [], AttendanceMode.ONLINE)
    assert len(found.days) <= MAX_LISTED_DAYS and found.nights == 0


def test_ordinary_stays_are_unchanged(make_event: Any) -> None:
    event = make_event()
    session = Session(session_id="s", title={"en": "S"}, starts_at=datetime(2026, 6, 10, 7, tzinfo=UTC),
                      ends_at=datetime(2026, 6, 12, 15, tzinfo=UTC))
    found = stay(event, [session], AttendanceMode.IN_PERSON)
    assert (len(found.days), found.trip_days, found.nights) == (3, 3, 2)
