"""Check-in at the door (#15), pure: who may be marked present for an event or one of its sessions, what a scan
or a search answers, and how long a check-in may be undone. The storage makes the check-in ONE conditional write
(eventreg.adapters.dynamodb.checkins); here are the rules it holds and the outcomes the desk shows."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from eventreg.domain.registrations import Registration
from eventreg.domain.types import RegistrationStatus

UNDO_WINDOW = timedelta(minutes=1)  # a wrong tap is noticed at once; later, an undo would hide a real arrival
EVENT_SCOPE = ""  # a check-in for the event itself; otherwise the scope is a session id


class Outcome(StrEnum):
    """What the desk shows after a scan or a tap (the codes are the JSON answer's; pages name them)."""

    CHECKED_IN = "checked_in"
    ALREADY = "already_checked_in"
    NOT_CONFIRMED = "not_confirmed"  # cancelled, waitlisted, pending or rejected: the registration says which
    NOT_IN_SESSION = "not_in_session"  # no seat in the session being checked
    NOT_THIS_EVENT = "not_this_event"  # a valid code of another event
    NOT_REGISTERED = "not_registered"  # no such registration (erased, or a stale code)
    INVALID_CODE = "invalid_code"  # not an eventreg code, or altered
    UNDONE = "undone"
    UNDO_EXPIRED = "undo_expired"  # past the minute, or already undone


@dataclass(frozen=True)
class Checkin:
    """One person marked present for the event or one session: by whom (the staff's id and shown name) and when."""

    event_id: str
    registration_id: str
    session_id: str  # EVENT_SCOPE for the event
    at: datetime
    by: str = ""  # empty once anonymised (retention)
    by_name: str = ""


@dataclass(frozen=True)
class Stored:
    """What the storage's one conditional write did: written; or not, with the check-in someone made first, or
    the registration as the failed condition saw it (None: there is no such registration)."""

    written: bool
    existing: Checkin | None = None
    registration: Registration | None = None


@dataclass(frozen=True)
class Result:
    """A scan's answer: the outcome, the person (when known) and the check-in made or found."""

    outcome: Outcome
    registration: Registration | None = None
    checkin: Checkin | None = None

    @property
    def refused(self) -> bool:
        return self.outcome not in (Outcome.CHECKED_IN, Outcome.ALREADY, Outcome.UNDONE)


def refusal(registration: Registration | None, event_id: str, session_id: str) -> Outcome | None:
    """Why this registration may not be checked in for the event or session, or None when it may. The storage's
    condition holds the same rule at write time (a cancellation between the read and the write is refused)."""
    if registration is None or registration.anonymised:
        return Outcome.NOT_REGISTERED
    if registration.event_id != event_id:
        return Outcome.NOT_THIS_EVENT
    if registration.status is not RegistrationStatus.CONFIRMED:
        return Outcome.NOT_CONFIRMED
    if session_id != EVENT_SCOPE and session_id not in registration.sessions:
        return Outcome.NOT_IN_SESSION
    return None


def undo_deadline(now: datetime) -> datetime:
    """Check-ins made at or after this instant may still be undone."""
    return now - UNDO_WINDOW


def may_undo(checkin: Checkin, now: datetime) -> bool:
    return checkin.at >= undo_deadline(now)


def name_matches(name: str, query: str) -> bool:
    """A name search at the door: every word typed starts a word of the name, case and accents aside
    ("jan pet" finds "Jan Peeters-Müller", "muller" finds "Müller")."""
    words = folded(name).replace("-", " ").split()
    return all(any(word.startswith(typed) for word in words) for typed in folded(query).split())


# Letters with a stroke do not decompose in Unicode; at the door "lukasz" must find "Łukasz" all the same.
UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"})


def folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
