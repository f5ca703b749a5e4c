"""Delegations, pure: where their registrations lie in the event partition, and which days each member
attends (for the trip report). No I/O."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from eventreg.domain.events import Event, Session
from eventreg.domain.types import AttendanceMode

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RANDOM_DIGITS = 16  # a ULID: 10 digits of milliseconds, then 16 of randomness
# A delegation's id is made just before its registrations' ids, in the same plan (and a re-plan makes new
# ones of each), so their ids follow it within milliseconds. The window is generous on both sides (a
# clock stepped back by NTP); it costs only the registrations made in those seconds.
WINDOW_BEFORE_MS = 5_000
WINDOW_AFTER_MS = 120_000
# Days of one session (or of the whole event) a stay lists at most: a trip report formats each listed day,
# and a programme that spans centuries must not make it enumerate them (the counts still say how long).
MAX_LISTED_DAYS = 366


class NotAnId(ValueError):
    pass


def id_millis(identifier: str) -> int:
    """The millisecond timestamp of an id made by eventreg.domain.types.new_id."""
    if len(identifier) != 10 + _RANDOM_DIGITS or any(c not in _CROCKFORD for c in identifier):
        raise NotAnId("not an eventreg id")
    value = 0
    for char in identifier[:10]:
        value = value * 32 + _CROCKFORD.index(char)
    return value


def _millis_digits(ms: int) -> str:
    return "".join(_CROCKFORD[(ms >> shift) & 31] for shift in range(45, -1, -5))


def delegation_window(delegation_id: str) -> tuple[str, str]:
    """The lowest and highest registration id the delegation's registrations can have (inclusive)."""
    ms = id_millis(delegation_id)
    low = max(ms - WINDOW_BEFORE_MS, 0)
    high = min(ms + WINDOW_AFTER_MS, 2**48 - 1)
    return _millis_digits(low) + "0" * _RANDOM_DIGITS, _millis_digits(high) + "Z" * _RANDOM_DIGITS


@dataclass(frozen=True)
class Stay:
    """Which days someone attends and, as a suggestion for the report, how long the trip was."""

    days: list[date]  # the days they attend, in the event's timezone
    trip_days: int  # first to last day, both included
    nights: int  # trip_days - 1 in person; 0 online (no travel)


def _dates(start: datetime, end: datetime, zone: ZoneInfo) -> list[date]:
    first = start.astimezone(zone).date()
    # An end at midnight closes the day before (a session until 00:00 is no day of its own).
    last = _last_date(start, end, zone)
    return [first + timedelta(days=n) for n in range(min((last - first).days + 1, MAX_LISTED_DAYS))]


def _last_date(start: datetime, end: datetime, zone: ZoneInfo) -> date:
    return (end - timedelta(microseconds=1)).astimezone(zone).date() if end > start else start.astimezone(zone).date()


def stay(event: Event, sessions: Iterable[Session], mode: AttendanceMode) -> Stay:
    """Days from the person's sessions; someone with no session attends the whole event."""
    zone = event.tz
    spans = [(s.starts_at, s.ends_at) for s in sessions] or [(event.starts_at, event.ends_at)]
    attended = sorted({d for start, end in spans for d in _dates(start, end, zone)})
    last = max(_last_date(start, end, zone) for start, end in spans)
    trip_days = (last - attended[0]).days + 1
    nights = trip_days - 1 if mode is AttendanceMode.IN_PERSON else 0
    return Stay(attended, trip_days, nights)
