"""What the ids in paths and bodies look like: one definition for the models, the routes and the storage.

Organisers name events, sessions, documents and questions with slugs; the system names registrations,
delegations, exports and erasure requests with new_id() (26 characters, ULID layout). An id of another
shape cannot exist, so a path naming one is answered 404 at the edge, before it reaches DynamoDB (whose
keys have length limits an arbitrary path could exceed: a 500)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from eventreg.domain.errors import (
    BroadcastNotFound,
    DelegationNotFound,
    DocumentNotFound,
    DomainError,
    ErasureNotFound,
    EventNotFound,
    ExportNotFound,
    RegistrationNotFound,
    SessionNotFound,
)

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
GENERATED_PATTERN = r"^[0-9A-HJKMNP-TV-Z]{26}$"  # new_id's Crockford base32
SLUG = re.compile(SLUG_PATTERN)
GENERATED = re.compile(GENERATED_PATTERN)

# Path parameters by name: the shape their ids have, and the error for one that cannot exist.
PATH_IDS: dict[str, tuple[re.Pattern[str], type[DomainError], str]] = {
    "event_id": (SLUG, EventNotFound, "There is no such event."),
    "session_id": (SLUG, SessionNotFound, "There is no such session."),
    "document_id": (SLUG, DocumentNotFound, "There is no such document."),
    "registration_id": (GENERATED, RegistrationNotFound, "There is no such registration."),
    "delegation_id": (GENERATED, DelegationNotFound, "There is no such delegation."),
    "export_id": (GENERATED, ExportNotFound, "There is no such export of this event."),
    "message_id": (GENERATED, BroadcastNotFound, "There is no such message of this event."),
    "request_id": (GENERATED, ErasureNotFound, "There is no such erasure request (requests are kept 30 days)."),
}


def is_slug(value: object) -> bool:
    return isinstance(value, str) and SLUG.fullmatch(value) is not None


def is_generated(value: object) -> bool:
    return isinstance(value, str) and GENERATED.fullmatch(value) is not None


def check_path_ids(params: Mapping[str, object]) -> None:
    """Raise the not-found error of the first path id that cannot exist."""
    for name, value in params.items():
        known = PATH_IDS.get(name)
        if known is not None:
            pattern, error, message = known
            if not isinstance(value, str) or pattern.fullmatch(value) is None:
                raise error(message)
