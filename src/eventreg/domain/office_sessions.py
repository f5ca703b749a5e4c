"""The back-office's sessions as records, and the rules of their time: who is signed in, since when, until when,
and when the identity provider must vouch again; a sign-in under way and how long it may take.

The records are what the session store keeps (office_ports.SessionStore), server-side: the browser's cookie holds
only a random id (eventreg.entrypoints.http.sessions signs it). `session_id` is that id, known to a request from
its cookie and never stored, so that a read of the table cannot be replayed as a cookie.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_SECONDS = 12 * 3600  # a working day from sign-in, as the refresh token's validity on AWS
CHECK_SECONDS = 3600  # the provider vouches again after this (the ID token's lifetime)
PENDING_SECONDS = 600  # from leaving for the sign-in page to coming back


@dataclass(frozen=True)
class SignedIn:
    """Who is signed in. `session_id` (from the cookie, not stored) binds the CSRF tokens."""

    organiser_id: str
    email: str
    name: str
    groups: frozenset[str] = frozenset()
    started_at: int = 0
    checked_at: int = 0
    refresh_token: str | None = None  # the provider's, when there is one
    session_id: str = ""

    @property
    def ends_at(self) -> int:
        """Never beyond a working day from sign-in, however often the provider vouches again."""
        return self.started_at + MAX_SECONDS

    def over(self, now: float) -> bool:
        return now >= self.ends_at

    def due_for_check(self, now: float) -> bool:
        return now - self.checked_at >= CHECK_SECONDS


@dataclass(frozen=True)
class Pending:
    """A sign-in under way: what the callback must see again (OAuth `state`, the PKCE verifier), where to go
    afterwards, and since when. `pending_id` (from its cookie, not stored) finds it again."""

    state: str
    verifier: str
    next_path: str
    started_at: int = 0
    pending_id: str = ""

    @property
    def ends_at(self) -> int:
        return self.started_at + PENDING_SECONDS

    def over(self, now: float) -> bool:
        return now >= self.ends_at
