"""What an organiser may see and do of an event: pure rules on the event and its sessions (the authorizer and
the request helpers that find the organiser stay in eventreg.auth)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from eventreg.domain.errors import N_, Forbidden, Message
from eventreg.domain.models import Event, Session


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
