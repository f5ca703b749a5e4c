"""The delegation trip report with actual attendance (#15): once the door checked any member in, the report counts
who came (those checked in for the event), names who was expected but did not come, and lists for each the
sessions they were checked in for (their booked sessions when no session was checked)."""

from __future__ import annotations

from test_trip_report import delegation, section, summit, table, utc

from eventreg.domain.checkins import EVENT_SCOPE, Checkin
from eventreg.report.trips.content import Paragraph, trip_report


def came(n: int, scope: str = EVENT_SCOPE) -> Checkin:
    return Checkin("urban-summit", f"01KA3F7Q9MZ6T2X8WB4NRCDJ6{n}", scope, utc(12, 8), "door", "Door")


def test_without_checkins_the_report_counts_who_registered() -> None:
    event, sessions = summit()
    built = trip_report(event, sessions, delegation(), "en")
    assert len(table(built, "persons").rows) == 5  # confirmed and still going (waitlisted, cancelled aside)


def test_checkins_make_it_say_who_came_and_where() -> None:
    event, sessions = summit()
    # Anne came and was checked in at the opening only; Bram came (no session checked); the others did not.
    built = trip_report(event, sessions, delegation(), "en", [came(1), came(1, "opening"), came(3)])
    names = [row[0][0] for row in table(built, "persons").rows]
    assert names == ["Anne de Vries", "Bram Jansen"]
    notes = [b.text for b in section(built, "persons") if isinstance(b, Paragraph)]
    assert any(note.startswith("Registered but not checked in, not counted:") and "Chantal Bakker" in note
               for note in notes)
    per_person = {row[0][0]: row[1] for row in table(built, "purpose").rows}
    assert len(per_person["Anne de Vries"]) == 1 and "Opening plenary" in per_person["Anne de Vries"][0]
    assert "Energy lab" in per_person["Bram Jansen"][0]  # booked, no session check-in: the booking stands
