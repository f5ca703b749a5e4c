"""The back-office's own ports: the organisers' sessions (signed in, and signing in), the organisers' activity log,
their messages to registrants (the store and the queue that fans them out), and a programme import's staging and
all-or-nothing writes. Beside eventreg.ports
(the stores every flow shares), so that file stays a readable size."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from eventreg.domain.activity import Activity
from eventreg.domain.broadcasts import Broadcast
from eventreg.domain.models import Session
from eventreg.domain.office_sessions import Pending, SignedIn
from eventreg.domain.programme_rows import StagedImport


class SessionStore(Protocol):
    """The back-office's sessions and sign-ins under way, server-side (adapters.dynamodb.office_sessions). Each is
    found by `key`, a hash of the random id its cookie carries; the records come back without that id. What is
    past its time may still be found (the store's expiry lags): the caller checks the time."""

    def put_session(self, key: str, who: SignedIn) -> None: ...

    def get_session(self, key: str) -> SignedIn | None: ...

    def set_checked(self, key: str, groups: frozenset[str], checked_at: int, refresh_token: str | None) -> bool:
        """The provider vouched again; False if the session is gone (signed out meanwhile)."""
        ...

    def delete_session(self, key: str) -> None:
        """Sign-out: the session is gone, and its cookie opens nothing any more."""
        ...

    def put_pending(self, key: str, pending: Pending) -> None: ...

    def take_pending(self, key: str) -> Pending | None:
        """The sign-in under way, removed as it is read: a callback can use it once."""
        ...


class ActivityLog(Protocol):
    """The organisers' activity on an event (domain.activity), newest first."""

    def record(self, entry: Activity) -> None: ...

    def recent(self, event_id: str, limit: int, before: str | None = None) -> tuple[list[Activity], str | None]:
        """Up to `limit` entries older than the `before` mark (the newest without one), and the mark to read on
        from (None at the first entry)."""
        ...


class BroadcastStore(Protocol):
    """Organisers' messages to their registrants (domain.broadcasts.Broadcast), one item each in the event's
    partition: recorded once, then their progress counted with atomic additions."""

    def create_broadcast(self, broadcast: Broadcast) -> bool:
        """Record a new message; False if one with its id exists (a form sent twice)."""
        ...

    def get_broadcast(self, event_id: str, message_id: str) -> Broadcast | None: ...

    def broadcasts(self, event_id: str) -> list[Broadcast]:
        """An event's messages, newest first."""
        ...

    def mark_queued(self, event_id: str, message_id: str) -> None:
        """Every page of the message is on the queue."""
        ...

    def add_progress(self, event_id: str, message_id: str, *, sent: int = 0, failed: int = 0,
                     pages_done: int = 0) -> None:
        """Add to the counters (an atomic ADD: many deliveries at once never lose a count)."""
        ...


class BroadcastQueue(Protocol):
    """The fan-out of messages: jobs (a page of recipients each) handed to the notifications service (SQS)."""

    def enqueue(self, jobs: Sequence[dict[str, Any]]) -> None: ...


class ProgrammeImports(Protocol):
    """A programme import (the back-office's CSV/XLSX upload): the previewed rows kept between the preview and
    the "Import" button, and the writes of all its sessions, all or nothing
    (adapters.dynamodb.programme_imports.ProgrammeImportTable)."""

    def stage(self, staged: StagedImport) -> None: ...

    def staged(self, import_id: str) -> StagedImport | None:
        """The staged import (None: unknown, expired or applied already)."""
        ...

    def claim(self, import_id: str) -> bool:
        """Mark it being applied; False if another request is applying it (a double click)."""
        ...

    def release(self, import_id: str) -> None:
        """Let it be applied again (the writes failed and were undone)."""
        ...

    def drop(self, import_id: str) -> None: ...

    def write_sessions(self, event_id: str, writes: Sequence[tuple[Session, Session | None]]) -> bool:
        """Create or change these sessions (each with the version it replaces, None for a new one) and keep their
        counters: all of them, or none (False: a condition failed or a write was refused, and whatever was
        written of them was undone)."""
        ...
