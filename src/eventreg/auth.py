"""Who is calling, and what an organiser may see and do.

An organiser route identifies its caller itself (no API Gateway authorizer): a JSON client by a bearer
token (eventreg.adapters.jwt: locally HS256 with the stack's key, on AWS an ID token of the stage's Cognito
pool, named by the identity parameter), a browser by the back-office's session cookie
(eventreg.entrypoints.http.sessions: a signed random id, the session itself kept server-side and wired in
eventreg.entrypoints.bootstrap.back_office). The cookie alone never authorises a change: a state-changing request
on a cookie must carry the session's CSRF token as well (forms do, in a hidden field).
What an organiser may see and do of an event is pure and lives in eventreg.domain.access.

Claims: sub = organiser id. Which events an organiser manages is stored on the event (organiser_ids),
so a token never goes stale when an organiser is added to an event. Roles beyond organising come as
groups, in Cognito's own claim (`cognito:groups`), e.g. `privacy-officers` for erasure requests.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

from chalice import Blueprint, Chalice

from eventreg.adapters import oidc
from eventreg.adapters.jwt import Organiser, Unauthorized, cognito_claims, organiser_in, verify_cognito, verify_token
from eventreg.config import settings
from eventreg.domain.access import CHECKIN_STAFF as CHECKIN_STAFF  # a role, like PRIVACY_OFFICERS
from eventreg.domain.errors import DomainError, Forbidden
from eventreg.domain.types import LANGUAGES
from eventreg.entrypoints.http import multipart, sessions
from eventreg.http import (
    FORM,
    app_path,
    base_path,
    current_request,
    error_response,
    media_type,
    read_body,
    request_scheme,
    wants_html,
)
from eventreg.locale.languages import pick_language

PRIVACY_OFFICERS = "privacy-officers"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CSRF_HEADER = "x-csrf-token"
_IDENTIFIED = "eventreg.identified"  # the caller, kept on the request once identified
_SIGNED_IN = "eventreg.signed-in"  # and their session, when it came by the cookie


class Unauthenticated(DomainError):
    """No valid token or session. A page asked for by a browser is sent to sign in instead (303), and
    comes back to `next` afterwards."""

    code = "unauthorized"
    status = 401

    def __init__(self, message: str = "Sign in, or send a valid organiser bearer token.",
                 sign_in: str | None = None) -> None:
        super().__init__(message)
        self.sign_in = sign_in


class CsrfFailed(Forbidden):
    code = "csrf_failed"


def verify_bearer(authorization: str | None) -> Organiser:
    """The organiser a bearer token names; Unauthorized if it names none."""
    provider = oidc.provider()
    if provider is not None:
        return verify_cognito(provider.jwks_url, provider.issuer, provider.client_id, authorization)
    return verify_token(settings().jwt_secret, authorization)


def verify_id_token(token: str) -> tuple[Organiser, dict[str, Any]]:
    """An ID token the back-office got from the provider (code exchange, refresh), and its claims."""
    provider = oidc.provider()
    if provider is None:
        raise Unauthorized()
    claims = cognito_claims(provider.jwks_url, provider.issuer, provider.client_id, token)
    return organiser_in(claims), claims


def session_store() -> sessions.Sessions:
    """The back-office's sessions: on the session key ring (its previous key still accepted after a rotation,
    and re-read once when no cached key verifies a cookie) and the table."""
    from eventreg.entrypoints.bootstrap.back_office import sessions as wired  # where sign-in is used, not at import

    store = wired()
    if store is None:
        raise Unauthenticated("Sign-in is not configured here (EVENTREG_LINK_KEY is not set).")
    return store


def secure_cookies(request: Any) -> bool:
    """Secure (and __Host-) cookies wherever the browser came over https: everywhere but the local stack."""
    return request_scheme(request) == "https"


def identify(request: Any, csrf_token: str | None = None, mount: str = "") -> Organiser:
    """The caller of an organiser route: Unauthenticated without a valid token or session, CsrfFailed
    for a change asked for on the cookie alone."""
    known = request.context.get(_IDENTIFIED)
    if isinstance(known, Organiser):
        return known
    authorization = request.headers.get("authorization")
    try:
        who = verify_bearer(authorization) if authorization else _from_session(request, csrf_token)
    except Unauthorized:
        raise _unauthenticated(request, mount) from None
    request.context[_IDENTIFIED] = who
    return who


def _from_session(request: Any, csrf_token: str | None) -> Organiser:
    store = session_store()
    signed_in = store.open(sessions.read_cookie(request.headers.get("cookie"), sessions.SESSION,
                                                secure=secure_cookies(request)))
    if signed_in is None:
        raise Unauthorized()
    if request.method not in SAFE_METHODS and not store.csrf_valid(
            signed_in, csrf_token or request.headers.get(CSRF_HEADER)):
        raise CsrfFailed("This form has expired or did not come from eventreg: reload the page and try again.")
    if store.due_for_check(signed_in):
        signed_in = _checked(store, signed_in)  # the item is updated; the cookie stays as it is
    request.context[_SIGNED_IN] = signed_in
    return Organiser(signed_in.organiser_id, signed_in.groups)


def signed_in(request: Any) -> sessions.SignedIn | None:
    """The caller's back-office session (None for a bearer-token caller), as identify() opened it: the
    session is read once per request."""
    identify(request)
    found = request.context.get(_SIGNED_IN)
    return found if isinstance(found, sessions.SignedIn) else None


def _checked(store: sessions.Sessions, signed_in: sessions.SignedIn) -> sessions.SignedIn:
    """The provider vouches again (a refresh): a disabled user or a removed group takes effect here, and a session
    the provider no longer vouches for is ended. Without a provider (the local stack's demo sign-in) the session
    simply goes on."""
    provider = oidc.provider()
    if provider is None:
        again = store.checked(signed_in, signed_in.groups)
    else:
        try:
            if not signed_in.refresh_token:
                raise oidc.SignInFailed("no refresh token")
            tokens = oidc.refresh(provider, signed_in.refresh_token)
            who, _ = verify_id_token(tokens.id_token)
            if who.organiser_id != signed_in.organiser_id:
                raise Unauthorized()
        except (oidc.SignInFailed, Unauthorized):
            store.end(signed_in)
            raise Unauthorized() from None
        again = store.checked(signed_in, who.groups, tokens.refresh_token)
    if again is None:
        raise Unauthorized()  # signed out while this request was under way
    return again


def _unauthenticated(request: Any, mount: str) -> Unauthenticated:
    if request.method in ("GET", "HEAD") and wants_html(request):
        back = quote(mount + app_path(request))
        return Unauthenticated(sign_in=f"{base_path(request)}/organiser/sign-in?next={back}")
    return Unauthenticated()


F = TypeVar("F", bound=Callable[..., Any])


def organisers_only(app: Chalice | Blueprint, mount: str = "") -> Callable[[F], F]:
    """A route for organisers: the caller is identified before anything else (as an API Gateway authorizer
    would: 401 before 404), a browser without a session is sent to sign in (and back: `mount` is where the
    app is served on the origin). The mark `organisers_only` on the view tells the OpenAPI description which
    routes need a token or session."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            request = current_request(app)
            try:
                # A back-office form carries the session's CSRF token in its body.
                form_token = str(read_body(request).get("csrf_token") or "") \
                    if request.method not in SAFE_METHODS and media_type(request) == FORM else None
                if request.method not in SAFE_METHODS and media_type(request) == multipart.MULTIPART:
                    form_token = multipart.csrf_token(request)  # a form with a file (the programme import)
                identify(request, csrf_token=form_token, mount=mount)
            except DomainError as error:
                return error_response(error)
            return view(*args, **kwargs)

        wrapper.organisers_only = True  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def organiser_of(request: Any) -> str:
    """The calling organiser's id (identified by token or session)."""
    return identify(request).organiser_id


def groups_of(request: Any) -> frozenset[str]:
    return identify(request).groups


def require_privacy_officer(request: Any) -> str:
    """The caller, if a privacy officer; 403 for everyone else (organisers included)."""
    if PRIVACY_OFFICERS not in groups_of(request):
        raise Forbidden("Only privacy officers can ask for an erasure.")
    return organiser_of(request)



def office_language(request: Any) -> str:
    """The back-office's language: ?lang= (its language switch), else the one chosen before (a cookie), else
    the browser's Accept-Language, else English."""
    query = getattr(request, "query_params", None) or {}
    chosen = query.get("lang") or sessions.read_cookie(
        (getattr(request, "headers", None) or {}).get("cookie"), sessions.LANGUAGE, secure=secure_cookies(request))
    return pick_language(chosen, request.headers.get("accept-language"), "en")


def language_cookie(request: Any) -> str | None:
    """The Set-Cookie that remembers a language chosen with ?lang= across the back-office's pages, whose links
    do not carry it; None when nothing new was chosen."""
    chosen = (getattr(request, "query_params", None) or {}).get("lang")
    secure = secure_cookies(request)
    if chosen not in LANGUAGES or chosen == sessions.read_cookie(request.headers.get("cookie"), sessions.LANGUAGE,
                                                                 secure=secure):
        return None
    return sessions.set_cookie(sessions.LANGUAGE, chosen, secure=secure, max_age=sessions.LANGUAGE_SECONDS)
