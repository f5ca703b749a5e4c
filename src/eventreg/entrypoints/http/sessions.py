"""The back-office's session: who is signed in, kept server-side (office_ports.SessionStore, one DynamoDB item
each), the browser holding only a random id in a signed cookie; CSRF tokens bound to that id.

The cookie is `<id>.<mac>`: 32 random bytes (base64url) and an HMAC-SHA256 of them under a key derived from the
stage's session key ring (on AWS its own secret in Secrets Manager; locally the link key, the derivation's purpose
keeping the uses apart). The MAC lets a forged or altered cookie be refused without reading the table; the item is
found by a SHA-256 of the id, so that someone who reads the table (or a backup of it) holds no cookie. After a
rotation the previous key still verifies (keyring.accepts): a signed-in organiser is not thrown out by a rotation,
and CSRF tokens made with it still count; new cookies are signed with the current key.

Nothing about the person travels in the cookie, and the provider's refresh token never leaves the server. Signing
out deletes the item: the cookie, even copied elsewhere, opens nothing afterwards. A session lives at most
MAX_SECONDS from sign-in (the item's TTL, and checked here, as TTL lags). Every CHECK_SECONDS the identity provider
vouches again (a refresh: a disabled user or a changed group takes effect within that time) and the item is
updated; locally there is no provider, and the demo session simply goes on.

The sign-in under way (OAuth state, the PKCE verifier, where to go afterwards) is kept server-side the same way for
PENDING_SECONDS, and taken (deleted as it is read) by the callback: the Cognito client is public (no client secret),
so the verifier is what keeps an intercepted authorization code useless, and it never leaves the server.

Cookies: HttpOnly (no script reads them), Secure wherever the origin is https (`__Host-` prefix: no Domain,
Path=/, so no sibling host can set or read it), SameSite=Lax (a link from a mail arrives signed in; a
cross-site POST does not carry it). Every state-changing form carries a CSRF token as well: an HMAC of the
session's random id, checked in constant time, so a token from another session is worthless.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from eventreg import keyring
from eventreg.domain.office_sessions import CHECK_SECONDS, MAX_SECONDS, PENDING_SECONDS, Pending, SignedIn
from eventreg.keyring import KeyRing

if TYPE_CHECKING:  # the back-office's ports bring its domain (messages, programme imports): not at import
    from eventreg.office_ports import SessionStore

__all__ = ["CHECK_SECONDS", "MAX_SECONDS", "PENDING", "PENDING_SECONDS", "SESSION", "Pending", "Sessions",
           "SignedIn", "clear_cookie", "cookie_name", "pkce_challenge", "read_cookie", "safe_next", "set_cookie"]


def cookie_name(secure: bool, base: str) -> str:
    # The __Host- prefix needs Secure; over plain http (the local stack) the bare name is used.
    return f"__Host-{base}" if secure else base


SESSION = "eventreg-session"
LANGUAGE = "eventreg-lang"  # the back-office's language, as its switch chose it (no personal data)
LANGUAGE_SECONDS = 365 * 24 * 3600
PENDING = "eventreg-sign-in"
_ID = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
# What each MAC is for: a cookie of one kind is never taken for another, nor for a CSRF token.
_SESSION_COOKIE, _SIGN_IN_COOKIE, _CSRF = b"back-office session cookie", b"back-office sign-in cookie", b"csrf"


class Sessions:
    def __init__(self, ring: KeyRing, store: SessionStore, clock: Callable[[], float] = time.time) -> None:
        """`ring` signs (its current key) and verifies (the current or the previous one); `store` keeps them."""
        self._ring = ring
        self._store = store
        self._clock = clock

    # -- the session -------------------------------------------------------------------------------------
    def start(self, organiser_id: str, email: str, name: str, groups: Iterable[str],
              refresh_token: str | None = None) -> SignedIn:
        """A new session, stored; its cookie is cookie(who)."""
        now = int(self._clock())
        who = SignedIn(organiser_id, email, name, frozenset(groups), started_at=now, checked_at=now,
                       refresh_token=refresh_token, session_id=secrets.token_urlsafe(32))
        self._store.put_session(_stored_as(who.session_id), who)
        return who

    def cookie(self, who: SignedIn) -> str:
        return _signed(self._ring.current(), _SESSION_COOKIE, who.session_id)

    def open(self, value: str | None) -> SignedIn | None:
        """The session a cookie names, or None: absent, altered, signed with a key no longer accepted, signed out,
        or over."""
        session_id = self._verified(value, _SESSION_COOKIE)
        if session_id is None:
            return None
        who = self._store.get_session(_stored_as(session_id))
        if who is None or who.over(self._clock()):
            return None
        return replace(who, session_id=session_id)

    def due_for_check(self, who: SignedIn) -> bool:
        return who.due_for_check(self._clock())

    def checked(self, who: SignedIn, groups: Iterable[str], refresh_token: str | None = None) -> SignedIn | None:
        """The session after the provider vouched again (its groups as they are now), stored; None if it was
        signed out meanwhile."""
        again = replace(who, groups=frozenset(groups), checked_at=int(self._clock()),
                        refresh_token=refresh_token or who.refresh_token)
        stored = self._store.set_checked(_stored_as(who.session_id), again.groups, again.checked_at, refresh_token)
        return again if stored else None

    def end(self, who: SignedIn) -> None:
        """Sign-out: the session is deleted, so its cookie opens nothing, wherever a copy of it is."""
        self._store.delete_session(_stored_as(who.session_id))

    # -- the sign-in under way -----------------------------------------------------------------------------
    def pending(self, next_path: str) -> Pending:
        """A new sign-in under way, stored; its cookie is pending_cookie(pending)."""
        pending = Pending(secrets.token_urlsafe(24), secrets.token_urlsafe(48), safe_next(next_path),
                          int(self._clock()), secrets.token_urlsafe(32))
        self._store.put_pending(_stored_as(pending.pending_id), pending)
        return pending

    def pending_cookie(self, pending: Pending) -> str:
        return _signed(self._ring.current(), _SIGN_IN_COOKIE, pending.pending_id)

    def take_pending(self, value: str | None) -> Pending | None:
        """The sign-in a cookie names, once (it is gone afterwards), or None: absent, altered, used or over."""
        pending_id = self._verified(value, _SIGN_IN_COOKIE)
        taken = self._store.take_pending(_stored_as(pending_id)) if pending_id else None
        if taken is None or taken.over(self._clock()):
            return None
        return replace(taken, next_path=safe_next(taken.next_path), pending_id=pending_id or "")

    # -- CSRF ------------------------------------------------------------------------------------------------
    def csrf_token(self, who: SignedIn) -> str:
        return _mac(self._ring.current(), _CSRF, who.session_id)

    def csrf_valid(self, who: SignedIn, token: str | None) -> bool:
        given = (token or "").encode("utf-8", "replace")
        return bool(token) and keyring.accepts(
            self._ring, lambda key: hmac.compare_digest(_mac(key, _CSRF, who.session_id).encode(), given))

    def _verified(self, value: str | None, purpose: bytes) -> str | None:
        """The id a cookie carries, if its MAC is right under a key of the ring."""
        random_id, _, mac = (value or "").partition(".")
        if not _ID.fullmatch(random_id) or not mac or len(mac) > 64:
            return None
        given = mac.encode("utf-8", "replace")
        ok = keyring.accepts(self._ring, lambda key: hmac.compare_digest(_mac(key, purpose, random_id).encode(), given))
        return random_id if ok else None


def _stored_as(random_id: str) -> str:
    """Where the store keeps a session: a hash of its id, so the stored key is no cookie."""
    return hashlib.sha256(random_id.encode()).hexdigest()


def _mac(secret: str, purpose: bytes, value: str) -> str:
    # A key per purpose from the stage's secret (HMAC as the derivation), then the MAC of the value under it.
    key = hmac.new(secret.encode(), b"eventreg " + purpose, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(hmac.new(key, value.encode(), hashlib.sha256).digest()).decode().rstrip("=")


def _signed(secret: str, purpose: bytes, random_id: str) -> str:
    return f"{random_id}.{_mac(secret, purpose, random_id)}"


def pkce_challenge(verifier: str) -> str:
    """RFC 7636 S256: the code challenge sent with the authorization request."""
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).decode().rstrip("=")


BACK_OFFICE_PATHS = ("/organiser/", "/reports/")  # the back-office's pages and the organisers' downloads


def safe_next(path: str) -> str:
    """Where to go after signing in: a back-office path on this origin only (no open redirect)."""
    if not path.startswith(BACK_OFFICE_PATHS) or path.startswith("//") or "\\" in path or any(
            c.isspace() or ord(c) < 32 for c in path):
        return "/organiser/"
    return path[:2000]


def set_cookie(name: str, value: str, *, secure: bool, max_age: int) -> str:
    flags = "; Secure" if secure else ""
    return f"{cookie_name(secure, name)}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{flags}"


def clear_cookie(name: str, *, secure: bool) -> str:
    return set_cookie(name, "", secure=secure, max_age=0)


def read_cookie(header: str | None, name: str, *, secure: bool) -> str | None:
    """One cookie's value from a Cookie header (the last one wins if a client sends it twice)."""
    wanted = cookie_name(secure, name)
    found = None
    for part in (header or "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == wanted:
            found = value
    return found
