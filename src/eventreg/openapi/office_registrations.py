"""The back-office's registration routes (issue 12: detail, on-behalf actions, add by hand, bulk decisions,
waiting lists), as OpenAPI path items. Pages answer refusals as pages (text/html) too."""

from __future__ import annotations

from typing import Any

from eventreg.openapi.parts import PATH, _op, _page, _see_other
from eventreg.openapi.schemas import FORM, HTML, JSON, ORGANISER, _ref


def _form(properties: dict[str, Any], required: tuple[str, ...] = ("csrf_token",)) -> dict[str, Any]:
    return {"required": True, "content": {FORM: {"schema": {
        "type": "object", "required": list(required),
        "properties": {"csrf_token": {"type": "string", "maxLength": 100}, **properties}},
        "encoding": {"sessions": {"style": "form", "explode": True},
                     "registration_id": {"style": "form", "explode": True}}}}}


def office_registration_paths() -> dict[str, dict[str, Any]]:
    event = [PATH["event_id"]]
    registration = [PATH["event_id"], PATH["registration_id"]]
    shown = (403, 404, 409)
    base = "/organiser/events/{event_id}/registrations"
    sessions = {"type": "array", "items": {"type": "string", "maxLength": 63}, "maxItems": 20}
    return {
        f"{base}/decisions": {"post": _op(
            "Approve or reject many pending registrations", "back-office", ORGANISER,
            {200: _page("What became of each, name by name.")},
            params=event, errors=(413, 415), html_errors=(400, *shown),
            body=_form({"decision": {"enum": ["approve", "reject"]},
                        "registration_id": {"type": "array", "items": {"type": "string"}, "maxItems": 200},
                        "next": {"type": "string", "maxLength": 2000}}, ("csrf_token", "decision")))},
        f"{base}/new": {
            "get": _op("The form to add a registration by hand", "back-office", ORGANISER,
                       {200: _page("The public form's fields, for an organiser.")}, params=event,
                       html_errors=shown),
            "post": _op("Add a registration by hand", "back-office", ORGANISER,
                        {303: _see_other("Added: to the registration's page.")},
                        params=event, errors=(413, 415), html_errors=(400, *shown, 422, 503),
                        body=_form({"form_token": {"type": "string", "maxLength": 200},
                                    "sessions": sessions},
                                   ("csrf_token",))),
        },
        f"{base}/{{registration_id}}": {"get": _op(
            "A registration's detail", "back-office", ORGANISER,
            {200: {"description": "Everything the person gave: JSON, or the back-office's page for a browser.",
                   "content": {JSON: {"schema": _ref("RegistrationAnswer")}, HTML: {"schema": {"type": "string"}}}}},
            params=registration, html_errors=shown)},
        f"{base}/{{registration_id}}/cancel": {
            "get": _op("Confirm cancelling on the person's behalf", "back-office", ORGANISER,
                       {200: _page("What they lose; freed places go to the first in line.")},
                       params=registration, html_errors=shown),
            "post": _op("Cancel on the person's behalf", "back-office", ORGANISER,
                        {303: _see_other("Cancelled: to the registration's page.")},
                        params=registration, errors=(413, 415), html_errors=shown, body=_form({})),
        },
        f"{base}/{{registration_id}}/move": {
            "get": _op("Change attendance mode or sessions on the person's behalf", "back-office", ORGANISER,
                       {200: _page("The form.")}, params=registration, html_errors=shown),
            "post": _op("Move the person (attendance mode, sessions)", "back-office", ORGANISER,
                        {303: _see_other("Changed: to the registration's page.")},
                        params=registration, errors=(413, 415), html_errors=(400, *shown),
                        body=_form({"attendance_mode": {"enum": ["in_person", "online"]}, "sessions": sessions},
                                   ("csrf_token", "attendance_mode"))),
        },
        f"{base}/{{registration_id}}/role": {"post": _op(
            "Set the person's role at the event (their badge's)", "back-office", ORGANISER,
            {303: _see_other("Saved: to the registration's page.")},
            params=registration, errors=(413, 415), html_errors=(400, *shown),
            body=_form({"role": {"enum": ["participant", "speaker", "organiser", "press", "partner"]}},
                       ("csrf_token", "role")))},
        "/organiser/events/{event_id}/waiting-lists": {"get": _op(
            "The waiting lists in the order people are promoted", "back-office", ORGANISER,
            {200: _page("Per attendance mode, then per session, numbered.")}, params=event, html_errors=shown)},
    }
