"""The .ics that comes with a registration's mails (icalendar): the event and the person's sessions,
with TZID in the event's timezone and UIDs that stay the same for a registration, so an update
replaces the entries and a cancellation (METHOD:CANCEL) removes exactly them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from icalendar import Calendar
from icalendar import Event as VEvent
from icalendar.prop import vCalAddress, vText

from eventreg.domain.models import Event, Registration, Session

PRODID = "-//eventreg//registration//EN"


def uid_of(owner: str, item: str) -> str:
    """The UID scheme of every calendar entry eventreg issues: `<owner>-<item>@eventreg`. A person's
    entries are owned by their registration; the public programme feed's by the event (both
    name a session `session-<id>`), so subscribing to the feed never replaces an invitation."""
    return f"{owner}-{item}@eventreg"


def session_item(session_id: str) -> str:
    return f"session-{session_id}"


def uid(registration: Registration, item: str) -> str:
    return uid_of(registration.registration_id, item)


def local_time(value: datetime, event: Event) -> datetime:
    """An instant as DTSTART/DTEND write it: local time with TZID of the event's timezone. The second
    occurrence of a local time (the hour clocks go back) stays in UTC, since a TZID time that occurs
    twice means the first one (RFC 5545, 3.3.5)."""
    local = value.astimezone(event.tz)
    return value.astimezone(UTC) if local.fold else local


def add_timezone(cal: Calendar, event: Event) -> None:
    """The VTIMEZONE of the event's timezone, with the rules for the years around the event only
    (keeps the file small)."""
    first, last = date(event.starts_at.year - 1, 1, 1), date(event.ends_at.year + 2, 1, 1)
    cal.add_missing_timezones(first_date=first, last_date=last)


def _entry(event: Event, registration: Registration, item: str, title: str, start: datetime, end: datetime,
           location: str, sender: str, sequence: int, cancelled: bool) -> VEvent:
    entry = VEvent()
    entry.add("uid", uid(registration, item))
    entry.add("sequence", sequence)
    entry.add("dtstamp", registration.updated_at or registration.created_at)
    entry.add("summary", title)
    entry.add("dtstart", local_time(start, event))
    entry.add("dtend", local_time(end, event))
    if location:
        entry.add("location", location)
    organizer = vCalAddress(f"mailto:{sender}")
    organizer.params["cn"] = vText(event.organising_unit or event.title_in(event.language))
    entry.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{registration.email}")
    attendee.params["cn"] = vText(registration.name)
    entry.add("attendee", attendee)
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return entry


def calendar(event: Event, sessions: list[Session], registration: Registration, sender: str, language: str,
             cancel: bool = False, only_sessions: bool = False) -> bytes:
    """METHOD:REQUEST with the event and `sessions`, or METHOD:CANCEL for the same UIDs (only the
    sessions, when a registrant dropped some)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancel else "REQUEST")
    venue = event.venue
    where = ", ".join(p for p in (venue.name, venue.room, venue.address) if p) if venue else ""
    if registration.attendance_mode.value == "online":
        where = event.online_url or "online"
    sequence = registration.version
    if not only_sessions:
        cal.add_component(_entry(event, registration, "event", event.title_in(language), event.starts_at,
                                 event.ends_at, where, sender, sequence, cancel))
    for session in sessions:
        room = session.room if registration.attendance_mode.value == "in_person" else where
        cal.add_component(_entry(event, registration, session_item(session.session_id),
                                 session.title_in(language, event.language), session.starts_at, session.ends_at,
                                 room, sender, sequence, cancel))
    add_timezone(cal, event)
    return bytes(cal.to_ical())
