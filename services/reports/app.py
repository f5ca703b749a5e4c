"""Reports service: organiser downloads. Routes only; the authorizer verifies the organiser's JWT."""

from __future__ import annotations

from chalice import AuthResponse, Chalice, Response

from eventreg.auth import verify_token
from eventreg.config import settings
from eventreg.http import current_request, install, json_errors
from eventreg.reports import downloads
from eventreg.storage.repository import repository

app = install(Chalice(app_name="eventreg-reports"))


@app.authorizer()
def organiser(auth_request) -> AuthResponse:  # type: ignore[no-untyped-def]
    who = verify_token(settings().jwt_secret, auth_request.token)
    return AuthResponse(routes=["*"], principal_id=who.organiser_id)


@app.route("/events/{event_id}/attendees.csv", methods=["GET"], authorizer=organiser)
@json_errors
def attendees_csv(event_id: str) -> Response:
    organiser_id = current_request(app).context["authorizer"]["principalId"]
    return downloads.attendees_csv(repository(), event_id, organiser_id)
