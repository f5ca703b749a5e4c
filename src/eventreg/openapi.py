"""The HTTP API's contract: an OpenAPI 3.1 description of every route of the registration and reports
services, on the one origin they share (registration at `/`, reports under `/reports`, as locally and
behind the custom domain's base-path mappings on AWS).

Request and response bodies come from the pydantic models where they exist (`model_json_schema`); what
has no model (list views, export and erasure views, forms) is described once here. Served at
`GET /openapi.json` (and `GET /reports/openapi.json`); `tests/unit/test_openapi.py` fails when a route of a
Chalice app and this description drift apart.

Not on a handler's import path: the services import it inside the route that serves it.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from eventreg.domain.events import Document, Event, Question, Session, Venue
from eventreg.domain.ids import GENERATED_PATTERN, SLUG_PATTERN
from eventreg.domain.organising import ALLOWED_DOCUMENT_TYPES, COUNTERS, FIXED
from eventreg.domain.registrations import MAX_SESSIONS, DelegationRequest, Registration, RegistrationRequest
from eventreg.domain.types import LANGUAGES, AttendanceMode, OrganisationType, RegistrationStatus, WhenFull
from eventreg.web.public import PublicEventView

OPENAPI = "3.1.0"
VERSION = "1.0.0"
REPORTS = "/reports"  # where the reports service is mounted (eventreg.links.REPORTS_PREFIX)

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
HTML = "text/html"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
ICS = "text/calendar"

SLUG = SLUG_PATTERN  # event, session, document and question ids
ULID = GENERATED_PATTERN  # new_id's: registrations, delegations, exports, erasure requests

# Security requirements of an operation.
Security = list[dict[str, list[str]]]
PUBLIC: Security = []
ORGANISER: Security = [{"organiserBearer": []}]
PRIVACY_OFFICER: Security = [{"organiserBearer": ["privacy-officers"]}]
MANAGE_LINK: Security = [{"manageToken": []}, {"manageTokenHeader": []}]
REPORT_LINK: Security = [{"reportToken": []}]
PUBLISHED_OR_ORGANISER: Security = [{}, {"organiserBearer": []}]  # a draft's agenda needs its organisers' token


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


# -- schemas ------------------------------------------------------------------------------------------
Mode = Literal["validation", "serialization"]
MODELS: tuple[tuple[type[BaseModel], Mode], ...] = (
    (RegistrationRequest, "validation"),
    (DelegationRequest, "validation"),
    (Registration, "serialization"),
    (Event, "serialization"),
    (Session, "serialization"),
    (Document, "serialization"),
    (Venue, "validation"),
    (Question, "validation"),
    (PublicEventView, "serialization"),  # what the public sees of an event: an allow-list
)


def _model_schemas() -> dict[str, Any]:
    from eventreg.privacy.erasure import ErasureRequest
    from eventreg.web.manage_pages import ChangeRequest

    models: list[tuple[type[BaseModel], Mode]] = [*MODELS, (ChangeRequest, "validation"),
                                                  (ErasureRequest, "validation")]
    _, top = models_json_schema(models, ref_template="#/components/schemas/{model}")
    schemas: dict[str, Any] = top.get("$defs", {})
    return schemas


def _without(schema: dict[str, Any], names: frozenset[str] | set[str], *, required: bool = True) -> dict[str, Any]:
    """A copy of an object schema without some properties (and without `required` if asked)."""
    out = copy.deepcopy(schema)
    out["properties"] = {k: v for k, v in out["properties"].items() if k not in names}
    if required and "required" in out:
        out["required"] = [k for k in out["required"] if k not in names]
        if not out["required"]:
            del out["required"]
    if not required:
        out.pop("required", None)
    return out


TEXT = {
    "anyOf": [
        {"type": "string", "maxLength": 200, "description": "Text in the event's default language."},
        {"type": "object", "propertyNames": {"enum": list(LANGUAGES)}, "additionalProperties": {"type": "string"},
         "description": "Text per language (en, nl, fr, de)."},
    ]
}


def _texts_as_input(schema: dict[str, Any], names: tuple[str, ...] = ("title", "description")) -> dict[str, Any]:
    for name in names:
        if name in schema["properties"]:
            schema["properties"][name] = {**TEXT, "title": schema["properties"][name].get("title", name.title())}
    return schema


def _object(properties: dict[str, Any], required: list[str] | None = None, description: str = "",
            extra: bool | dict[str, Any] = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": extra}
    if required:
        schema["required"] = required
    if description:
        schema["description"] = description
    return schema


def _schemas() -> dict[str, Any]:
    schemas = _model_schemas()
    event, session = schemas["Event"], schemas["Session"]

    schemas["Error"] = _object(
        {"error": _object(
            {"code": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$", "description": "Machine-readable."},
             "message": {"type": "string", "description": "For people."},
             "fields": {"type": "object", "additionalProperties": {"type": "string"},
                        "description": "A message per field (dotted names for nested fields, e.g. `answers.topic`)."}},
            ["code", "message"],
            extra=True,  # some errors add details, e.g. registration_closed's closes_at or event_full's alternatives
        )},
        ["error"], "The JSON error contract of every route.",
    )

    # Organisers' input: every event field but the ids and counters kept by the system.
    schemas["EventInput"] = _texts_as_input(_without(event, FIXED - {"event_id"}))
    schemas["EventInput"]["description"] = "A new event (`event_id` is chosen by its organiser)."
    schemas["EventPatch"] = _texts_as_input(_without(event, FIXED, required=False))
    schemas["EventPatch"]["description"] = "The fields to change; the status moves along draft → open → closed → " \
        "finished (or cancelled)."
    schemas["SessionInput"] = _texts_as_input(_without(session, COUNTERS | {"session_id"}))
    schemas["SessionInput"]["description"] = "A session, created or replaced (the id is in the path)."
    schemas["DocumentInput"] = _object(
        {"document_id": {"type": "string", "pattern": SLUG}, "title": TEXT,
         "content_type": {"enum": sorted(ALLOWED_DOCUMENT_TYPES), "default": "application/pdf"}},
        ["document_id", "title"], "A document to publish with the event; the answer carries where to upload it.",
    )


    registration = copy.deepcopy(schemas["Registration"])
    registration["properties"]["manage_url"] = {
        "type": "string", "format": "uri", "description": "The signed link to view, change or cancel it."}
    registration["title"] = "RegistrationView"
    registration["description"] = "A registration; an anonymised one keeps only what statistics need."
    registration.pop("required", None)  # anonymised registrations keep a few fields only
    schemas["RegistrationView"] = registration
    schemas["RegistrationAnswer"] = _object({"registration": _ref("RegistrationView")}, ["registration"])
    schemas["DelegationAnswer"] = _object(
        {"delegation_id": {"type": "string"},
         "registrations": {"type": "array", "items": _ref("RegistrationView")}},
        ["delegation_id", "registrations"], "The lead first, then the members, each with their own manage link.")

    schemas["RegistrationForm"] = _object(
        {
            "name": {"type": "string"}, "email": {"type": "string"}, "organisation": {"type": "string"},
            "organisation_type": {"enum": [o.value for o in OrganisationType]},
            "country": {"type": "string", "description": "ISO 3166 two-letter code."},
            "job_title": {"type": "string"},
            "attendance_mode": {"enum": [m.value for m in AttendanceMode]},
            "sessions": {"type": "array", "items": {"type": "string", "pattern": SLUG}, "maxItems": MAX_SESSIONS},
            "preferred_language": {"enum": list(LANGUAGES)},
            "accessibility_needs": {"type": "string"}, "dietary_needs": {"type": "string"},
            "privacy_consent": {"enum": ["on"]}, "list_consent": {"enum": ["on"]},
            "when_full": {"enum": [w.value for w in WhenFull]},
            "form_token": {"type": "string",
                           "description": "One-time token of the form: a double post registers once."},
            "lang": {"enum": list(LANGUAGES)},
        },
        ["name", "email", "organisation", "organisation_type", "country", "privacy_consent"],
        "The HTML form; answers to the organiser's questions come as `answers.<question_id>` fields.",
        extra={"type": "string"},
    )
    schemas["ManageForm"] = _object(
        {"action": {"enum": ["change", "cancel"]}, "confirm": {"enum": ["on"]},
         "attendance_mode": {"enum": [m.value for m in AttendanceMode]},
         "sessions": {"type": "array", "items": {"type": "string", "pattern": SLUG}, "maxItems": MAX_SESSIONS}},
        description="The manage page's form: change mode or sessions, or cancel (with `confirm`).",
    )

    schemas["OrganiserEventView"] = _object(
        {"event": _ref("Event"), "sessions": {"type": "array", "items": _ref("Session")},
         "access": {"enum": ["organiser", "partner"]},
         "promoted": {"type": "integer", "description": "After a change: people moved up from the waiting list."}},
        ["event", "sessions", "access"], "An event as its organisers see it (a partner: only its own sessions).")
    schemas["OrganiserEventList"] = _object({"events": {"type": "array", "items": _object(
        {"event_id": {"type": "string"}, "title": {"type": "object", "additionalProperties": {"type": "string"}},
         "status": {"type": "string"}, "starts_at": {"type": "string", "format": "date-time"}},
        ["event_id", "title", "status", "starts_at"])}}, ["events"])
    schemas["SessionAnswer"] = _object({"session": _ref("Session"), "promoted": {"type": "integer"}},
                                       ["session", "promoted"])
    schemas["DocumentAnswer"] = _object(
        {"document": _ref("Document"), "upload_url": {"type": "string", "format": "uri"},
         "upload_method": {"const": "PUT"},
         "upload_headers": {"type": "object", "additionalProperties": {"type": "string"}}},
        ["document", "upload_url", "upload_method"], "PUT the file to upload_url within 15 minutes.")
    schemas["RegistrationPage"] = _object(
        {"registrations": {"type": "array", "items": _ref("RegistrationView")},
         "next_cursor": {"type": ["string", "null"], "description": "Pass as `cursor` for the next page."}},
        ["registrations", "next_cursor"])

    # The reports service.
    filters = {
        "preset": {"type": "string", "description": "full (default), badges, security, catering or online."},
        "session": {"type": "string"},
        "status": _list_of([s.value for s in RegistrationStatus]),
        "mode": _list_of([m.value for m in AttendanceMode]),
        "organisation_type": _list_of([o.value for o in OrganisationType]),
        "country": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                    "description": "ISO 3166 two-letter codes, comma-separated or a list."},
    }
    schemas["ExportRequest"] = _object({"format": {"enum": ["csv", "xlsx"], "default": "csv"}, **filters},
                                       description="An attendee list to write as a file, in the background.")
    schemas["Export"] = _object(
        {"export_id": {"type": "string"}, "event_id": {"type": "string"},
         "status": {"enum": ["queued", "running", "done", "failed"]}, "format": {"enum": ["csv", "xlsx"]},
         "rows_done": {"type": "integer"}, "items_read": {"type": "integer"}, "total_estimate": {"type": "integer"},
         "percent": {"type": "integer"}, "created_at": {"type": "string"}, "finished_at": {"type": ["string", "null"]},
         "filename": {"type": "string"}, "url": {"type": "string"},
         "download_url": {"type": "string", "format": "uri", "description": "When done: valid a few minutes."},
         "download_expires_in": {"type": "integer"}, "size": {"type": "integer"}, "error": {"type": "object"}},
        ["export_id", "event_id", "status", "format", "url"], extra=True)
    schemas["ExportAnswer"] = _object({"export": _ref("Export")}, ["export"])
    schemas["FinalListAnswer"] = _object({"final_list": _object(
        {"status": {"enum": ["queued", "running", "done"]}, "rows": {"type": ["integer", "null"]},
         "rows_done": {"type": "integer"}, "total_estimate": {"type": "integer"},
         "written_at": {"type": ["string", "null"]}, "download_url": {"type": "string", "format": "uri"}},
        ["status"])}, ["final_list"])
    schemas["Presets"] = _object(
        {"presets": {"type": "array", "items": _object(
            {"preset": {"type": "string"}, "title": {"type": "string"}, "purpose": {"type": "string"},
             "columns": {"type": "array", "items": {"type": "string"}},
             "default_filters": {"type": "object",
                                 "additionalProperties": {"type": "array", "items": {"type": "string"}}}},
            ["preset", "title", "columns"])},
         "filters": {"type": "object"}}, ["presets", "filters"])
    schemas["Statistics"] = {"type": "object", "description": "An event's figures (a partner: its sessions').",
                             "required": ["by_status", "by_attendance_mode", "by_country", "by_organisation_type",
                                          "sessions", "over_time", "generated_at"]}
    schemas["Erasure"] = _object(
        {"id": {"type": "string", "pattern": ULID}, "status": {"enum": ["pending", "done"]},
         "requested_at": {"type": "string"}, "url": {"type": "string", "format": "uri"},
         "done_at": {"type": ["string", "null"]}, "found": {"type": "boolean"}, "message": {"type": "string"}},
        ["id", "status", "requested_at", "url"], "Counts only: the address is never shown.", extra={"type": "integer"})
    schemas["ErasureAnswer"] = _object({"erasure": _ref("Erasure")}, ["erasure"])
    return schemas


def _list_of(values: list[str]) -> dict[str, Any]:
    return {"anyOf": [{"type": "string"}, {"type": "array", "items": {"enum": values}}],
            "description": f"Comma-separated, or a list, of: {', '.join(values)}."}


# -- parameters and responses ---------------------------------------------------------------------------
def _path(name: str, pattern: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string", "pattern": pattern}}


PATH = {
    "event_id": _path("event_id", SLUG, "The event."),
    "session_id": _path("session_id", SLUG, "A session of the event."),
    "document_id": _path("document_id", SLUG, "A document of the event."),
    "registration_id": _path("registration_id", ULID, "A registration."),
    "delegation_id": _path("delegation_id", ULID, "A delegation (its id from the delegation's registration)."),
    "export_id": _path("export_id", ULID, "An export job."),
    "request_id": _path("request_id", ULID, "An erasure request."),
    "decision": {"name": "decision", "in": "path", "required": True, "schema": {"enum": ["approve", "reject"]},
                 "description": "Approve or reject a pending registration (moderated events)."},
}


def _query(name: str, schema: dict[str, Any], description: str = "", explode: bool = False) -> dict[str, Any]:
    param: dict[str, Any] = {"name": name, "in": "query", "required": False, "schema": schema}
    if description:
        param["description"] = description
    if schema.get("type") == "array":
        param.update({"style": "form", "explode": explode})
    return param


LANG = _query("lang", {"enum": list(LANGUAGES)}, "The page's language (else Accept-Language, else the event's).")
LIST_QUERY = [
    _query("preset", {"enum": ["full", "badges", "security", "catering", "online"]}, "Columns and default filters."),
    _query("session", {"type": "string", "pattern": SLUG}, "Only the registrations for this session."),
    _query("status", {"type": "array", "items": {"enum": [s.value for s in RegistrationStatus]}}),
    _query("mode", {"type": "array", "items": {"enum": [m.value for m in AttendanceMode]}}),
    _query("organisation_type", {"type": "array", "items": {"enum": [o.value for o in OrganisationType]}}),
    _query("country", {"type": "array", "items": {"type": "string", "pattern": "^[A-Za-z]{2}$"}},
           "ISO 3166 two-letter codes."),
]
IDEMPOTENCY = {"name": "Idempotency-Key", "in": "header", "required": False,
               "schema": {"type": "string", "maxLength": 200},
               "description": "A retried post with the same key gets the same answer (another body: 422)."}

ERRORS = {
    400: "validation_error: the fields are named in `fields`.",
    401: "unauthorized: no or a bad bearer token.",
    403: "forbidden: not an organiser of this event (or a link that is not valid: invalid_link).",
    404: "Not found (event_not_found, registration_not_found, ...).",
    409: "A rule refused it (registration_closed, event_full, already_registered, status_change_refused, ...).",
    413: "payload_too_large: the body is larger than 64 KiB.",
    415: "unsupported_media_type.",
    422: "idempotency_key_reused: the key was used with another body.",
    503: "temporarily_unavailable: try again.",
}


def _error(status: int, *, html: bool = False) -> dict[str, Any]:
    content: dict[str, Any] = {JSON: {"schema": _ref("Error")}}
    if html:
        content[HTML] = {"schema": {"type": "string"}}
    return {"description": ERRORS[status], "content": content}


def _json(schema: dict[str, Any] | str, description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": description,
                              "content": {JSON: {"schema": _ref(schema) if isinstance(schema, str) else schema}}}
    if headers:
        answer["headers"] = headers
    return answer


def _file(media_type: str, description: str, binary: bool = True) -> dict[str, Any]:
    schema = {"type": "string", "contentMediaType": media_type} if binary else {"type": "string"}
    return {"description": description, "content": {media_type: {"schema": schema}}}


def _header(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"description": description, "schema": schema or {"type": "string"}}


LOCATION = _header("Where to follow the job or request.")
RETRY_AFTER = _header("Seconds to wait before asking again.", {"type": "string", "pattern": "^[0-9]+$"})


def _op(summary: str, tag: str, security: Security, responses: dict[int, dict[str, Any]],
        *, params: list[dict[str, Any]] | None = None, body: dict[str, Any] | None = None,
        errors: tuple[int, ...] = (), html_errors: tuple[int, ...] = (), description: str = "") -> dict[str, Any]:
    operation: dict[str, Any] = {"summary": summary, "tags": [tag], "security": security}
    if description:
        operation["description"] = description
    if params:
        operation["parameters"] = params
    if body:
        operation["requestBody"] = body
    answers = {str(status): answer for status, answer in responses.items()}
    needed = set(errors) | set(html_errors)
    if security in (ORGANISER, PRIVACY_OFFICER):
        needed |= {401, 403}
    for status in sorted(needed):
        answers.setdefault(str(status), _error(status, html=status in html_errors))
    operation["responses"] = answers
    return operation


def _body(schema: str, *, form: str | None = None, required: bool = True) -> dict[str, Any]:
    content: dict[str, Any] = {JSON: {"schema": _ref(schema)}}
    if form:
        content[FORM] = {"schema": _ref(form), "encoding": {"sessions": {"style": "form", "explode": True}}}
    return {"required": required, "content": content}


def _page(description: str) -> dict[str, Any]:
    return {"description": description, "content": {HTML: {"schema": {"type": "string"}}}}


# -- the routes -----------------------------------------------------------------------------------------
def _registration_paths() -> dict[str, dict[str, Any]]:
    event = [PATH["event_id"]]
    registration = [PATH["event_id"], PATH["registration_id"]]
    manage_errors = (400, 403, 404, 409, 413, 415)
    return {
        "/events/{event_id}": {"get": _op(
            "A published event and its programme", "public", PUBLIC,
            {200: _json("PublicEventView", "The event, with free places per mode and session.")},
            params=event, errors=(404,))},
        "/events/{event_id}/register": {"get": _op(
            "The registration form", "public", PUBLIC, {200: _page("The form, in the visitor's language.")},
            params=[*event, LANG], errors=(404,))},
        "/events/{event_id}/registrations": {"post": _op(
            "Register", "public", PUBLIC,
            {201: {"description": "Registered (confirmed, pending or waitlisted): JSON, or the confirmation page "
                                  "for a form post.",
                   "content": {JSON: {"schema": _ref("RegistrationAnswer")}, HTML: {"schema": {"type": "string"}}}}},
            params=[*event, IDEMPOTENCY, LANG], body=_body("RegistrationRequest", form="RegistrationForm"),
            html_errors=(400, 404, 409, 413, 415, 422, 503),
            description="A form post answers HTML (the form again, with the messages next to the fields); JSON "
                        "answers JSON.")},
        "/events/{event_id}/privacy": {"get": _op(
            "The event's privacy statement", "public", PUBLIC, {200: _page("The privacy statement.")},
            params=[*event, LANG], errors=(404,))},
        "/events/{event_id}/documents/{document_id}": {"get": _op(
            "Download a published document", "public", PUBLIC,
            {302: {"description": "To a short-lived download URL.", "headers": {"Location": LOCATION}}},
            params=[*event, PATH["document_id"]], errors=(404,))},
        "/events/{event_id}/delegations": {"post": _op(
            "Register a delegation (all or none)", "public", PUBLIC,
            {201: _json("DelegationAnswer", "Registered: the lead and every member.")},
            params=[*event, IDEMPOTENCY], body=_body("DelegationRequest"),
            errors=(400, 404, 409, 413, 415, 422, 503))},
        "/events/{event_id}/registrations/{registration_id}": {
            "get": _op("A registration, through its manage link", "manage link", MANAGE_LINK,
                       {200: _json("RegistrationAnswer", "The registration.")}, params=registration,
                       errors=(403, 404)),
            "patch": _op("Change mode or sessions (until the modification deadline)", "manage link", MANAGE_LINK,
                         {200: _json("RegistrationAnswer", "Changed; freed places went to the first in line.")},
                         params=registration, body=_body("ChangeRequest"), errors=manage_errors),
            "delete": _op("Cancel", "manage link", MANAGE_LINK,
                          {200: _json("RegistrationAnswer", "Cancelled; the place went to the first in line.")},
                          params=registration, errors=(403, 404, 409)),
        },
        "/events/{event_id}/registrations/{registration_id}/manage": {
            "get": _op("The manage page", "manage link", MANAGE_LINK, {200: _page("View, change or cancel.")},
                       params=[*registration, LANG], html_errors=(403, 404)),
            "post": _op("Change or cancel from the manage page", "manage link", MANAGE_LINK,
                        {200: _page("The page again, saying what changed.")},
                        params=[*registration, LANG], body=_body("ChangeRequest", form="ManageForm", required=False),
                        html_errors=manage_errors),
        },
        "/organiser/events": {
            "get": _op("The events I organise", "organiser", ORGANISER,
                       {200: _json("OrganiserEventList", "Id, title, status and start of each.")}),
            "post": _op("Create an event", "organiser", ORGANISER,
                        {201: _json({"type": "object", "properties": {"event": _ref("Event")}, "required": ["event"]},
                                    "Created (a draft unless a status is given).")},
                        body=_body("EventInput"), errors=(400, 409, 413, 415)),
        },
        "/organiser/events/{event_id}": {
            "get": _op("An event I organise", "organiser", ORGANISER,
                       {200: _json("OrganiserEventView", "The event and its sessions.")}, params=event,
                       errors=(404,)),
            "patch": _op("Change an event", "organiser", ORGANISER,
                         {200: _json("OrganiserEventView", "Changed; freed places went to the first in line.")},
                         params=event, body=_body("EventPatch"), errors=(400, 404, 409, 413, 415)),
        },
        "/organiser/events/{event_id}/sessions/{session_id}": {"put": _op(
            "Create or replace a session", "organiser", ORGANISER,
            {200: _json("SessionAnswer", "The session as saved.")},
            params=[*event, PATH["session_id"]], body=_body("SessionInput"), errors=(400, 404, 409, 413, 415))},
        "/organiser/events/{event_id}/documents": {"post": _op(
            "Publish a document", "organiser", ORGANISER,
            {201: _json("DocumentAnswer", "Listed on the event; upload the file to upload_url.")},
            params=event, body=_body("DocumentInput"), errors=(400, 404, 409, 413, 415))},
        "/organiser/events/{event_id}/registrations": {"get": _op(
            "Registrations, oldest first", "organiser", ORGANISER,
            {200: _json("RegistrationPage", "A page of registrations.")},
            params=[*event, _query("status", {"enum": [s.value for s in RegistrationStatus]}),
                    _query("mode", {"enum": [m.value for m in AttendanceMode]}),
                    _query("session", {"type": "string", "pattern": SLUG}),
                    _query("limit", {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}),
                    _query("cursor", {"type": "string"}, "The next_cursor of the previous page.")],
            errors=(400, 404))},
        "/organiser/events/{event_id}/registrations/{registration_id}/{decision}": {"post": _op(
            "Approve or reject a pending registration", "organiser", ORGANISER,
            {200: _json("RegistrationAnswer", "Decided.")},
            params=[*registration, PATH["decision"]], errors=(404, 409))},
        "/openapi.json": {"get": _op("This description", "contract", PUBLIC,
                                     {200: _json({"type": "object"}, "OpenAPI 3.1.")})},
    }


def _reports_paths() -> dict[str, dict[str, Any]]:
    event = [PATH["event_id"]]
    queued = {202: _json("ExportAnswer", "Too long to answer directly: an export job was queued.",
                         {"Location": LOCATION, "Retry-After": RETRY_AFTER})}

    def attendees(fmt: str, session: bool) -> dict[str, Any]:
        media = CSV if fmt == "csv" else XLSX
        params = [*event, PATH["session_id"]] if session else event
        what = "a session's" if session else "the event's"
        return {"get": _op(
            f"Attendee list of {what} registrations ({fmt.upper()})", "reports", ORGANISER,
            {200: {**_file(media, "The list (a partner: its own sessions only)."),
                   "headers": {"X-Rows": _header("Rows written."), "X-Items-Read": _header("Items read.")}},
             **queued},
            params=[*params, *LIST_QUERY], errors=(400, 404))}

    def agenda(fmt: str, media: str, what: str) -> dict[str, Any]:
        return {"get": _op(
            f"The programme ({what})", "agenda", PUBLISHED_OR_ORGANISER,
            {200: _file(media, f"The agenda as {what}.", binary=fmt == "pdf") if fmt != "html"
             else _page("The printable agenda."),
             304: {"description": "Not modified (If-None-Match)."}},
            params=[*event, LANG,
                    {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"}}],
            errors=(400, 401, 403, 404))}

    def final(fmt: str) -> dict[str, Any]:
        return {"get": _op(
            f"The final attendee list ({fmt.upper()}), frozen when registration closed", "reports", ORGANISER,
            {302: {**_json("FinalListAnswer", "To a presigned download URL."), "headers": {"Location": LOCATION}},
             202: _json("FinalListAnswer", "Being written.", {"Retry-After": RETRY_AFTER})},
            params=event, errors=(404, 503))}

    def trip(docx: bool, lead: bool) -> dict[str, Any]:
        answer = _file(DOCX, "An editable Word document.") if docx else _page("The printable report.")
        if lead:
            return {"get": _op(
                "A delegation's trip report, through the lead's signed link", "trip reports", REPORT_LINK,
                {200: answer}, params=[*event, PATH["registration_id"], LANG], errors=(403, 404))}
        return {"get": _op(
            "A delegation's trip report", "trip reports", ORGANISER, {200: answer},
            params=[*event, PATH["delegation_id"], LANG], errors=(404,))}

    return {
        "/events/{event_id}/attendees.csv": attendees("csv", False),
        "/events/{event_id}/attendees.xlsx": attendees("xlsx", False),
        "/events/{event_id}/sessions/{session_id}/attendees.csv": attendees("csv", True),
        "/events/{event_id}/sessions/{session_id}/attendees.xlsx": attendees("xlsx", True),
        "/attendee-presets": {"get": _op("The attendee-list presets and filters", "reports", ORGANISER,
                                         {200: _json("Presets", "Each preset's columns and default filters.")})},
        "/events/{event_id}/exports": {"post": _op(
            "Queue an export job", "reports", ORGANISER, dict(queued), params=event, body=_body("ExportRequest"),
            errors=(400, 404, 413, 415))},
        "/events/{event_id}/exports/{export_id}": {"get": _op(
            "An export job's progress, and its download link when done", "reports", ORGANISER,
            {200: {"description": "JSON, or a page that refreshes itself for a browser (Accept: text/html).",
                   "headers": {"Retry-After": RETRY_AFTER},
                   "content": {JSON: {"schema": _ref("ExportAnswer")}, HTML: {"schema": {"type": "string"}}}}},
            params=[*event, PATH["export_id"]], errors=(404,))},
        "/events/{event_id}/final-list.csv": final("csv"),
        "/events/{event_id}/final-list.xlsx": final("xlsx"),
        "/events/{event_id}/agenda.html": agenda("html", HTML, "HTML"),
        "/events/{event_id}/agenda.pdf": agenda("pdf", PDF, "PDF"),
        "/events/{event_id}/agenda.ics": agenda("ics", ICS, "iCalendar feed"),
        "/events/{event_id}/statistics.json": {"get": _op(
            "An event's statistics", "reports", ORGANISER, {200: _json("Statistics", "The figures.")},
            params=[*event, LANG], errors=(400, 404))},
        "/events/{event_id}/statistics.html": {"get": _op(
            "An event's statistics, with charts", "reports", ORGANISER, {200: _page("The report.")},
            params=[*event, LANG], errors=(400, 404))},
        "/privacy/erasures": {"post": _op(
            "Ask to erase a person from every event", "privacy", PRIVACY_OFFICER,
            {202: _json("ErasureAnswer", "Recorded; carried out within seconds.",
                        {"Location": LOCATION, "Retry-After": RETRY_AFTER})},
            body=_body("ErasureRequest"), errors=(400, 413, 415))},
        "/privacy/erasures/{request_id}": {"get": _op(
            "An erasure request: pending, or done with counts", "privacy", PRIVACY_OFFICER,
            {200: _json("ErasureAnswer", "The request.", {"Retry-After": RETRY_AFTER})},
            params=[PATH["request_id"]], errors=(404,))},
        "/events/{event_id}/delegations/{delegation_id}/trip-report": trip(docx=False, lead=False),
        "/events/{event_id}/delegations/{delegation_id}/trip-report.docx": trip(docx=True, lead=False),
        "/events/{event_id}/registrations/{registration_id}/trip-report": trip(docx=False, lead=True),
        "/events/{event_id}/registrations/{registration_id}/trip-report.docx": trip(docx=True, lead=True),
        "/openapi.json": {"get": _op("This description", "contract", PUBLIC,
                                     {200: _json({"type": "object"}, "OpenAPI 3.1.")})},
    }


SECURITY_SCHEMES = {
    "organiserBearer": {
        "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
        "description": "An organiser's token (on AWS the Cognito user pool's ID token; locally `organiser_token` "
                       "in .local/stack.json). Privacy officers' tokens carry `privacy-officers` in "
                       "`cognito:groups` (locally `privacy_officer_token`).",
    },
    "manageToken": {"type": "apiKey", "in": "query", "name": "token",
                    "description": "The signed token of a registration's manage link (from its confirmation mail)."},
    "manageTokenHeader": {"type": "apiKey", "in": "header", "name": "X-Manage-Token",
                          "description": "The same token, as a header."},
    "reportToken": {"type": "apiKey", "in": "query", "name": "token",
                    "description": "The signed token of a delegation lead's trip-report link (on their manage page)."},
}


@lru_cache(maxsize=1)
def _document() -> dict[str, Any]:
    paths = dict(_registration_paths())
    for path, item in _reports_paths().items():
        paths[REPORTS + path] = {method: {**operation, "tags": [*operation["tags"], "reports service"]}
                                 for method, operation in item.items()}
    for path, item in paths.items():
        for method, operation in item.items():
            operation.setdefault("operationId", _operation_id(method, path))
    return {
        "openapi": OPENAPI,
        "info": {
            "title": "eventreg",
            "version": VERSION,
            "description": "Event registration for public-sector events: the registration service at `/`, the "
                           "reports service under `/reports`. Errors are JSON: "
                           '`{"error": {"code": ..., "message": ..., "fields": {...}}}` (HTML clients of the '
                           "pages get the page again, with the messages next to the fields).",
        },
        "servers": [{"url": "/", "description": "The origin that serves this description."}],
        "paths": paths,
        "components": {"schemas": _schemas(), "securitySchemes": SECURITY_SCHEMES},
    }


def _operation_id(method: str, path: str) -> str:
    words = [part.strip("{}").replace(".", "_").replace("-", "_") for part in path.split("/") if part]
    return "_".join([method, *words])


def document() -> dict[str, Any]:
    """The whole origin's description (a fresh copy: callers may change it)."""
    return copy.deepcopy(_document())


def operations() -> set[tuple[str, str]]:
    """(METHOD, path) of every described operation, e.g. ("GET", "/reports/events/{event_id}/agenda.pdf")."""
    return {(method.upper(), path) for path, item in _document()["paths"].items() for method in item}
