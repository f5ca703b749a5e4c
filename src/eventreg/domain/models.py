"""The domain's models in one import: value types, events and their programme, registrations."""

from eventreg.domain.events import Document, Event, Question, QuestionKind, Session, Venue
from eventreg.domain.registrations import (
    MAX_DELEGATION,
    MAX_SESSIONS,
    DelegationRequest,
    Person,
    Registration,
    RegistrationRequest,
)
from eventreg.domain.types import (
    LANGUAGES,
    AttendanceMode,
    EventStatus,
    OrganisationType,
    RegistrationStatus,
    UtcInstant,
    WhenFull,
    iso,
    localize,
    new_id,
    utc_now,
)

__all__ = [
    "LANGUAGES",
    "MAX_DELEGATION",
    "MAX_SESSIONS",
    "AttendanceMode",
    "DelegationRequest",
    "Document",
    "Event",
    "EventStatus",
    "OrganisationType",
    "Person",
    "Question",
    "QuestionKind",
    "Registration",
    "RegistrationRequest",
    "RegistrationStatus",
    "Session",
    "UtcInstant",
    "Venue",
    "WhenFull",
    "iso",
    "localize",
    "new_id",
    "utc_now",
]
