"""Domain errors: each carries the machine-readable code and HTTP status of DESIGN.md's error contract.

An error that names an instant (a deadline) does not write it out: it carries the instant, with the
timezone and language it is shown in, and a message with a `{name}` placeholder; eventreg.locale.errors
writes it out (Babel) where the error leaves for a reader (JSON, pages)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


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
        """With `instants`, `message` holds a `{name}` placeholder per instant (until written out it reads the
        ISO local time), and a `<name>_display` detail, if given, is written out too."""
        self.template = message
        self.instants = instants or {}
        if self.instants:
            message = message.format(**{name: i.at.isoformat() for name, i in self.instants.items()})
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.details = details

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
