"""Changing registrations: read, decide (pure, eventreg.domain.changes), write one transaction;
on a refused condition read again and decide again. Promotions from waiting lists happen inside."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from eventreg.domain import changes
from eventreg.domain.errors import N_, Message, RegistrationNotFound, Unavailable
from eventreg.domain.models import AttendanceMode, Event, Registration, RegistrationStatus, Session, utc_now
from eventreg.ports import Clock, Store
from eventreg.programme import Programme, ProgrammeCache
from eventreg.retry import Backoff

MAX_ATTEMPTS = 20  # each lost round means another change got through: keep trying, with jittered pauses
LOST_ROUND_BACKOFF = Backoff(base=0.01, cap=0.2)



def _pause(attempt: int) -> None:
    """A lost round: someone else's change got through. Wait a little (jittered) before re-planning."""
    LOST_ROUND_BACKOFF.pause(attempt)


Decide = Callable[[Event, dict[str, Session], Registration, changes.Waiters], changes.Transition]


class Manager:
    def __init__(self, repo: Store, programmes: ProgrammeCache | None = None, clock: Clock = utc_now) -> None:
        self.repo = repo
        self.programmes = programmes or ProgrammeCache(repo)
        self.clock = clock

    def get(self, event_id: str, registration_id: str) -> Registration:
        registration = self.repo.get_registration(event_id, registration_id)
        if registration is None:
            raise RegistrationNotFound(Message(N_("There is no such registration.")))
        return registration

    def waiting_positions(self, registration: Registration) -> dict[str, int]:
        """Where the registration stands on each waiting list it is on: "" for the event's (in its mode), else
        by session id."""
        event_id = registration.event_id
        positions = {session_id: self.repo.waiting_position(event_id, changes.session_scope(session_id),
                                                            registration.registration_id)
                     for session_id in registration.waitlisted_sessions}
        if registration.status is RegistrationStatus.WAITLISTED:
            positions[""] = self.repo.waiting_position(event_id, changes.event_scope(registration.attendance_mode),
                                                       registration.registration_id)
        return positions

    def cancel(self, event_id: str, registration_id: str, now: datetime,
               status: RegistrationStatus = RegistrationStatus.CANCELLED,
               erase: bool = False) -> tuple[Registration, list[Registration]]:
        """Cancel (or, for organisers, reject). Returns the registration and whoever was promoted.
        Cancelling twice is harmless: the second time answers the cancelled registration. `erase`
        anonymises it in the same transaction (an erasure request: no mail goes to the person)."""
        try:
            return self._run(
                event_id, registration_id, changes.freed_scopes,
                lambda event, sessions, reg, waiters: changes.cancel(event, sessions, reg, waiters, now, status,
                                                                     erase))
        except changes.NotChangeable:
            registration = self.get(event_id, registration_id)
            if registration.status is status:
                return registration, []
            raise

    def change(self, event_id: str, registration_id: str, mode: AttendanceMode, sessions: list[str],
               now: datetime, by_organiser: bool = False) -> tuple[Registration, list[Registration]]:
        return self._run(
            event_id, registration_id, lambda reg: changes.freed_scopes(reg, mode, sessions),
            lambda event, known, reg, waiters: changes.change(event, known, reg, mode, sessions, waiters, now,
                                                              by_organiser))

    def set_list_consent(self, event_id: str, registration_id: str, consent: bool, now: datetime) -> Registration:
        """The registrant's own "may appear in the list of participants" (no mail: domain.changes.list_consent)."""
        return self._run(event_id, registration_id, lambda reg: [],
                         lambda event, sessions, reg, waiters: changes.list_consent(event, reg, consent, now))[0]

    def approve(self, event_id: str, registration_id: str, now: datetime) -> Registration:
        return self._run(event_id, registration_id, lambda reg: [],
                         lambda event, sessions, reg, waiters: changes.approve(event, reg, now))[0]

    def _run(self, event_id: str, registration_id: str, scopes: Callable[[Registration], list[str]],
             decide: Decide) -> tuple[Registration, list[Registration]]:
        for attempt in range(MAX_ATTEMPTS):
            event, session_list = self.repo.get_event_with_sessions(event_id)
            programme = self.programmes.put(Programme(event, session_list))
            registration = self.get(event_id, registration_id)
            if registration.anonymised:
                raise changes.NotChangeable("This registration was anonymised; it can no longer be changed.")
            waiters = {scope: self.repo.first_waiting(event_id, scope) for scope in scopes(registration)}
            transition = decide(programme.event, programme.sessions, registration, waiters)
            if not self.repo.apply_transition(transition):
                _pause(attempt)
                continue
            mine = next(new for new, _ in transition.puts if new.registration_id == registration_id)
            promoted = list(transition.promoted)
            if transition.more_to_fill:  # more places were freed than one transaction could give
                promoted += self.fill_free_places(event_id, mine.updated_at or self.clock())
            return mine, promoted
        raise Unavailable("This registration is being changed by someone else right now; please try again.")

    def fill_free_places(self, event_id: str, now: datetime, limit: int = 500) -> list[Registration]:
        """After an organiser raised a capacity: the first in line take the free places (event modes,
        then sessions), one transaction each, FIFO. Returns who was promoted."""
        promoted: list[Registration] = []
        for _ in range(limit):
            event, session_list = self.repo.get_event_with_sessions(event_id)
            sessions = {s.session_id: s for s in session_list}
            transition = self._next_promotion(event, sessions, now)
            if transition is None:
                break
            if self.repo.apply_transition(transition):
                promoted += transition.promoted
        self.programmes.forget(event_id)
        return promoted

    def _next_promotion(self, event: Event, sessions: dict[str, Session], now: datetime) -> changes.Transition | None:
        for mode in event.modes:
            places = event.places(mode)
            if event.waitlisted and (places is None or places > 0):
                waiter = self.repo.first_waiting(event.event_id, changes.event_scope(mode))
                if waiter is not None:
                    return changes.promote(event, sessions, waiter, now)
        for session in sessions.values():
            if session.waitlisted and (session.places is None or session.places > 0):
                waiter = self.repo.first_waiting(event.event_id, changes.session_scope(session.session_id))
                if waiter is not None:
                    return changes.seat(event, session, waiter, now)
        return None
