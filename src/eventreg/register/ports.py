"""The register flow's own ports: the participant directory's read and a programme import's staging and
all-or-nothing writes. What the flows share (Store, EventStore, CheckinStore …) is in eventreg.ports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from eventreg.domain.models import Session

if TYPE_CHECKING:
    from eventreg.domain.programme_rows import StagedImport


class DirectoryStore(Protocol):
    """The participant directory's read: one page of an event's registrations that hold given values."""

    def registrations_matching(self, event_id: str, equals: Mapping[str, object], fields: Sequence[str],
                               after: str | None, limit: int) -> tuple[list[dict[str, Any]], str | None]:
        """Up to `limit` registrations of the event, oldest first and after registration `after` (None: from
        the first), whose attributes equal `equals`: only `fields` of each, as plain values; and the
        registration id the next page starts after (None: there is no next page). A Query of the partition."""
        ...


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
