"""The back-office: messages to an event's registrants. Cold start: the messages' page module (and the messages'
rules) is imported by its routes, so that the public pages' requests never load it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from eventreg.entrypoints.http.routes.guards import organisers_guard
from eventreg.http import FORM, JSON, current_request, json_errors, read_body

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Registration


def routes(wired: Registration) -> Blueprint:
    """The messages' routes."""
    bp = Blueprint(__name__)
    for_organisers = organisers_guard(bp, wired)

    @bp.route("/organiser/events/{event_id}/messages", methods=["GET", "POST"], content_types=[FORM, JSON])
    @for_organisers
    @json_errors
    def organiser_messages(event_id: str) -> Response:
        from eventreg.entrypoints.http.office import messages  # lazy (cold start)

        request = current_request(bp)
        if request.method == "GET":
            return messages.messages_page(wired.desk, wired.writing, request, event_id)
        return messages.send(wired.desk, wired.writing, request, event_id, read_body(request))

    @bp.route("/organiser/events/{event_id}/messages/new", methods=["GET", "POST"], content_types=[FORM, JSON])
    @for_organisers
    @json_errors
    def organiser_message_form(event_id: str) -> Response:
        """The compose form; POST: back from the preview to change it (nothing is saved)."""
        from eventreg.entrypoints.http.office import messages  # lazy (cold start)

        request = current_request(bp)
        form = read_body(request) if request.method == "POST" else None
        return messages.compose_page(wired.desk, request, event_id, form)

    @bp.route("/organiser/events/{event_id}/messages/preview", methods=["POST"], content_types=[FORM])
    @for_organisers
    @json_errors
    def organiser_message_preview(event_id: str) -> Response:
        from eventreg.entrypoints.http.office import messages  # lazy (cold start)

        request = current_request(bp)
        return messages.preview_page(wired.desk, wired.writing, request, event_id, read_body(request))

    @bp.route("/organiser/events/{event_id}/certificates", methods=["POST"], content_types=[FORM])
    @for_organisers
    @json_errors
    def organiser_certificates(event_id: str) -> Response:
        """Every certificate of attendance by mail; its progress is a message's."""
        from eventreg.entrypoints.http.office import messages  # lazy (cold start)

        request = current_request(bp)
        return messages.send_certificates(wired.desk, wired.writing, wired.certificates, request, event_id,
                                          read_body(request))

    @bp.route("/organiser/events/{event_id}/messages/{message_id}", methods=["GET"])
    @for_organisers
    @json_errors
    def organiser_message(event_id: str, message_id: str) -> Response:
        from eventreg.entrypoints.http.office import messages  # lazy (cold start)

        request = current_request(bp)
        return messages.progress_page(wired.desk, wired.writing, request, event_id, message_id)

    return bp
