"""The public front door: `/` lists the events taking registrations (a page for a browser, JSON otherwise), and a
browser that asks for an event that is not there gets a page saying so, with the way to that list, instead of
the API's JSON."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from chalice import Response

from eventreg.domain.errors import EventNotFound
from eventreg.domain.models import Event, utc_now
from eventreg.entrypoints.http.public import public_event
from eventreg.http import JSON, Request, html, wants_html
from eventreg.locale.fallbacks import titles_note
from eventreg.locale.languages import pick_language
from eventreg.templates import environment

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Desk

F = TypeVar("F", bound=Callable[..., Any])
# The page lists this many at most, soonest deadline first: a front door, not a catalogue.
MAX_LISTED = 100


def open_events(desk: Desk) -> list[Event]:
    """The events open for registration now (or announced: open, registration not started yet), by deadline."""
    found = []
    for event_id in desk.repo.open_event_ids(utc_now())[:MAX_LISTED]:
        try:
            found.append(desk.programmes.get(event_id).event)
        except EventNotFound:  # gone between the index and the item: nothing to list
            continue
    return found


def _language(request: Request) -> str:
    query = getattr(request, "query_params", None) or {}
    return pick_language(query.get("lang"), request.headers.get("accept-language"), "en")


def index(desk: Desk, request: Request) -> Response:
    """`GET /`: the open events, as a page for a browser and as `{"events": [PublicEvent…]}` otherwise."""
    events = open_events(desk)
    if not wants_html(request):
        listed = [public_event(e).model_dump(mode="json") for e in events]
        return Response(body={"events": listed}, status_code=200, headers={"Content-Type": JSON})
    language = _language(request)
    return html(environment().get_template("web/index.html").render(
        events=events, lang=language, lang_href=lambda code: f"/?lang={code}",
        language_note=titles_note(events, language)))


def not_found_page(request: Request) -> Response:
    language = _language(request)
    return html(environment().get_template("web/not_found.html").render(
        lang=language, lang_href=lambda code: f"{getattr(request, 'path', '/')}?lang={code}"), 404)


def pages_for_browsers(request_of: Callable[[], Request]) -> Callable[[F], F]:
    """Outside json_errors around a public page's route: a browser asking for an event that does not exist (or
    is not published, or whose id cannot exist) gets the not-found page in its language; an API client keeps
    the JSON 404."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            answer = view(*args, **kwargs)
            if isinstance(answer, Response) and answer.status_code == 404 and wants_html(request := request_of()):
                return not_found_page(request)
            return answer

        return wrapper  # type: ignore[return-value]

    return decorate
