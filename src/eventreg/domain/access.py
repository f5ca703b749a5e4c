"""What an organiser may see and do of an event: pure rules on the event and its sessions (the authorizer and
the request helpers that find the organiser stay in eventreg.auth)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from eventreg.domain.errors import N_, Forbidden, Message
from eventreg.domain.models import AttendanceMode, Event, Registration, Session

# The Cognito group of staff at the door: they check people in at the events whose `checkin_staff` lists them,
# and see nothing else of an event (infra/eventreg_infra/identity.py makes the group).
CHECKIN_STAFF = "check-in"


def require_organiser_of(event: Event, organiser_id: str) -> None:
    if organiser_id not in event.organiser_ids:
        raise Forbidden(Message(N_("You do not organise this event.")))


@dataclass(frozen=True)
class Access:
    """What an organiser may see of an event: all of it, or (a partner) only its own sessions."""

    organiser_id: str
    full: bool
    sessions: frozenset[str]

    def sees(self, registration_sessions: list[str]) -> bool:
        return self.full or bool(self.sessions.intersection(registration_sessions))


def access(event: Event, sessions: Iterable[Session], organiser_id: str) -> Access:
    if organiser_id in event.organiser_ids:
        return Access(organiser_id, True, frozenset(s.session_id for s in sessions))
    own = frozenset(s.session_id for s in sessions if s.partner_id == organiser_id)
    if not own:
        raise Forbidden(Message(N_("You do not organise this event.")))
    return Access(organiser_id, False, own)


# -- acting on someone's registration (the back-office: cancel or move on their behalf) ---------------------
def _held(registration: Registration) -> set[str]:
    return set(registration.sessions) | set(registration.waitlisted_sessions)


def may_see(who: Access, registration: Registration) -> None:
    """A registration's detail: full organisers see all; partners those for their own sessions."""
    if not who.sees(registration.sessions + registration.waitlisted_sessions):
        raise Forbidden(Message(N_("Partners see only the registrations for their own sessions.")))


def may_cancel(who: Access, registration: Registration) -> None:
    """Cancelling gives up everything the registration holds, so a partner may do it only when all of that is
    its own (else it would cancel someone else's workshops: it removes the person from its sessions instead)."""
    may_see(who, registration)
    if not who.full and not _held(registration) <= who.sessions:
        raise Forbidden(Message(N_("This person also attends sessions you do not run: remove them from your "
                                   "sessions instead of cancelling.")))


def may_move(who: Access, registration: Registration, mode: AttendanceMode, chosen: list[str]) -> None:
    """A partner changes only its own sessions of a registration for one of them, never the attendance mode."""
    may_see(who, registration)
    if who.full:
        return
    if mode is not registration.attendance_mode:
        raise Forbidden(Message(N_("Only the event's organisers can change the attendance mode.")))
    if not (_held(registration) ^ set(chosen)) <= who.sessions:
        raise Forbidden(Message(N_("Partners add or remove only the sessions they run.")))


def may_add(who: Access, chosen: list[str]) -> None:
    """Adding someone by hand: full organisers to anything; a partner only to sessions it runs (at least one)."""
    if not who.full and (not chosen or not set(chosen) <= who.sessions):
        raise Forbidden(Message(N_("Partners add people only to the sessions they run.")))


def checkin_access(event: Event, sessions: Iterable[Session], organiser_id: str, groups: frozenset[str]) -> Access:
    """Who may check people in: the event's organisers (the event and every session), its partners (their own
    sessions only), and check-in staff in the group whom the event lists (the event and every session)."""
    if CHECKIN_STAFF in groups and organiser_id in event.checkin_staff:
        return Access(organiser_id, True, frozenset(s.session_id for s in sessions))
    return access(event, sessions, organiser_id)
