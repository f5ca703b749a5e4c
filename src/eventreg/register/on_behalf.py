"""The back-office acting for attendees: a registration's detail, cancel or move someone on their behalf, add
someone by hand, approve or reject many at once, and the waiting lists in the order they are promoted.

The rules of who may do what are pure (eventreg.domain.access: partners act only on registrations for their
own sessions, and only on those sessions); the writes are the attendees' own (Manager.cancel and change: freed
places go to the first in line in the same transaction; Registrar.register: capacity and waiting lists as on
the public form). Organisers are not bound by the attendees' modification deadline or registration window.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventreg.domain.access import Access, may_add, may_cancel, may_move, may_see
from eventreg.domain.changes import event_scope, session_scope
from eventreg.domain.errors import N_, DomainError, Forbidden, Message, RegistrationNotFound
from eventreg.domain.idempotency import Idempotency
from eventreg.domain.models import AttendanceMode, AttendanceRole, Registration, RegistrationRequest, utc_now
from eventreg.programme import Programme
from eventreg.register.organising import Organising
from eventreg.register.registering import Registrar


@dataclass(frozen=True)
class WaitingList:
    """One waiting list (a mode of the event, or a session) with its people, the first in line first.
    `people` pairs each with their position in the whole line (a partner sees only its own attendees of a
    mode's line, at their true positions)."""

    kind: str  # "mode" | "session"
    key: str  # the mode's value or the session's id
    people: list[tuple[int, Registration]]
    length: int  # everyone in this line, seen or not


@dataclass(frozen=True)
class Decided:
    """One registration of a bulk decision: what became of it, or why it could not be done."""

    registration_id: str
    registration: Registration | None
    error: DomainError | None


@dataclass(frozen=True)
class OnBehalf:
    organising: Organising
    registrar: Registrar

    def registration(self, organiser_id: str, event_id: str,
                     registration_id: str) -> tuple[Programme, Access, Registration]:
        programme, who = self.organising.programme(event_id, organiser_id)
        registration = self.organising.manager.get(event_id, registration_id)
        may_see(who, registration)
        return programme, who, registration

    def cancel(self, organiser_id: str, event_id: str, registration_id: str) -> tuple[Registration, list[Registration]]:
        """Cancelled, and whoever took the places it freed."""
        _, who, registration = self.registration(organiser_id, event_id, registration_id)
        may_cancel(who, registration)
        return self.organising.manager.cancel(event_id, registration_id, utc_now())

    def move(self, organiser_id: str, event_id: str, registration_id: str, mode: AttendanceMode,
             sessions: list[str]) -> tuple[Registration, list[Registration]]:
        """Another attendance mode and/or other sessions (full ones: their waiting lists; a full mode: refused)."""
        _, who, registration = self.registration(organiser_id, event_id, registration_id)
        may_move(who, registration, mode, sessions)
        return self.organising.manager.change(event_id, registration_id, mode, sessions, utc_now(), by_organiser=True)

    def set_role(self, organiser_id: str, event_id: str, registration_id: str, role: AttendanceRole) -> Registration:
        """The person's role for their badge (full organisers only: press, partner and organiser are the event's
        to give). Not a change of the registration: no new version, no mail."""
        _, who, registration = self.registration(organiser_id, event_id, registration_id)
        if not who.full:
            raise Forbidden(Message(N_("Only the event's organisers can do this; partners manage their own "
                                       "sessions.")))
        if not self.organising.repo.set_role(event_id, registration_id, role.value):
            raise RegistrationNotFound(Message(N_("There is no such registration.")))
        return registration.model_copy(update={"role": role})

    def add(self, organiser_id: str, event_id: str, request: RegistrationRequest,
            once: Idempotency | None = None) -> Registration:
        """Registered by hand (the window aside, capacity and waiting lists as on the public form); `once`: the
        form's one-time token, so a double click adds nobody twice."""
        _, who = self.organising.programme(event_id, organiser_id)
        may_add(who, request.sessions)
        return self.registrar.register(event_id, request, utc_now(), once, by_hand=True)

    def decide_many(self, organiser_id: str, event_id: str, registration_ids: list[str],
                    decision: str) -> list[Decided]:
        """Approve or reject each (full organisers only, as one by one); one failing does not stop the others."""
        _, who = self.organising.programme(event_id, organiser_id)
        if not who.full:  # before reading any: a partner learns nothing of registrations it may not see
            raise Forbidden(Message(N_("Only the event's organisers can do this; partners manage their own "
                                       "sessions.")))
        decided = []
        for registration_id in dict.fromkeys(registration_ids):
            try:
                done = self.organising.moderate(organiser_id, event_id, registration_id, decision)
                decided.append(Decided(registration_id, done, None))
            except DomainError as error:
                found = self.organising.repo.get_registration(event_id, registration_id)
                decided.append(Decided(registration_id, found, error))
        return decided

    def waiting_lists(self, organiser_id: str, event_id: str) -> tuple[Programme, Access, list[WaitingList]]:
        """Every waiting list of the event in the order Manager.fill_free_places serves them (the modes, then
        the sessions), each in first_waiting's order: the storage's own, not re-sorted here."""
        programme, who = self.organising.programme(event_id, organiser_id)
        repo = self.organising.repo
        lists = []
        for mode in programme.event.modes:
            line = repo.waiting_list(event_id, event_scope(mode))
            seen = [(n, r) for n, r in enumerate(line, 1) if who.sees(r.sessions + r.waitlisted_sessions)]
            lists.append(WaitingList("mode", mode.value, seen, len(line)))
        for session in sorted(programme.sessions.values(), key=lambda s: (s.starts_at, s.session_id)):
            if who.full or session.session_id in who.sessions:
                line = repo.waiting_list(event_id, session_scope(session.session_id))
                lists.append(WaitingList("session", session.session_id, list(enumerate(line, 1)), len(line)))
        return programme, who, lists
