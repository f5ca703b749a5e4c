"""Organiser identity: JWT bearer tokens. Locally HS256 with the stack's key; on AWS a Cognito user pool.

Claims: sub = organiser id. Which events an organiser manages is stored on the event (organiser_ids),
so a token never goes stale when an organiser is added to an event.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import jwt

from eventreg.domain.errors import Forbidden
from eventreg.domain.models import Event

ISSUER = "eventreg"
AUDIENCE = "eventreg-organisers"


class Unauthorized(Exception):
    """Raised by authorizers; API Gateway answers 401 for an authorizer error named 'Unauthorized'."""

    def __init__(self) -> None:
        super().__init__("Unauthorized")


@dataclass(frozen=True)
class Organiser:
    organiser_id: str


def issue_token(secret: str, organiser_id: str, ttl_seconds: int = 12 * 3600) -> str:
    now = int(time.time())
    claims = {"sub": organiser_id, "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + ttl_seconds}
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
    return Organiser(organiser_id=str(claims["sub"]))


def require_organiser_of(event: Event, organiser_id: str) -> None:
    if organiser_id not in event.organiser_ids:
        raise Forbidden("You do not organise this event.")
