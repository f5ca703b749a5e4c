"""The back-office's programme pages: an event's sessions by day, the form to add or edit one (through
organising.put_session, as the JSON API), and the import of a whole programme from a CSV or XLSX file
(upload → preview → import, all or nothing: eventreg.register.programme_import). Partners see, edit and import
only their own sessions."""

from __future__ import annotations

import csv
import io
from itertools import groupby
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from chalice import Response

from eventreg.auth import identify
from eventreg.domain.access import Access
from eventreg.domain.errors import N_, DomainError, Forbidden, Message, SessionNotFound
from eventreg.domain.ids import is_generated
from eventreg.domain.models import Event, Session
from eventreg.domain.programme_rows import (
    COLUMNS,
    FIELD_COLUMNS,
    MAX_ROWS,
    PARTNER_OWN_ONLY,
    SEPARATOR,
    Plan,
    Row,
    RowError,
    plan,
    template_rows,
)
from eventreg.entrypoints.http import multipart
from eventreg.entrypoints.http.office import activity
from eventreg.entrypoints.http.office.chrome import chrome, language, page
from eventreg.http import base_path, read_body
from eventreg.locale.catalog import words
from eventreg.locale.dates import format_clock, format_day
from eventreg.locale.errors import in_language
from eventreg.locale.names import MODES, named
from eventreg.register.programme_files import MAX_FILE_BYTES
from eventreg.register.programme_import import Imported, ImportGone

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Desk, Registration

SESSION_EXISTS = N_("A session with this id exists already: edit it instead.")
CHOOSE_FILE = N_("Choose a CSV or XLSX file.")
MAX_BODY = MAX_FILE_BYTES + 64 * 1024  # the file and the form around it


def _when(session: Session, event: Event, lang: str) -> str:
    zone = event.timezone
    return f"{format_clock(session.starts_at, zone, lang)}–{format_clock(session.ends_at, zone, lang)}"


def _row(session: Session, event: Event, who: Access, lang: str) -> dict[str, Any]:
    return {
        "session": session, "title": session.title_in(lang, event.language), "when": _when(session, event, lang),
        "modes": ", ".join(named(MODES, mode.value, words(lang)) for mode in session.modes),
        "editable": who.full or session.session_id in who.sessions,
    }


def programme_page(desk: Desk, request: Any, event_id: str) -> Response:
    """The sessions the caller may see, by day (the event's timezone), with seats taken and waiting."""
    programme, who = desk.organising.programme(event_id, identify(request).organiser_id)
    lang, event = language(request), programme.event
    shown = sorted((s for s in programme.sessions.values() if who.full or s.session_id in who.sessions),
                   key=lambda s: (s.starts_at, s.session_id))
    days = [(day, [_row(s, event, who, lang) for s in group])
            for day, group in groupby(shown, key=lambda s: format_day(s.starts_at, event.timezone, lang))]
    query: Any = request.query_params or {}
    return page(request, "programme.html", event=event, title=event.title_in(lang), days=days,
                full_access=who.full, notice=str(query.get("done") or "")[:200], **chrome(request))


# -- one session: the form --------------------------------------------------------------------------------
def _cells(session: Session | None, event: Event) -> dict[str, str]:
    if session is None:
        return {"modes": SEPARATOR.join(m.value for m in event.modes)}
    local = session.starts_at.astimezone(event.tz)
    return {
        "session_id": session.session_id,
        "title": session.title.get(event.language) or session.title_in(event.language),
        "description": session.description.get(event.language, ""), "day": local.date().isoformat(),
        "start": local.strftime("%H:%M"), "end": session.ends_at.astimezone(event.tz).strftime("%H:%M"),
        "room": session.room, "track": session.track, "speakers": f"{SEPARATOR} ".join(session.speakers),
        "modes": SEPARATOR.join(m.value for m in session.modes),
        "capacity": "" if session.capacity is None else str(session.capacity), "partner_id": session.partner_id or "",
    }


def _form(request: Any, event: Event, who: Access, session_id: str | None, cells: dict[str, str],
          errors: list[RowError], status: int = 200, problem: str = "") -> Response:
    lang = language(request)
    fields = {e.column: in_language(e.message, lang) for e in errors}
    return page(request, "session_form.html", status, event=event, title=event.title_in(lang), session_id=session_id,
                cells=cells, fields=fields, problem=problem, full_access=who.full,
                modes=[(m.value, named(MODES, m.value, words(lang))) for m in event.modes], **chrome(request))


def session_form(desk: Desk, request: Any, event_id: str, session_id: str | None) -> Response:
    programme, who = desk.organising.programme(event_id, identify(request).organiser_id)
    current = programme.sessions.get(session_id) if session_id else None
    if session_id is None and not who.full:
        raise Forbidden(Message(PARTNER_OWN_ONLY))
    if session_id and (current is None or not (who.full or session_id in who.sessions)):
        raise SessionNotFound(Message(N_("There is no such session.")))
    return _form(request, programme.event, who, session_id, _cells(current, programme.event), [])


