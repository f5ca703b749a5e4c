"""Organisers' rights: the authorizer (a verified bearer token, eventreg.adapters.jwt, locally HS256 with the
stack's key, on AWS a Cognito user pool), and the request helpers that read what it put on a request. What an
organiser may see and do of an event is pure and lives in eventreg.domain.access.

Claims: sub = organiser id. Which events an organiser manages is stored on the event (organiser_ids),
so a token never goes stale when an organiser is added to an event. Roles beyond organising come as
groups, in Cognito's own claim (`cognito:groups`), e.g. `privacy-officers` for erasure requests.
"""

from __future__ import annotations

import json
from typing import Any

from chalice import AuthResponse

from eventreg.adapters.jwt import Unauthorized, verify_cognito, verify_token
from eventreg.config import settings
from eventreg.domain.errors import Forbidden

PRIVACY_OFFICERS = "privacy-officers"


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


def bearer_organiser(token: str | None) -> str | None:
    """The organiser a bearer token names, or None when it is missing or not valid: for the routes that show
    organisers more than the public (a draft's agenda) and everyone else what is public."""
    try:
        return str(authorize(token).principal_id)
    except Unauthorized:
        return None
