"""The .ics that comes with a registration's mails (icalendar): the event and the person's sessions,
with TZID in the event's timezone and UIDs that stay the same for a registration, so an update
replaces the entries and a cancellation (METHOD:CANCEL) removes exactly them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache

from icalendar import Calendar, Timezone
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
           location: str, sender: str, sequence: int, cancelled: bool, description: str) -> bytes:
    """One VEVENT: the registrant's own properties, then those every registrant's entry shares."""
    own = VEvent()
    own.add("uid", uid(registration, item))
    if description:
        own.add("description", description)
    own.add("sequence", sequence)
    own.add("dtstamp", registration.updated_at or registration.created_at)
    attendee = vCalAddress(f"mailto:{registration.email}")
    attendee.params["cn"] = vText(registration.name)
    own.add("attendee", attendee)
    start, end = local_time(start, event), local_time(end, event)
    # Aware datetimes compare equal across zones: the zone names are part of the cache key.
    shared = _shared(title, start, end, (str(start.tzinfo), str(end.tzinfo)), location, sender,
                     event.organising_unit or event.title_in(event.language), cancelled)
    return _inner(bytes(own.to_ical()), b"VEVENT") + shared


@lru_cache(maxsize=2048)
def _shared(title: str, start: datetime, end: datetime, zones: tuple[str, str], location: str, sender: str,
            organiser: str, cancelled: bool) -> bytes:
    """The content lines of an entry that are the same for every registrant, serialised once per process
    (folding content lines is icalendar's main cost: 2/3 of a mail's .ics time)."""
    entry = VEvent()
    entry.add("summary", title)
    entry.add("dtstart", start)
    entry.add("dtend", end)
    if location:
        entry.add("location", location)
    organizer = vCalAddress(f"mailto:{sender}")
    organizer.params["cn"] = vText(organiser)
    entry.add("organizer", organizer)
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return _inner(bytes(entry.to_ical()), b"VEVENT")


def _inner(component: bytes, name: bytes) -> bytes:
    """A serialised component's content lines without its BEGIN and END lines."""
    begin, end = b"BEGIN:" + name + b"\r\n", b"END:" + name + b"\r\n"
    assert component.startswith(begin) and component.endswith(end)
    return component[len(begin):-len(end)]


def calendar(event: Event, sessions: list[Session], registration: Registration, sender: str, language: str,
             cancel: bool = False, only_sessions: bool = False, description: str = "") -> bytes:
    """METHOD:REQUEST with the event and `sessions`, or METHOD:CANCEL for the same UIDs (only the
    sessions, when a registrant dropped some). `description`: the person's own note on each entry (their
    check-in code as text: calendar apps show no images)."""
    venue = event.venue
    where = ", ".join(p for p in (venue.name, venue.room, venue.address) if p) if venue else ""
    if registration.attendance_mode.value == "online":
        where = event.online_url or "online"
    sequence = registration.version
    entries = []
    if not only_sessions:
        entries.append(_entry(event, registration, "event", event.title_in(language), event.starts_at,
                              event.ends_at, where, sender, sequence, cancel, description))
    for session in sessions:
        room = session.room if registration.attendance_mode.value == "in_person" else where
        entries.append(_entry(event, registration, session_item(session.session_id),
                              session.title_in(language, event.language), session.starts_at, session.ends_at,
                              room, sender, sequence, cancel, description))
    # The VTIMEZONE goes before the entries that use its TZID; it is the same for every mail of an event.
    return b"".join([
        _head(cancel),
        vtimezone(event.timezone, event.starts_at.year - 1, event.ends_at.year + 2),
        *(b"BEGIN:VEVENT\r\n" + entry + b"END:VEVENT\r\n" for entry in entries),
        b"END:VCALENDAR\r\n",
    ])


@lru_cache(maxsize=2)
def _head(cancel: bool) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancel else "REQUEST")
    return b"BEGIN:VCALENDAR\r\n" + _inner(bytes(cal.to_ical()), b"VCALENDAR")


@lru_cache(maxsize=32)
def vtimezone(tzid: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of `tzid` with the rules of the years around the event only, which keeps it small."""
    return bytes(Timezone.from_tzid(tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1)).to_ical())
