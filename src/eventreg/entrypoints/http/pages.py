"""The registration service's request handling: event JSON, the form page, registrations, delegations."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, Any

from chalice import Response

from eventreg.adapters.origin import public_url
from eventreg.domain.errors import DocumentNotFound, DomainError, EventNotFound
from eventreg.domain.idempotency import idempotency
from eventreg.domain.input_limits import max_lengths, required_fields
from eventreg.domain.models import (
    AttendanceMode,
    Event,
    OrganisationType,
    Registration,
    localize,
    new_id,
    utc_now,
)
from eventreg.domain.parsing import parse_delegation, parse_for, parse_request
from eventreg.domain.registration import rejection
from eventreg.domain.registrations import RegistrationRequest
from eventreg.entrypoints.http.forms import form_values, request_data
from eventreg.entrypoints.http.public import PublicEventView, public_view
from eventreg.http import FORM, JSON, Request, base_path, error_response, html, media_type, read_body, wants_html
from eventreg.links import manage_path, manage_url
from eventreg.locale.catalog import words
from eventreg.locale.countries import country_names
from eventreg.locale.dates import format_day
from eventreg.locale.errors import in_language, written_out
from eventreg.locale.languages import LANGUAGE_NAMES, pick_language
from eventreg.locale.names import FIELDS, ORGANISATION_TYPES
from eventreg.ports import FileStore
from eventreg.programme import Programme
from eventreg.templates import environment
from eventreg.urls import REPORTS_PREFIX, agenda_path, register_path

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Desk


def _language(request: Request | None, event: Event) -> str:
    if request is None:
        return event.language
    query = getattr(request, "query_params", None) or {}
    return pick_language(query.get("lang"), request.headers.get("accept-language"), event.language)


def registration_json(registration: Registration, manage_link: bool = True) -> dict[str, Any]:
    """A registration as JSON; with its manage link (which changes or cancels all of it) only for the
    registrant and the event's own organisers (`manage_link=False` for a partner organiser)."""
    if registration.anonymised:  # only what statistics keep, and no link to manage what is gone
        from eventreg.domain.retention import KEPT, MARKERS

        return registration.model_dump(mode="json", include=set(KEPT | MARKERS))
    body = registration.model_dump(mode="json")
    if manage_link:
        body["manage_url"] = manage_url(public_url(), registration.event_id, registration.registration_id)
    return body


def event_view(desk: Desk, event_id: str) -> PublicEventView:
    programme = desk.programmes.published(event_id, fresh=True)
    return public_view(programme.event, list(programme.sessions.values()))


def event_json(desk: Desk, event_id: str, request: Request) -> Response:
    """`GET /events/{id}`: the public view of a published event (see eventreg.entrypoints.http.public); a
    browser (someone who typed the event's address) is sent to the event's page."""
    view = event_view(desk, event_id)
    if wants_html(request):
        page = f"{base_path(request)}/events/{event_id}/register"
        return Response(body="", status_code=303, headers={"Location": page})
    return Response(body=view.model_dump(mode="json"), status_code=200, headers={"Content-Type": JSON})


def form_page(desk: Desk, event_id: str, request: Request) -> Response:
    programme = desk.programmes.published(event_id, fresh=True)
    return html(render_form(programme, _language(request, programme.event)))


def submit(desk: Desk, event_id: str, request: Request) -> Response:
    """POST a registration as a form (HTML answers) or JSON (201 + the registration)."""
    as_html = wants_html(request)
    values: dict[str, Any] = {}
    language = "en"
    try:
        values = read_body(request)
        programme = desk.programmes.published(event_id)
        if media_type(request) == FORM:
            query = getattr(request, "query_params", None) or {}
            asked = _text(values.get("lang")) or _text(query.get("lang"))
            language = pick_language(asked, request.headers.get("accept-language"), programme.event.language)
            data = request_data(values, programme.event)
            once = idempotency(_text(values.get("form_token")), data, scope="form")
            parsed = parse_for(programme.event, data)
        else:
            data = values
            once = idempotency(request.headers.get("idempotency-key"), data)
            parsed = parse_request(data)
        registration = desk.registrar.register(event_id, parsed, utc_now(), once)
    except DomainError as error:
        if not as_html or isinstance(error, EventNotFound):
            return error_response(error)
        programme = desk.programmes.fresh(event_id)  # the page again, with the messages next to the fields
        return html(render_form(programme, language, values=form_values(values), error=error), error.status)
    if not as_html:
        return Response(body={"registration": registration_json(registration)}, status_code=201,
                        headers={"Content-Type": "application/json"})
    return html(render_confirmation(desk.programmes.get(event_id), registration, language), 201)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def submit_delegation(desk: Desk, event_id: str, request: Request) -> Response:
    data = read_body(request)
    desk.programmes.published(event_id)
    once = idempotency(request.headers.get("idempotency-key"), data, scope="delegation")
    registrations = desk.registrar.register_delegation(event_id, parse_delegation(data), utc_now(), once)
    return Response(
        body={"delegation_id": registrations[0].delegation_id,
              "registrations": [registration_json(r) for r in registrations]},
        status_code=201,
        headers={"Content-Type": "application/json"},
    )


