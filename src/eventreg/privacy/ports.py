"""The privacy flow's own ports: the retention job's and the erasures' reads and writes, and the privacy officers'
erasure requests. What the flows share (ExportStore, FileStore, Change …) is in eventreg.ports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from eventreg.domain.models import Event, Registration
from eventreg.ports import PersonalItems
from eventreg.report.ports import DelegationStore


class RetentionStore(Protocol):
    """What the retention job reads and writes: the due events, their personal items and registrations a page at
    a time, and how far a run got (so the next one resumes there)."""

    def events_due(self, now: datetime) -> list[str]:
        """Ids of the events whose personal data is due for anonymisation."""
        ...

    def event_and_cursor(self, event_id: str) -> tuple[Event, str | None]:
        """The event and where an earlier run stopped (None: the registrations' phase has not begun)."""
        ...

    def delete_page(self, event_id: str, kind: PersonalItems, limit: int) -> tuple[int, bool]:
        """Delete up to `limit` of an event's items of `kind`: how many, and whether more may be left."""
        ...

    def registrations_after(self, event_id: str, after: str | None,
                            limit: int) -> tuple[list[Registration], str | None]:
        """A page of an event's registrations after the cursor `after`, and the cursor after it (None: the last)."""
        ...

    def write(self, puts: Sequence[Registration] = ...) -> int:
        """Put registrations as they are given, in batches (idempotent); how many."""
        ...

    def anonymise_checkins(self, event_id: str, after: str | None, limit: int) -> tuple[int, str | None]:
        """One page of the event's check-ins without who made them; how many, and where the next page starts."""
        ...

    def save_cursor(self, event_id: str, sk: str) -> None: ...

    def finish(self, event_id: str, now: datetime) -> None:
        """The event is anonymised: it is no longer due."""
        ...


class ErasureStore(Protocol):
    """What an erasure writes beside the registration use cases: one person's registrations found by address,
    anonymised under a version condition, and the idempotency records that name them dropped."""

    def registrations_of(self, email_norm: str) -> list[tuple[str, str]]:
        """(event id, registration id) of every registration under a normalised address."""
        ...

    def anonymise(self, current: Registration, now: datetime) -> bool:
        """Write one registration anonymised (dropping a live one's email guard) if it is still as read."""
        ...

    def drop_idempotency_records(self, event_id: str, registration_id: str) -> int: ...

    def drop_checkins(self, event_id: str, registration_id: str) -> int:
        """Delete the registration's check-ins (the event's and its sessions')."""
        ...


class PrivacyStore(RetentionStore, ErasureStore, DelegationStore, Protocol):
    """Retention, erasure and delegation reads on one table (adapters.dynamodb.privacy.PrivacyStore)."""


ERASURE_PENDING = "pending"
ERASURE_DONE = "done"


class ErasureRequests(Protocol):
    """The privacy officers' erasure requests: recorded by the API, carried out from the stream. A request
    holds the address (email_norm) until it is done, and then its counts."""

    def create(self, email_norm: str, requested_by: str, now: datetime) -> dict[str, Any]:
        """A new pending request; returns it (address included: the caller must not echo it)."""
        ...

    def get(self, request_id: str) -> dict[str, Any] | None: ...

    def start(self, request_id: str) -> bool:
        """Count a run of a pending request; False if it is no longer pending."""
        ...

    def finish(self, request_id: str, counts: dict[str, int], now: datetime) -> bool:
        """pending -> done with the counts, the address removed; False if it was no longer pending."""
        ...

    def recent(self, limit: int) -> list[dict[str, Any]]:
        """The latest requests (at most `limit`), newest first, never with the address: what the privacy
        officers' page lists."""
        ...
