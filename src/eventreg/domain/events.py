"""Events and their programme, as organisers define them. Pure: no I/O."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any
from zoneinfo import ZoneInfo, available_timezones

from pydantic import ConfigDict, Field, field_validator, model_validator

from eventreg.domain.base_model import DomainModel
from eventreg.domain.errors import N_, Message
from eventreg.domain.types import (
    AttendanceMode,
    Capacity,
    EventStatus,
    Flag,
    Language,
    LocalizedText,
    LocalizedTitle,
    MailAddress,
    Modes,
    NonBlank,
    OrganiserId,
    ShortText,
    Slug,
    UtcInstant,
    WholeNumber,
    localize,
)

TIMEZONE = N_("Choose a timezone such as Europe/Brussels.")


@lru_cache(maxsize=1)
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


class Venue(DomainModel):
    model_config = ConfigDict(extra="forbid")
    name: NonBlank
    address: ShortText = ""
    room: ShortText = ""


class QuestionKind(StrEnum):
    TEXT = "text"
    SINGLE = "single"  # one of the options
    MULTI = "multi"  # any of the options
    CHECKBOX = "checkbox"  # yes / no


class Question(DomainModel):
    """An organiser's own question on the registration form."""

    model_config = ConfigDict(extra="forbid")
    question_id: Slug
    label: LocalizedTitle
    kind: QuestionKind = QuestionKind.TEXT
    required: Flag = False
    options: list[NonBlank] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _options_fit_kind(self) -> Question:
        choice = self.kind in (QuestionKind.SINGLE, QuestionKind.MULTI)
        if choice and not self.options:
            raise ValueError(Message(N_("A choice question needs options."), field="options"))
        if not choice and self.options:
            raise ValueError(Message(N_("Only choice questions have options."), field="options"))
        return self

    def label_in(self, language: str, default: str = "en") -> str:
        return localize(self.label, language, default) or self.question_id


class Document(DomainModel):
    """A file organisers publish with the event (draft agenda, presentations), kept in S3."""

    model_config = ConfigDict(extra="forbid")
    document_id: Slug
    title: LocalizedTitle
    key: str  # the S3 object key
    content_type: str = "application/pdf"

    def title_in(self, language: str, default: str = "en") -> str:
        return localize(self.title, language, default) or self.document_id


class MailOverride(DomainModel):
    """An organiser's own wording for one kind of mail: jinja2 text, rendered in the sandbox."""

    model_config = ConfigDict(extra="forbid")
    subject: Annotated[str, Field(max_length=200)] = ""
    body: Annotated[str, Field(max_length=5000)] = ""


class Session(DomainModel):
    """A workshop or other slot of an event's programme. `places` counts down the free seats."""

    model_config = ConfigDict(extra="forbid")
    session_id: Slug
    title: LocalizedTitle
    description: LocalizedText = Field(default_factory=dict)
    starts_at: UtcInstant
    ends_at: UtcInstant
    room: ShortText = ""
    track: ShortText = ""
    speakers: list[NonBlank] = Field(default_factory=list, max_length=50)
    modes: Modes = Field(default_factory=lambda: [AttendanceMode.IN_PERSON, AttendanceMode.ONLINE])
    capacity: Capacity | None = None  # None: unlimited
    partner_id: OrganiserId | None = None  # the partner organiser running it inside an umbrella event
    registered: int = Field(default=0, ge=0)
    waitlisted: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Session:
        if self.ends_at <= self.starts_at:
            raise ValueError(Message(N_("The session must end after it starts."), field="ends_at"))
        if not self.modes:
            raise ValueError(Message(N_("A session is held in person, online or both."), field="modes"))
        return self

    @property
    def places(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.registered, 0)

    def overlaps(self, other: Session) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at

    def title_in(self, language: str, default: str = "en") -> str:
        return localize(self.title, language, default)


