"""The report flow's own ports: its files written as streams, and the delegations' reads. What the flows share
(Store, CheckinStore, ExportStore, FileStore …) is in eventreg.ports."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from eventreg.domain.models import Registration
from eventreg.ports import FileStore


class Upload(Protocol):
    """A file being written: its bytes go out while they are produced (on S3 a multipart upload), so a large
    export never sits whole in memory; kept on a clean exit of its context, dropped on an exception."""

    @property
    def size(self) -> int:
        """The bytes written so far."""
        ...

    def write(self, data: bytes | bytearray | memoryview, /) -> int: ...

    def flush(self) -> None: ...


class Uploads(Protocol):
    def upload(self, key: str, content_type: str) -> AbstractContextManager[Upload]:
        """A streamed upload of a file at `key`: `with files.upload(key, type) as upload: upload.write(...)`."""
        ...


class ReportFiles(FileStore, Uploads, Protocol):
    """The reports' files: exports and frozen final lists, written as streams and fetched through links."""

    @property
    def download_seconds(self) -> int:
        """How long a download link works."""
        ...


class DelegationStore(Protocol):
    def delegation(self, event_id: str, delegation_id: str, window: tuple[str, str]) -> list[Registration]:
        """A delegation's registrations, among the ids in `window` (domain.delegations.delegation_window)."""
        ...
