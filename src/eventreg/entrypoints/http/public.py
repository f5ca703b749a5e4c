"""What the public sees of an event: `GET /events/{id}` answers a `PublicEventView`.

An allow-list, not a deny-list: every field here is named on purpose, and a field added to
`eventreg.domain.events.Event` stays private until someone adds it here. Private are the organisers
(`organiser_ids`, `organiser_emails`), the mail set-up (`mail_overrides`, `mail_sender_name`, `reply_to`,
reminders), the online meeting link (sent to registrants only), documents' storage keys, session partners
and the retention bookkeeping. Drafts have no public view at all (404 `event_not_found`).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import ConfigDict, Field

from eventreg.domain.base_model import DomainModel
from eventreg.domain.models import AttendanceMode, Event, EventStatus, Question, Session, Venue


class _Public(DomainModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PublicDocument(_Public):
    """A published document; `url` downloads it (a redirect to the file)."""

    document_id: str
    title: dict[str, str] = Field(description="The title per language (ISO 639-1 codes: the EU's 24).")
    content_type: str
    url: str = Field(description="Path of the download, relative to the registration service.")


class PublicSession(_Public):
    session_id: str
    title: dict[str, str]
    description: dict[str, str] = Field(default_factory=dict)
    starts_at: datetime
    ends_at: datetime
    room: str = ""
    track: str = ""
    speakers: list[str] = Field(default_factory=list)
    modes: list[AttendanceMode]
    capacity: int | None = Field(description="Seats; null when unlimited.")
    registered: int
    waitlisted: int
    places: int | None = Field(description="Free seats; null when unlimited.")


class PublicEvent(_Public):
    event_id: str
    title: dict[str, str] = Field(description="The title per language (ISO 639-1 codes: the EU's 24).")
    description: dict[str, str] = Field(default_factory=dict)
    language: str = Field(description="The event's default language: texts fall back to it.")
    timezone: str = Field(description="IANA timezone in which dates are shown and deadlines enforced.")
    starts_at: datetime
    ends_at: datetime
    venue: Venue | None = None
    privacy_url: str | None = None
    retention_days: int = Field(description="Personal data is erased this many days after the event ends.")
    organising_unit: str = ""
    partners: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    registration_opens_at: datetime
    registration_closes_at: datetime
    modification_deadline: datetime | None = None
    status: EventStatus
    moderated: bool
    modes: list[AttendanceMode]
    capacity_in_person: int | None = None
    capacity_online: int | None = None
    questions: list[Question] = Field(default_factory=list)
    documents: list[PublicDocument] = Field(default_factory=list)
    registered_in_person: int
    registered_online: int
    waitlisted: int
    places: dict[AttendanceMode, int | None] = Field(
        description="Free places per attendance mode the event offers; null when unlimited.")


class PublicEventView(_Public):
    """`GET /events/{event_id}`: a published event and its programme, sessions in time order."""

    event: PublicEvent
    sessions: list[PublicSession]


def document_path(event_id: str, document_id: str) -> str:
    return f"/events/{event_id}/documents/{document_id}"


def public_event(event: Event) -> PublicEvent:
    if event.status is EventStatus.DRAFT:
        raise ValueError("a draft has no public view")
    fields = {name: getattr(event, name) for name in PublicEvent.model_fields if name not in ("documents", "places")}
    documents = [
        PublicDocument(document_id=d.document_id, title=d.title, content_type=d.content_type,
                       url=document_path(event.event_id, d.document_id))
        for d in event.documents
    ]
    places = {mode: event.places(mode) for mode in event.modes}
    return PublicEvent(**fields, documents=documents, places=places)


def public_session(session: Session) -> PublicSession:
    fields = {name: getattr(session, name) for name in PublicSession.model_fields}
    return PublicSession(**fields)


def public_view(event: Event, sessions: list[Session]) -> PublicEventView:
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.session_id))
    return PublicEventView(event=public_event(event), sessions=[public_session(s) for s in ordered])
