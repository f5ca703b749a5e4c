"""The back-office's check-in desk (#15) as OpenAPI path items: the page (scope, search), the check-in and undo
forms (a page again; the scanner asks for JSON with the same result box) and the page's scripts."""

from __future__ import annotations

from typing import Any

from eventreg.openapi.parts import PATH, _op, _page, _query
from eventreg.openapi.schemas import FORM, HTML, JSON, ORGANISER, PUBLIC

_SESSION = {"type": "string", "maxLength": 200, "description": "A session's id; empty: the event itself."}
_RESULT = {"type": "object", "required": ["outcome", "refused", "html"], "properties": {
    "outcome": {"enum": ["checked_in", "already_checked_in", "not_confirmed", "not_in_session", "not_this_event",
                         "not_registered", "invalid_code", "undone", "undo_expired"]},
    "refused": {"type": "boolean"},
    "html": {"type": "string", "description": "The result box as the page shows it."}}}


def _form(properties: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {FORM: {"schema": {
        "type": "object", "required": ["csrf_token"],
        "properties": {"csrf_token": {"type": "string", "maxLength": 100}, "session": _SESSION,
                       "q": {"type": "string", "maxLength": 200}, **properties}}}}}


def _answer(what: str) -> dict[str, Any]:
    return {"description": f"{what}: the desk again with the result first (HTML), or the result alone (JSON, "
                           "for Accept: application/json).",
            "content": {HTML: {"schema": {"type": "string"}}, JSON: {"schema": _RESULT}}}


def office_checkin_paths() -> dict[str, dict[str, Any]]:
    event = [PATH["event_id"]]
    here = "/organiser/events/{event_id}/check-in"
    shown = (400, 403, 404)
    return {
        here: {
            "get": _op("The check-in desk", "back-office", ORGANISER,
                       {200: _page("Scanner, code field and name search for the event or a session.")},
                       params=[*event, _query("session", _SESSION), _query("q", {"type": "string", "maxLength": 200},
                                                                          "A name, or its first letters.")],
                       html_errors=shown),
            "post": _op("Check someone in (a scanned code, or a person found by name)", "back-office", ORGANISER,
                        {200: _answer("Checked in, already checked in, or refused")}, params=event,
                        errors=(413, 415), html_errors=shown,
                        body=_form({"code": {"type": "string", "maxLength": 200},
                                    "registration_id": {"type": "string", "maxLength": 200}})),
        },
        f"{here}/undo": {"post": _op(
            "Undo a check-in made less than a minute ago", "back-office", ORGANISER,
            {200: _answer("Undone, or too late")}, params=event, errors=(413, 415), html_errors=shown,
            body=_form({"registration_id": {"type": "string", "maxLength": 200}}))},
        "/organiser/scripts/{name}": {"get": _op(
            "The check-in page's scanner and QR decoder", "back-office", PUBLIC,
            {200: {"description": "JavaScript.", "content": {"text/javascript": {"schema": {"type": "string"}}}}},
            params=[{"name": "name", "in": "path", "required": True,
                     "schema": {"type": "string", "maxLength": 200}}], errors=(404,))},
    }
