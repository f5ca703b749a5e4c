"""JWT bearer tokens: verification (locally HS256 with the stack's key; on AWS a Cognito user pool's ID
tokens, RS256 with keys from its JWKS, checked by python-rsa: eventreg.adapters.rs256 and jwks) and, for the
local stack and the tests, issuing.

Claims: sub = organiser id. Roles beyond organising come as groups, in Cognito's own claim
(`cognito:groups`). What a verified organiser may do is decided in eventreg.auth.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventreg.adapters.jwks import KeySet
    from eventreg.adapters.rs256 import RS256Verifier

# PyJWT (and python-rsa for RS256) is imported where a token is first issued or checked, not at import: most
# requests carry none, and it cost ~200 ms of each app's cold start.

ISSUER = "eventreg"
AUDIENCE = "eventreg-organisers"
GROUPS_CLAIM = "cognito:groups"


class Unauthorized(Exception):
    """No valid token: eventreg.auth answers 401 (or, for a page, sends the browser to sign in)."""

    def __init__(self) -> None:
        super().__init__("Unauthorized")


@dataclass(frozen=True)
class Organiser:
    organiser_id: str
    groups: frozenset[str] = frozenset()


def _groups(claims: dict[str, Any]) -> frozenset[str]:
    value = claims.get(GROUPS_CLAIM) or []
    return frozenset(g for g in value if isinstance(g, str)) if isinstance(value, list) else frozenset()


def issue_token(secret: str, organiser_id: str, ttl_seconds: int = 12 * 3600, groups: Iterable[str] = ()) -> str:
    import jwt

    now = int(time.time())
    claims: dict[str, Any] = {"sub": organiser_id, "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + ttl_seconds}
    if groups:
        claims[GROUPS_CLAIM] = sorted(groups)
    return jwt.encode(claims, secret, algorithm="HS256")


def verify_token(secret: str | None, authorization: str | None) -> Organiser:
    """The organiser named by a valid `Bearer <JWT>` header, or Unauthorized."""
    import jwt

    if not secret or not authorization:
        raise Unauthorized()
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized()
    try:
        claims = jwt.decode(
            token.strip(), secret, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER,
            options={"require": ["sub", "exp", "iss", "aud"]},
        )
    except jwt.PyJWTError:
        raise Unauthorized() from None
    return Organiser(organiser_id=str(claims["sub"]), groups=_groups(claims))


@lru_cache(maxsize=4)
def _jwks(url: str) -> KeySet:
    from eventreg.adapters.jwks import KeySet

    # Keys are read once per container and again for an unknown key id (rotation), at most once a minute.
    return KeySet(url)


@lru_cache(maxsize=1)
def _verifier() -> RS256Verifier:
    from eventreg.adapters.rs256 import RS256Verifier

    return RS256Verifier()


def verify_cognito(jwks_url: str, issuer: str, audience: str, authorization: str | None) -> Organiser:
    """On AWS: an ID token of the organisers' Cognito user pool (RS256, keys from its JWKS). The
    organiser id is the `custom:organiser_id` attribute, else the user's `sub`."""
    if not authorization:
        raise Unauthorized()
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized()
    return organiser_in(cognito_claims(jwks_url, issuer, audience, token.strip()))


def cognito_claims(jwks_url: str, issuer: str, audience: str, token: str) -> dict[str, Any]:
    """The claims of a valid ID token of the pool (the back-office's code exchange reads name and email
    from them too); Unauthorized for anything else, an access token included."""
    import jwt

    from eventreg.adapters.jwks import KeySetUnavailable

    try:
        kid = jwt.get_unverified_header(token).get("kid")
        key = _jwks(jwks_url).key(kid) if isinstance(kid, str) else None
        if key is None:
            raise Unauthorized()
        claims = _verifier().claims(token, key, audience=audience, issuer=issuer)
    except (jwt.PyJWTError, KeySetUnavailable):
        raise Unauthorized() from None
    if claims.get("token_use", "id") != "id":
        raise Unauthorized()
    return claims


def organiser_in(claims: dict[str, Any]) -> Organiser:
    return Organiser(organiser_id=str(claims.get("custom:organiser_id") or claims["sub"]), groups=_groups(claims))
