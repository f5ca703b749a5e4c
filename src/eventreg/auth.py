"""Organiser identity: JWT bearer tokens. Locally HS256 with the stack's key; on AWS a Cognito user pool.

Claims: sub = organiser id. Which events an organiser manages is stored on the event (organiser_ids),
so a token never goes stale when an organiser is added to an event. Roles beyond organising come as
groups, in Cognito's own claim (`cognito:groups`), e.g. `privacy-officers` for erasure requests.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jwt
from chalice import AuthResponse

from eventreg.config import settings
from eventreg.domain.errors import Forbidden
from eventreg.domain.models import Event, Session

ISSUER = "eventreg"
AUDIENCE = "eventreg-organisers"
GROUPS_CLAIM = "cognito:groups"
PRIVACY_OFFICERS = "privacy-officers"


class Unauthorized(Exception):
    """Raised by authorizers; API Gateway answers 401 for an authorizer error named 'Unauthorized'."""

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
    now = int(time.time())
    claims: dict[str, Any] = {"sub": organiser_id, "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + ttl_seconds}
    if groups:
        claims[GROUPS_CLAIM] = sorted(groups)
    return jwt.encode(claims, secret, algorithm="HS256")


def verify_token(secret: str | None, authorization: str | None) -> Organiser:
    """The organiser named by a valid `Bearer <JWT>` header, or Unauthorized."""
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
def _jwks(url: str) -> jwt.PyJWKClient:
    # Keys are fetched once per container and re-fetched only for an unknown key id (rotation).
    return jwt.PyJWKClient(url, cache_keys=True, lifespan=3600)


def verify_cognito(jwks_url: str, issuer: str, audience: str, authorization: str | None) -> Organiser:
    """On AWS: an ID token of the organisers' Cognito user pool (RS256, keys from its JWKS). The
    organiser id is the `custom:organiser_id` attribute, else the user's `sub`."""
    if not authorization:
        raise Unauthorized()
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized()
    try:
        key = _jwks(jwks_url).get_signing_key_from_jwt(token.strip())
        claims = jwt.decode(
            token.strip(), key.key, algorithms=["RS256"], audience=audience, issuer=issuer,
            options={"require": ["sub", "exp", "iss", "aud"]},
        )
    except jwt.PyJWTError:
        raise Unauthorized() from None
    if claims.get("token_use", "id") != "id":
        raise Unauthorized()
    return Organiser(organiser_id=str(claims.get("custom:organiser_id") or claims["sub"]), groups=_groups(claims))


def authorize(token: str | None) -> AuthResponse:
    """The body of each service's Chalice authorizer: a verified organiser may call organiser routes.
    With a Cognito user pool configured (EVENTREG_JWKS_URL) its tokens are required; otherwise the
    local stack's HS256 key is used."""
    config = settings()
    if config.jwks_url:
        who = verify_cognito(config.jwks_url, config.jwt_issuer or "", config.jwt_audience or "", token)
    else:
        who = verify_token(config.jwt_secret, token)
    # API Gateway passes an authorizer's context on as strings only: the groups go as a JSON list.
    return AuthResponse(routes=["*"], principal_id=who.organiser_id,
                        context={"groups": json.dumps(sorted(who.groups))})


def organiser_of(request: Any) -> str:
    """The organiser id the authorizer put on the request."""
    return str(request.context["authorizer"]["principalId"])


def groups_of(request: Any) -> frozenset[str]:
    """The groups the authorizer put on the request (none if it put none)."""
    try:
        value = json.loads(str(request.context["authorizer"].get("groups") or "[]"))
    except ValueError:
        return frozenset()
    return frozenset(g for g in value if isinstance(g, str)) if isinstance(value, list) else frozenset()


def require_privacy_officer(request: Any) -> str:
    """The caller, if a privacy officer; 403 for everyone else (organisers included)."""
    if PRIVACY_OFFICERS not in groups_of(request):
        raise Forbidden("Only privacy officers can ask for an erasure.")
    return organiser_of(request)


def require_organiser_of(event: Event, organiser_id: str) -> None:
    if organiser_id not in event.organiser_ids:
        raise Forbidden("You do not organise this event.")


@dataclass(frozen=True)
class Access:
    """What an organiser may see of an event: all of it, or (a partner) only its own sessions."""

    organiser_id: str
    full: bool
    sessions: frozenset[str]

    def sees(self, registration_sessions: list[str]) -> bool:
        return self.full or bool(self.sessions.intersection(registration_sessions))


def access(event: Event, sessions: Iterable[Session], organiser_id: str) -> Access:
    if organiser_id in event.organiser_ids:
        return Access(organiser_id, True, frozenset(s.session_id for s in sessions))
    own = frozenset(s.session_id for s in sessions if s.partner_id == organiser_id)
    if not own:
        raise Forbidden("You do not organise this event.")
    return Access(organiser_id, False, own)
