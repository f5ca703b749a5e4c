"""Changes to existing registrations, pure: cancel, change mode or sessions, approve or reject, and
the promotions from the waiting lists that freed places allow. Each change is described as one
Transition, which the storage adapter writes as ONE transaction (counters merged per item, every
registration put conditioned on the version it was read at, capacity conditions on every seat taken).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from eventreg.domain.errors import N_, DomainError, EventFull, Instant, Message, Named, ValidationFailed
from eventreg.domain.events import Event, Session
from eventreg.domain.registration import check_sessions
from eventreg.domain.registrations import Registration
from eventreg.domain.retention import anonymised
from eventreg.domain.types import AttendanceMode, RegistrationStatus


class ModificationClosed(DomainError):
    code = "modification_closed"
    status = 409


class NotChangeable(DomainError):
    code = "registration_not_changeable"
    status = 409


def counter(mode: AttendanceMode) -> str:
    return f"registered_{mode.value}"


def event_scope(mode: AttendanceMode) -> str:
    return f"EVENT#{mode.value}"


def session_scope(session_id: str) -> str:
    return f"SESSION#{session_id}"


@dataclass
class Transition:
    """Everything one change writes."""

    event: Event
    puts: list[tuple[Registration, int]] = field(default_factory=list)  # (new state, version read)
    event_deltas: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    session_deltas: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    session_capacities: dict[str, int | None] = field(default_factory=dict)
    wait_puts: list[tuple[str, str]] = field(default_factory=list)  # (scope, registration id)
    wait_deletes: list[tuple[str, str]] = field(default_factory=list)
    guard_deletes: list[tuple[str, str]] = field(default_factory=list)  # (email_norm, registration id)
    promoted: list[Registration] = field(default_factory=list)
    more_to_fill: bool = False  # places freed but not given in this transaction (item budget)
    # "Nobody waits" was decided from these counters: the write holds them, so someone joining a waiting
    # list meanwhile makes it re-plan instead of freeing a place in front of them.
    event_expect: dict[str, int] = field(default_factory=dict)
    session_expect: dict[str, dict[str, int]] = field(default_factory=dict)

    def items(self) -> int:
        """Items its transaction writes (DynamoDB takes at most 100)."""
        return (1 + len(self.session_deltas) + len(self.puts) + len(self.wait_puts) + len(self.wait_deletes)
                + len(self.guard_deletes))

    def room_for(self, extra: int) -> bool:
        return self.items() + extra <= ITEM_BUDGET

    def latest(self, registration: Registration) -> Registration:
        """The registration as this transition already changes it (one registration may be touched twice,
        e.g. first in line for two freed sessions), else as read."""
        for new, _ in self.puts:
            if new.registration_id == registration.registration_id:
                return new
        return registration

    def put(self, new: Registration, old: Registration, now: datetime) -> Registration:
        """Write `new` over the registration read at `old.version`; one put per registration (DynamoDB
        refuses two operations on one item in a transaction), so a second change replaces the first."""
        for index, (planned, version) in enumerate(self.puts):
            if planned.registration_id == new.registration_id:
                new = new.model_copy(update={"version": version + 1, "updated_at": now})
                self.puts[index] = (new, version)
                self.promoted = [new if p.registration_id == new.registration_id else p for p in self.promoted]
                return new
        new = new.model_copy(update={"version": old.version + 1, "updated_at": now})
        self.puts.append((new, old.version))
        return new


# Below DynamoDB's 100 items per transaction, with room for the change itself; promotions beyond it are
# left to a follow-up (Manager.fill_free_places), so a big cancellation never fails.
ITEM_BUDGET = 90

Waiters = dict[str, Registration | None]  # scope -> first in line (None: nobody waits)


def _release_event_seat(t: Transition, mode: AttendanceMode, waiters: Waiters,
                        sessions: dict[str, Session], now: datetime) -> None:
    """A place in `mode` is free: the first in line takes it, or the counter goes down."""
    waiter = waiters.get(event_scope(mode))
    if waiter is not None and not t.room_for(3 + 2 * len(waiter.waitlisted_sessions)):
        t.more_to_fill, waiter = True, None
    if waiter is None:
        t.event_deltas[counter(mode)] -= 1
        if not t.more_to_fill:
            t.event_expect["waitlisted"] = t.event.waitlisted
        return
    t.event_deltas["waitlisted"] -= 1
    t.wait_deletes.append((event_scope(mode), waiter.registration_id))
    status = RegistrationStatus.PENDING if t.event.moderated else RegistrationStatus.CONFIRMED
    seated: list[str] = []
    waiting: list[str] = []
    for session_id in waiter.waitlisted_sessions:
        if session_id in sessions:
            _seat_or_wait(t, sessions[session_id], waiter.registration_id, seated, waiting)
    promoted = t.put(waiter.model_copy(update={
        "status": status, "sessions": seated, "waitlisted_sessions": waiting}), waiter, now)
    t.promoted.append(promoted)


def _seat_or_wait(t: Transition, session: Session, registration_id: str, seated: list[str],
                  waiting: list[str]) -> None:
    """A seat in `session` if this transition leaves one free (seats it released count), else its line."""
    session_id = session.session_id
    if session.places is None or session.places - t.session_deltas[session_id]["registered"] > 0:
        seated.append(session_id)
        t.session_deltas[session_id]["registered"] += 1
        t.session_capacities[session_id] = session.capacity
    else:
        waiting.append(session_id)
        t.session_deltas[session_id]["waitlisted"] += 1
        t.wait_puts.append((session_scope(session_id), registration_id))


def _release_session_seat(t: Transition, session_id: str, waiters: Waiters, now: datetime,
                          leaving: str, sessions: dict[str, Session] | None = None) -> None:
    waiter = waiters.get(session_scope(session_id))
    if waiter is not None and waiter.registration_id != leaving and not t.room_for(3):
        t.more_to_fill, waiter = True, None
    if waiter is None or waiter.registration_id == leaving:
        t.session_deltas[session_id]["registered"] -= 1
        session = (sessions or {}).get(session_id)
        if waiter is None and session is not None and not t.more_to_fill:
            t.session_expect.setdefault(session_id, {})["waitlisted"] = session.waitlisted
        return
    t.session_deltas[session_id]["waitlisted"] -= 1
    t.wait_deletes.append((session_scope(session_id), waiter.registration_id))
    current = t.latest(waiter)
    promoted = t.put(current.model_copy(update={
        "sessions": [*current.sessions, session_id],
        "waitlisted_sessions": [s for s in current.waitlisted_sessions if s != session_id]}), waiter, now)
    if all(p.registration_id != promoted.registration_id for p in t.promoted):
        t.promoted.append(promoted)


def _leave(t: Transition, registration: Registration, waiters: Waiters, sessions: dict[str, Session],
           now: datetime, keep_event_seat: bool = False) -> None:
    """Give back everything a registration holds: its session seats and places in line first (those
    lines were there first), then its place in the event, whose first in line is then seated in what
    the sessions still have free."""
    if registration.status is RegistrationStatus.WAITLISTED:
        t.event_deltas["waitlisted"] -= 1
        t.wait_deletes.append((event_scope(registration.attendance_mode), registration.registration_id))
    if registration.status.holds_place:
        for session_id in registration.sessions:
            _release_session_seat(t, session_id, waiters, now, registration.registration_id, sessions)
        for session_id in registration.waitlisted_sessions:
            t.session_deltas[session_id]["waitlisted"] -= 1
            t.wait_deletes.append((session_scope(session_id), registration.registration_id))
        if not keep_event_seat:
            _release_event_seat(t, registration.attendance_mode, waiters, sessions, now)


def _must_be_live(registration: Registration) -> None:
    if not registration.status.live:
        raise NotChangeable(Message(N_("This registration can no longer be changed (status: %(status)s)."),
                                    status=Named("status", registration.status.value)))


def cancel(event: Event, sessions: dict[str, Session], registration: Registration, waiters: Waiters,
           now: datetime, status: RegistrationStatus = RegistrationStatus.CANCELLED, erase: bool = False) -> Transition:
    """Cancel (or reject) a live registration; the first in line takes each place it frees. With `erase`
    (an erasure request) the cancelled registration is written anonymised in the same transaction, so
    no item ever holds a cancelled-but-named registration and its stream record announces no mail."""
    _must_be_live(registration)
    t = Transition(event)
    _leave(t, registration, waiters, sessions, now)
    t.guard_deletes.append((registration.email_norm, registration.registration_id))
    cancelled = registration.model_copy(update={"status": status})
    t.put(anonymised(cancelled, now) if erase else cancelled, registration, now)
    return t


def promote(event: Event, sessions: dict[str, Session], waiter: Registration, now: datetime) -> Transition:
    """Give a free place (an organiser raised the capacity) to the first in line of its mode."""
    if waiter.status is not RegistrationStatus.WAITLISTED:
        raise NotChangeable(Message(N_("Only waiting registrations can be promoted.")))
    t = Transition(event)
    t.event_deltas[counter(waiter.attendance_mode)] += 1
    _release_event_seat(t, waiter.attendance_mode, {event_scope(waiter.attendance_mode): waiter}, sessions, now)
    return t


def seat(event: Event, session: Session, waiter: Registration, now: datetime) -> Transition:
    """Give a free seat in a session (its capacity was raised) to the first in line for it."""
    t = Transition(event)
    t.session_deltas[session.session_id]["registered"] += 1
    t.session_capacities[session.session_id] = session.capacity
    _release_session_seat(t, session.session_id, {session_scope(session.session_id): waiter}, now, "")
    return t


def approve(event: Event, registration: Registration, now: datetime) -> Transition:
    if registration.status is not RegistrationStatus.PENDING:
        raise NotChangeable(Message(N_("Only registrations awaiting approval can be approved (status: %(status)s)."),
                                    status=Named("status", registration.status.value)))
    t = Transition(event)
    t.put(registration.model_copy(update={"status": RegistrationStatus.CONFIRMED}), registration, now)
    return t


def list_consent(event: Event, registration: Registration, consent: bool, now: datetime) -> Transition:
    """Give or withdraw one's own consent to the list of participants (domain.directory). Withdrawing must stay
    as easy as giving (GDPR art. 7(3)): the modification deadline does not bind it; a registration that is no
    longer live has nothing to list."""
    _must_be_live(registration)
    t = Transition(event)
    t.put(registration.model_copy(update={"list_consent": consent}), registration, now)
    return t


def change(event: Event, sessions: dict[str, Session], registration: Registration, mode: AttendanceMode,
           chosen: list[str], waiters: Waiters, now: datetime, by_organiser: bool = False) -> Transition:
    """Change attendance mode and/or sessions before the modification deadline (an organiser moving someone
    on their behalf is not bound by it). Places given up go to the first in line; a new session that is full
    puts the registrant on its waiting list; a mode whose places are gone is refused (the registrant keeps
    what they had)."""
    if now >= event.modification_closes_at and not by_organiser:
        raise ModificationClosed(
            N_("Changes are no longer possible since %(closes_at)s; you can still cancel."),
            instants={"closes_at": Instant(event.modification_closes_at, event.timezone, event.language)},
        )
    if registration.status not in (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING):
        raise NotChangeable(Message(N_("Only confirmed or pending registrations can be changed.")))
    if mode not in event.modes:
        raise ValidationFailed(Message(N_("This event does not offer that attendance mode.")),
                               fields={"attendance_mode": Message(N_("Not offered for this event."))})
    chosen = list(dict.fromkeys(chosen))
    check_sessions(sessions, chosen, mode, registration.preferred_language)
    t = Transition(event)
    changes_mode = mode is not registration.attendance_mode
    if changes_mode:
        places = event.places(mode)
        if places is not None and places < 1:
            raise EventFull(Message(N_("There are no places left in that attendance mode.")))
    held = set(registration.sessions) | set(registration.waitlisted_sessions)
    for session_id in registration.sessions:
        if session_id not in chosen:
            _release_session_seat(t, session_id, waiters, now, registration.registration_id, sessions)
    for session_id in registration.waitlisted_sessions:
        if session_id not in chosen:
            t.session_deltas[session_id]["waitlisted"] -= 1
            t.wait_deletes.append((session_scope(session_id), registration.registration_id))
    seated = [s for s in registration.sessions if s in chosen]
    waiting = [s for s in registration.waitlisted_sessions if s in chosen]
    for session_id in chosen:
        if session_id not in held:
            _seat_or_wait(t, sessions[session_id], registration.registration_id, seated, waiting)
    if changes_mode:
        # Last: the first in line for the old mode is seated in what the sessions still have free.
        t.event_deltas[counter(mode)] += 1
        _release_event_seat(t, registration.attendance_mode, waiters, sessions, now)
    t.put(registration.model_copy(update={
        "attendance_mode": mode, "sessions": seated, "waitlisted_sessions": waiting,
        "dietary_needs": registration.dietary_needs if mode is AttendanceMode.IN_PERSON else "",
    }), registration, now)
    return t


def freed_scopes(registration: Registration, mode: AttendanceMode | None = None,
                 chosen: list[str] | None = None) -> list[str]:
    """The waiting lists whose first in line a change of this registration may promote."""
    scopes: list[str] = []
    if registration.status.holds_place and (mode is None or mode is not registration.attendance_mode):
        scopes.append(event_scope(registration.attendance_mode))
    for session_id in registration.sessions:
        if chosen is None or session_id not in chosen:
            scopes.append(session_scope(session_id))
    return scopes
