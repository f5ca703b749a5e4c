"""The statistics' arithmetic on registrations as the Query returns them (only the fields that
outlive anonymisation): bases, fill rates, per-day counts in the event's timezone, partner scope."""

from __future__ import annotations

from typing import Any

import pytest
from unit_helpers import build_event, build_sessions

from eventreg.domain.access import Access
from eventreg.domain.models import Session
from eventreg.domain.types import LANGUAGES
from eventreg.report.statistics.content import FIELDS, compute, fill_rate

FULL = Access("org-regio-b1", True, frozenset(build_sessions()))


def item(status: str = "confirmed", mode: str = "in_person", country: str = "PL", kind: str = "city",
         sessions: list[str] | None = None, waiting: list[str] | None = None,
         created_at: str = "2026-03-05T08:30:00Z", **extra: Any) -> dict[str, Any]:
    plain = {"status": status, "attendance_mode": mode, "country": country, "organisation_type": kind,
             "sessions": sessions or [], "waitlisted_sessions": waiting or [], "created_at": created_at, **extra}
    assert set(plain) <= set(FIELDS)  # nothing the retention job removes
    return plain


def figures(items: list[dict[str, Any]], scope: Access = FULL, language: str = "en",
            sessions: list[Session] | None = None) -> dict[str, Any]:
    programme = sessions if sessions is not None else list(build_sessions().values())
    return compute(build_event(), programme, items, scope, language)


def test_an_empty_event() -> None:
    result = figures([])
    assert result["total"] == result["live"] == result["anonymised"] == 0
    assert result["by_status"] == {"confirmed": 0, "pending": 0, "waitlisted": 0, "rejected": 0, "cancelled": 0}
    assert result["by_attendance_mode"] == {"in_person": 0, "online": 0}
    assert result["by_country"] == []
    assert set(result["by_organisation_type"].values()) == {0}
    assert result["over_time"] == []
    fills = {s["session_id"]: s["fill_rate"] for s in result["sessions"]}
    assert fills == {"plenary": 0.0, "lab-a": 0.0, "lab-b": None, "webinar": 0.0}  # lab-b is unlimited
    assert result["modes"] == [
        {"mode": "in_person", "capacity": 100, "registered": 0, "waitlisted": 0, "fill_rate": 0.0},
        {"mode": "online", "capacity": None, "registered": 0, "waitlisted": 0, "fill_rate": None},
    ]


def test_fill_rate() -> None:
    assert fill_rate(15, 20) == 0.75
    assert fill_rate(1, 3) == 0.3333
    assert fill_rate(5, None) is None
    assert fill_rate(0, 0) == 1.0  # a session without seats is full
    assert fill_rate(22, 20) == 1.1  # an organiser lowered the capacity under the seats taken


def test_counts_by_status_mode_country_and_organisation_type() -> None:
    items = [
        item(sessions=["plenary", "lab-a"]),
        item(country="BE", kind="region", sessions=["plenary"], waiting=["lab-a"]),
        item(status="pending", mode="online", country="BE", kind="ngo", sessions=["webinar"]),
        item(status="waitlisted", country="FI", waiting=["plenary"]),  # waits for the event: no session seat
        item(status="cancelled", country="DE", sessions=["lab-a"]),
        item(status="rejected", country="DE", kind="business"),
        item(country="BE", kind="region", anonymised=True, sessions=["lab-b"]),
    ]
    result = figures(items, language="fr")
    assert result["total"] == 7 and result["live"] == 5 and result["anonymised"] == 1
    assert result["by_status"] == {"confirmed": 3, "pending": 1, "waitlisted": 1, "rejected": 1, "cancelled": 1}
    assert result["by_attendance_mode"] == {"in_person": 4, "online": 1}  # live only
    assert result["by_country"] == [  # most first, then by code; names in the reader's language
        {"code": "BE", "name": "Belgique", "count": 3},
        {"code": "FI", "name": "Finlande", "count": 1},
        {"code": "PL", "name": "Pologne", "count": 1},
    ]
    assert {k: v for k, v in result["by_organisation_type"].items() if v} == {"city": 2, "region": 2, "ngo": 1}
    sessions = {s["session_id"]: s for s in result["sessions"]}
    assert (sessions["plenary"]["registered"], sessions["plenary"]["waitlisted"]) == (2, 0)
    assert (sessions["lab-a"]["registered"], sessions["lab-a"]["waitlisted"]) == (1, 1)
    assert sessions["lab-a"]["fill_rate"] == 0.05  # 1 of 20
    assert sessions["lab-b"]["registered"] == 1 and sessions["lab-b"]["fill_rate"] is None
    assert sessions["webinar"]["registered"] == 1
    modes = {m["mode"]: m for m in result["modes"]}
    assert (modes["in_person"]["registered"], modes["in_person"]["waitlisted"]) == (3, 1)
    assert modes["in_person"]["fill_rate"] == 0.03


