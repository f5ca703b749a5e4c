"""The OpenAPI description's building blocks: media types, id patterns, security requirements and the
component schemas (from the pydantic models where they exist)."""

from __future__ import annotations

import copy
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from eventreg.domain.events import Document, Event, Question, Session, Venue
from eventreg.domain.ids import GENERATED_PATTERN, SLUG_PATTERN
from eventreg.domain.organising import ALLOWED_DOCUMENT_TYPES, COUNTERS, FIXED
from eventreg.domain.registrations import MAX_SESSIONS, DelegationRequest, Registration, RegistrationRequest
from eventreg.domain.types import LANGUAGES, AttendanceMode, OrganisationType, RegistrationStatus, WhenFull
from eventreg.entrypoints.http.public import PublicEventView

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
# A JSON client's bearer token, or a browser's back-office session (with X-CSRF-Token on changes).
ORGANISER: Security = [{"organiserBearer": []}, {"organiserSession": []}]
PRIVACY_OFFICER: Security = [{"organiserBearer": ["privacy-officers"]}, {"organiserSession": ["privacy-officers"]}]
MANAGE_LINK: Security = [{"manageToken": []}, {"manageTokenHeader": []}]
REPORT_LINK: Security = [{"reportToken": []}]
CERTIFICATE_LINK: Security = [{"certificateToken": []}]
PUBLISHED_OR_ORGANISER: Security = [{}, *ORGANISER]  # a draft's agenda needs its organisers' token or session


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
    from eventreg.entrypoints.http.manage import ChangeRequest
    from eventreg.privacy.erasure import ErasureRequest

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
         "description": "Text per language (the EU's 24 official languages, ISO 639-1 codes)."},
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
    schemas["SentMail"] = _object(
        {"kind": {"type": "string", "description": "The mail, e.g. `confirmed`, `waitlisted`, `cancelled`."},
         "key": {"type": "string", "description": "Its send-log key: the kind and the registration's version."},
         "sent_at": {"type": "string", "format": "date-time"}},
        ["kind", "key", "sent_at"], "A mail accepted by the mailer for this registration (each goes once).")
    schemas["RegistrationWithMails"] = _object(
        {"registration": _ref("RegistrationView"), "mails": {"type": "array", "items": _ref("SentMail")}},
        ["registration", "mails"], "A registration and the mails it was sent, oldest first.")
    schemas["DelegationAnswer"] = _object(
        {"delegation_id": {"type": "string"},
         "registrations": {"type": "array", "items": _ref("RegistrationView")}},
        ["delegation_id", "registrations"], "The lead first, then the members, each with their own manage link.")

    schemas["Directory"] = _object(
        {"participants": {"type": "array", "items": _object(
            {"name": {"type": "string"}, "organisation": {"type": "string"},
             "organisation_type": {"enum": [o.value for o in OrganisationType]},
             "country": {"type": "string", "description": "ISO 3166 two-letter code."},
             "delegation": {"enum": ["lead", "member", None],
                            "description": "Their part in a delegation; null: registered on their own."}},
            ["name", "organisation", "organisation_type", "country", "delegation"])},
         "next": {"type": ["string", "null"], "description": "The next page's path (with the token), or null."}},
        ["participants", "next"], "Who else takes part: never an email address or a phone number.")

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
    member = {"type": "string", "description": "One per member row N (1, 2, ...): member-N-name, member-N-email, "
                                               "member-N-job_title, member-N-preferred_language, "
                                               "member-N-accessibility_needs, member-N-dietary_needs, "
                                               "member-N-list_consent (`on`: this member agreed to be listed)."}
    schemas["DelegationForm"] = _object(
        {**schemas["RegistrationForm"]["properties"],
         "members": {"type": "string", "pattern": "^[0-9]{1,2}$",
                     "description": "How many member rows the form shows."},
         "add_member": {"enum": ["1"], "description": "The form again with one more member row; nothing registered."},
         "member-1-name": member, "member-1-email": member},
        description="The delegation form: the lead's fields as in RegistrationForm, then a row of fields per member "
                    "(empty rows are left out). The lead's organisation, mode, sessions and answers apply to all; "
                    "list consent is each person's own.",
        extra={"type": "string"},
    )
    schemas["ManageForm"] = _object(
        {"action": {"enum": ["change", "cancel", "list_consent"]}, "confirm": {"enum": ["on"]},
         "attendance_mode": {"enum": [m.value for m in AttendanceMode]},
         "sessions": {"type": "array", "items": {"type": "string", "pattern": SLUG}, "maxItems": MAX_SESSIONS},
         "list_consent": {"enum": ["on"]}},
        description="The manage page's form: change mode or sessions, cancel (with `confirm`), or give or withdraw "
                    "one's consent to the list of participants (`list_consent` on or absent; any time).",
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
         "status": {"enum": ["queued", "running", "done", "failed"]}, "format": {"enum": ["csv", "xlsx", "pdf"]},
         "sheet": {"type": ["string", "null"], "description": "A badge export's label sheet."},
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
                                          "sessions", "attendance", "over_time", "generated_at"]}
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
