"""What the race tests share: an event open for registration now."""

from __future__ import annotations

from datetime import datetime, timedelta

from eventreg.domain.models import AttendanceMode, Event, EventStatus


def open_event(event_id: str, capacity: int | None, now: datetime, title: str = "Race") -> Event:
    return Event(
        event_id=event_id,
        title={"en": title},
        timezone="Europe/Brussels",
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=30, hours=8),
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=now + timedelta(days=20),
        status=EventStatus.OPEN,
        capacity_in_person=capacity,
        modes=[AttendanceMode.IN_PERSON, AttendanceMode.ONLINE],
    )
