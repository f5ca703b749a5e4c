"""Organisers' rules, pure: what they may set on an event and its sessions, and status changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from eventreg.domain.errors import (
    N_,
    DocumentNotFound,
    DomainError,
    Message,
    Named,
    PayloadTooLarge,
    ValidationFailed,
)
from eventreg.domain.events import Document, Event, Session
from eventreg.domain.parsing import field_messages
from eventreg.domain.types import EventStatus, new_id

# Kept by the system (registrations, jobs), never set by organisers.
COUNTERS = frozenset({"registered_in_person", "registered_online", "waitlisted", "registered", "reminder_sent",
                      "anonymised_at"})
FIXED = frozenset({"event_id", "organiser_ids"}) | COUNTERS
# Checks an organiser's mail wording (kind, subject, body) and raises ValueError saying what is wrong. The
# caller passes the notifications flow's check (eventreg.notify.overrides.check): the domain renders nothing.
MailCheck = Callable[[str, str, str], None]

NEXT_STATUSES: dict[EventStatus, frozenset[EventStatus]] = {
    EventStatus.DRAFT: frozenset({EventStatus.OPEN, EventStatus.CANCELLED}),
    EventStatus.OPEN: frozenset({EventStatus.CLOSED, EventStatus.CANCELLED}),
    EventStatus.CLOSED: frozenset({EventStatus.OPEN, EventStatus.FINISHED, EventStatus.CANCELLED}),
    EventStatus.FINISHED: frozenset(),
    EventStatus.CANCELLED: frozenset(),
}

SET_BY_SYSTEM = Message(N_("Set by the system."))
CANNOT_CHANGE = Message(N_("Cannot be changed."))
DOCUMENT_TYPES = Message(N_("PDF, Word, PowerPoint, OpenDocument text, PNG or JPEG."))


class EventExists(DomainError):
    code = "event_exists"
    status = 409


class StatusChangeRefused(DomainError):
    code = "status_change_refused"
    status = 409


def status_change_refused(current: EventStatus, wanted: EventStatus) -> StatusChangeRefused:
    return StatusChangeRefused(Message(N_("An event cannot go from “%(current)s” to “%(wanted)s”."),
                                       current=Named("event_status", current.value),
                                       wanted=Named("event_status", wanted.value)))


class CapacityBelowRegistrations(DomainError):
    code = "capacity_below_registrations"
    status = 409


# An event is one DynamoDB item (at most 400 KB, counters and keys included): what organisers put in it
# stays well below that, else the write would fail.
MAX_EVENT_BYTES = 300_000
# Whole sentences, not "the %(item)s": a language's article and adjective follow the noun's gender.
TOO_LARGE: dict[type[Event] | type[Session] | type[Document], str] = {
    Event: N_("The event would be larger than %(kb)s KB."),
    Session: N_("The session would be larger than %(kb)s KB."),
    Document: N_("The document would be larger than %(kb)s KB."),
}


def _validated(model: type[Event] | type[Session] | type[Document], data: dict[str, Any]) -> Any:
    try:
        valid = model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(Message(N_("Some fields need your attention.")), fields=field_messages(exc)) from exc
    if len(valid.model_dump_json().encode()) > MAX_EVENT_BYTES:
        raise PayloadTooLarge(Message(TOO_LARGE[model], kb=MAX_EVENT_BYTES // 1000))
    return valid


def _check_mail(event: Event, check: MailCheck) -> Event:
    for kind, override in event.mail_overrides.items():
        try:
            check(kind, override.subject, override.body)
        except ValueError as error:
            raise ValidationFailed(Message(N_("A mail template needs attention.")),
                                   fields={f"mail_overrides.{kind}": str(error)}) from None
    return event


def new_event(data: Any, organiser_id: str, *, check_mail: MailCheck) -> Event:
    if not isinstance(data, dict):
        raise ValidationFailed(Message(N_("The body must be a JSON object.")))
    fixed = sorted(FIXED.intersection(data) - {"event_id"})
    if fixed:
        raise ValidationFailed(Message(N_("Some fields cannot be set.")), fields=dict.fromkeys(fixed, SET_BY_SYSTEM))
    event: Event = _validated(Event, {**data, "organiser_ids": [organiser_id]})
    return _check_mail(event, check_mail)


def updated_event(current: Event, patch: Any, *, check_mail: MailCheck) -> Event:
    """The event with an organiser's changes: counters and ids stay, status moves only along its path,
    capacities never drop below the places already taken."""
    if not isinstance(patch, dict):
        raise ValidationFailed(Message(N_("The body must be a JSON object.")))
    fixed = sorted(FIXED.intersection(patch))
    if fixed:
        raise ValidationFailed(Message(N_("Some fields cannot be changed.")),
                               fields=dict.fromkeys(fixed, CANNOT_CHANGE))
    merged: Event = _check_mail(_validated(Event, {**current.model_dump(mode="json"), **patch}), check_mail)
    if merged.status is not current.status and merged.status not in NEXT_STATUSES[current.status]:
        raise status_change_refused(current.status, merged.status)
    for mode in merged.modes:
        capacity = merged.capacity(mode)
        if capacity is not None and capacity < current.registered(mode):
            raise CapacityBelowRegistrations(
                Message(N_("%(taken)s places are taken (%(mode)s); the capacity cannot be lower."),
                        taken=current.registered(mode), mode=Named("mode", mode.value)),
                fields={f"capacity_{mode.value}": Message(N_("At least %(taken)s."), taken=current.registered(mode))},
            )
    return merged


def session_for(event: Event, session_id: str, data: Any, current: Session | None) -> Session:
    if not isinstance(data, dict):
        raise ValidationFailed(Message(N_("The body must be a JSON object.")))
    fixed = sorted(COUNTERS.intersection(data))
    if fixed:
        raise ValidationFailed(Message(N_("Some fields cannot be set.")), fields=dict.fromkeys(fixed, SET_BY_SYSTEM))
    base = current.model_dump(mode="json") if current else {}
    texts = {name: {event.language: data[name]} for name in ("title", "description") if isinstance(data.get(name), str)}
    session: Session = _validated(Session, {**base, **data, **texts, "session_id": session_id})
    if current is not None and session.capacity is not None and session.capacity < current.registered:
        raise CapacityBelowRegistrations(
            Message(N_("%(taken)s seats are taken; the capacity cannot be lower."), taken=current.registered),
            fields={"capacity": Message(N_("At least %(taken)s."), taken=current.registered)},
        )
    return session


ALLOWED_DOCUMENT_TYPES = {
    "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text", "image/png", "image/jpeg",
}


# The largest file a document may be (storage refuses a larger upload: the limit is signed into its form).
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def document_of(event: Event, document_id: str) -> Document:
    for document in event.documents:
        if document.document_id == document_id:
            return document
    raise DocumentNotFound(Message(N_("There is no such document.")))


def without_document(event: Event, document_id: str) -> tuple[Event, Document]:
    """The event without one of its documents, and that document."""
    gone = document_of(event, document_id)
    return event.model_copy(update={"documents": [d for d in event.documents if d is not gone]}), gone


def new_document(event: Event, data: Any) -> Document:
    """A document's listing; the file goes to S3 under a key of its own (never a user-chosen path)."""
    if not isinstance(data, dict):
        raise ValidationFailed(Message(N_("The body must be a JSON object.")))
    content_type = data.get("content_type", "application/pdf")
    if not isinstance(content_type, str) or content_type not in ALLOWED_DOCUMENT_TYPES:
        raise ValidationFailed(Message(N_("Unsupported document type.")),
                               fields={"content_type": DOCUMENT_TYPES})
    document_id = data.get("document_id")
    texts = {"title": {event.language: data["title"]}} if isinstance(data.get("title"), str) else {}
    document: Document = _validated(Document, {
        **{k: v for k, v in data.items() if k in {"document_id", "title"}}, **texts,
        "content_type": content_type,
        "key": f"documents/{event.event_id}/{document_id}/{new_id()}",
    })
    return document
