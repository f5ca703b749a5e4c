"""The back-office's pages (HTML, for signed-in organisers, partners and privacy officers): "My events" (every
event the caller organises or runs sessions of, with status, registration window, counts, how full it is and
the links to its reports) and an event's registrations (search, filters, pages, moderation)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote, urlencode

from babel.numbers import format_percent
from chalice import Chalice, Response

from eventreg.auth import identify, session_store, signed_in
from eventreg.domain.errors import DomainError, Forbidden
from eventreg.entrypoints.http import activity, organisers, sessions
from eventreg.entrypoints.http.sign_in import language, page
from eventreg.http import answered_error, app_path, base_path, current_request, forget_answered_error, wants_html
from eventreg.locale.catalog import N_, words
from eventreg.locale.countries import country_names
from eventreg.locale.dates import format_day, format_instant, locale_of
from eventreg.locale.errors import in_language, written_out
from eventreg.locale.names import EVENT_STATUSES, MODES, ORGANISATION_TYPES, STATUSES, named
from eventreg.programme import Programme

if TYPE_CHECKING:
    from eventreg.domain.access import Access
    from eventreg.entrypoints.bootstrap import Desk
    from eventreg.ports import ActivityLog


@dataclass(frozen=True)
class EventRow:
    event_id: str
    title: str
    status: str
    starts: str
    opens: str
    closes: str
    registered: int
    waitlisted: int
    fill: str
    full_access: bool


def _row(programme: Programme, who: Access, lang: str) -> EventRow:
    event = programme.event
    if who.full:
        counted = [(event.registered(mode), event.capacity(mode)) for mode in event.modes]
        waitlisted = event.waitlisted
    else:  # a partner: its own sessions' seats only
        own = [programme.sessions[s] for s in sorted(who.sessions)]
        counted = [(s.registered, s.capacity) for s in own]
        waitlisted = sum(s.waitlisted for s in own)
    registered = sum(taken for taken, _ in counted)
    # How full: over the places that have a limit (an unlimited online stream is never full).
    limited = [(taken, capacity) for taken, capacity in counted if capacity]
    fill = format_percent(sum(t for t, _ in limited) / sum(c for _, c in limited), locale=locale_of(lang)) \
        if limited else "–"
    return EventRow(event.event_id, event.title_in(lang), named(EVENT_STATUSES, event.status.value, words(lang)),
                    format_day(event.starts_at, event.timezone, lang),
                    format_instant(event.registration_opens_at, event.timezone, lang),
                    format_instant(event.registration_closes_at, event.timezone, lang),
                    registered, waitlisted, fill, who.full)


def home(desk: Desk, request: Any) -> Response:
    who = identify(request)
    lang = language(request)
    rows = []
    for event in desk.organising.events(who.organiser_id):
        try:
            rows.append((event.starts_at, _row(*desk.organising.programme(event.event_id, who.organiser_id), lang)))
        except Forbidden:
            continue  # a partner whose sessions were all handed to someone else
    rows.sort(key=lambda pair: (pair[0], pair[1].event_id))
    return page(request, "home.html", rows=[row for _, row in rows], **chrome(request))


def chrome(request: Any) -> dict[str, Any]:
    """What every back-office page shows of the session: who is signed in, and the sign-out form's CSRF
    token (none for a bearer-token caller, who has no session to end)."""
    session = signed_in(request)
    return {"signed_in": session, "csrf_token": session_store().csrf_token(session) if session else ""}


def registrations_page(desk: Desk, request: Any, event_id: str) -> Response:
    """An event's registrations: search (name, email, organisation), filters (status, mode, session), pages
    through cursors, approve or reject those awaiting approval (full organisers only)."""
    query: Any = request.query_params or {}
    who = identify(request)
    programme, access, listing, next_cursor = organisers.registrations(desk, who.organiser_id, event_id, query)
    lang = language(request)
    event = programme.event
    sessions_shown = sorted((s for s in programme.sessions.values() if access.full or s.session_id in access.sessions),
                            key=lambda s: (s.starts_at, s.session_id))
    asked = {name: str(query.get(name) or "") for name in ("q", "status", "mode", "session", *MORE_FILTERS)}
    next_query = urlencode({**{k: v for k, v in asked.items() if v}, "cursor": next_cursor}) if next_cursor else ""
    rows = [{
        "registration": r,
        "status": named(STATUSES, r.status.value, words(lang)),
        "mode": named(MODES, r.attendance_mode.value, words(lang)),
        "registered": format_instant(r.created_at, event.timezone, lang),
        "sessions": [programme.sessions[s].title_in(lang) for s in r.sessions if s in programme.sessions],
    } for r in listing.registrations]
    return page(request, "registrations.html", event=event, title=event.title_in(lang), rows=rows,
                sessions=[(s.session_id, s.title_in(lang)) for s in sessions_shown], asked=asked,
                statuses=[(code, named(STATUSES, code, words(lang))) for code in STATUSES],
                modes=[(mode.value, named(MODES, mode.value, words(lang))) for mode in event.modes],
                full_access=access.full, next_query=next_query, this_page=app_path(request),
                notice=str(query.get("done") or ""), **more_choices(lang), **chrome(request))


# The registrations list's other filters and its order (organisers.registrations checks them).
MORE_FILTERS = ("country", "organisation_type", "sort", "order")
SORT_NAMES = {"registered": N_("Registered on"), "name": N_("Full name"), "organisation": N_("Organisation"),
              "status": N_("Status")}


def more_choices(lang: str) -> dict[str, Any]:
    _ = words(lang)
    return {"countries": sorted(country_names(lang).items(), key=lambda pair: pair[1]),
            "organisation_types": [(code, _(name)) for code, name in ORGANISATION_TYPES.items()],
            "sorts": [(code, _(name)) for code, name in SORT_NAMES.items()],
            "orders": [("asc", _("Ascending")), ("desc", _("Descending"))]}


def moderated(request: Any, event_id: str, name: str, decision: str, form: Any) -> Response:
    """After a moderation form: back to the list it was sent from, saying what was done."""
    back = sessions.safe_next(str(form.get("next") or f"/organiser/events/{event_id}/registrations"))
    mark = "&" if "?" in back else "?"
    done = quote(f"{decision}:{name}")
    return Response(body="", status_code=303, headers={"Location": f"{base_path(request)}{back}{mark}done={done}",
                                                        "Cache-Control": "no-store"})


def activity_page(desk: Desk, log: ActivityLog, request: Any, event_id: str) -> Response:
    """Who did what to the event, and when (partners: what they did themselves)."""
    return page(request, "activity.html", **activity.page_values(desk, log, request, event_id, language(request)),
                **chrome(request))


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


def html_errors(app: Chalice) -> Callable[[F], F]:
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