def test_registrations_per_day_in_the_events_timezone_with_empty_days_and_cumulative() -> None:
    items = [
        item(created_at="2026-03-05T08:30:00Z"),
        item(created_at="2026-03-05T22:59:59Z"),  # 23:59:59 CET: still 5 March in Brussels
        item(created_at="2026-03-05T23:00:00Z"),  # 00:00 CET: 6 March in Brussels
        item(created_at="2026-03-08T10:00:00Z", status="cancelled"),  # received, even if cancelled later
    ]
    assert figures(items)["over_time"] == [
        {"date": "2026-03-05", "count": 2, "cumulative": 2},
        {"date": "2026-03-06", "count": 1, "cumulative": 3},
        {"date": "2026-03-07", "count": 0, "cumulative": 3},
        {"date": "2026-03-08", "count": 1, "cumulative": 4},
    ]


def test_per_day_across_the_spring_clock_change() -> None:
    # 29 March 2026: CET (UTC+1) until 01:00Z, CEST (UTC+2) after. 22:30Z on the 29th is 00:30 CEST on the 30th.
    items = [item(created_at="2026-03-28T23:30:00Z"), item(created_at="2026-03-29T21:59:00Z"),
             item(created_at="2026-03-29T22:30:00Z")]
    assert [(d["date"], d["count"]) for d in figures(items)["over_time"]] == [
        ("2026-03-29", 2), ("2026-03-30", 1)]


def test_a_partner_sees_only_its_sessions_figures() -> None:
    partner = Access("org-partner", False, frozenset({"lab-b"}))
    items = [
        item(sessions=["lab-b"], country="NL"),
        item(status="pending", sessions=["plenary"], waiting=["lab-b"], country="LU"),
        item(status="cancelled", sessions=["lab-b"], country="NL"),
        item(sessions=["plenary", "lab-a"], country="PL"),  # not the partner's business
        item(status="waitlisted", waiting=["lab-a"], country="PL"),
    ]
    result = figures(items, scope=partner)
    assert result["scope"] == {"full": False, "sessions": ["lab-b"]}
    assert result["total"] == 3 and result["live"] == 2
    assert [c["code"] for c in result["by_country"]] == ["LU", "NL"]
    assert [s["session_id"] for s in result["sessions"]] == ["lab-b"]
    assert result["sessions"][0]["registered"] == 1 and result["sessions"][0]["waitlisted"] == 1
    assert "modes" not in result  # the event's own places are the main organisers' business


def test_anonymised_registrations_count_like_any_other() -> None:
    before = [item(country="BE", sessions=["plenary"]), item(status="cancelled", country="DE")]
    after = [{**i, "anonymised": True} for i in before]
    counted, anonymised = figures(before), figures(after)
    assert anonymised["anonymised"] == 2
    assert {k: v for k, v in anonymised.items() if k != "anonymised"} == {
        k: v for k, v in counted.items() if k != "anonymised"}


def test_missing_optional_fields_do_not_break_the_figures() -> None:
    bare = {"status": "confirmed", "attendance_mode": "online", "created_at": "2026-03-05T08:30:00Z"}
    result = figures([bare])
    assert result["by_organisation_type"]["other"] == 1
    assert result["by_country"] == [{"code": "", "name": "", "count": 1}]


@pytest.mark.parametrize("language", LANGUAGES)
def test_session_titles_in_the_readers_language(language: str) -> None:
    titles = {s["session_id"]: s["title"] for s in figures([], language=language)["sessions"]}
    assert titles["plenary"] == ("Eröffnungsplenum" if language == "de" else "Opening plenary")
