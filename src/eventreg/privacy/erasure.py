"""An erasure request (GDPR art. 17): remove one person, by email address, from every event.

The reports API only records the request (privacy.ports.ErasureRequests: its role may read
registrations, never change them); the reports service's stream handler on_table_change runs
`erase` below and marks the request done (eventreg.privacy.erasure_stream).

The person's registrations come from a Query of the ByEmail index (never a Scan), with the address
normalised exactly as registration normalises it. For each one:
  - an event still to end and a live registration: cancelled through Manager.cancel, so the places are
    freed and the waiting lists promoted, and written anonymised in that same transaction;
  - otherwise: written anonymised (and a live one's email guard deleted), under a version condition.
The idempotency records naming it go first (they are found by registration id, which the anonymised
item keeps), the registration last: it is what takes the person out of the ByEmail index, so a crash
midway leaves work that the next request finds.

No cancellation mail goes to an erased person: they asked to be forgotten, and a mail would process
their address once more after that (and could reach someone who took over the mailbox). The anonymised
item's stream record is ignored by the notifier; the people promoted in their place are told as usual.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ConfigDict, ValidationError

from eventreg.domain.base_model import DomainModel
from eventreg.domain.changes import NotChangeable
from eventreg.domain.errors import N_, Message, Unavailable, ValidationFailed
from eventreg.domain.models import Event
from eventreg.domain.parsing import field_messages
from eventreg.domain.registration import normalise_email
from eventreg.domain.types import MailAddress
from eventreg.privacy.ports import ErasureStore
from eventreg.register.managing import Manager

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


class ErasureRequest(DomainModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    email: MailAddress


@dataclass
class Erasure:
    events: set[str] = field(default_factory=set)
    registrations: int = 0
    cancelled: int = 0  # live registrations of events still to come, cancelled (places given on)
    promoted: int = 0  # people promoted from waiting lists into the freed places

    def counts(self) -> dict[str, int]:
        return {"events": len(self.events), "registrations": self.registrations, "cancelled": self.cancelled,
                "promoted": self.promoted}


COUNTS = ("events", "registrations", "cancelled", "promoted")


def outcome(counts: Mapping[str, Any]) -> dict[str, Any]:
    """What an erasure did, as a privacy officer is told: counts only, no personal data (not even the
    address asked about)."""
    found = int(counts.get("registrations", 0)) > 0
    return {
        "found": found, **{name: int(counts.get(name, 0)) for name in COUNTS},
        "message": "The person's registrations are anonymised." if found
        else "No registration found for this address: nothing (more) to erase.",
    }


def parse_erasure(data: Any) -> str:
    """The normalised email of an erasure request, as registration stores it (email_norm)."""
    try:
        request = ErasureRequest.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(Message(N_("Some fields need your attention.")), fields=field_messages(exc)) from exc
    return normalise_email(request.email)


def erase(store: ErasureStore, manager: Manager, email_norm: str, now: datetime) -> Erasure:
    """Erase one person. Events and registrations are read through the manager's store, the one its
    cancellations write to."""
    result = Erasure()
    events: dict[str, Event] = {}
    for event_id, registration_id in store.registrations_of(email_norm):
        if event_id not in events:
            events[event_id] = manager.repo.get_event(event_id)
        if _erase_one(store, manager, events[event_id], registration_id, now, result):
            result.events.add(event_id)
            result.registrations += 1
    log.info("erasure done", extra={"events": len(result.events), "registrations": result.registrations})
    return result


def _erase_one(store: ErasureStore, manager: Manager, event: Event, registration_id: str, now: datetime,
               result: Erasure) -> bool:
    """True if this request anonymised the registration (False: it was already, the index lagging)."""
    for _ in range(MAX_ATTEMPTS):
        current = manager.repo.get_registration(event.event_id, registration_id)
        if current is None or current.anonymised:
            return False
        store.drop_idempotency_records(event.event_id, registration_id)
        store.drop_checkins(event.event_id, registration_id)  # when and where they came in, by whose hand
        if now < event.ends_at and current.status.live:
            try:
                cancelled, promoted = manager.cancel(event.event_id, registration_id, now, erase=True)
            except NotChangeable:  # rejected or cancelled meanwhile: anonymise it as it is now
                continue
            if cancelled.anonymised:
                result.cancelled += 1
                result.promoted += len(promoted)
                return True
            continue  # it was cancelled meanwhile: anonymise it as it is now
        if store.anonymise(current, now):
            return True
    raise Unavailable("This registration is being changed right now; please ask again in a moment.")
