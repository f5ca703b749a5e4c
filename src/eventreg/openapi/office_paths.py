"""The back-office's pages in the description: an event's forms (create, edit, status), its messages and its
documents (paths.py keeps the API's own routes)."""

from __future__ import annotations

from typing import Any

from eventreg.domain.types import AttendanceMode, EventStatus, RegistrationStatus
from eventreg.openapi.parts import (
    PATH,
    _op,
    _page,
    _query,
    _see_other,
)
from eventreg.openapi.schemas import (
    FORM,
    ORGANISER,
)


# -- the routes -----------------------------------------------------------------------------------------
def office_event_paths(event: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The back-office's event pages: forms posted with the session's CSRF token (or a bearer token)."""
    form = {"required": True, "content": {FORM: {"schema": {
        "type": "object", "properties": {"csrf_token": {"type": "string", "maxLength": 100}},
        "additionalProperties": {"type": "string"}}}}}
    status = {"name": "status", "in": "path", "required": True, "schema": {"enum": [s.value for s in EventStatus]},
              "description": "The status to move the event to (draft → open → closed → finished, or cancelled)."}
    saved = _see_other("Saved: to the event's overview, which says so.")
    return {
        "/organiser/new-event": {
            "get": _op("The form to create an event", "back-office", ORGANISER, {200: _page("An empty event form.")}),
            "post": _op("Create an event from the form", "back-office", ORGANISER,
                        {200: _page("The form again: more question rows, or the mail preview."), 303: saved},
                        body=form, html_errors=(400, 409, 413), errors=(403, 415),
                        description="Invalid fields: the form again (HTML) with each message at its field."),
        },
        "/organiser/events/{event_id}/edit": {
            "get": _op("The form to edit an event", "back-office", ORGANISER, {200: _page("The event's form.")},
                       params=event, errors=(403, 404)),
            "post": _op("Change an event from the form", "back-office", ORGANISER,
                        {200: _page("The form again: more question rows, or the mail preview."), 303: saved},
                        params=event, body=form, html_errors=(400, 409, 413), errors=(403, 404, 415)),
        },
        "/organiser/events/{event_id}/status/{status}": {
            "get": _op("What a status change will do (a confirmation page)", "back-office", ORGANISER,
                       {200: _page("What will happen, and the button that does it.")}, params=[*event, status],
                       errors=(403, 404, 409)),
            "post": _op("Change the event's status", "back-office", ORGANISER,
                        {303: _see_other("Changed: to the event's overview, which says so.")},
                        params=[*event, status], body=form, errors=(403, 404, 409, 413, 415)),
        },
    }


def message_paths(event: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The back-office's messages to an event's registrants (HTML forms, the session's CSRF token in each post)."""
    here = "/organiser/events/{event_id}/messages"
    fields = {"type": "object", "properties": {
        "csrf_token": {"type": "string", "maxLength": 100}, "message_id": {"type": "string", "maxLength": 26},
        "status": {"enum": ["", *(s.value for s in RegistrationStatus)]},
        "mode": {"enum": ["", *(m.value for m in AttendanceMode)]},
        "session": {"type": "string", "maxLength": 63}},
        "additionalProperties": {"type": "string", "maxLength": 8000,
                                 "description": "subject_<language> and body_<language> per event language"}}
    form = {"required": True, "content": {FORM: {"schema": fields}}}
    certificates_form = {"required": True, "content": {FORM: {"schema": {"type": "object", "properties": {
        "csrf_token": {"type": "string", "maxLength": 100},
        "send_id": {"type": "string", "maxLength": 26, "description": "The page's id for this press."}}}}}}
    return {
        here: {
            "get": _op("The messages sent to an event's registrants", "back-office", ORGANISER,
                       {200: _page("Each message with its audience, author and counts.")}, params=event,
                       errors=(403, 404)),
            "post": _op("Send a previewed message", "back-office", ORGANISER,
                        {303: _see_other("Recorded and queued: to the message's progress page.")},
                        params=event, body=form, html_errors=(400,), errors=(403, 404, 413, 415),
                        description="400: the form is wrong, or the event sent its 10 messages of the last 24 hours "
                                    "(the compose form again, saying why)."),
        },
        f"{here}/new": {
            "get": _op("Write a message", "back-office", ORGANISER, {200: _page("The compose form.")},
                       params=event, errors=(403, 404)),
            "post": _op("Back from the preview to the compose form", "back-office", ORGANISER,
                        {200: _page("The compose form, filled in; nothing is saved.")}, params=event, body=form,
                        errors=(403, 404, 413, 415)),
        },
        f"{here}/preview": {"post": _op(
            "Preview a message", "back-office", ORGANISER,
            {200: _page("Each language's copy as registrants receive it, and the number of recipients.")},
            params=event, body=form, html_errors=(400,), errors=(403, 404, 413, 415))},
        f"{here}/{{message_id}}": {"get": _op(
            "A message's progress", "back-office", ORGANISER,
            {200: _page("Recipients, sent, failed, finished; refreshes itself while sending.")},
            params=[*event, PATH["message_id"]], errors=(403, 404))},
        "/organiser/events/{event_id}/certificates": {"post": _op(
            "Send every certificate of attendance", "back-office", ORGANISER,
            {303: _see_other("Queued for those checked in and not sent theirs yet: to its progress page.")},
            params=event, body=certificates_form, html_errors=(409,), errors=(400, 403, 404, 413, 415),
            description="409: the event has not ended, nobody was checked in, or everybody has theirs "
                        "(the messages page again, saying why; the code names which).")},
    }


def office_documents_list(event: list[dict[str, Any]]) -> dict[str, Any]:
    return {"get": _op("The event's documents (a back-office page)", "back-office", ORGANISER,
                       {200: _page("Each document, whether its file has arrived, and what to do with it.")},
                       params=[*event, _query("done", {"enum": ["uploaded", "removed", "missing", "refused"]},
                                              "What the last step did (the page says so).")],
                       errors=(403, 404))}


def office_document_paths(event: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Adding a document from the back-office: step 1 lists it on the event, step 2 is a form the browser
    posts straight to storage (a presigned POST), which sends the browser back to /uploaded."""
    form = {"required": True, "content": {FORM: {"schema": {
        "type": "object", "properties": {"csrf_token": {"type": "string", "maxLength": 100}},
        "additionalProperties": {"type": "string"}}}}}
    document = [*event, PATH["document_id"]]
    return {
        "/organiser/events/{event_id}/documents/new": {
            "get": _op("The form to add a document (step 1: title and type)", "back-office", ORGANISER,
                       {200: _page("The form.")}, params=event, errors=(403, 404)),
            "post": _op("Add a document from the form", "back-office", ORGANISER,
                        {303: _see_other("Listed: to step 2, the upload form.")}, params=event, body=form,
                        html_errors=(400,), errors=(403, 404, 409, 413, 415)),
        },
        "/organiser/events/{event_id}/documents/{document_id}/upload": {"get": _op(
            "The upload form (step 2): posts the file straight to storage", "back-office", ORGANISER,
            {200: _page("A form to storage's presigned POST URL; its CSP allows that origin in form-action.")},
            params=document, errors=(403, 404))},
        "/organiser/events/{event_id}/documents/{document_id}/uploaded": {"get": _op(
            "Where storage sends the browser after an upload", "back-office", ORGANISER,
            {303: _see_other("To the documents, saying whether the file arrived (a refused one is never served).")},
            params=[*document, _query("key", {"type": "string", "maxLength": 1024}, "Set by storage; ignored."),
                    _query("bucket", {"type": "string", "maxLength": 63}, "Set by storage; ignored."),
                    _query("etag", {"type": "string", "maxLength": 100}, "Set by storage; ignored.")],
            errors=(403, 404))},
        "/organiser/events/{event_id}/documents/{document_id}/remove": {
            "get": _op("What removing a document does (a confirmation page)", "back-office", ORGANISER,
                       {200: _page("The confirmation.")}, params=document, errors=(403, 404)),
            "post": _op("Remove a document from the event", "back-office", ORGANISER,
                        {303: _see_other("Removed: to the documents, which say so.")}, params=document,
                        body=form, errors=(403, 404, 409, 413, 415)),
        },
    }
