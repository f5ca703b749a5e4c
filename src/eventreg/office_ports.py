"""The back-office's own ports: the organisers' sessions (signed in, and signing in), the organisers' activity log
and the organisers' documents. Beside eventreg.ports (the stores every flow shares); the messages to registrants
are the notify flow's (notify/ports.py), a programme import's the register flow's (register/ports.py)."""

from __future__ import annotations

from typing import Protocol

from eventreg.domain.activity import Activity
from eventreg.domain.office_sessions import Pending, SignedIn
from eventreg.ports import FileStore, PresignedPost, StoredFile


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


class DocumentFiles(FileStore, Protocol):
    """The organisers' documents: uploaded by the browser straight to storage (no file bytes through the
    Lambda behind API Gateway), then checked where they landed."""

    def presigned_post(self, key: str, content_type: str, max_bytes: int, redirect: str) -> PresignedPost:
        """A form for one file at `key`, of `content_type`, 1 to `max_bytes` bytes; after it, the browser
        is sent (303) to `redirect`."""
        ...

    def head(self, key: str) -> StoredFile | None:
        """The file at `key`, or None if there is none (yet)."""
        ...
