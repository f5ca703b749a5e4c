"""Ports: what the use cases need of storage and of the outside world, as typing.Protocols.

The adapters satisfy them structurally (no inheritance): adapters.dynamodb.events.EventTable is an EventStore,
adapters.dynamodb.registrations.RegistrationTable a RegistrationStore, adapters.dynamodb.send_log.SendLogTable
a SendLog, and adapters.dynamodb.repository.Repository all three on one client (mypy --strict checks this
wherever one is passed for a port); adapters.ses.SesMailer is a Mailer; adapters.s3.files.FileStore is a
ReportFiles (a FileStore with streamed Uploads); adapters.dynamodb.export_items.ExportItems an ExportStore,
adapters.dynamodb.privacy.PrivacyStore a PrivacyStore, adapters.dynamodb.erasure_requests.ErasureRequests an
ErasureRequests, adapters.dynamodb.stream.change_of a Decode; domain.models.utc_now is a Clock. Unit tests
pass in-memory fakes written against these (tests/unit/fakes.py), without moto; tests/unit/fakes.py also has
mypy check each adapter against its ports.

Method sets are what the use cases (register/), the notifier, the reports and the privacy flows call today;
nothing else of the adapters (their boto3 client, table name, plumbing) is part of a port.

Here: what several flows (or the adapters every service loads) share. A port that one flow alone uses lives
next to that flow: register/ports.py, notify/ports.py, report/ports.py, privacy/ports.py; the back-office's
own ports are in office_ports.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from eventreg.domain.changes import Transition
from eventreg.domain.checkins import Checkin, Stored
from eventreg.domain.idempotency import Idempotency
from eventreg.domain.models import Event, Registration, Session
from eventreg.domain.registration import Plan


@dataclass
class Refusal:
    """Why a registration transaction was refused, with the items as the failed conditions saw them."""

    event: Event | None = None
    event_missing: bool = False
    sessions: dict[str, Session | None] = field(default_factory=dict)  # None: no such session
    emails_taken: list[str] = field(default_factory=list)
    replay: dict[str, Any] | None = None  # the stored idempotency record, when the key was used before
    other: bool = False


@dataclass(frozen=True)
class Change:
    """One record of the table's stream as the stream flows read it: the item's images in plain values, decoded
    at the edge (a Decode: adapters.dynamodb.stream.change_of, handed over by entrypoints/streams)."""

    event_name: str  # INSERT | MODIFY | REMOVE
    new: dict[str, Any] | None
    old: dict[str, Any] | None
    event_id: str | None = None  # the event whose partition holds the item; None outside event partitions


Decode = Callable[[Mapping[str, Any]], Change]  # a stream record, as Lambda delivers it, into a Change



class EventStore(Protocol):
    """Events and their programmes: the organisers' writes, the deadline and reminder jobs' index reads."""

    def get_event(self, event_id: str) -> Event:
        """The event; EventNotFound if there is none."""
        ...

    def get_event_with_sessions(self, event_id: str) -> tuple[Event, list[Session]]:
        """The event and its sessions (by start, then id); EventNotFound if there is none."""
        ...

    def create_event(self, event: Event) -> bool:
        """A new event with its organisers' links; False if the id is taken."""
        ...

    def update_event(self, event: Event, expected_status: str) -> bool:
        """An organiser's changes, never the counters; False if the status moved or a capacity would fall
        below the places taken."""
        ...

    def put_session(self, event_id: str, session: Session) -> bool:
        """Create or change a session, keeping its counters; False if its capacity would fall below the seats
        taken."""
        ...

    def organiser_event_ids(self, organiser_id: str) -> list[str]: ...

    def open_events_due(self, now: datetime) -> list[str]:
        """Ids of the open events whose registration cutoff is at or before `now`."""
        ...

    def open_event_ids(self, now: datetime) -> list[str]:
        """Ids of the open events whose registration cutoff is after `now`, the soonest first (the public index)."""
        ...

    def close_event(self, event_id: str, now: datetime) -> bool:
        """Close an open event whose cutoff has passed; False if it is not (any more)."""
        ...

    def events_starting_before(self, until: datetime) -> list[str]:
        """Ids of the events whose reminder is still to send and that start before `until`."""
        ...

    def reminder_done(self, event_id: str) -> None: ...


class RegistrationStore(Protocol):
    """Registrations: the one-transaction writes of registering and changing, and the reads around them."""

    def apply(self, plan: Plan, now: datetime, idempotency: Idempotency | None = None) -> Refusal | None:
        """Write a registration plan in one transaction: None when written, else what refused it."""
        ...

    def apply_transition(self, transition: Transition) -> bool:
        """Write a change in one transaction; False when a condition failed (read again, re-plan)."""
        ...

    def get_registration(self, event_id: str, registration_id: str) -> Registration | None: ...

    def first_waiting(self, event_id: str, scope: str) -> Registration | None:
        """The first in line on a waiting list (FIFO), or None."""
        ...

    def waiting_list(self, event_id: str, scope: str) -> list[Registration]:
        """Everyone on a waiting list, in the order first_waiting hands them out (the first in line first)."""
        ...

    def waiting_position(self, event_id: str, scope: str, registration_id: str) -> int:
        """Where a registration stands on a waiting list it is on (1: the next to get a place)."""
        ...

    def iter_registrations(self, event_id: str) -> Iterator[Registration]:
        """All registrations of an event, oldest first."""
        ...

    def registrations_page(
        self, event_id: str, limit: int, cursor: dict[str, Any] | None
    ) -> tuple[list[Registration], dict[str, Any] | None]:
        """One page of an event's registrations (oldest first) and where the next page starts."""
        ...

    def registration_cursor(self, event_id: str, registration_id: str) -> dict[str, Any]:
        """Where a page of registrations_page starts right after this registration."""
        ...

    def registration_item_pages(self, event_id: str, page_size: int | None = None) -> Iterator[list[dict[str, Any]]]:
        """An event's registrations as stored items (attribute-value form), a list per page, oldest first."""
        ...

    def registration_fields(self, event_id: str, fields: Sequence[str]) -> Iterator[dict[str, Any]]:
        """Only `fields` of every registration of an event, as plain values, oldest first."""
        ...

    def mark_email_status(self, event_id: str, registration_id: str, status: str, now: datetime) -> bool: ...

    # The person's role at the event (their badge's): no new version, so no mail; False if it is gone.
    def set_role(self, event_id: str, registration_id: str, role: str) -> bool: ...


