"""Attendance in the statistics (#15): check-ins counted per event and per session among the registrations in
scope, no-shows (confirmed, not checked in) only once the event or the session has begun, a partner's figures
over its own attendees."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from test_statistics import FULL, item
from unit_helpers import build_event, build_sessions

from eventreg.domain.access import Access
from eventreg.domain.checkins import EVENT_SCOPE, Checkin
from eventreg.report.statistics.content import compute

EVENT = build_event()
SESSIONS = list(build_sessions().values())


def came(registration_id: str, scope: str = EVENT_SCOPE) -> Checkin:
    return Checkin(EVENT.event_id, registration_id, scope, EVENT.starts_at, "org", "Desk")


def people() -> list[dict[str, Any]]:
    return [item(registration_id="r1", sessions=["plenary"]), item(registration_id="r2", sessions=["plenary"]),
            item(registration_id="r3", sessions=["lab-a"]), item(registration_id="r4", status="cancelled"),
            item(registration_id="r5", status="waitlisted")]


def test_checkins_and_no_shows_after_the_start() -> None:
    checkins = [came("r1"), came("r3"), came("r1", "plenary"), came("gone")]  # gone: not among the registrations
    figures = compute(EVENT, SESSIONS, people(), FULL, "en", checkins, EVENT.ends_at + timedelta(days=1))
    assert figures["attendance"] == {"confirmed": 3, "checked_in": 2, "no_shows": 1}
    by_session = {s["session_id"]: (s["checked_in"], s["no_shows"]) for s in figures["sessions"]}
    assert by_session["plenary"] == (1, 1)
    assert by_session["lab-a"] == (0, 1)


def test_no_shows_are_not_counted_before_the_start() -> None:
    figures = compute(EVENT, SESSIONS, people(), FULL, "en", [came("r1")], EVENT.starts_at - timedelta(minutes=1))
    assert figures["attendance"] == {"confirmed": 3, "checked_in": 1, "no_shows": None}
    assert all(s["no_shows"] is None for s in figures["sessions"] if s["starts_at"] > EVENT.starts_at.isoformat())


def test_a_partner_counts_its_own_attendees_only() -> None:
    partner = Access("partner", False, frozenset({"lab-a"}))
    figures = compute(EVENT, SESSIONS, people(), partner, "en", [came("r1"), came("r3")],
                      EVENT.starts_at + timedelta(days=30))
    assert figures["attendance"] == {"confirmed": 1, "checked_in": 1, "no_shows": 0}
    assert [s["session_id"] for s in figures["sessions"]] == ["lab-a"]


def test_without_checkins_nobody_came() -> None:
    figures = compute(EVENT, SESSIONS, people(), FULL, "en")
    assert figures["attendance"] == {"confirmed": 3, "checked_in": 0, "no_shows": None}
