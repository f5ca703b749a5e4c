"""What every back-office page shares: the reader's language, the page itself (office/ templates, never cached),
who is signed in with the sign-out form's CSRF token, and errors as pages - a browser meeting a refusal on an
organisers' route gets it in its language with the way on, while the API keeps its JSON."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode

from chalice import Blueprint, Chalice, Response

from eventreg.auth import language_cookie, office_language, session_store, signed_in
from eventreg.domain.errors import DomainError
from eventreg.entrypoints.http import sessions
from eventreg.http import (
    answered_error,
    app_path,
    base_path,
    current_request,
    forget_answered_error,
    html,
    wants_html,
)
from eventreg.locale.catalog import N_, words
from eventreg.locale.errors import in_language, written_out
from eventreg.templates import environment

language = office_language


def same_page_in(request: Any) -> Callable[[str], str]:
    """The language switch's links: this page in another language, or the back-office's home for a page that
    answered a form (a POST cannot be followed as a link)."""
    base = base_path(request)
    if request.method != "GET":
        return lambda code: f"{base}/organiser/?lang={code}"
    path, _, query = app_path(request).partition("?")
    kept = [(key, value) for key, value in parse_qsl(query, keep_blank_values=True) if key != "lang"]
    return lambda code: f"{base}{path}?{urlencode([*kept, ('lang', code)])}"


def page(request: Any, template: str, status: int = 200, **values: Any) -> Response:
    shown: dict[str, Any] = {"signed_in": None, "csrf_token": "", **values}
    response = html(environment().get_template(f"office/{template}").render(
        lang=language(request), base=base_path(request), lang_href=same_page_in(request), **shown), status)
    response.headers["Cache-Control"] = "no-store"
    if cookie := language_cookie(request):
        response.headers["Set-Cookie"] = cookie
    return response


def chrome(request: Any) -> dict[str, Any]:
    """What every back-office page shows of the session: who is signed in, and the sign-out form's CSRF
    token (none for a bearer-token caller, who has no session to end)."""
    session = signed_in(request)
    return {"signed_in": session, "csrf_token": session_store().csrf_token(session) if session else ""}


F = TypeVar("F", bound=Callable[..., Any])
# What an error page says first, by status (the error's own message follows, in the reader's language).
HEADLINES = {
    401: N_("Please sign in again"),
    403: N_("You may not do this"),
    404: N_("Not found"),
    409: N_("This has changed in the meantime"),
    413: N_("That is too large"),
    429: N_("Too many requests at once"),
    503: N_("The service is busy"),
}
OTHER_HEADLINE = N_("This could not be done")


def html_errors(app: Chalice | Blueprint) -> Callable[[F], F]:
    """A browser gets the back-office's errors as a page (in its language, with the way on), the API its JSON:
    outermost around the organisers' routes, it turns an error answer into a page when the caller wants HTML."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            forget_answered_error()
            result = view(*args, **kwargs)
            request = current_request(app)
            if isinstance(result, Response) and result.status_code >= 400 and wants_html(request) \
                    and not str((result.headers or {}).get("Content-Type", "")).startswith("text/html"):
                # (a form sent back with its errors is a page already)
                return error_page(request, result.status_code, answered_error(), str(kwargs.get("event_id") or ""))
            return result

        return wrapper  # type: ignore[return-value]

    return decorate


def error_page(request: Any, status: int, error: DomainError | None, event_id: str) -> Response:
    lang = language(request)
    try:
        shown = chrome(request)
    except DomainError:  # not signed in (any more): the page offers to sign in
        shown = {}
    detail = in_language(written_out(error).message, lang) if error else ""
    return page(request, "error.html", status, headline=words(lang)(HEADLINES.get(status, OTHER_HEADLINE)),
                detail=detail, code=status, event_id=event_id if status != 404 else "",
                again=sessions.safe_next(app_path(request)) if request.method == "GET" else "", **shown)
