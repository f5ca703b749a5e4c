"""What the notifications service does with one change of the table: decide, render, send once."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from eventreg.domain.models import Event, Registration, RegistrationStatus, utc_now
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


def mail_state(change: Change) -> str | None:
    """The state change this record announces by mail, if any."""
    new, old = change.new or {}, change.old or {}
    if new.get("type") != "registration":
        return None
    if new.get("status") == RegistrationStatus.CONFIRMED and old.get("status") != RegistrationStatus.CONFIRMED:
        return "confirmed"
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
        if not self.repo.claim_send(registration.event_id, registration.registration_id, state, utc_now()):
            log.info("mail already sent", extra={"registration": registration.registration_id, "state": state})
            return False
        try:
            event = self.repo.get_event(registration.event_id)
            message = compose(
                state,
                sender=self.sender,
                to_name=registration.name,
                to_email=registration.email,
                lang=event.language,
                context=self._context(event, registration),
            )
            self.mailer.send(message, self.sender, registration.email)
        except Exception:
            # Give the claim back so the stream's retry of this record sends the mail.
            self.repo.release_send(registration.event_id, registration.registration_id, state)
            raise
        log.info("mail sent", extra={"registration": registration.registration_id, "state": state})
        return True

    def _context(self, event: Event, registration: Registration) -> dict[str, Any]:
        return {
            "event": event,
            "registration": registration,
            "event_url": f"{self.public_url}/events/{event.event_id}/register",
        }
