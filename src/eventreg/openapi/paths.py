"""Every route of the registration and reports services, as OpenAPI path items."""

from __future__ import annotations

from typing import Any

from eventreg.domain.types import AttendanceMode, OrganisationType, RegistrationStatus
from eventreg.openapi.office_paths import (
    message_paths,
    office_document_paths,
    office_documents_list,
    office_event_paths,
)
from eventreg.openapi.parts import (
    BADGE_QUERY,
    IDEMPOTENCY,
    LANG,
    LIST_QUERY,
    LOCATION,
    PATH,
    RETRY_AFTER,
    _body,
    _file,
    _header,
    _json,
    _op,
    _page,
    _query,
    _see_other,
)
from eventreg.openapi.schemas import (
    CERTIFICATE_LINK,
    CSV,
    DOCX,
    FORM,
    HTML,
    ICS,
    JSON,
    MANAGE_LINK,
    ORGANISER,
    PDF,
    PRIVACY_OFFICER,
    PUBLIC,
    PUBLISHED_OR_ORGANISER,
    REPORT_LINK,
    SLUG,
    XLSX,
    _ref,
)


# -- the routes -----------------------------------------------------------------------------------------
def _registration_paths() -> dict[str, dict[str, Any]]:
    event = [PATH["event_id"]]
    registration = [PATH["event_id"], PATH["registration_id"]]
    manage_errors = (400, 403, 404, 409, 413, 415)
    return {
        "/": {"get": _op(
            "The events open for registration", "public", PUBLIC,
            {200: {"description": "Open events, the soonest registration deadline first (at most 100): a page for a "
                                  "browser (Accept: text/html), else JSON.",
                   "content": {JSON: {"schema": {"type": "object", "required": ["events"], "properties": {
                       "events": {"type": "array", "items": _ref("PublicEvent")}}}},
                               HTML: {"schema": {"type": "string"}}}}},
            params=[LANG])},
        "/events/{event_id}": {"get": _op(
            "A published event and its programme", "public", PUBLIC,
            {200: _json("PublicEventView", "The event, with free places per mode and session."),
             303: _see_other("A browser (Accept: text/html) is sent to the event's registration page.")},
            params=event, html_errors=(404,))},
        "/events/{event_id}/register": {"get": _op(
            "The registration form", "public", PUBLIC, {200: _page("The form, in the visitor's language.")},
            params=[*event, LANG], html_errors=(404,))},
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
            params=[*event, LANG], html_errors=(404,))},
        "/events/{event_id}/documents/{document_id}": {"get": _op(
            "Download a published document", "public", PUBLIC,
            {302: {"description": "To a short-lived download URL.", "headers": {"Location": LOCATION}}},
            params=[*event, PATH["document_id"]], errors=(404,))},
        "/events/{event_id}/delegation": {"get": _op(
            "The delegation form", "public", PUBLIC,
            {200: _page("The form for a lead and the members of their delegation, in the visitor's language.")},
            params=[*event, LANG], html_errors=(404,))},
        "/events/{event_id}/delegations": {"post": _op(
            "Register a delegation (all or none)", "public", PUBLIC,
            {200: _page("A form post with add_member: the form again, one member row longer, values kept."),
             201: {"description": "Registered: the lead and every member (JSON), or for a form post the page "
                                  "listing each person with their own manage link.",
                   "content": {JSON: {"schema": _ref("DelegationAnswer")}, HTML: {"schema": {"type": "string"}}}}},
            params=[*event, IDEMPOTENCY, LANG], body=_body("DelegationRequest", form="DelegationForm"),
            html_errors=(400, 404, 409, 413, 415, 422, 503),
            description="A form post answers HTML (the form again, with each message next to its field: "
                        "member-N-email etc.); JSON answers JSON.")},
        "/events/{event_id}/registrations/{registration_id}": {
            "get": _op("A registration, through its manage link", "manage link", MANAGE_LINK,
                       {200: _json("RegistrationWithMails", "The registration and the mails it was sent.")},
                       params=registration,
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
        "/events/{event_id}/registrations/{registration_id}/directory": {"get": _op(
            "The participant directory, through a confirmed attendee's manage link", "manage link", MANAGE_LINK,
            {200: {"description": "A page of the confirmed attendees who agreed to be listed (at most 50, oldest "
                                  "registration first): a page for a browser (Accept: text/html), else JSON.",
                   "content": {JSON: {"schema": _ref("Directory")}, HTML: {"schema": {"type": "string"}}}}},
            params=[*registration, LANG,
                    _query("country", {"type": "string", "pattern": "^[A-Za-z]{2}$"}, "Only this country."),
                    _query("organisation_type", {"enum": [o.value for o in OrganisationType]},
                           "Only this type of organisation."),
                    _query("after", {"type": "string"}, "The page after this one: the `next` link's value.")],
            errors=(400, 403, 404), html_errors=(400, 403, 404),
            description="403 `directory_for_confirmed` (a page with a notice, for a browser) when the link's "
                        "registration is not confirmed (pending, waitlisted, cancelled or erased).")},
        "/organiser": {"get": _op(
            "The back-office: my events", "back-office", ORGANISER,
            {200: _page("Every event I organise or run sessions of, with counts and links to its reports."),
             303: _see_other("Without a session: to /organiser/sign-in, and back here afterwards.")})},
        "/organiser/sign-in": {"get": _op(
            "Sign in to the back-office", "back-office", PUBLIC,
            {303: _see_other("To the identity provider's sign-in (on AWS, Cognito's managed login with PKCE), "
                             "or locally to /_local/sign-in.")},
            params=[_query("next", {"type": "string", "maxLength": 2000}, "A back-office path to return to.")])},
        "/organiser/sign-in/callback": {"get": _op(
            "Back from the identity provider", "back-office", PUBLIC,
            {303: _see_other("Signed in: to the page asked for, with the session cookie set.")},
            html_errors=(400,), description="400: sign-in did not work (an unknown state, an expired or refused "
                                            "code); a page says so and offers to sign in again.",
            params=[_query("code", {"type": "string", "maxLength": 2000}, "The authorization code."),
                    _query("state", {"type": "string", "maxLength": 200}, "The state the sign-in started with.")])},
        "/organiser/sign-out": {"post": _op(
            "Sign out", "back-office", [{"organiserSession": []}],
            {303: _see_other("The session cookie cleared; to the provider's sign-out, then /organiser/signed-out.")},
            body={"required": True, "content": {FORM: {"schema": {
                "type": "object", "required": ["csrf_token"],
                "properties": {"csrf_token": {"type": "string", "maxLength": 100}}}}}},
            errors=(401, 403, 413, 415))},
        "/organiser/signed-out": {"get": _op(
            "Signed out", "back-office", PUBLIC, {200: _page("You are signed out.")})},
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
                       {200: {"description": "The event and its sessions: JSON, or the back-office's overview "
                                             "for a browser (Accept: text/html).",
                              "content": {JSON: {"schema": _ref("OrganiserEventView")},
                                          HTML: {"schema": {"type": "string"}}}}},
                       params=event, errors=(404,)),
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
            params=event, body=_body("DocumentInput"), errors=(400, 404, 409, 413, 415)),
            **office_documents_list(event)},
        "/organiser/events/{event_id}/registrations": {"get": _op(
            "Registrations, oldest first", "organiser", ORGANISER,
            {200: {"description": "A page of registrations: JSON, or the back-office's page for a browser "
                                  "(Accept: text/html).",
                   "content": {JSON: {"schema": _ref("RegistrationPage")}, HTML: {"schema": {"type": "string"}}}}},
            params=[*event, _query("q", {"type": "string", "maxLength": 200},
                                   "Part of the name, email or organisation (any case)."),
                    _query("status", {"enum": [s.value for s in RegistrationStatus]}),
                    _query("mode", {"enum": [m.value for m in AttendanceMode]}),
                    _query("session", {"type": "string", "pattern": SLUG}),
                    _query("country", {"type": "string", "pattern": "^[A-Za-z]{2}$"}, "ISO 3166 code, e.g. BE."),
                    _query("organisation_type", {"enum": [o.value for o in OrganisationType]}),
                    _query("sort", {"enum": ["registered", "name", "organisation", "status"],
                                    "default": "registered"},
                           "Any other order than registered/asc reads the whole filtered result and pages by offset."),
                    _query("order", {"enum": ["asc", "desc"], "default": "asc"}),
                    _query("limit", {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}),
                    _query("cursor", {"type": "string"}, "The next_cursor of the previous page.")],
            errors=(400, 404))},
        "/organiser/events/{event_id}/activity": {"get": _op(
            "Who changed what, and when", "back-office", ORGANISER,
            {200: _page("The event's activity, newest first: every change an organiser route made (partners: "
                        "their own).")},
            params=[*event, _query("before", {"type": "string", "maxLength": 40}, "Where the previous page ended.")],
            errors=(403, 404))},
        "/organiser/events/{event_id}/registrations/{registration_id}/{decision}": {"post": _op(
            "Approve or reject a pending registration", "organiser", ORGANISER,
            {200: _json("RegistrationAnswer", "Decided."),
             303: _see_other("Decided, from the back-office's form: back to the list it was sent from.")},
            params=[*registration, PATH["decision"]],
            body={"required": False, "content": {FORM: {"schema": {
                "type": "object", "properties": {"csrf_token": {"type": "string", "maxLength": 100},
                                                 "next": {"type": "string", "maxLength": 2000}}}}}},
            errors=(404, 409, 413, 415))},
        "/organiser/events/{event_id}/downloads": {"get": _op(
            "The back-office's downloads page of an event", "back-office", ORGANISER,
            {200: _page("Attendee lists (with presets, per session), the final list, the agenda, the delegations' "
                        "trip reports and the statistics, each a link to the reports service; a partner is offered "
                        "its own sessions' lists only.")},
            params=[*event, LANG], errors=(403, 404))},
        **office_event_paths(event),
        **message_paths(event),
        **office_document_paths(event),
        "/openapi.json": {"get": _op("This description", "contract", PUBLIC,
                                     {200: _json({"type": "object"}, "OpenAPI 3.1.")})},
    }


