"""An event's registrations in the back-office: search, filters, sorting, pages through cursors, and the
moderation of those awaiting approval (one at a time from the list; bulk decisions: office/bulk)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from chalice import Response

from eventreg.auth import identify
from eventreg.entrypoints.http import organisers, sessions
from eventreg.entrypoints.http.office.chrome import chrome, language, page
from eventreg.http import app_path, base_path
from eventreg.locale.catalog import N_, words
from eventreg.locale.countries import country_names
from eventreg.locale.dates import format_instant
from eventreg.locale.names import MODES, ORGANISATION_TYPES, STATUSES, named

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Desk


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


