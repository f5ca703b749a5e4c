"""What the notifications service does with one change of the table: decide, render, send once."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from eventreg.domain.models import Event, Registration, RegistrationStatus, Session, utc_now
from eventreg.links import manage_url
from eventreg.mail.compose import compose
from eventreg.mail.ses import SesMailer
from eventreg.storage import items
from eventreg.storage.repository import Repository

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    """One stream record, reduced to what matters here (images in plain Python form)."""

    event_name: str  # INSERT | MODIFY | REMOVE
    new: dict[str, Any] | None
    old: dict[str, Any] | None

    @classmethod
    def from_stream(cls, event_name: str, new_image: Any, old_image: Any) -> Change:
        return cls(
            event_name,
            items.from_av(new_image) if new_image else None,
            items.from_av(old_image) if old_image else None,
        )


# What each announced change says (English until the mails are translated).
MESSAGES: dict[str, tuple[str, str]] = {
    "confirmed": ("Registration confirmed", "your registration is confirmed."),
    "pending": ("Registration received", "we received your registration; the organisers will confirm it shortly."),
    "waitlisted": ("On the waiting list", "the event is full: you are on the waiting list. We will write to you "
                   "as soon as a place frees up for you."),
    "promoted": ("A place for you", "good news: a place freed up and your registration is now confirmed."),
    "approved": ("Registration approved", "the organisers approved your registration: it is confirmed."),
    "modified": ("Registration changed", "your registration was changed as follows."),
    "cancelled": ("Registration cancelled", "your registration is cancelled. We hope to see you another time."),
    "rejected": ("Registration not accepted", "we are sorry: the organisers could not accept your registration."),
}


def mail_state(change: Change) -> str | None:
    """The state change this record announces by mail, if any."""
    new, old = change.new or {}, change.old or {}
    if new.get("type") != "registration":
        return None
    status, before = new.get("status"), old.get("status")
    if status == before:
        moved = any(new.get(k) != old.get(k) for k in ("attendance_mode", "sessions", "waitlisted_sessions"))
        return "modified" if moved and status in ("confirmed", "pending") else None
    if status == RegistrationStatus.CONFIRMED:
        return {"waitlisted": "promoted", "pending": "approved"}.get(str(before), "confirmed")
    if status in ("pending", "waitlisted", "cancelled", "rejected"):
        return str(status)
    return None


class Notifier:
    def __init__(self, repo: Repository, mailer: SesMailer, sender: str, public_url: str) -> None:
        self.repo = repo
        self.mailer = mailer
        self.sender = sender
        self.public_url = public_url

    def handle(self, change: Change) -> bool:
        """Send the mail this change calls for, at most once per (registration, state). True if sent."""
        state = mail_state(change)
        if state is None or change.new is None:
            return False
        registration = Registration.model_validate(change.new)
        # One mail per state change: the send log is keyed by the registration's version.
        state_key = f"{state}#v{registration.version}"
        if not self.repo.claim_send(registration.event_id, registration.registration_id, state_key, utc_now()):
            log.info("mail already sent", extra={"registration": registration.registration_id, "state": state})
            return False
        try:
            event, sessions = self.repo.get_event_with_sessions(registration.event_id)
            headline, intro = MESSAGES[state]
            message = compose(
                "registration",
                sender=self.sender,
                to_name=registration.name,
                to_email=registration.email,
                lang="en",  # the mails' frame is English until it is translated (issue: notifications)
                context={**self._context(event, sessions, registration), "headline": headline, "intro": intro},
            )
            self.mailer.send(message, self.sender, registration.email)
        except Exception:
            # Give the claim back so the stream's retry of this record sends the mail.
            self.repo.release_send(registration.event_id, registration.registration_id, state_key)
            raise
        log.info("mail sent", extra={"registration": registration.registration_id, "state": state})
        return True

    def _context(self, event: Event, sessions: list[Session], registration: Registration) -> dict[str, Any]:
        return {
            "event": event,
            "registration": registration,
            "sessions": [s for s in sessions if s.session_id in registration.sessions],
            "waiting": [s for s in sessions if s.session_id in registration.waitlisted_sessions],
            "event_url": f"{self.public_url}/events/{event.event_id}/register",
            "manage_url": manage_url(event.event_id, registration.registration_id),
        }
