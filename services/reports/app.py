"""Reports service: organiser downloads. Routes only; the authorizer verifies the organiser's JWT."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chalice import AuthResponse, Chalice, Rate, Response
from chalice.app import AuthRequest

from eventreg.auth import authorize, organiser_of
from eventreg.http import JSON, current_request, install, json_errors
from eventreg.reports import downloads, privacy
from eventreg.reports import trip_pages as trips
from eventreg.reports.trip_docx import DOCX_TYPE
from eventreg.storage.repository import repository

app = install(Chalice(app_name="eventreg-reports"))


@app.authorizer()
def organiser(auth_request: AuthRequest) -> AuthResponse:
    return authorize(auth_request.token)


@app.route("/events/{event_id}/attendees.csv", methods=["GET"], authorizer=organiser)
@json_errors
def attendees_csv(event_id: str) -> Response:
    return downloads.attendees_csv(repository(), event_id, organiser_of(current_request(app)))


# -- privacy: erasure requests (privacy officers) and the retention job ---------------------------------
# Here rather than in the registration service: erasure and retention are back-office work on the same
# anonymisation code, and a privacy officer's request never competes with a registration burst.
@app.route("/privacy/erasures", methods=["POST"], authorizer=organiser, content_types=[JSON])
@json_errors
def privacy_erasure() -> dict[str, Any]:
    return privacy.erasure_request(repository(), current_request(app))


@app.schedule(Rate(1, unit=Rate.DAYS))
def anonymise_expired_events(event: Any) -> None:
    privacy.retention_job(repository(), event.context)


# -- delegation trip reports: organisers (bearer token) and the delegation's lead (signed link) ----------
app.api.binary_types.append(DOCX_TYPE)


@app.route("/events/{event_id}/delegations/{delegation_id}/trip-report", methods=["GET"], authorizer=organiser)
@json_errors
def delegation_report(event_id: str, delegation_id: str) -> Response:
    request = current_request(app)
    return trips.organiser_report(repository(), event_id, delegation_id, organiser_of(request),
                                  request.query_params or {}, docx=False)


@app.route("/events/{event_id}/delegations/{delegation_id}/trip-report.docx", methods=["GET"],
           authorizer=organiser)
@json_errors
def delegation_report_docx(event_id: str, delegation_id: str) -> Response:
    request = current_request(app)
    return trips.organiser_report(repository(), event_id, delegation_id, organiser_of(request),
                                  request.query_params or {}, docx=True)


@app.route("/events/{event_id}/registrations/{registration_id}/trip-report", methods=["GET"])
@json_errors
def lead_report(event_id: str, registration_id: str) -> Response:
    query: Mapping[str, str] = current_request(app).query_params or {}
    return trips.lead_report(repository(), event_id, registration_id, query.get("token"), query, docx=False)


@app.route("/events/{event_id}/registrations/{registration_id}/trip-report.docx", methods=["GET"])
@json_errors
def lead_report_docx(event_id: str, registration_id: str) -> Response:
    query: Mapping[str, str] = current_request(app).query_params or {}
    return trips.lead_report(repository(), event_id, registration_id, query.get("token"), query, docx=True)