class CheckinStore(Protocol):
    """Check-ins at the door (adapters.dynamodb.checkins.CheckinTable)."""

    def check_in(self, checkin: Checkin) -> Stored:
        """ONE conditional write: the check-in, if the registration may be checked in and nobody did it first."""
        ...

    def undo(self, checkin: Checkin, not_before: datetime) -> bool:
        """Delete the check-in if it was made at or after `not_before`."""
        ...

    def checkin(self, event_id: str, session_id: str, registration_id: str) -> Checkin | None: ...

    def checkins(self, event_id: str, session_id: str | None = None) -> Iterator[Checkin]:
        """An event's check-ins: all, or one scope's (EVENT_SCOPE or a session id)."""
        ...

    def checkins_of(self, event_id: str, wanted: Sequence[tuple[str, str]]) -> list[Checkin]:
        """The check-ins among (scope, registration id) pairs, read by key."""
        ...


class SendLog(Protocol):
    """Which mails were sent (claimed before sending, released when the send failed): each mail once."""

    def claim_send(self, event_id: str, registration_id: str, state: str, now: datetime) -> bool:
        """Claim the mail for (registration, state); False if it was claimed before."""
        ...

    def claim_sends(self, claims: Sequence[tuple[str, str, str]], now: datetime) -> set[tuple[str, str, str]]:
        """claim_send for many (event id, registration id, state); returns the claims made now."""
        ...

    def release_send(self, event_id: str, registration_id: str, state: str) -> None:
        """Undo a claim whose send failed, so that a retry sends it."""
        ...


class SentLookup(Protocol):
    """Which of some people the send log names for one state (read before queueing, so none is queued twice)."""

    def sent_to(self, event_id: str, registration_ids: Sequence[str], state: str) -> set[str]:
        """The registration ids among `registration_ids` whose mail of `state` was claimed."""
        ...


@dataclass(frozen=True)
class SentMail:
    """A mail the send log holds for a registration: its send-log key (e.g. `confirmed#v1`) and when it went
    to the mailer (a failed send releases its claim, so what stays here was accepted)."""

    key: str
    sent_at: str  # ISO 8601, UTC

    @property
    def kind(self) -> str:
        return self.key.split("#", 1)[0]


class SentMails(Protocol):
    """Reading the send log: which mails a registration was sent (the manage link's JSON, a smoke test)."""

    def sent_mails(self, event_id: str, registration_id: str) -> list[SentMail]: ...


class Store(EventStore, RegistrationStore, Protocol):
    """Events and registrations together: what registering and changing registrations read and write."""


class FileStore(Protocol):
    """Files (organisers' documents, exports, frozen final lists), reached through short-lived URLs."""

    def upload_url(self, key: str, content_type: str) -> str: ...

    def download_url(self, key: str, filename: str) -> str: ...

    def delete_prefix(self, prefix: str) -> int:
        """Delete every file under `prefix`; how many."""
        ...


@dataclass(frozen=True)
class PresignedPost:
    """A browser form that sends a file straight to storage: post `fields` (as hidden inputs, then the file
    as `file`) to `url`. The storage checks the conditions signed into the fields (key, type, size, where it
    sends the browser afterwards) and refuses anything else."""

    url: str
    fields: dict[str, str]


@dataclass(frozen=True)
class StoredFile:
    """What storage says about a file it holds."""

    size: int
    content_type: str


class ExportStore(Protocol):
    """The reports' own items in an event partition (an export job, the frozen final list), each named by its
    sort key. Work on one is claimed under a condition with a lease, so a redelivered stream record or two
    invocations at once never do it twice. Conditions and values are the table's expressions."""

    def create(self, event_id: str, sk: str, fields: dict[str, Any]) -> bool:
        """A new item; False if one with that key exists."""
        ...

    def get(self, event_id: str, sk: str) -> dict[str, Any] | None: ...

    def update(self, event_id: str, sk: str, fields: dict[str, Any], condition: str = ...,
               values: dict[str, Any] | None = None) -> bool:
        """Set `fields` (None removes one) if `condition` holds (by default: the item exists); False if not."""
        ...

    def claim(self, event_id: str, sk: str, now: datetime, lease_until: datetime, claimable: tuple[str, ...],
              fields: dict[str, Any] | None = None, otherwise: str = "", values: dict[str, Any] | None = None) -> bool:
        """Mark the work on an item as running under a lease if its status is `claimable`, its lease has lapsed
        or `otherwise` holds; False: someone else has it, or it is done."""
        ...


PersonalItems = Literal["guards", "idempotency"]  # an event's email guards (keyed by address), form hashes

ERASURE_REQUEST_TYPE = "erasure_request"  # the item type of a recorded request, as the stream shows it


class Clock(Protocol):
    """The current instant, timezone-aware UTC (domain.models.utc_now)."""

    def __call__(self) -> datetime: ...
