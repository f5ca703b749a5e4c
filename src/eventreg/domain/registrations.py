"""Registrations: what an attendee (or a delegation's lead) submits, and what is stored. Pure."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, field_validator

from eventreg.domain.base_model import DomainModel
from eventreg.domain.errors import N_, Message
from eventreg.domain.types import (
    AttendanceMode,
    AttendanceRole,
    Language,
    LongText,
    MailAddress,
    NonBlank,
    OrganisationType,
    RegistrationStatus,
    ShortText,
    Slug,
    UtcInstant,
    WhenFull,
)

MAX_SESSIONS = 20  # keeps a registration's transaction well inside DynamoDB's 100 items
MAX_DELEGATION = 30


def _two_letter_country(value: str) -> str:
    from eventreg.domain.countries import is_country

    code = value.strip().upper()
    if not is_country(code):
        raise ValueError(Message(N_("Choose a country (ISO 3166 two-letter code, e.g. BE).")))
    return code


Country = Annotated[str, AfterValidator(_two_letter_country)]
Answer = str | list[str] | bool


class Person(DomainModel):
    """Who attends: one registrant, or one member of a delegation."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: NonBlank
    email: MailAddress
    job_title: ShortText = ""
    preferred_language: Language | None = None  # None: the event's language
    accessibility_needs: LongText = ""
    dietary_needs: LongText = ""
    # Each person's own: a delegation's lead cannot agree for its members to be listed (domain.directory).
    list_consent: bool = False


class RegistrationRequest(Person):
    """What an attendee submits. Unknown fields are refused; text is kept as text (escaped when shown)."""

    organisation: NonBlank
    organisation_type: OrganisationType
    country: Country
    attendance_mode: AttendanceMode = AttendanceMode.IN_PERSON
    sessions: list[Slug] = Field(default_factory=list, max_length=MAX_SESSIONS)
    privacy_consent: bool
    answers: dict[Slug, Answer] = Field(default_factory=dict)
    when_full: WhenFull = WhenFull.WAITLIST

    @field_validator("privacy_consent")
    @classmethod
    def _consented(cls, value: bool) -> bool:
        if not value:
            raise ValueError(Message(N_("You must accept the privacy statement to register.")))
        return value

    @field_validator("sessions")
    @classmethod
    def _once_each(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class DelegationRequest(DomainModel):
    """One lead registers the members of one organisation (e.g. 5 officials of a city), all or nothing."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    lead: RegistrationRequest
    members: list[Person] = Field(min_length=1, max_length=MAX_DELEGATION - 1)


class Registration(DomainModel):
    """A stored registration. Once anonymised (retention or erasure) the personal fields are gone from
    the item and load as blanks; what statistics need stays (status, mode, country, organisation type,
    sessions, dates, delegation)."""

    model_config = ConfigDict(extra="ignore")
    registration_id: str
    event_id: str
    name: str = ""
    email: str = ""
    email_norm: str = ""  # absent once anonymised: the item leaves the ByEmail index
    organisation: str = ""
    organisation_type: OrganisationType = OrganisationType.OTHER
    country: str
    job_title: str = ""
    attendance_mode: AttendanceMode
    role: AttendanceRole = AttendanceRole.PARTICIPANT  # what the badge says; organisers set it (#15)
    sessions: list[str] = Field(default_factory=list)  # sessions with a seat
    waitlisted_sessions: list[str] = Field(default_factory=list)  # sessions waited for, in request order
    preferred_language: str = "en"
    accessibility_needs: str = ""
    dietary_needs: str = ""
    list_consent: bool = False
    answers: dict[str, Answer] = Field(default_factory=dict)
    status: RegistrationStatus
    delegation_id: str | None = None
    delegation_lead: bool = False
    created_at: UtcInstant
    updated_at: UtcInstant | None = None
    version: int = 1  # bumped on every change: the notifications' send log is keyed by it
    email_status: str = "ok"  # "bounced" or "complained", as SES reports it (no new version: no mail)
    anonymised: bool = False
    anonymised_at: UtcInstant | None = None

    @property
    def shown_name(self) -> str:
        """The name as lists and reports show it: anonymised rows say so instead of an empty cell."""
        return "(anonymised)" if self.anonymised else self.name