def save_session(desk: Desk, request: Any, event_id: str, session_id: str | None) -> Response:
    """The form sent: checked as an imported row would be, then saved with put_session; the page again with
    the errors next to their fields, or back to the programme."""
    organiser_id = identify(request).organiser_id
    programme, who = desk.organising.programme(event_id, organiser_id)
    if session_id is None and not who.full:
        raise Forbidden(Message(PARTNER_OWN_ONLY))
    form = read_body(request)
    cells = {name: str(form.get(name) or "")[:5000] for name in COLUMNS if name != "modes"}
    chosen = form.get("modes") or []
    cells["modes"] = SEPARATOR.join(chosen if isinstance(chosen, list) else [str(chosen)])
    if session_id:
        cells["session_id"] = session_id
    elif cells["session_id"].strip() in programme.sessions:
        return _form(request, programme.event, who, None, cells,
                     [RowError(1, "session_id", Message(SESSION_EXISTS))], 409)
    errors = [RowError(1, "modes", Message(N_("This field is required.")))] if not cells["modes"] else []
    checked = plan([Row(1, cells)], programme.event, programme.sessions, who)
    errors += checked.errors
    if errors:
        return _form(request, programme.event, who, session_id, cells, errors, 400)
    planned = checked.sessions[0]
    try:
        desk.organising.put_session(organiser_id, event_id, planned.session.session_id, planned.data)
    except DomainError as error:
        if not error.fields:
            raise
        return _form(request, programme.event, who, session_id, cells,
                     [RowError(1, FIELD_COLUMNS.get(name.split(".")[0], "title"),
                               text if isinstance(text, Message) else Message("%(text)s", text=text))
                      for name, text in error.fields.items()], error.status)
    done = quote(f"saved:{planned.session.title_in(language(request), programme.event.language)}")
    return _back(request, event_id, done)


def _back(request: Any, event_id: str, done: str) -> Response:
    return Response(body="", status_code=303, headers={
        "Location": f"{base_path(request)}/organiser/events/{event_id}/programme?done={done}",
        "Cache-Control": "no-store"})


# -- the import -------------------------------------------------------------------------------------------
def _import_page(request: Any, event: Event, status: int = 200, problem: str = "", preview: Plan | None = None,
                 import_id: str | None = None, errors: list[RowError] | None = None) -> Response:
    lang = language(request)
    everyone = Access("", True, frozenset())
    planned = preview.sessions if preview else []
    rows = [{"planned": p, **_row(p.session, event, everyone, lang),
             "day": format_day(p.session.starts_at, event.timezone, lang)} for p in planned]
    shown_errors = [{"line": e.line, "column": e.column, "message": in_language(e.message, lang)}
                    for e in sorted(errors or [], key=lambda e: (e.line, e.column))]
    counts = {action: preview.count(action) for action in ("create", "change", "same")} if preview else {}
    return page(request, "programme_import.html", status, event=event, title=event.title_in(lang), problem=problem,
                rows=rows, errors=shown_errors, counts=counts, import_id=import_id, columns=COLUMNS,
                max_rows=MAX_ROWS, max_mb=MAX_FILE_BYTES // (1024 * 1024), **chrome(request))


def import_form(desk: Desk, request: Any, event_id: str) -> Response:
    programme, _ = desk.organising.programme(event_id, identify(request).organiser_id)
    return _import_page(request, programme.event)


def upload(wired: Registration, request: Any, event_id: str) -> Response:
    """The file sent: its preview (what will be created and changed), or its errors by line and column."""
    programme, _ = wired.desk.organising.programme(event_id, identify(request).organiser_id)
    event, lang = programme.event, language(request)
    if len(multipart.raw(request)) > MAX_BODY:
        return _import_page(request, event, 413, in_language(Message(
            N_("The file is larger than %(mb)s MB: split the programme into smaller files."),
            mb=MAX_FILE_BYTES // (1024 * 1024)), lang))
    form = multipart.read_form(request, "file", MAX_BODY)
    if not form.file:
        return _import_page(request, event, 400, in_language(Message(CHOOSE_FILE), lang))
    try:
        preview = wired.programme_import.preview(identify(request).organiser_id, event_id, form.file)
    except DomainError as error:
        if error.status >= 500:
            raise
        return _import_page(request, event, error.status, in_language(error.message, lang))
    if preview.import_id is None:
        return _import_page(request, event, 422, errors=preview.plan.errors)
    activity.unchanged(request)  # a preview: nothing is imported yet
    return _import_page(request, event, preview=preview.plan, import_id=preview.import_id)


def apply(wired: Registration, request: Any, event_id: str, import_id: str) -> Response:
    """"Import": all the previewed sessions written, or none (the page says why)."""
    organiser_id = identify(request).organiser_id
    programme, _ = wired.desk.organising.programme(event_id, organiser_id)
    lang = language(request)
    try:
        if not is_generated(import_id):
            raise ImportGone(Message(N_("This import was done already or has expired: upload the file again.")))
        result = wired.programme_import.apply(organiser_id, event_id, import_id)
    except DomainError as error:
        if error.status >= 500:
            raise
        return _import_page(request, programme.event, error.status, in_language(error.message, lang))
    if not isinstance(result, Imported):
        return _import_page(request, programme.event, 409, errors=result.errors)
    if not result.created and not result.changed:
        activity.unchanged(request)  # the same file again
    return _back(request, event_id, quote(f"imported:{result.created}:{result.changed}"))


def template_csv(desk: Desk, request: Any, event_id: str) -> Response:
    """The columns and two example rows, as a CSV file to fill in (UTF-8 with a BOM: Excel reads it so)."""
    programme, _ = desk.organising.programme(event_id, identify(request).organiser_id)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(template_rows(programme.event))
    return Response(body="\ufeff" + out.getvalue(), status_code=200, headers={
        "Content-Type": "text/csv; charset=utf-8", "Cache-Control": "no-store",
        "Content-Disposition": f'attachment; filename="programme-{event_id}.csv"'})
