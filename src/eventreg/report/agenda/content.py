"""An event's programme as an agenda: days, time slots, sessions with rooms, tracks and speakers, in
the event's timezone and a reader's language. Pure: the HTML, PDF and .ics renderings all read this.

A day is the local calendar day a session starts on (a session past midnight stays on its first day,
its end marked with the next day's date). A slot is one starting instant, so two sessions at "02:30"
on the night clocks go back are two slots; on such a day every time shows its zone abbreviation.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from itertools import groupby

from babel.dates import format_date

from eventreg.domain.models import AttendanceMode, Event, EventStatus, Session, localized
from eventreg.locale.catalog import words
from eventreg.locale.dates import format_clock, format_day, format_instant, locale_of
from eventreg.locale.fallbacks import fallback_note
from eventreg.locale.names import MODES


@dataclass(frozen=True)
class Entry:
    """One session as the agenda shows it."""

    session_id: str
    title: str
    description: str
    title_language: str  # the language each is in: the reader's, or a fallback (marked with its own lang)
    description_language: str
    starts_at: datetime  # UTC, as stored
    ends_at: datetime
    time: str  # "09:30–11:00", localised; the end carries its date when it is another day
    room: str
    track: str
    speakers: tuple[str, ...]
    modes: tuple[str, ...]  # "In person", "Online", in the reader's language
    in_person: bool
    capacity: int | None


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # UTC
    label: str  # the local starting time, e.g. "09:30" (or "02:30 CEST" on a day clocks change)
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Day:
    day: date  # local
    label: str  # "Monday 12 October 2026", localised
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class Agenda:
    event_id: str
    language: str
    title: str
    description: str
    title_language: str
    description_language: str
    language_note: str  # "Some texts of this event are only available in English.", or ""
    timezone: str
    status: str
    when: str  # first to last instant, localised
    where: str
    organiser: str
    days: tuple[Day, ...]
    rooms: tuple[str, ...]
    tracks: tuple[str, ...]

    @property
    def published(self) -> bool:
        return self.status != EventStatus.DRAFT.value

    def fingerprint(self) -> str:
        """A digest of everything the agenda shows: equal digests render equal agendas."""
        plain = json.dumps(asdict(self), default=str, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(plain.encode("utf-8")).hexdigest()


def _clock(value: datetime, event: Event, language: str, with_zone: bool) -> str:
    clock = format_clock(value, event.timezone, language)
    return f"{clock} {value.astimezone(event.tz).tzname()}" if with_zone else clock


def _short_date(value: datetime, event: Event, language: str) -> str:
    return format_date(value.astimezone(event.tz), "EEE d MMM", locale=locale_of(language))


def _entry(event: Event, session: Session, language: str, with_zone: bool) -> Entry:
    start = _clock(session.starts_at, event, language, with_zone)
    end = _clock(session.ends_at, event, language, with_zone)
    if session.ends_at.astimezone(event.tz).date() != session.starts_at.astimezone(event.tz).date():
        end = f"{end} ({_short_date(session.ends_at, event, language)})"
    title = localized(session.title, language, event.language)
    description = localized(session.description, language, event.language)
    return Entry(
        session_id=session.session_id,
        title=title.text,
        description=description.text,
        title_language=title.language,
        description_language=description.language,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        time=f"{start}–{end}",
        room=session.room,
        track=session.track,
        speakers=tuple(session.speakers),
        modes=tuple(words(language)(MODES[mode.value]) for mode in session.modes),
        in_person=AttendanceMode.IN_PERSON in session.modes,
        capacity=session.capacity,
    )


def _day(event: Event, day: date, sessions: list[Session], language: str) -> Day:
    # Clocks changed on this day when its sessions' starts and ends are not all at one UTC offset.
    offsets = {s.starts_at.astimezone(event.tz).utcoffset() for s in sessions}
    offsets |= {s.ends_at.astimezone(event.tz).utcoffset() for s in sessions}
    with_zone = len(offsets) > 1
    slots = []
    for starts_at, group in groupby(sessions, key=lambda s: s.starts_at):
        entries = sorted((_entry(event, s, language, with_zone) for s in group),
                         key=lambda e: (e.room.casefold(), e.ends_at, e.session_id))
        slots.append(Slot(starts_at, _clock(starts_at, event, language, with_zone), tuple(entries)))
    return Day(day, format_day(sessions[0].starts_at, event.timezone, language), tuple(slots))


def _where(event: Event, language: str) -> str:
    places = []
    if event.venue and "in_person" in event.modes:
        places.append(", ".join(p for p in (event.venue.name, event.venue.room, event.venue.address) if p))
    if "online" in event.modes:
        places.append(words(language)(MODES["online"]))
    return " · ".join(places)


def build(event: Event, sessions: list[Session], language: str) -> Agenda:
    """The agenda of `event` in `language` (texts missing in it fall back to the event's language)."""
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.session_id))
    days = tuple(
        _day(event, day, list(group), language)
        for day, group in groupby(ordered, key=lambda s: s.starts_at.astimezone(event.tz).date())
    )
    title = localized(event.title, language, event.language)
    description = localized(event.description, language, event.language)
    texts = [event.title, event.description, *(t for s in sessions for t in (s.title, s.description))]
    return Agenda(
        event_id=event.event_id,
        language=language,
        title=title.text,
        description=description.text,
        title_language=title.language,
        description_language=description.language,
        language_note=fallback_note(texts, language, event.language),
        timezone=event.timezone,
        status=event.status.value,
        when=f"{format_instant(event.starts_at, event.timezone, language)} – "
             f"{format_instant(event.ends_at, event.timezone, language)}",
        where=_where(event, language),
        organiser=event.organising_unit,
        days=days,
        rooms=tuple(sorted({s.room for s in sessions if s.room}, key=str.casefold)),
        tracks=tuple(sorted({s.track for s in sessions if s.track}, key=str.casefold)),
    )
