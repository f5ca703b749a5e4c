"""Domain errors: each carries the machine-readable code and HTTP status of DESIGN.md's error contract.

An error that names an instant (a deadline) does not write it out: it carries the instant, with the
timezone and language it is shown in, and a message with a `{name}` placeholder; eventreg.locale.errors
writes it out (Babel) where the error leaves for a reader (JSON, pages).

A message that pages show in the reader's language is a `Message`: the English text it reads as (what the
JSON API answers, unchanged) together with its gettext msgid and parameters, so eventreg.locale.errors looks
it up in the catalog instead of matching sentences. Its msgid is marked with N_ for `pybabel extract`. A
plain str is API English that no page translates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self


def N_(message: str) -> str:  # gettext's name for "extract this; it is translated where shown"
    return message


class Message(str):
    """A translatable message: reads as `msgid % params` in English, and keeps both for a translation."""

    msgid: str
    params: dict[str, object]
    counted: tuple[str, int] | None = None  # a counted message's plural msgid and its count (see ngettext)

    def __new__(cls, msgid: str, **params: object) -> Self:
        message = super().__new__(cls, msgid % params)
        message.msgid, message.params = msgid, params
        return message


def ngettext(singular: str, plural: str, num: int, /, **params: object) -> Message:
    """A counted message (`%(num)s`), marked for extraction under gettext's name: the reader's language picks
    its form for `num` (Polish says 200 znaków but 254 znaki), English the singular for 1."""
    message = Message(singular if num == 1 else plural, num=num, **params)
    message.msgid, message.counted = singular, (plural, num)
    return message


class Named(str):
    """A code in a message that a reader sees by its name (a registration's or an event's status, an attendance
    mode): the API's English text reads the code ("in person"); a page shows the name in its language
    (eventreg.locale.errors), so no English code sits in a translated sentence."""

    kind: str  # "status", "event_status" or "mode": which names (eventreg.locale.names)
    code: str

    def __new__(cls, kind: str, code: str) -> Self:
        named = super().__new__(cls, code.replace("_", " "))
        named.kind, named.code = kind, code
        return named


@dataclass(frozen=True)
class Instant:
    at: datetime
    timezone: str
    language: str


class DomainError(Exception):
    code = "error"
    status = 400

    def __init__(self, message: str, fields: dict[str, str] | None = None, *,
                 instants: dict[str, Instant] | None = None, **details: Any) -> None:
        """With `instants`, `message` is a msgid (marked N_) with a `%(name)s` placeholder per instant: until
        written out it reads the ISO local time; a `<name>_display` detail, if given, is written out too."""
        self.template = message
        self.instants = instants or {}
        if self.instants:
            message = self.filled({name: i.at.isoformat() for name, i in self.instants.items()})
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.details = details

    def filled(self, instants: dict[str, str]) -> Message:
        """The message with its instants as given (ISO, or written out for a reader)."""
        return Message(self.template, **instants)

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.fields:
            error["fields"] = self.fields
        error.update(self.details)
        return {"error": error}


class ValidationFailed(DomainError):
    code = "validation_error"
    status = 400


class PayloadTooLarge(DomainError):
    code = "payload_too_large"
    status = 413


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"
    status = 415


class EventNotFound(DomainError):
    code = "event_not_found"
    status = 404


class SessionNotFound(DomainError):
    code = "session_not_found"
    status = 404


class DocumentNotFound(DomainError):
    code = "document_not_found"
    status = 404


class RegistrationNotFound(DomainError):
    code = "registration_not_found"
    status = 404


class DelegationNotFound(DomainError):
    code = "delegation_not_found"
    status = 404


class ExportNotFound(DomainError):
    code = "export_not_found"
    status = 404


class ErasureNotFound(DomainError):
    code = "erasure_not_found"
    status = 404


class AlreadyRegistered(DomainError):
    code = "already_registered"
    status = 409


class RegistrationNotOpen(DomainError):
    code = "registration_not_open"
    status = 409


class RegistrationClosed(DomainError):
    code = "registration_closed"
    status = 409


class EventFull(DomainError):
    code = "event_full"
    status = 409


class ModeNotOffered(DomainError):
    code = "attendance_mode_not_offered"
    status = 409


class Forbidden(DomainError):
    code = "forbidden"
    status = 403


class Unavailable(DomainError):
    code = "temporarily_unavailable"
    status = 503


class BroadcastNotFound(DomainError):
    code = "message_not_found"
    status = 404


class TooManyMessages(DomainError):
    code = "too_many_messages"
    status = 429
