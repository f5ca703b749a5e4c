"""The waiting lists of an event in the back-office: per attendance mode, then per session, the people waiting in
the order they will be promoted (the storage's own order, eventreg.register.on_behalf.waiting_lists), numbered."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Response

from eventreg.auth import identify
from eventreg.domain.errors import DomainError
from eventreg.entrypoints.http.office.chrome import chrome, language, page
from eventreg.entrypoints.http.office.registration import here, problem, sessions_named
from eventreg.locale.catalog import words
from eventreg.locale.dates import format_instant
from eventreg.locale.names import MODES, named

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Desk


def waiting_lists_page(desk: Desk, request: Any, event_id: str) -> Response:
    who = identify(request)
    lang = language(request)
    try:
        programme, access, lists = desk.on_behalf.waiting_lists(who.organiser_id, event_id)
    except DomainError as error:
        return problem(request, error, event_id)
    event = programme.event
    shown = []
    for line in lists:
        title = named(MODES, line.key, words(lang)) if line.kind == "mode" \
            else sessions_named(programme, [line.key], lang)[0]
        people = [{"position": position, "registration": r,
                   "registered": format_instant(r.created_at, event.timezone, lang),
                   "path": here(event_id, r.registration_id)} for position, r in line.people]
        shown.append({"kind": line.kind, "key": line.key, "title": title, "people": people, "length": line.length})
    return page(request, "waiting_lists.html", event=event, title=event.title_in(lang), lists=shown,
                full_access=access.full, **chrome(request))
