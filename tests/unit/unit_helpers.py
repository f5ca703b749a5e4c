"""Domain objects at fixed instants for unit tests (no clock, no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from eventreg.domain.models import (
    AttendanceMode,
    Event,
    EventStatus,
    Registration,
    RegistrationRequest,
    RegistrationStatus,
    Session,
    Venue,
)

# A one-day workshop in Brussels. EU summer time 2026 runs from 29 March to 25 October.
OPENS = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)  # 10:00 CET
WINTER_CUTOFF = datetime(2026, 3, 20, 22, 59, 59, tzinfo=UTC)  # 20 March 2026, 23:59:59 CET
SUMMER_CUTOFF = datetime(2026, 5, 18, 21, 59, 59, tzinfo=UTC)  # 18 May 2026, 23:59:59 CEST


def build_event(**overrides: Any) -> Event:
    fields: dict[str, Any] = {
        "event_id": "eu-workshop",
        "title": "Workshop on cohesion policy",
        "description": "A one-day EU workshop.",
        "language": "en",
        "timezone": "Europe/Brussels",
        "starts_at": datetime(2026, 6, 10, 7, 0, tzinfo=UTC),
        "ends_at": datetime(2026, 6, 10, 15, 0, tzinfo=UTC),
        "venue": Venue(name="Charlemagne building", address="Rue de la Loi 170, 1040 Brussels", room="S3"),
        "online_url": "https://example.eu/live",
        "organising_unit": "DG REGIO, Unit B.1",
        "registration_opens_at": OPENS,
        "registration_closes_at": WINTER_CUTOFF,
        "status": EventStatus.OPEN,
        "capacity_in_person": 100,
        "capacity_online": None,
        "modes": [AttendanceMode.IN_PERSON, AttendanceMode.ONLINE],
        "organiser_ids": ["org-regio-b1"],
    }
    fields.update(overrides)
    return Event.model_validate(fields)


def build_registration(**overrides: Any) -> Registration:
    fields: dict[str, Any] = {
        "registration_id": "01KA3F7Q9MZ6T2X8WB4NRCDJ5E",
        "event_id": "eu-workshop",
        "name": "Elżbieta Bieńkowska",
        "email": "E.Bienkowska@example.eu",
        "email_norm": "e.bienkowska@example.eu",
        "organisation": "European Commission",
        "country": "PL",
        "attendance_mode": AttendanceMode.IN_PERSON,
        "status": RegistrationStatus.CONFIRMED,
        "created_at": datetime(2026, 3, 5, 8, 30, 0, tzinfo=UTC),
    }
    fields.update(overrides)
    return Registration.model_validate(fields)


# A hybrid programme on 10 June 2026 (CEST = UTC+2): a plenary, two overlapping workshops and a webinar.
def build_sessions() -> dict[str, Session]:
    def at(hour: int, minute: int = 0) -> datetime:
        return datetime(2026, 6, 10, hour, minute, tzinfo=UTC)

    sessions = [
        Session(session_id="plenary", title={"en": "Opening plenary", "de": "Eröffnungsplenum"},
                starts_at=at(7), ends_at=at(8), capacity=50),
        Session(session_id="lab-a", title={"en": "Lab A: open data", "de": "Labor A: offene Daten"},
                starts_at=at(9), ends_at=at(10, 30), modes=[AttendanceMode.IN_PERSON], capacity=20),
        Session(session_id="lab-b", title={"en": "Lab B: smart villages"},
                starts_at=at(10), ends_at=at(11), capacity=None),
        Session(session_id="webinar", title={"en": "Webinar: funding calls"},
                starts_at=at(11), ends_at=at(12), modes=[AttendanceMode.ONLINE], capacity=500),
    ]
    return {s.session_id: s for s in sessions}


def build_request(**overrides: Any) -> RegistrationRequest:
    fields: dict[str, Any] = {
        "name": "Elżbieta Bieńkowska",
        "email": "E.Bienkowska@example.eu",
        "organisation": "European Commission",
        "organisation_type": "eu_institution",
        "country": "PL",
        "attendance_mode": "in_person",
        "privacy_consent": True,
    }
    fields.update(overrides)
    return RegistrationRequest.model_validate(fields)
