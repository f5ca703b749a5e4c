"""The back-office's cookie session: who is signed in, sealed in one cookie, with CSRF tokens bound to it.

The cookie is a Fernet token (cryptography: AES-128-CBC + HMAC-SHA256 with a timestamp, a maintained
format rather than a home-made one): encrypted because it carries Cognito's refresh token, authenticated
so that it cannot be forged or altered. The keys are derived (HKDF) from the stage's session key (on AWS its own
secret in Secrets Manager; locally the link key, a different `info` keeping the uses apart). After a rotation
the previous key still opens what it sealed (MultiFernet), and CSRF tokens made with it still count: a
signed-in organiser is not thrown out by a rotation; new cookies are sealed with the current key.

A session lives at most MAX_SECONDS from sign-in. Every CHECK_SECONDS the identity provider vouches again
(a refresh: a disabled user or a changed group takes effect within that time); locally there is no
provider, and the demo session simply goes on.

Cookies: HttpOnly (no script reads them), Secure wherever the origin is https (`__Host-` prefix: no Domain,
Path=/, so no sibling host can set or read it), SameSite=Lax (a link from a mail arrives signed in; a
cross-site POST does not carry it). Every state-changing form carries a CSRF token as well: an HMAC of the
session's random id, checked in constant time, so a token from another session is worthless.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography.fernet import MultiFernet

MAX_SECONDS = 12 * 3600  # a working day, as the refresh token's validity on AWS
CHECK_SECONDS = 3600  # the provider vouches again after this (the ID token's lifetime)
PENDING_SECONDS = 600  # from leaving for the sign-in page to coming back
MAX_COOKIE = 3800  # browsers keep 4096 bytes per cookie, name and attributes included


def cookie_name(secure: bool, base: str) -> str:
    # The __Host- prefix needs Secure; over plain http (the local stack) the bare name is used.
    return f"__Host-{base}" if secure else base


SESSION = "eventreg-session"
LANGUAGE = "eventreg-lang"  # the back-office's language, as its switch chose it (no personal data)
LANGUAGE_SECONDS = 365 * 24 * 3600
PENDING = "eventreg-sign-in"


@dataclass(frozen=True)
class SignedIn:
    """Who is signed in. `session_id` is random per sign-in and binds the CSRF tokens."""

    organiser_id: str
    email: str
    name: str
    groups: frozenset[str] = frozenset()
    session_id: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    started_at: int = 0
    checked_at: int = 0
    refresh_token: str | None = None  # the provider's, when there is one


@dataclass(frozen=True)
class Pending:
    """A sign-in under way: what the callback must see again (OAuth `state`, the PKCE verifier) and where
    to go afterwards."""

    state: str
    verifier: str
    next_path: str


def derive_key(secret: str, purpose: bytes) -> bytes:
    """A Fernet key for one purpose, derived from the stage's secret."""
    # Lazy (cold start): cryptography loads when a session is first sealed or opened, not at app import.
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"eventreg " + purpose).derive(secret.encode())
    return base64.urlsafe_b64encode(raw)


class Sessions:
    def __init__(self, secret: str, clock: Callable[[], float] = time.time, *, previous: str | None = None) -> None:
        """`secret` seals; `previous` (the key before a rotation) still opens and still checks CSRF tokens."""
        from cryptography.fernet import Fernet, MultiFernet  # lazy (cold start), as in derive_key

        secrets_in_use = [secret, previous] if previous and previous != secret else [secret]
        # MultiFernet encrypts with the first key and decrypts with any of them.
        self._fernet: MultiFernet = MultiFernet([Fernet(derive_key(s, b"back-office session")) for s in secrets_in_use])
        self._csrf_keys = [base64.urlsafe_b64decode(derive_key(s, b"back-office csrf")) for s in secrets_in_use]
        self._clock = clock

    # -- the session cookie ------------------------------------------------------------------------
    def start(self, organiser_id: str, email: str, name: str, groups: Iterable[str],
              refresh_token: str | None = None) -> SignedIn:
        now = int(self._clock())
        return SignedIn(organiser_id, email, name, frozenset(groups), started_at=now, checked_at=now,
                        refresh_token=refresh_token)

    def seal(self, who: SignedIn) -> str:
        data = asdict(who)
        data["groups"] = sorted(who.groups)
        token = self._fernet.encrypt_at_time(json.dumps(data, separators=(",", ":")).encode(), int(self._clock()))
        value = token.decode()
        if len(value) > MAX_COOKIE:
            raise ValueError("the session does not fit in a cookie")
        return value

    def open(self, value: str | None) -> SignedIn | None:
        """The session in a cookie, or None: absent, altered, sealed with another key, or too old."""
        data = self._open(value, MAX_SECONDS)
        if data is None:
            return None
        try:
            who = SignedIn(organiser_id=str(data["organiser_id"]), email=str(data["email"]), name=str(data["name"]),
                           groups=frozenset(str(g) for g in data["groups"]), session_id=str(data["session_id"]),
                           started_at=int(data["started_at"]), checked_at=int(data["checked_at"]),
                           refresh_token=data.get("refresh_token"))
        except (KeyError, TypeError, ValueError):
            return None
        if self._clock() - who.started_at > MAX_SECONDS:
            return None  # re-sealed after each check, but never beyond a working day from sign-in
        return who

    def due_for_check(self, who: SignedIn) -> bool:
        return self._clock() - who.checked_at >= CHECK_SECONDS

    def checked(self, who: SignedIn, groups: Iterable[str], refresh_token: str | None = None) -> SignedIn:
        """The session after the provider vouched again (its groups as they are now)."""
        return replace(who, groups=frozenset(groups), checked_at=int(self._clock()),
                       refresh_token=refresh_token or who.refresh_token)

    # -- the sign-in under way -----------------------------------------------------------------------
    def pending(self, next_path: str) -> Pending:
        return Pending(secrets.token_urlsafe(24), secrets.token_urlsafe(48), safe_next(next_path))

    def seal_pending(self, pending: Pending) -> str:
        return self._fernet.encrypt_at_time(json.dumps(asdict(pending)).encode(), int(self._clock())).decode()

    def open_pending(self, value: str | None) -> Pending | None:
        data = self._open(value, PENDING_SECONDS)
        try:
            return Pending(str(data["state"]), str(data["verifier"]), safe_next(str(data["next_path"]))) if data \
                else None
        except (KeyError, TypeError):
            return None

    # -- CSRF ----------------------------------------------------------------------------------------
    def csrf_token(self, who: SignedIn) -> str:
        return _csrf(self._csrf_keys[0], who)

    def csrf_valid(self, who: SignedIn, token: str | None) -> bool:
        given = (token or "").encode("utf-8", "replace")
        return bool(token) and any(hmac.compare_digest(_csrf(key, who).encode(), given) for key in self._csrf_keys)

    def _open(self, value: str | None, ttl: int) -> dict[str, Any] | None:
        if not value or len(value) > MAX_COOKIE:
            return None
        from cryptography.fernet import InvalidToken  # loaded already by __init__: a dict lookup

        try:
            data = json.loads(self._fernet.decrypt_at_time(value.encode("ascii", "replace"), ttl,
                                                           int(self._clock())))
        except (InvalidToken, ValueError):
            return None
        return data if isinstance(data, dict) else None


def _csrf(key: bytes, who: SignedIn) -> str:
    digest = hmac.new(key, who.session_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


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
