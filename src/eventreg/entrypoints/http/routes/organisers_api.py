"""The organisers' API: their events, sessions, documents and registrations as JSON (bearer token or session); where a
browser asks for a page of the same path (an event's overview, its registrations), the back-office's page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint, Response

from eventreg.auth import organiser_of
from eventreg.entrypoints.http import organisers
from eventreg.entrypoints.http.office import activity, events, registrations
from eventreg.entrypoints.http.routes.guards import organisers_guard
from eventreg.http import FORM, JSON, current_request, json_errors, media_type, read_body, wants_html

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Registration


def routes(wired: Registration) -> Blueprint:
    """The organisers' API routes."""
    bp = Blueprint(__name__)
    for_organisers = organisers_guard(bp, wired)

    @bp.route("/organiser/events", methods=["GET", "POST"])
    @for_organisers
    @json_errors
    def organiser_events() -> Any:
        request = current_request(bp)
        if request.method == "GET":
            return organisers.list_events(wired.desk, organiser_of(request))
        body = organisers.create_event(wired.desk, organiser_of(request), read_body(request))
        return Response(body=body, status_code=201)

    @bp.route("/organiser/events/{event_id}", methods=["GET", "PATCH"])
    @for_organisers
    @json_errors
    def organiser_event(event_id: str) -> Any:
        request = current_request(bp)
        if request.method == "GET":
            if wants_html(request):  # the back-office's overview of the event
                return events.overview(wired.desk, request, event_id)
            return organisers.get_event(wired.desk, organiser_of(request), event_id)
        return organisers.update_event(wired.desk, organiser_of(request), event_id, read_body(request))

    @bp.route("/organiser/events/{event_id}/sessions/{session_id}", methods=["PUT"])
    @for_organisers
    @json_errors
    def organiser_session(event_id: str, session_id: str) -> dict[str, Any]:
        request = current_request(bp)
        return organisers.put_session(wired.desk, organiser_of(request), event_id, session_id, read_body(request))

    @bp.route("/organiser/events/{event_id}/documents", methods=["POST"])
    @for_organisers
    @json_errors
    def organiser_documents(event_id: str) -> Response:
        request = current_request(bp)
        body = organisers.add_document(wired.desk, wired.files, organiser_of(request), event_id, read_body(request))
        return Response(body=body, status_code=201)

    @bp.route("/organiser/events/{event_id}/registrations", methods=["GET"])
    @for_organisers
    @json_errors
    def organiser_registrations(event_id: str) -> Any:
        request = current_request(bp)
        if wants_html(request):
            return registrations.registrations_page(wired.desk, request, event_id)
        return organisers.list_registrations(wired.desk, organiser_of(request), event_id, request.query_params or {})

    @bp.route("/organiser/events/{event_id}/registrations/{registration_id}/{decision}", methods=["POST"],
               content_types=[JSON, FORM])
    @for_organisers
    @json_errors
    def organiser_decision(event_id: str, registration_id: str, decision: str) -> Any:
        request = current_request(bp)
        answer = organisers.moderate(wired.desk, organiser_of(request), event_id, registration_id, decision)
        if media_type(request) == FORM:  # the back-office's form: back to the list it came from
            return registrations.moderated(request, event_id, answer["registration"]["name"], decision,
                                           read_body(request))
        return answer

    @bp.route("/organiser/events/{event_id}/activity", methods=["GET"])
    @for_organisers
    @json_errors
    def organiser_activity(event_id: str) -> Response:
        return activity.activity_page(wired.desk, wired.activity, current_request(bp), event_id)

    return bp
