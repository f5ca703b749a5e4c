"""Parameters, responses and operations of the OpenAPI description, each written once and used by the paths."""

from __future__ import annotations

from typing import Any

from eventreg.domain.types import LANGUAGES, AttendanceMode, OrganisationType, RegistrationStatus
from eventreg.openapi.schemas import FORM, HTML, JSON, ORGANISER, PRIVACY_OFFICER, SLUG, ULID, Security, _ref


# -- parameters and responses ---------------------------------------------------------------------------
def _path(name: str, pattern: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string", "pattern": pattern}}


PATH = {
    "event_id": _path("event_id", SLUG, "The event."),
    "session_id": _path("session_id", SLUG, "A session of the event."),
    "document_id": _path("document_id", SLUG, "A document of the event."),
    "registration_id": _path("registration_id", ULID, "A registration."),
    "message_id": _path("message_id", ULID, "A message to the event's registrants."),
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
# Badges read the "badges" list (confirmed, in person) with the same filters, on a label sheet (report/badges).
BADGE_QUERY = [
    _query("sheet", {"enum": ["a6", "a4-2"], "default": "a6"}, "A6, one badge a page, or two badges an A4 sheet."),
    _query("preset", {"enum": ["badges"]}, "Badges are made from the badges list."),
    *LIST_QUERY[1:],
]
IDEMPOTENCY = {"name": "Idempotency-Key", "in": "header", "required": False,
               "schema": {"type": "string", "maxLength": 200},
               "description": "A retried post with the same key gets the same answer (another body: 422)."}

ERRORS = {
    400: "validation_error: the fields are named in `fields`.",
    401: "unauthorized: no or a bad bearer token, and no back-office session (a browser asking for a page "
         "is sent to sign in instead: 303).",
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
    # A browser (a form post, or Accept: text/html) gets an organiser route's error as the back-office's page.
    as_page = security in (ORGANISER, PRIVACY_OFFICER)
    for status in sorted(needed):
        answers.setdefault(str(status), _error(status, html=as_page or status in html_errors))
    operation["responses"] = answers
    return operation


def _body(schema: str, *, form: str | None = None, required: bool = True) -> dict[str, Any]:
    content: dict[str, Any] = {JSON: {"schema": _ref(schema)}}
    if form:
        content[FORM] = {"schema": _ref(form), "encoding": {"sessions": {"style": "form", "explode": True}}}
    return {"required": required, "content": content}


def _see_other(description: str) -> dict[str, Any]:
    return {"description": description, "headers": {"Location": _header("Where the browser goes next.")}}


def _page(description: str) -> dict[str, Any]:
    return {"description": description, "content": {HTML: {"schema": {"type": "string"}}}}
