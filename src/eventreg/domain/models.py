"""Domain models. Pure: no I/O. Instants are UTC, to the second; each event names its IANA timezone."""

from __future__ import annotations

import secrets
import time
import unicodedata
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Annotated
from zoneinfo import ZoneInfo, available_timezones

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator


def utc_second(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("must include a timezone offset, e.g. 2026-10-12T09:00:00+02:00")
    return value.astimezone(UTC).replace(microsecond=0)


UtcInstant = Annotated[datetime, AfterValidator(utc_second)]


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def iso(value: datetime) -> str:
    """The stored form of an instant: fixed width, so strings compare like instants in conditions."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_id() -> str:
    """A time-ordered, unguessable id (ULID layout: 48-bit milliseconds + 80 random bits)."""
    value = (time.time_ns() // 1_000_000) << 80 | secrets.randbits(80)
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


class AttendanceMode(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"


class EventStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    FINISHED = "finished"
    CANCELLED = "cancelled"


class RegistrationStatus(StrEnum):
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


@lru_cache(maxsize=1)
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


class Venue(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    address: str = ""
    room: str = ""


class Session(BaseModel):
    """A workshop or other slot of an event's programme."""

    model_config = ConfigDict(extra="forbid")
    session_id: str
    title: str
    starts_at: UtcInstant
    ends_at: UtcInstant
    room: str = ""
    track: str = ""
    speakers: list[str] = Field(default_factory=list)
    capacity: int | None = Field(default=None, ge=0)


class Event(BaseModel):
    model_config = ConfigDict(extra="forbid")
    event_id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")
    title: str
    description: str = ""
    language: str = "en"
    timezone: str
    starts_at: UtcInstant
    ends_at: UtcInstant
    venue: Venue | None = None
    online_url: str | None = None
    organising_unit: str = ""
    registration_opens_at: UtcInstant
    registration_closes_at: UtcInstant
    status: EventStatus = EventStatus.DRAFT
    capacity: int = Field(ge=0)
    registered_count: int = Field(default=0, ge=0)
    modes: list[AttendanceMode] = Field(default_factory=lambda: [AttendanceMode.IN_PERSON])
    organiser_ids: list[str] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        if value not in _timezones():
            raise ValueError(f"unknown IANA timezone {value!r}")
        return value

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        from babel import Locale, UnknownLocaleError

        try:
            Locale.parse(value)
        except (ValueError, UnknownLocaleError):
            raise ValueError(f"unknown language {value!r}") from None
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Event:
        if self.ends_at < self.starts_at:
            raise ValueError("the event must end after it starts")
        if self.registration_closes_at <= self.registration_opens_at:
            raise ValueError("registration must close after it opens")
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.registered_count, 0)


def _two_letter_country(value: str) -> str:
    from eventreg.domain.countries import is_country

    code = value.strip().upper()
    if not is_country(code):
        raise ValueError("choose a country (ISO 3166 two-letter code, e.g. BE)")
    return code


def _plain_text(value: str) -> str:
    """Free text is kept as typed (escaped wherever shown) but never carries control characters."""
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in value):
        raise ValueError("must not contain control characters")
    return value


def _mailable_address(value: str) -> str:
    """An address SES can deliver to: no display name, an ASCII mailbox; an internationalised domain
    is kept in its ASCII (punycode) form, which is what goes on the envelope and in the To header."""
    try:
        checked = validate_email(value, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        raise ValueError(str(error)) from None
    return str(checked.ascii_email or checked.normalized)


NonBlank = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_plain_text)]
MailAddress = Annotated[str, Field(max_length=254), AfterValidator(_mailable_address)]


class RegistrationRequest(BaseModel):
    """What an attendee submits. Unknown fields are refused, text is kept as text (escaped when shown)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: NonBlank
    email: MailAddress
    organisation: NonBlank
    country: Annotated[str, AfterValidator(_two_letter_country)]
    attendance_mode: AttendanceMode = AttendanceMode.IN_PERSON


class Registration(BaseModel):
    model_config = ConfigDict(extra="ignore")
    registration_id: str
    event_id: str
    name: str
    email: str
    email_norm: str
    organisation: str
    country: str
    attendance_mode: AttendanceMode
    status: RegistrationStatus
    created_at: UtcInstant
