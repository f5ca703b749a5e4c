"""The organisers' activity log at the HTTP edge: every change an organiser route makes (a POST, PUT, PATCH or
DELETE that succeeds) is recorded — who, which action (the route's view), the ids in its path, the names of
the fields it sent — and an event's Activity page shows them, newest first.

Recording wraps the organisers' routes once, in the service's app.py, so a new route is recorded without
anyone remembering to; a failure to record is logged (without personal data) and does not undo or fail the
change the organiser already made."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlencode

from chalice import Blueprint, Chalice, Response

from eventreg.auth import SAFE_METHODS, identify, signed_in
from eventreg.domain.activity import Activity, changed_fields, visible_to
from eventreg.domain.types import utc_now
from eventreg.entrypoints.http.office.chrome import chrome, language, page
from eventreg.http import FORM, JSON, app_path, current_request, media_type, read_body
from eventreg.locale.catalog import N_, Words, words
from eventreg.locale.dates import format_instant

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Desk
    from eventreg.office_ports import ActivityLog

logger = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
PAGE_SIZE = 50
_UNCHANGED = "eventreg.unchanged"  # request.context: the route changed nothing (unchanged())
_CREATED = re.compile(r"/organiser/events/([A-Za-z0-9_-]{1,128})(?:[/?]|$)")

# What each recorded route did, as the Activity page says it (by the route's view name; a decision or a
# status in the path picks the wording).
ACTIONS: dict[str, str] = {
    "organiser_events": N_("Created the event"),
    "organiser_event": N_("Changed the event"),
    "organiser_session": N_("Saved a session"),
    "organiser_documents": N_("Added a document"),
    "new_document": N_("Added a document"),
    "remove_document": N_("Removed a document"),
    "new_event": N_("Created the event"),
    "edit_event": N_("Changed the event"),
    "event_status:open": N_("Opened registration"),
    "event_status:closed": N_("Closed registration"),
    "event_status:finished": N_("Marked the event finished"),
    "event_status:cancelled": N_("Cancelled the event"),
    "organiser_decisions": N_("Decided on several registrations"),
    "organiser_add_registration": N_("Added a registration by hand"),
    "organiser_cancel": N_("Cancelled a registration on the attendee's behalf"),
    "organiser_move": N_("Moved a registration"),
    "organiser_messages": N_("Sent a message to registrants"),
    "organiser_decision:approve": N_("Approved a registration"),
    "organiser_decision:reject": N_("Did not accept a registration"),
    "programme_new_session": N_("Added a session"),
    "programme_edit_session": N_("Saved a session"),
    "programme_import_apply": N_("Imported a programme"),
}
OTHER_ACTION = N_("Other change (%(action)s)")


def unchanged(request: Any) -> None:
    """Said by a route that answered a change request without changing anything (a preview, more form rows)."""
    request.context[_UNCHANGED] = True


def recorded(app: Chalice | Blueprint, log: Callable[[], ActivityLog]) -> Callable[[F], F]:
    """Record the successful changes a route makes (inside organisers_only: the caller is identified)."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            result = view(*args, **kwargs)
            request = current_request(app)
            status = result.status_code if isinstance(result, Response) else 200
            if request.method in SAFE_METHODS or status >= 400 or request.context.get(_UNCHANGED):
                return result
            event_id = kwargs.get("event_id") or _created(result)
            if event_id:
                try:
                    log().record(entry_of(request, view.__name__, str(event_id), kwargs))
                except Exception:  # the change is made; losing its log line must not turn it into an error
                    logger.exception("activity not recorded", extra={"action": view.__name__, "event_id": event_id})
            return result

        return wrapper  # type: ignore[return-value]

    return decorate


def entry_of(request: Any, view: str, event_id: str, path: dict[str, Any]) -> Activity:
    who = identify(request)
    session = signed_in(request)
    sent = read_body(request) if media_type(request) in (FORM, JSON) else {}
    target = {name: str(value) for name, value in path.items() if name != "event_id"}
    return Activity(event_id, utc_now(), who.organiser_id, session.name if session else who.organiser_id,
                    view, target, changed_fields(sent))


def _created(result: Any) -> str | None:
    """A route without the event in its path (creating one) names it in its answer or where it sends."""
    if isinstance(result, Response):
        body = result.body
        if isinstance(body, dict) and isinstance(body.get("event"), dict):
            return str(body["event"].get("event_id") or "") or None
        found = _CREATED.search(str((result.headers or {}).get("Location") or ""))
        return found.group(1) if found else None
    return None


def said(entry: Activity, language_words: Words) -> str:
    """The entry's action in the reader's language."""
    for key in (f"{entry.action}:{value}" for value in entry.target.values()):
        if key in ACTIONS:
            return language_words(ACTIONS[key])
    if entry.action in ACTIONS:
        return language_words(ACTIONS[entry.action])
    return language_words(OTHER_ACTION, action=entry.action)


SHOWN_FIELDS = 8
MORE_FIELDS = N_("%(names)s and %(num)s more")


def _some(fields: tuple[str, ...], language_words: Words) -> str:
    """The first field names, and how many more (an event form sends dozens)."""
    shown = ", ".join(fields[:SHOWN_FIELDS])
    more = len(fields) - SHOWN_FIELDS
    return shown if more <= 0 else language_words(MORE_FIELDS, names=shown, num=more)


@dataclass(frozen=True)
class Line:
    when: str
    who: str
    what: str
    registration_id: str
    session: str
    fields: str


def page_values(desk: Desk, log: ActivityLog, request: Any, event_id: str, lang: str) -> dict[str, Any]:
    """What the Activity page shows: the entries the caller may see, a page at a time (newest first)."""
    who = identify(request)
    programme, access = desk.organising.programme(event_id, who.organiser_id)
    query: Any = request.query_params or {}
    entries, older = log.recent(event_id, PAGE_SIZE, str(query.get("before") or "") or None)
    event = programme.event
    language_words = words(lang)
    lines = [Line(format_instant(entry.at, event.timezone, lang), entry.actor_name, said(entry, language_words),
                  entry.target.get("registration_id", ""),
                  programme.sessions[entry.target["session_id"]].title_in(lang)
                  if entry.target.get("session_id") in programme.sessions else entry.target.get("session_id", ""),
                  _some(entry.fields, language_words))
             for entry in entries if visible_to(entry, who.organiser_id, access.full)]
    return {"event": event, "title": event.title_in(lang), "lines": lines, "full_access": access.full,
            "older": f"{app_path(request).split('?')[0]}?{urlencode({'before': older})}" if older else ""}


def activity_page(desk: Desk, log: ActivityLog, request: Any, event_id: str) -> Response:
    """Who did what to the event, and when (partners: what they did themselves)."""
    return page(request, "activity.html", **page_values(desk, log, request, event_id, language(request)),
                **chrome(request))


