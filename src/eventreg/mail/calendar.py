"""The .ics that comes with a registration's mails (icalendar): the event and the person's sessions,
with TZID in the event's timezone and UIDs that stay the same for a registration, so an update
replaces the entries and a cancellation (METHOD:CANCEL) removes exactly them."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from icalendar import Calendar, Timezone
from icalendar import Event as VEvent
from icalendar.prop import vCalAddress, vText

from eventreg.domain.models import Event, Registration, Session

PRODID = "-//eventreg//registration//EN"


def uid(registration: Registration, item: str) -> str:
    return f"{registration.registration_id}-{item}@eventreg"


def _entry(event: Event, registration: Registration, item: str, title: str, start: datetime, end: datetime,
           location: str, sender: str, sequence: int, cancelled: bool) -> VEvent:
    entry = VEvent()
    entry.add("uid", uid(registration, item))
    entry.add("sequence", sequence)
    entry.add("dtstamp", registration.updated_at or registration.created_at)
    entry.add("summary", title)
    entry.add("dtstart", start.astimezone(event.tz))
    entry.add("dtend", end.astimezone(event.tz))
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
        cal.add_component(_entry(event, registration, f"session-{session.session_id}",
                                 session.title_in(language, event.language), session.starts_at, session.ends_at,
                                 room, sender, sequence, cancel))
    body = bytes(cal.to_ical())
    # The VTIMEZONE goes before the entries that use its TZID. It is the same for every mail of an event,
    # and the bulk of the file's lines: serialised once per process (was 2/3 of a mail's .ics time).
    at = body.index(b"BEGIN:VEVENT") if b"BEGIN:VEVENT" in body else body.index(b"END:VCALENDAR")
    return body[:at] + vtimezone(event.timezone, event.starts_at.year - 1, event.ends_at.year + 2) + body[at:]


@lru_cache(maxsize=32)
def vtimezone(tzid: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of `tzid` with the rules of the years around the event only, which keeps it small."""
    return bytes(Timezone.from_tzid(tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1)).to_ical())