# -- rendering ------------------------------------------------------------------------------------
def render_form(
    programme: Programme, language: str, values: dict[str, Any] | None = None, error: DomainError | None = None
) -> str:
    event = programme.event
    return environment().get_template("web/register.html").render(
        **form_fields(programme, language, values, error),
        lang_href=lambda code: register_path(event.event_id, code),
        agenda_href=lambda fmt: REPORTS_PREFIX + agenda_path(event.event_id, fmt, language),  # the one origin
        unavailable=shown(rejection(event, utc_now()), language),
        action=f"/events/{event.event_id}/registrations",
        form_token=new_id(),  # one-time: a double click or a reload answers the first registration
    )


def form_fields(
    programme: Programme, language: str, values: dict[str, Any] | None = None, error: DomainError | None = None
) -> dict[str, Any]:
    """What the registration form's fields (web/_registration_fields.html) are rendered with: the public
    form's and the back-office's "add by hand"."""
    event = programme.event
    _ = words(language)
    sessions = sorted(programme.sessions.values(), key=lambda s: (s.starts_at, s.session_id))
    days = [
        (day, list(group))
        for day, group in groupby(sessions, key=lambda s: format_day(s.starts_at, event.timezone, language))
    ]
    in_person_full = event.places(AttendanceMode.IN_PERSON) == 0 and AttendanceMode.IN_PERSON in event.modes
    labels = {name: _(label) for name, label in FIELDS.items()}
    # Where an error summary's link lands: the field, or the first option of a group.
    anchors = {"attendance_mode": f"mode-{event.modes[0].value}"}
    if sessions:
        anchors["sessions"] = f"session-{sessions[0].session_id}"
    for question in event.questions:
        if question.options:
            anchors[f"answers.{question.question_id}"] = f"answers-{question.question_id}-1"
    labels.update({f"answers.{q.question_id}": localize(q.label, language, event.language) for q in event.questions})
    return {
        "event": event,
        "days": days,
        "lang": language,
        "error": shown(error, language),
        "countries": country_names(language),
        "organisation_types": [(o.value, _(ORGANISATION_TYPES[o.value])) for o in OrganisationType],
        "languages": LANGUAGE_NAMES,
        "values": values or {},
        "in_person_full": in_person_full,
        "offers_online": AttendanceMode.ONLINE in event.modes,
        "labels": labels,
        "anchors": anchors,
        "max_lengths": max_lengths(RegistrationRequest),  # the inputs' maxlength and required: the model's
        "required_fields": required_fields(RegistrationRequest),
    }


def render_confirmation(programme: Programme, registration: Registration, language: str) -> str:
    event = programme.event
    return environment().get_template("web/confirmation.html").render(
        event=event,
        registration=registration,
        lang=language,
        manage=manage_path(event.event_id, registration.registration_id),
        sessions=programme.sessions,
        lang_href=lambda code: register_path(event.event_id, code),
    )


@dataclass(frozen=True)
class ShownError:
    """A domain error as a page shows it: its message and field messages in the page's language."""

    message: str
    fields: dict[str, str]
    status: int


def shown(error: DomainError | None, language: str) -> ShownError | None:
    if error is None:
        return None
    written_out(error, language)  # a deadline it names, in the event's timezone and the reader's language
    return ShownError(
        in_language(error.message, language),
        {name: in_language(text, language) for name, text in error.fields.items()},
        error.status,
    )


def document(desk: Desk, files: FileStore, event_id: str, document_id: str) -> Response:
    """A published document: a redirect to a short-lived presigned download."""
    event = desk.programmes.published(event_id).event
    for doc in event.documents:
        if doc.document_id == document_id:
            extension = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(doc.content_type, "")
            url = files.download_url(doc.key, f"{event_id}-{document_id}{extension}")
            return Response(body="", status_code=302, headers={"Location": url, "Cache-Control": "no-store"})
    raise DocumentNotFound("There is no such document.")



def privacy_page(desk: Desk, event_id: str, request: Request) -> Response:
    """The event's privacy statement: who processes what, why, for how long, and the person's rights."""
    event = desk.programmes.published(event_id).event
    language = _language(request, event)
    return html(environment().get_template("web/privacy.html").render(
        event=event, lang=language,
        lang_href=lambda code: f"/events/{event.event_id}/privacy?lang={code}",
    ))
