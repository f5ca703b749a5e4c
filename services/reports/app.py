"""Reports service: organiser downloads. Routes only; the authorizer verifies the organiser's JWT."""

from __future__ import annotations

from typing import Any

from chalice import AuthResponse, Chalice, Rate, Response
from chalice.app import AuthRequest

from eventreg.auth import authorize, organiser_of
from eventreg.http import JSON, current_request, install, json_errors
from eventreg.reports import downloads, privacy
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