def _reports_paths() -> dict[str, dict[str, Any]]:
    event = [PATH["event_id"]]
    queued = {202: _json("ExportAnswer", "Too long to answer directly: an export job was queued.",
                         {"Location": LOCATION, "Retry-After": RETRY_AFTER})}
    to_progress = {303: _see_other("Too long to answer directly, asked for by a browser (Accept: text/html): an "
                                   "export job was queued; to its page, which shows the progress and then the file.")}

    def attendees(fmt: str, session: bool) -> dict[str, Any]:
        media = CSV if fmt == "csv" else XLSX
        params = [*event, PATH["session_id"]] if session else event
        what = "a session's" if session else "the event's"
        return {"get": _op(
            f"Attendee list of {what} registrations ({fmt.upper()})", "reports", ORGANISER,
            {200: {**_file(media, "The list (a partner: its own sessions only)."),
                   "headers": {"X-Rows": _header("Rows written."), "X-Items-Read": _header("Items read.")}},
             **queued, **to_progress},
            params=[*params, *LIST_QUERY], errors=(400, 404))}

    def badges(session: bool) -> dict[str, Any]:
        params = [*event, PATH["session_id"]] if session else event
        what = "a session's" if session else "the event's"
        return {"get": _op(
            f"Badges of {what} registrations (PDF, with check-in QR codes), made by an export job", "reports",
            ORGANISER, {**queued, **to_progress}, params=[*params, *BADGE_QUERY], errors=(400, 404))}

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
        "/events/{event_id}/badges.pdf": badges(False),
        "/events/{event_id}/sessions/{session_id}/badges.pdf": badges(True),
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
        "/privacy/erasures": {
            "post": _op(
                "Ask to erase a person from every event", "privacy", PRIVACY_OFFICER,
                {202: _json("ErasureAnswer", "Recorded; carried out within seconds.",
                            {"Location": LOCATION, "Retry-After": RETRY_AFTER}),
                 200: _page("The privacy officers' form post without confirm=yes: the confirmation page."),
                 303: _see_other("The confirmed form post: recorded; to the request's page.")},
                body={"required": True, "content": {**_body("ErasureRequest")["content"], FORM: {"schema": {
                    "type": "object", "required": ["csrf_token", "email"],
                    "properties": {"csrf_token": {"type": "string", "maxLength": 100},
                                   "email": {"type": "string", "maxLength": 320},
                                   "confirm": {"enum": ["yes"]}}}}}},
                errors=(413, 415), html_errors=(400,),
                description="JSON answers 202. The back-office's form asks to confirm first (it cannot be undone); "
                            "an address that is not one gets the form again (400, HTML)."),
            "get": _op(
                "The latest erasure requests (the last 30 days'), newest first", "privacy", PRIVACY_OFFICER,
                {200: {"description": "JSON, or the privacy officers' page for a browser (Accept: text/html): the "
                                      "form to ask for an erasure and the latest requests.",
                       "content": {JSON: {"schema": {"type": "object", "required": ["erasures"], "properties": {
                           "erasures": {"type": "array", "items": _ref("Erasure")}}}},
                                   HTML: {"schema": {"type": "string"}}}}}),
        },
        "/privacy/erasures/{request_id}": {"get": _op(
            "An erasure request: pending, or done with counts", "privacy", PRIVACY_OFFICER,
            {200: {"description": "JSON, or a page for a browser (Accept: text/html) that refreshes itself while "
                                  "the request is pending.",
                   "headers": {"Retry-After": RETRY_AFTER},
                   "content": {JSON: {"schema": _ref("ErasureAnswer")}, HTML: {"schema": {"type": "string"}}}}},
            params=[PATH["request_id"]], errors=(404,))},
        "/events/{event_id}/delegations/{delegation_id}/trip-report": trip(docx=False, lead=False),
        "/events/{event_id}/delegations/{delegation_id}/trip-report.docx": trip(docx=True, lead=False),
        "/events/{event_id}/registrations/{registration_id}/trip-report": trip(docx=False, lead=True),
        "/events/{event_id}/registrations/{registration_id}/trip-report.docx": trip(docx=True, lead=True),
        "/events/{event_id}/registrations/{registration_id}/certificate.pdf": {"get": _op(
            "A certificate of attendance, through its signed link on the manage page", "certificates",
            CERTIFICATE_LINK, {200: _file(PDF, "The certificate, in the reader's language.")},
            params=[*event, PATH["registration_id"], LANG], errors=(403, 404, 409),
            description="For a registration checked in at the event, once the event is over.")},
        "/openapi.json": {"get": _op("This description", "contract", PUBLIC,
                                     {200: _json({"type": "object"}, "OpenAPI 3.1.")})},
    }
