"""Reports service: organiser downloads. Routes only; the authorizer verifies the organiser's JWT."""

from __future__ import annotations

from chalice import AuthResponse, Chalice, Response
from chalice.app import AuthRequest

from eventreg.auth import authorize, organiser_of
from eventreg.http import current_request, install, json_errors
from eventreg.reports import agenda_views, downloads, statistics_views
from eventreg.storage.repository import repository

app = install(Chalice(app_name="eventreg-reports"))


@app.authorizer()
def organiser(auth_request: AuthRequest) -> AuthResponse:
    return authorize(auth_request.token)


@app.route("/events/{event_id}/attendees.csv", methods=["GET"], authorizer=organiser)
@json_errors
def attendees_csv(event_id: str) -> Response:
    return downloads.attendees_csv(repository(), event_id, organiser_of(current_request(app)))


# -- agenda: public once the event is published (attendees' calendars subscribe without a token) --------
app.api.binary_types.append("application/pdf")


@app.route("/events/{event_id}/agenda.html", methods=["GET"])
@json_errors
def agenda_html(event_id: str) -> Response:
    return agenda_views.agenda_response(repository(), event_id, "html", current_request(app))


@app.route("/events/{event_id}/agenda.pdf", methods=["GET"])
@json_errors
def agenda_pdf(event_id: str) -> Response:
    return agenda_views.agenda_response(repository(), event_id, "pdf", current_request(app))


@app.route("/events/{event_id}/agenda.ics", methods=["GET"])
@json_errors
def agenda_ics(event_id: str) -> Response:
    return agenda_views.agenda_response(repository(), event_id, "ics", current_request(app))


# -- statistics: organisers only (a partner sees its sessions' figures) --------------------------------------
@app.route("/events/{event_id}/statistics.json", methods=["GET"], authorizer=organiser)
@json_errors
def statistics_json(event_id: str) -> Response:
    request = current_request(app)
    return statistics_views.statistics_response(repository(), event_id, organiser_of(request), "json", request)


@app.route("/events/{event_id}/statistics.html", methods=["GET"], authorizer=organiser)
@json_errors
def statistics_html(event_id: str) -> Response:
    request = current_request(app)
    return statistics_views.statistics_response(repository(), event_id, organiser_of(request), "html", request)
