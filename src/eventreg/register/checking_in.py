"""Checking people in at the door (#15): by the QR code of their registration, or found by name; for the event or
one of its sessions; undone within a minute. Who may do it is pure (eventreg.domain.access.checkin_access: the
event's organisers, its partners for their own sessions, the check-in staff it lists); the rules of who may be
checked in are eventreg.domain.checkins'; the write is the storage's one conditional write (ports.CheckinStore).

The desk reads the registration first (to show who it is, and to refuse without writing), then writes under a
condition that holds the same rule: a cancellation that lands between the read and the write is still refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from eventreg import links
from eventreg.domain.access import Access, checkin_access
from eventreg.domain.checkins import (
    EVENT_SCOPE,
    Checkin,
    Outcome,
    Result,
    may_undo,
    name_matches,
    refusal,
    undo_deadline,
)
from eventreg.domain.errors import N_, Forbidden, Message, ValidationFailed
from eventreg.domain.models import Registration, RegistrationStatus
from eventreg.ports import CheckinStore, RegistrationStore
from eventreg.programme import Programme, ProgrammeCache

MAX_HITS = 20  # a name search at the door shows this many people at most: type more of the name
SEARCHED = ("registration_id", "name", "organisation", "status", "sessions", "anonymised")


@dataclass(frozen=True)
class Staff:
    """Who is at the desk: their id and groups (the access), and the name the others see ("by …")."""

    organiser_id: str
    groups: frozenset[str]
    name: str


@dataclass(frozen=True)
class Hit:
    """A person found by name: enough to tell them apart and check them in with one tap."""

    registration_id: str
    name: str
    organisation: str
    status: RegistrationStatus
    seated: bool  # holds a seat in the scope searched (always, for the event)
    checkin: Checkin | None


class CheckInDesk:
    def __init__(self, programmes: ProgrammeCache, registrations: RegistrationStore, store: CheckinStore) -> None:
        self.programmes = programmes
        self.registrations = registrations
        self.store = store

    def desk(self, staff: Staff, event_id: str, session_id: str = EVENT_SCOPE,
             fresh: bool = False) -> tuple[Programme, Access]:
        """The event's programme and what this person may check people in for; 403 for a scope they may not.
        Scans read the programme from the short-lived cache (one read fewer per scan: a change of who may check
        people in takes effect within its TTL); the page reads it fresh."""
        programme = self.programmes.fresh(event_id) if fresh else self.programmes.get(event_id)
        if session_id != EVENT_SCOPE and session_id not in programme.sessions:
            raise ValidationFailed(Message(N_("Choose a session from the list.")))
        access = checkin_access(programme.event, programme.sessions.values(), staff.organiser_id, staff.groups)
        if session_id == EVENT_SCOPE and not access.full:
            raise Forbidden(Message(N_("Partners check people in for their own sessions only.")))
        if session_id != EVENT_SCOPE and session_id not in access.sessions:
            raise Forbidden(Message(N_("Partners check people in for their own sessions only.")))
        return programme, access

    def scan(self, staff: Staff, event_id: str, session_id: str, code: str, now: datetime) -> Result:
        """A QR code read at the door."""
        _, access = self.desk(staff, event_id, session_id)
        named = links.read_checkin_code(code)
        if named is None:
            return Result(Outcome.INVALID_CODE)
        if named[0] != event_id:
            return Result(Outcome.NOT_THIS_EVENT)
        return shown_to(access, self._mark(event_id, session_id, named[1], staff, now))

    def check_in(self, staff: Staff, event_id: str, session_id: str, registration_id: str,
                 now: datetime) -> Result:
        """A person found by name, checked in with a tap."""
        _, access = self.desk(staff, event_id, session_id)
        return shown_to(access, self._mark(event_id, session_id, registration_id, staff, now))

    def _mark(self, event_id: str, session_id: str, registration_id: str, staff: Staff, now: datetime) -> Result:
        registration = self.registrations.get_registration(event_id, registration_id)
        refused = refusal(registration, event_id, session_id)
        if refused is not None:
            return Result(refused, registration)
        checkin = Checkin(event_id, registration_id, session_id, now, staff.organiser_id, staff.name)
        stored = self.store.check_in(checkin)
        if stored.written:
            return Result(Outcome.CHECKED_IN, registration, checkin)
        if stored.existing is not None:
            return Result(Outcome.ALREADY, registration, stored.existing)
        return Result(refusal(stored.registration, event_id, session_id) or Outcome.NOT_REGISTERED,
                      stored.registration)

    def undo(self, staff: Staff, event_id: str, session_id: str, registration_id: str, now: datetime) -> Result:
        """Take back a check-in made less than a minute ago (a wrong tap); later, it stands."""
        _, access = self.desk(staff, event_id, session_id)
        registration = self.registrations.get_registration(event_id, registration_id)
        if registration is not None and not access.sees(registration.sessions):
            registration = None
        found = self.store.checkin(event_id, session_id, registration_id)
        if found is None or not may_undo(found, now) or not self.store.undo(found, undo_deadline(now)):
            return Result(Outcome.UNDO_EXPIRED, registration, found)
        return Result(Outcome.UNDONE, registration)

    def search(self, staff: Staff, event_id: str, session_id: str, query: str) -> list[Hit]:
        """People whose name matches what was typed (server-side: works without JavaScript), confirmed ones
        first; a partner finds only the people seated in its session."""
        _, access = self.desk(staff, event_id, session_id)
        if not query.strip():
            return []
        checked = {c.registration_id: c for c in self.store.checkins(event_id, session_id)}
        hits: list[Hit] = []
        for row in self.registrations.registration_fields(event_id, SEARCHED):
            sessions = list(row.get("sessions") or [])
            seated = session_id == EVENT_SCOPE or session_id in sessions
            if row.get("anonymised") or not name_matches(str(row.get("name", "")), query):
                continue
            if not access.full and not seated:
                continue  # a partner sees only its own attendees
            hits.append(Hit(str(row["registration_id"]), str(row.get("name", "")), str(row.get("organisation", "")),
                            RegistrationStatus(row["status"]), seated, checked.get(str(row["registration_id"]))))
        hits.sort(key=lambda h: (h.status is not RegistrationStatus.CONFIRMED or not h.seated, h.name.casefold()))
        return hits[:MAX_HITS]


def shown_to(access: Access, result: Result) -> Result:
    """A partner learns nothing of a person who is not among its attendees: the outcome without the person."""
    registration: Registration | None = result.registration
    if registration is None or access.sees(registration.sessions):
        return result
    return Result(result.outcome, None, result.checkin)
