"""A programme around the night EU clocks go back (Sunday 25 October 2026, 03:00 CEST -> 02:00 CET)
in Europe/Brussels, with a session past midnight, for the agenda tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from unit_helpers import build_event

from eventreg.domain.models import AttendanceMode, Event, Session, Venue

PROBE = '<script>alert("x")</script>'


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def autumn_event(**overrides: Any) -> Event:
    fields: dict[str, Any] = {
        "event_id": "night-of-regions",
        "title": {"en": "Night of the Regions", "fr": "Nuit des régions", "de": "Nacht der Regionen"},
        "starts_at": utc(10, 24, 8),
        "ends_at": utc(10, 26, 12),
        "venue": Venue(name="Hôtel de ville de Łódź", address="ul. Piotrkowska 104, Łódź", room=""),
        "registration_closes_at": utc(10, 20, 21, 59),
    }
    return build_event(**{**fields, **overrides})


def autumn_sessions() -> list[Session]:
    hybrid = [AttendanceMode.IN_PERSON, AttendanceMode.ONLINE]
    return [
        # Saturday 24 October, CEST (UTC+2).
        Session(session_id="welcome", title={"en": "Welcome to Zürich and Łódź", "fr": "Bienvenue à Zürich et Łódź"},
                starts_at=utc(10, 24, 8), ends_at=utc(10, 24, 9, 30), room="Salle Ω", track="Plenary",
                speakers=["Elżbieta Bieńkowska", "Jean-Pierre Dubois"], modes=hybrid, capacity=200,
                description={"en": "Opening words.", "de": "Eröffnungsworte."}),
        Session(session_id="side-event", title={"en": "Side event on urban mobility"},
                starts_at=utc(10, 24, 8), ends_at=utc(10, 24, 9), room="Room 2", track="Mobility",
                modes=[AttendanceMode.IN_PERSON], capacity=None),
        # 23:00 CEST Saturday to 01:00 CEST Sunday: stays on Saturday.
        Session(session_id="night-walk", title={"en": "Night walk through the old town"},
                starts_at=utc(10, 24, 21), ends_at=utc(10, 24, 23), room="Meeting point: Grand-Place",
                track="Culture", speakers=["Guide Ærø"], modes=[AttendanceMode.IN_PERSON], capacity=25),
        # Sunday 25 October: 02:30 happens twice, first in CEST (00:30Z) then in CET (01:30Z).
        Session(session_id="first-0230", title={"en": "Astronomy talk, first 02:30"},
                starts_at=utc(10, 25, 0, 30), ends_at=utc(10, 25, 0, 50), room="Observatory", modes=hybrid),
        Session(session_id="second-0230", title={"en": "Astronomy talk, second 02:30"},
                starts_at=utc(10, 25, 1, 30), ends_at=utc(10, 25, 2), room="Observatory", modes=hybrid),
        Session(session_id="brunch", title={"en": "Brunch debate"},
                starts_at=utc(10, 25, 9), ends_at=utc(10, 25, 10), room="Foyer", modes=[AttendanceMode.ONLINE]),
        # Monday 26 October, CET (UTC+1): 08:00Z is 09:00 local (on Saturday 08:00Z was 10:00).
        Session(session_id="closing", title={"en": "Closing plenary"},
                starts_at=utc(10, 26, 8), ends_at=utc(10, 26, 9), room="Salle Ω", track="Plenary",
                speakers=["Chair"], modes=hybrid, capacity=200),
    ]
