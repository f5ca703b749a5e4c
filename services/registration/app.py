"""Registration service: public event pages and the registration API. Routes only; rules live in eventreg."""

from __future__ import annotations

from typing import Any

from chalice import Chalice, Response

from eventreg.http import FORM, JSON, current_request, install, json_errors
from eventreg.storage.repository import repository
from eventreg.web import registration_pages as pages

app = install(Chalice(app_name="eventreg-registration"))


@app.route("/events/{event_id}", methods=["GET"])
@json_errors
def get_event(event_id: str) -> dict[str, Any]:
    return pages.event_json(repository(), event_id)


@app.route("/events/{event_id}/register", methods=["GET"])
@json_errors
def register_form(event_id: str) -> Response:
    return pages.form_page(repository(), event_id)


@app.route("/events/{event_id}/registrations", methods=["POST"], content_types=[FORM, JSON])
@json_errors
def register(event_id: str) -> Response:
    return pages.submit(repository(), event_id, current_request(app))
