"""Signing in to the back-office and out of it.

On AWS: the authorization-code flow with PKCE against the stage's Cognito managed login
(eventreg.adapters.oidc). /organiser/sign-in keeps the OAuth state, the PKCE verifier and where to go
afterwards server-side for ten minutes (a signed cookie names them) and sends the browser to the provider; the
callback takes them (once), checks the state, exchanges the code (with the verifier), verifies the ID token and
starts the session. Signing out deletes the session, revokes the provider's refresh token and ends the
provider's own session through its logout endpoint.
Locally there is no provider: /organiser/sign-in sends the browser to the local stack's /_local/sign-in,
which sets the same session cookie for one of the demo identities.
"""

from __future__ import annotations

import hmac
from typing import Any
from urllib.parse import quote

from chalice import Response

from eventreg.adapters import oidc
from eventreg.adapters.jwt import Unauthorized
from eventreg.auth import identify, secure_cookies, session_store, signed_in, verify_id_token
from eventreg.entrypoints.http import sessions
from eventreg.entrypoints.http.office.chrome import page
from eventreg.http import base_path, request_host, request_scheme

CALLBACK = "/organiser/sign-in/callback"
SIGNED_OUT = "/organiser/signed-out"
LOCAL_SIGN_IN = "/_local/sign-in"


def _redirect(location: str, *cookies: str) -> Response:
    headers: dict[str, Any] = {"Location": location, "Cache-Control": "no-store"}
    if cookies:
        headers["Set-Cookie"] = list(cookies)
    return Response(body="", status_code=303, headers=headers)


def origin(request: Any) -> str:
    """Where the browser reached us (scheme, host and API Gateway's stage): the callback must be exactly
    the address registered with the provider."""
    return f"{request_scheme(request)}://{request_host(request)}{base_path(request)}"


def sign_in(request: Any) -> Response:
    query = request.query_params or {}
    next_path = sessions.safe_next(str(query.get("next") or "/organiser/"))
    provider = oidc.provider()
    if provider is None:
        return _redirect(f"{LOCAL_SIGN_IN}?next={quote(next_path)}")
    store = session_store()
    pending = store.pending(next_path)
    location = provider.authorize_url(origin(request) + CALLBACK, pending.state,
                                      sessions.pkce_challenge(pending.verifier))
    return _redirect(location, sessions.set_cookie(sessions.PENDING, store.pending_cookie(pending),
                                                   secure=secure_cookies(request), max_age=sessions.PENDING_SECONDS))


def callback(request: Any) -> Response:
    """Back from the provider: a session, or a page that says sign-in did not work (never the provider's
    own error text, which may be anything)."""
    query = request.query_params or {}
    store, secure = session_store(), secure_cookies(request)
    pending = store.take_pending(sessions.read_cookie(request.headers.get("cookie"), sessions.PENDING, secure=secure))
    provider = oidc.provider()
    code, state = query.get("code"), query.get("state")
    if pending is None or provider is None or not code or not state or query.get("error") or \
            not hmac.compare_digest(pending.state.encode(), str(state).encode("utf-8", "replace")):
        return _problem(request)
    try:
        tokens = oidc.exchange_code(provider, str(code), origin(request) + CALLBACK, pending.verifier)
        who, claims = verify_id_token(tokens.id_token)
    except (oidc.SignInFailed, Unauthorized):
        return _problem(request)
    session = store.start(who.organiser_id, str(claims.get("email", "")),
                          str(claims.get("name") or claims.get("email") or who.organiser_id), who.groups,
                          tokens.refresh_token)
    return _redirect(base_path(request) + pending.next_path,
                     sessions.set_cookie(sessions.SESSION, store.cookie(session), secure=secure,
                                         max_age=sessions.MAX_SECONDS),
                     sessions.clear_cookie(sessions.PENDING, secure=secure))


def _problem(request: Any) -> Response:
    response = page(request, "sign_in_failed.html", 400)
    response.headers["Set-Cookie"] = [sessions.clear_cookie(sessions.PENDING, secure=secure_cookies(request))]
    return response


def sign_out(request: Any, form: dict[str, Any]) -> Response:
    """The session is deleted and its cookie cleared (the form carries the CSRF token: no one can sign someone out
    from elsewhere); on AWS the refresh token is revoked and the provider's session goes too, through its logout
    endpoint."""
    identify(request, csrf_token=str(form.get("csrf_token") or ""))
    who = signed_in(request)
    if who is not None:  # None: a bearer-token caller, who has no session to end
        session_store().end(who)
    cleared = sessions.clear_cookie(sessions.SESSION, secure=secure_cookies(request))
    provider = oidc.provider()
    if provider is None:
        return _redirect(base_path(request) + SIGNED_OUT, cleared)
    if who is not None and who.refresh_token:
        oidc.revoke(provider, who.refresh_token)
    return _redirect(provider.logout_url(origin(request) + SIGNED_OUT), cleared)


def signed_out(request: Any) -> Response:
    return page(request, "signed_out.html")
