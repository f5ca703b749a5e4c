"""Which mail a change of the table calls for, decided from the stream record alone (pure: no I/O). The record
comes decoded (ports.Change: the images in plain values)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from eventreg.domain.models import Event, Registration, RegistrationStatus
from eventreg.ports import Change

Claim = tuple[str, str, str]  # (event_id, registration_id, state key): one send-log item


@dataclass(frozen=True)
class Announcement:
    """The mail a change of a registration calls for."""

    registration: Registration
    state: str
    old: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.state}#v{self.registration.version}"

    @property
    def claim(self) -> Claim:
        return self.registration.event_id, self.registration.registration_id, self.key


def announcement(change: Change) -> Announcement | None:
    state = mail_state(change)
    if state is None or change.new is None:
        return None
    return Announcement(Registration.model_validate(change.new), state, change.old or {})


def mail_state(change: Change) -> str | None:
    """The state change this record announces by mail, if any."""
    new, old = change.new or {}, change.old or {}
    if new.get("type") != "registration" or new.get("anonymised"):
        return None  # an anonymised registration (retention, erasure) is never written to
    status, before = new.get("status"), old.get("status")
    if status == before:
        moved = any(new.get(k) != old.get(k) for k in ("attendance_mode", "sessions", "waitlisted_sessions"))
        return "modified" if moved and status in ("confirmed", "pending") else None
    if status == RegistrationStatus.CONFIRMED:
        return {"waitlisted": "promoted", "pending": "approved"}.get(str(before), "confirmed")
    if status in ("pending", "waitlisted", "cancelled", "rejected"):
        return str(status)
    return None


def is_event_change(change: Change) -> bool:
    return (change.new or {}).get("type") == "event"


@dataclass(frozen=True)
class EventNotice:
    """The mail an event's own change calls for: `closed` (registration closed, to its organisers), or
    `event_cancelled` / `event_changed` to every registrant, each once per `key`."""

    event: Event
    state: str
    key: str


def event_notice(change: Change) -> EventNotice | None:
    """Registration closed, the event cancelled, or moved (its date, time, place or timezone): a moved
    event's key is a fingerprint of the new values, so each move is told once."""
    new, old = change.new or {}, change.old or {}
    if not old:
        return None
    event = Event.model_validate({k: v for k, v in new.items() if k in Event.model_fields})
    if new.get("status") == "closed" and old.get("status") == "open":
        return EventNotice(event, "closed", "")
    if new.get("status") == "cancelled" and old.get("status") != "cancelled":
        return EventNotice(event, "event_cancelled", "once")
    moved = [k for k in ("starts_at", "ends_at", "venue", "online_url", "timezone") if new.get(k) != old.get(k)]
    if moved and new.get("status") in ("open", "closed"):
        fingerprint = hashlib.sha256(json.dumps([new.get(k) for k in moved], sort_keys=True).encode()).hexdigest()
        return EventNotice(event, "event_changed", fingerprint[:16])
    return None
