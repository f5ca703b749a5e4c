"""Registration rules, pure. The storage adapter enforces them atomically; these explain and prepare."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from eventreg.domain.errors import (
    DomainError,
    EventFull,
    ModeNotOffered,
    RegistrationClosed,
    RegistrationNotOpen,
    ValidationFailed,
)
from eventreg.domain.models import (
    AttendanceMode,
    Event,
    EventStatus,
    Registration,
    RegistrationRequest,
    RegistrationStatus,
    new_id,
)
from eventreg.web.dates import format_instant


def normalise_email(email: str) -> str:
    """The uniqueness key for a person: NFKC, trimmed, lower-cased (domains are case-insensitive and
    in practice so are mailboxes)."""
    return unicodedata.normalize("NFKC", email).strip().lower()


def parse_request(data: Any) -> RegistrationRequest:
    """Validate a submitted form or JSON body, turning pydantic's errors into field messages."""
    if not isinstance(data, dict):
        raise ValidationFailed("The body must be a JSON object or a form.")
    try:
        return RegistrationRequest.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed("Some fields need your attention.", fields=field_messages(exc)) from exc


def field_messages(exc: ValidationError) -> dict[str, str]:
    messages: dict[str, str] = {}
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"]) or "body"
        if error["type"] == "missing":
            text = "This field is required."
        elif error["type"] == "extra_forbidden":
            text = "Unknown field."
        else:
            text = error["msg"].removeprefix("Value error, ")
            text = text[:1].upper() + text[1:]
            if not text.endswith("."):
                text += "."
        messages.setdefault(field, text)
    return messages


def new_registration(event_id: str, request: RegistrationRequest, now: datetime) -> Registration:
    return Registration(
        registration_id=new_id(),
        event_id=event_id,
        name=request.name,
        email=str(request.email),
        email_norm=normalise_email(str(request.email)),
        organisation=request.organisation,
        country=request.country,
        attendance_mode=request.attendance_mode,
        status=RegistrationStatus.CONFIRMED,
        created_at=now,
    )


def rejection(event: Event, now: datetime, mode: AttendanceMode | None = None) -> DomainError | None:
    """Why `event` refuses a registration (in `mode`, if given) at `now`, or None if it accepts it.

    The same rule is written as the transaction's condition in the storage adapter; this function
    explains a failed condition (from the event as it was) and lets pages say so before a post.
    """
    if event.status is not EventStatus.OPEN and event.status is not EventStatus.DRAFT:
        return _closed(event)
    if event.status is EventStatus.DRAFT or now < event.registration_opens_at:
        opens = format_instant(event.registration_opens_at, event.timezone, event.language)
        return RegistrationNotOpen(
            f"Registration opens on {opens}.",
            opens_at=event.registration_opens_at.astimezone(event.tz).isoformat(),
            opens_at_display=opens,
            timezone=event.timezone,
        )
    if now >= event.registration_closes_at:
        return _closed(event)
    if mode is not None and mode not in event.modes:
        return ModeNotOffered(
            "This event does not offer that attendance mode.",
            fields={"attendance_mode": "Choose one of: " + ", ".join(m.value for m in event.modes) + "."},
        )
    if event.registered_count >= event.capacity:
        return EventFull("The event is full.")
    return None


def _closed(event: Event) -> RegistrationClosed:
    closes = format_instant(event.registration_closes_at, event.timezone, event.language)
    return RegistrationClosed(
        f"Registration closed on {closes}.",
        closes_at=event.registration_closes_at.astimezone(event.tz).isoformat(),
        closes_at_display=closes,
        timezone=event.timezone,
    )
