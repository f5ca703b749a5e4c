"""The back-office's downloads page of an event: every file the reports service makes for it, one click each —
the attendee lists with their presets (the event's, or one session's), the frozen final list, the agenda, the
delegations' trip reports — and the statistics. It offers only what the caller can get: a partner sees the
lists of its own sessions (the reports service scopes them) and neither the final list nor the trip reports,
which are for the event's full organisers."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from chalice import Response

from eventreg.auth import identify
from eventreg.entrypoints.http.office.chrome import chrome, language, page
from eventreg.locale.catalog import words
from eventreg.locale.dates import format_instant, locale_of
from eventreg.ports import ExportStore

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Desk


def downloads_page(desk: Desk, exports: ExportStore, direct_rows: int, request: Any, event_id: str) -> Response:
    # Lazy (cold start): the attendee lists' and trip reports' modules (~40 ms of the registration app's import)
    # and Babel's number formats load with this page, not with every registration request.
    from babel.numbers import format_decimal

    from eventreg.report.attendees import final_list
    from eventreg.report.attendees.presets import PRESETS
    from eventreg.report.trips.delegations import delegations

    who = identify(request)
    programme, access = desk.organising.programme(event_id, who.organiser_id)  # Forbidden for anyone else
    lang = language(request)
    _ = words(lang)
    event = programme.event
    sessions = sorted((s for s in programme.sessions.values() if access.full or s.session_id in access.sessions),
                      key=lambda s: (s.starts_at, s.session_id))
    presets = [(p.name, _(p.title), _(p.purpose)) for p in PRESETS.values()]
    final: dict[str, Any] = {}
    if access.full:
        state, item = final_list.availability(exports, event)
        final = {"state": state, "rows": item.get("rows_done"), "written": _written(item, event.timezone, lang)}
    return page(request, "downloads.html", event=event, title=event.title_in(lang), full_access=access.full,
                presets=presets, sessions=[(s.session_id, s.title_in(lang)) for s in sessions], final=final,
                delegations=delegations(desk.repo, event_id) if access.full else [], direct_rows=direct_rows,
                direct_rows_shown=format_decimal(direct_rows, locale=locale_of(lang)),
                **chrome(request))


def _written(item: dict[str, Any], timezone: str, lang: str) -> str:
    """When the final list was written, in the event's timezone ("" if it says nothing readable)."""
    try:
        return format_instant(datetime.fromisoformat(str(item["written_at"]).replace("Z", "+00:00")), timezone, lang)
    except (KeyError, ValueError):
        return ""
