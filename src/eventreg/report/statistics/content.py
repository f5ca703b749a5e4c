"""An event's figures for its organisers: registrations by status, attendance mode, country and
organisation type, session fill rates, registrations received per day, and attendance (check-ins, no-shows). Pure.

Only fields that outlive the retention job's anonymisation are read (FIELDS), so the figures of a
past event stay what they were once names and emails are gone. A partner organiser's figures count
the registrations that hold or wait for a seat in its own sessions, and list only those sessions.

Bases: `by_status` counts every registration received; mode, country and organisation type count
live ones (confirmed, pending, waitlisted). A session's `registered` and `waitlisted` count the
registrations holding a place in the event that have a seat in it or wait for one: what the
session's own counters hold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from eventreg.domain.access import Access
from eventreg.domain.checkins import EVENT_SCOPE, Checkin
from eventreg.domain.models import AttendanceMode, Event, OrganisationType, RegistrationStatus, Session
from eventreg.locale.countries import country_names

FIELDS = ("registration_id", "status", "attendance_mode", "country", "organisation_type", "sessions",
          "waitlisted_sessions", "created_at", "anonymised")
LIVE = frozenset(s.value for s in RegistrationStatus if s.live)
HOLDS_PLACE = frozenset(s.value for s in RegistrationStatus if s.holds_place)


def fill_rate(registered: int, capacity: int | None) -> float | None:
    """Share of the seats taken; None when unlimited. A session of no seats is full."""
    if capacity is None:
        return None
    return 1.0 if capacity == 0 else round(registered / capacity, 4)


@dataclass
class _Tally:
    total: int = 0
    anonymised: int = 0
    status: Counter[str] = field(default_factory=Counter)
    mode: Counter[str] = field(default_factory=Counter)
    mode_waiting: Counter[str] = field(default_factory=Counter)
    country: Counter[str] = field(default_factory=Counter)
    organisation_type: Counter[str] = field(default_factory=Counter)
    seated: Counter[str] = field(default_factory=Counter)
    waiting: Counter[str] = field(default_factory=Counter)
    per_day: Counter[date] = field(default_factory=Counter)
    counted: set[str] = field(default_factory=set)  # the registrations in scope, by id
    confirmed: dict[str, list[str]] = field(default_factory=dict)  # confirmed ones, with their seats

    def add(self, item: dict[str, Any], event: Event) -> None:
        status = str(item.get("status", ""))
        mode = str(item.get("attendance_mode", ""))
        self.total += 1
        self.counted.add(str(item.get("registration_id", "")))
        if status == RegistrationStatus.CONFIRMED.value:
            self.confirmed[str(item.get("registration_id", ""))] = list(item.get("sessions") or [])
        self.anonymised += bool(item.get("anonymised"))
        self.status[status] += 1
        created = item.get("created_at")
        if created:
            self.per_day[datetime.fromisoformat(str(created)).astimezone(event.tz).date()] += 1
        if status not in LIVE:
            return
        self.country[str(item.get("country") or "")] += 1
        self.organisation_type[str(item.get("organisation_type") or OrganisationType.OTHER.value)] += 1
        self.mode[mode] += 1
        if status == RegistrationStatus.WAITLISTED.value:
            self.mode_waiting[mode] += 1
        elif status in HOLDS_PLACE:
            self.seated.update(item.get("sessions") or [])
            self.waiting.update(item.get("waitlisted_sessions") or [])


def _in_scope(item: dict[str, Any], scope: Access) -> bool:
    return scope.sees([*(item.get("sessions") or []), *(item.get("waitlisted_sessions") or [])])


def _over_time(per_day: Counter[date]) -> list[dict[str, Any]]:
    """Every day from the first registration to the last (days without any count 0), cumulative."""
    if not per_day:
        return []
    days, cumulative, day, last = [], 0, min(per_day), max(per_day)
    while day <= last:
        cumulative += per_day[day]
        days.append({"date": day.isoformat(), "count": per_day[day], "cumulative": cumulative})
        day += timedelta(days=1)
    return days


@dataclass(frozen=True)
class _Attendance:
    """Who came, from the check-ins (eventreg.domain.checkins) of the registrations in scope: present per scope
    (EVENT_SCOPE or a session id), and no-shows (confirmed, not checked in) once the event or session began."""

    present: Counter[str]
    absent: Counter[str]
    now: datetime | None

    @classmethod
    def of(cls, tally: _Tally, checkins: Iterable[Checkin], now: datetime | None) -> _Attendance:
        came = {(c.session_id, c.registration_id) for c in checkins if c.registration_id in tally.counted}
        present = Counter(scope for scope, _ in came)
        absent: Counter[str] = Counter()
        for registration_id, seats in tally.confirmed.items():
            absent.update(scope for scope in (EVENT_SCOPE, *seats) if (scope, registration_id) not in came)
        return cls(present, absent, now)

    def figures(self, scope: str, starts_at: datetime) -> dict[str, Any]:
        begun = self.now is not None and self.now >= starts_at
        return {"checked_in": self.present[scope], "no_shows": self.absent[scope] if begun else None}


def _session(session: Session, tally: _Tally, event: Event, language: str, came: _Attendance) -> dict[str, Any]:
    registered = tally.seated[session.session_id]
    return {
        "session_id": session.session_id,
        "title": session.title_in(language, event.language),
        "starts_at": session.starts_at.isoformat().replace("+00:00", "Z"),
        "capacity": session.capacity,
        "registered": registered,
        "waitlisted": tally.waiting[session.session_id],
        "fill_rate": fill_rate(registered, session.capacity),
        **came.figures(session.session_id, session.starts_at),
    }


def compute(event: Event, sessions: list[Session], items: Iterable[dict[str, Any]], scope: Access,
            language: str, checkins: Iterable[Checkin] = (), now: datetime | None = None) -> dict[str, Any]:
    """The figures (JSON-ready) of `items`, registrations read with FIELDS, as `scope` may see them; attendance
    from `checkins` (no-shows only once the event or session has begun at `now`)."""
    tally = _Tally()
    for item in items:
        if scope.full or _in_scope(item, scope):
            tally.add(item, event)
    came = _Attendance.of(tally, checkins, now)
    names = country_names(language)
    shown = [s for s in sessions if scope.full or s.session_id in scope.sessions]
    figures: dict[str, Any] = {
        "event_id": event.event_id,
        "timezone": event.timezone,
        "scope": {"full": scope.full, "sessions": sorted(s.session_id for s in shown)},
        "total": tally.total,
        "live": sum(tally.status[s] for s in LIVE),
        "anonymised": tally.anonymised,
        "by_status": {s.value: tally.status[s.value] for s in RegistrationStatus},
        "by_attendance_mode": {m.value: tally.mode[m.value] for m in AttendanceMode},
        "by_country": [
            {"code": code, "name": names.get(code, code), "count": count}
            for code, count in sorted(tally.country.items(), key=lambda pair: (-pair[1], pair[0]))
        ],
        "by_organisation_type": {o.value: tally.organisation_type[o.value] for o in OrganisationType},
        "attendance": {"confirmed": tally.status[RegistrationStatus.CONFIRMED.value],
                       **came.figures(EVENT_SCOPE, event.starts_at)},
        "sessions": [_session(s, tally, event, language, came) for s in shown],
        "over_time": _over_time(tally.per_day),
    }
    if scope.full:
        figures["modes"] = [
            {"mode": mode.value, "capacity": event.capacity(mode),
             "registered": tally.mode[mode.value] - tally.mode_waiting[mode.value],
             "waitlisted": tally.mode_waiting[mode.value],
             "fill_rate": fill_rate(tally.mode[mode.value] - tally.mode_waiting[mode.value], event.capacity(mode))}
            for mode in event.modes
        ]
    return figures
