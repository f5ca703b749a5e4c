"""The back-office's programme pages (issue #12): an event's sessions, one session's form, the CSV/XLSX import."""

from __future__ import annotations

from typing import Any

from eventreg.openapi.parts import PATH, _file, _op, _page, _path, _see_other
from eventreg.openapi.schemas import CSV, FORM, HTML, JSON, ORGANISER, ULID, _ref

MULTIPART = "multipart/form-data"
CSRF = {"type": "string", "maxLength": 100}
SESSION_FORM = {"type": "object", "required": ["csrf_token"], "properties": {
    "csrf_token": CSRF, "session_id": {"type": "string", "maxLength": 63},
    **{name: {"type": "string", "maxLength": 2000} for name in (
        "title", "description", "day", "start", "end", "room", "track", "speakers", "capacity", "partner_id")},
    "modes": {"type": "array", "items": {"enum": ["in_person", "online"]}}}}

UPLOAD = {"type": "object", "required": ["csrf_token", "file"], "properties": {
    "csrf_token": CSRF, "file": {"type": "string", "contentMediaType": "application/octet-stream"}}}


def _form(schema: dict[str, Any], media: str = FORM) -> dict[str, Any]:
    return {"required": True, "content": {media: {"schema": schema}}}


def programme_paths() -> dict[str, dict[str, Any]]:
    event = [PATH["event_id"]]
    saved = _see_other("Saved: to the programme page, saying so.")
    return {
        "/organiser/events/{event_id}/programme": {"get": _op(
            "The programme page", "back-office", ORGANISER,
            {200: _page("The sessions by day (a partner: its own), with seats taken and waiting.")},
            params=event, errors=(404,))},
        "/organiser/events/{event_id}/programme/sessions/new": {
            "get": _op("The form to add a session", "back-office", ORGANISER, {200: _page("The empty form.")},
                       params=event, errors=(404,)),
            "post": _op("Add a session", "back-office", ORGANISER, {303: saved},
                        params=event, body=_form(SESSION_FORM), html_errors=(400, 409),
                        errors=(404, 413, 415))},
        "/organiser/events/{event_id}/programme/sessions/{session_id}/edit": {
            "get": _op("The form to edit a session", "back-office", ORGANISER, {200: _page("The form, filled in.")},
                       params=[*event, PATH["session_id"]], errors=(404,)),
            "post": _op("Edit a session", "back-office", ORGANISER, {303: saved},
                        params=[*event, PATH["session_id"]], body=_form(SESSION_FORM), html_errors=(400, 409),
                        errors=(404, 413, 415))},
        "/organiser/events/{event_id}/programme/import": {
            "get": _op("The programme import form", "back-office", ORGANISER,
                       {200: _page("The upload form, the columns and a template to download.")},
                       params=event, errors=(404,)),
            "post": _op("Upload a programme (CSV or XLSX)", "back-office", ORGANISER,
                        {200: _page("The preview: what will be created and changed, and the Import button.")},
                        params=event, body=_form(UPLOAD, MULTIPART), html_errors=(400, 413, 422), errors=(404, 415),
                        description="422: the file's errors by line and column, or a file that cannot be read; "
                                    "413: a file over 2 MB.")},
        "/organiser/events/{event_id}/programme/import/{import_id}": {"post": _op(
            "Import the previewed programme", "back-office", ORGANISER,
            {303: _see_other("Imported, all of it: to the programme page, saying how many sessions."),
             410: {"description": "import_gone: the import was done already or has expired (a page says so).",
                   "content": {JSON: {"schema": _ref("Error")}, HTML: {"schema": {"type": "string"}}}}},
            params=[*event, _path("import_id", ULID, "The previewed import.")],
            body=_form({"type": "object", "required": ["csrf_token"], "properties": {"csrf_token": CSRF}}),
            html_errors=(409,), errors=(404, 413, 415),
            description="Nothing is written unless all is: 409 when the programme changed meanwhile, 410 when "
                        "the import was done already or expired (an hour).")},
        "/organiser/events/{event_id}/programme/template.csv": {"get": _op(
            "A programme template to fill in", "back-office", ORGANISER,
            {200: _file(CSV, "The columns and two example rows (UTF-8 with a BOM).", binary=False)},
            params=event, errors=(404,))},
    }
