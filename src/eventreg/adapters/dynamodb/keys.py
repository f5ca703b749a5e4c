"""Key layout of the event partition (see eventreg.schema)."""

from __future__ import annotations

from eventreg.ports import ERASURE_REQUEST_TYPE as ERASURE_REQUEST_TYPE  # the stream flow names it too

EVENT_SK = "EVENT"
SESSION_PREFIX = "EVENT#SESSION#"
REG_PREFIX = "REG#"
EMAIL_PREFIX = "EMAIL#"
SENT_PREFIX = "SENT#"
WAIT_PREFIX = "WAIT#"
IDEMPOTENCY_PREFIX = "IDEM#"
CHECKIN_PREFIX = "CHECKIN#"
OPEN_MARKER = "OPEN"
UPCOMING_MARKER = "UPCOMING"
RETAIN_MARKER = "RETAIN"
# Erasure requests live outside every event partition: they name a person, not an event.
PRIVACY_PK = "PRIVACY"
ERASURE_PREFIX = "ERASURE#"


def event_pk(event_id: str) -> str:
    return f"EVENT#{event_id}"


def event_id_of(pk: str) -> str:
    return pk.removeprefix("EVENT#")


def session_sk(session_id: str) -> str:
    return SESSION_PREFIX + session_id


def registration_sk(registration_id: str) -> str:
    return REG_PREFIX + registration_id


def email_sk(email_norm: str) -> str:
    return EMAIL_PREFIX + email_norm


def sent_sk(registration_id: str, state: str) -> str:
    return f"{SENT_PREFIX}{registration_id}#{state}"


def wait_scope_event(mode: str) -> str:
    return f"EVENT#{mode}"


def wait_scope_session(session_id: str) -> str:
    return f"SESSION#{session_id}"


def wait_sk(scope: str, registration_id: str) -> str:
    """Waiting-list entries sort by registration id, which is time-ordered: a Query reads them FIFO."""
    return f"{WAIT_PREFIX}{scope}#{registration_id}"


def checkin_scope(session_id: str) -> str:
    """The key range of one scope's check-ins: the event's, or one session's (so each counts with one Query)."""
    return f"{CHECKIN_PREFIX}SESSION#{session_id}#" if session_id else f"{CHECKIN_PREFIX}EVENT#"


def checkin_sk(session_id: str, registration_id: str) -> str:
    """One check-in per registration and scope: the key itself is what makes a second one impossible."""
    return checkin_scope(session_id) + registration_id


def idempotency_sk(key_hash: str) -> str:
    return IDEMPOTENCY_PREFIX + key_hash


def organiser_pk(organiser_id: str) -> str:
    """Links organiser → event, so "my events" is a Query."""
    return f"ORGANISER#{organiser_id}"


def erasure_sk(request_id: str) -> str:
    return ERASURE_PREFIX + request_id