class Event(DomainModel):
    model_config = ConfigDict(extra="forbid")
    event_id: Slug
    title: LocalizedTitle
    description: LocalizedText = Field(default_factory=dict)
    language: Language = "en"  # the default language: texts fall back to it
    timezone: str
    starts_at: UtcInstant
    ends_at: UtcInstant
    venue: Venue | None = None
    online_url: str | None = Field(default=None, max_length=500, pattern=r"^https://")
    privacy_url: str | None = Field(default=None, max_length=500, pattern=r"^https://")  # else eventreg's own page
    retention_days: Annotated[WholeNumber, Field(ge=1, le=3650)] = 90  # personal data kept this long after the event
    anonymised_at: UtcInstant | None = None  # set by the retention job once personal data is gone
    organising_unit: ShortText = ""
    partners: list[NonBlank] = Field(default_factory=list, max_length=100)
    topics: list[NonBlank] = Field(default_factory=list, max_length=50)
    registration_opens_at: UtcInstant
    registration_closes_at: UtcInstant
    modification_deadline: UtcInstant | None = None  # None: changes allowed until the cutoff
    status: EventStatus = EventStatus.DRAFT
    moderated: Flag = False
    modes: Modes = Field(default_factory=lambda: [AttendanceMode.IN_PERSON])
    capacity_in_person: Capacity | None = None  # None: unlimited
    capacity_online: Capacity | None = None
    questions: list[Question] = Field(default_factory=list, max_length=30)
    documents: list[Document] = Field(default_factory=list, max_length=50)
    organiser_ids: list[str] = Field(default_factory=list)
    # Staff at the door (the `check-in` group) who may check people in at this event, and do nothing else here.
    checkin_staff: list[OrganiserId] = Field(default_factory=list, max_length=200)
    # Mail: the sender's name and the address replies go to; organisers' addresses for their notices;
    # organisers' own subject/body per announced change (rendered in jinja2's sandbox).
    mail_sender_name: ShortText = ""
    reply_to: MailAddress | None = None
    organiser_emails: list[MailAddress] = Field(default_factory=list, max_length=10)
    mail_overrides: dict[str, MailOverride] = Field(default_factory=dict)
    reminder_days: Annotated[WholeNumber, Field(ge=1, le=60)] | None = None  # a reminder this many days before
    reminder_sent: bool = False
    # Counters, kept by the registration transactions (never set by organisers).
    registered_in_person: int = Field(default=0, ge=0)
    registered_online: int = Field(default=0, ge=0)
    waitlisted: int = Field(default=0, ge=0)

    @model_validator(mode="before")
    @classmethod
    def _default_language_texts(cls, data: Any) -> Any:
        """Plain-string titles and descriptions are in the event's default language."""
        if isinstance(data, dict):
            language = data.get("language", "en") if isinstance(data.get("language"), str) else "en"
            for name in ("title", "description"):
                if isinstance(data.get(name), str):
                    data = {**data, name: {language: data[name]} if data[name] else {}}
        return data

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        if value not in _timezones():
            raise ValueError(Message(TIMEZONE))
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Event:
        # Each rule names the field it is about (`field`), so a form shows it next to that field.
        if not self.title or not any(self.title.values()):
            raise ValueError(Message(N_("An event needs a title."), field="title"))
        if self.ends_at < self.starts_at:
            raise ValueError(Message(N_("The event must end after it starts."), field="ends_at"))
        if self.registration_closes_at <= self.registration_opens_at:
            raise ValueError(Message(N_("Registration must close after it opens."), field="registration_closes_at"))
        if not self.modes:
            raise ValueError(Message(N_("An event is held in person, online or both."), field="modes"))
        if len({q.question_id for q in self.questions}) != len(self.questions):
            raise ValueError(Message(N_("Question ids must be unique."), field="questions"))
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def modification_closes_at(self) -> Any:
        return self.modification_deadline or self.registration_closes_at

    @property
    def purge_after(self) -> datetime:
        """When the personal data of its registrations is due to be anonymised."""
        return self.ends_at + timedelta(days=self.retention_days)

    def capacity(self, mode: AttendanceMode) -> int | None:
        return self.capacity_in_person if mode is AttendanceMode.IN_PERSON else self.capacity_online

    def registered(self, mode: AttendanceMode) -> int:
        return self.registered_in_person if mode is AttendanceMode.IN_PERSON else self.registered_online

    def places(self, mode: AttendanceMode) -> int | None:
        """Free places in a mode; None when unlimited."""
        capacity = self.capacity(mode)
        return None if capacity is None else max(capacity - self.registered(mode), 0)

    def title_in(self, language: str) -> str:
        return localize(self.title, language, self.language)

    def description_in(self, language: str) -> str:
        return localize(self.description, language, self.language)
