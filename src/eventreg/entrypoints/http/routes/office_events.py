"""The back-office: creating and editing an event, and changing its status."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from eventreg.entrypoints.http.office import events
from eventreg.entrypoints.http.routes.guards import organisers_guard
from eventreg.http import FORM, JSON, current_request, json_errors, read_body

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Registration


def routes(wired: Registration) -> Blueprint:
    """The back-office's event forms."""
    bp = Blueprint(__name__)
    for_organisers = organisers_guard(bp, wired)

    @bp.route("/organiser/new-event", methods=["GET", "POST"], content_types=[FORM, JSON])
    @for_organisers
    @json_errors
    def new_event() -> Response:
        request = current_request(bp)
        if request.method == "GET":
            return events.new_form(wired.desk, request)
        return events.create(wired.desk, request, read_body(request))

    @bp.route("/organiser/events/{event_id}/edit", methods=["GET", "POST"], content_types=[FORM, JSON])
    @for_organisers
    @json_errors
    def edit_event(event_id: str) -> Response:
        request = current_request(bp)
        if request.method == "GET":
            return events.edit_form(wired.desk, request, event_id)
        return events.edit(wired.desk, request, event_id, read_body(request))

    @bp.route("/organiser/events/{event_id}/status/{status}", methods=["GET", "POST"], content_types=[FORM, JSON])
    @for_organisers
    @json_errors
    def event_status(event_id: str, status: str) -> Response:
        request = current_request(bp)
        if request.method == "GET":
            return events.status_page(wired.desk, request, event_id, status)
        return events.change_status(wired.desk, request, event_id, status, read_body(request))

    return bp
