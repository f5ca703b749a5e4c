"""The registration service's request handling: event JSON, the form page, and a submitted registration."""

from __future__ import annotations

from typing import Any

from chalice import Response

from eventreg.domain.countries import country_names
from eventreg.domain.errors import DomainError
from eventreg.domain.models import Event, Registration, Session, utc_now
from eventreg.domain.registration import new_registration, parse_request, rejection
from eventreg.http import Request, error_response, html, read_body, wants_html
from eventreg.storage.repository import Repository
from eventreg.templates import environment

LABELS = {
    "name": "Full name",
    "email": "Email address",
    "organisation": "Organisation",
    "country": "Country",
    "attendance_mode": "Attendance",
}
MODE_LABELS = {"in_person": "In person", "online": "Online"}


def event_json(repo: Repository, event_id: str) -> dict[str, Any]:
    event, sessions = repo.get_event_with_sessions(event_id)
    public = event.model_dump(mode="json", exclude={"organiser_ids"})
    public["places_left"] = event.places_left
    return {"event": public, "sessions": [s.model_dump(mode="json") for s in sessions]}


def form_page(repo: Repository, event_id: str) -> Response:
    event, sessions = repo.get_event_with_sessions(event_id)
    return html(_render_form(event, sessions))


def submit(repo: Repository, event_id: str, request: Request) -> Response:
    """POST a registration as a form (HTML answers) or JSON (201 + the registration)."""
    as_html = wants_html(request)
    values: dict[str, Any] = {}
    try:
        values = read_body(request)
        now = utc_now()
        registration = repo.register(new_registration(event_id, parse_request(values), now), now)
    except DomainError as error:
        if not as_html:
            return error_response(error)
        # The page again, with the messages next to the fields (the event read only on this path).
        event, sessions = repo.get_event_with_sessions(event_id)
        return html(_render_form(event, sessions, values=values, error=error), error.status)
    if not as_html:
        return Response(
            body={"registration": registration.model_dump(mode="json")},
            status_code=201,
            headers={"Content-Type": "application/json"},
        )
    return html(_render_confirmation(repo.get_event(event_id), registration), 201)


def _render_form(
    event: Event, sessions: list[Session], values: dict[str, Any] | None = None, error: DomainError | None = None
) -> str:
    lang = event.language
    unavailable = rejection(event, utc_now())
    return environment().get_template("web/register.html").render(
        event=event,
        sessions=sessions,
        lang=lang,
        labels=LABELS,
        mode_labels=MODE_LABELS,
        countries=country_names(lang),
        values={k: v for k, v in (values or {}).items() if isinstance(v, str)},
        error=error,
        unavailable=unavailable,
        action=f"/events/{event.event_id}/registrations",
    )


def _render_confirmation(event: Event, registration: Registration) -> str:
    return environment().get_template("web/confirmation.html").render(
        event=event, registration=registration, lang=event.language, mode_labels=MODE_LABELS
    )
