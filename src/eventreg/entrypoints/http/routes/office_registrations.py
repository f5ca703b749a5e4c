"""The back-office: an event's registrations (decisions on many at once, one registration's page, cancelling,
moving, its role), registrations on the attendees' behalf, and the waiting lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from eventreg.entrypoints.http.office import add, bulk, waiting
from eventreg.entrypoints.http.office import registration as registration_pages
from eventreg.entrypoints.http.routes.guards import organisers_guard
from eventreg.http import FORM, current_request, json_errors, wants_html

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Registration


def routes(wired: Registration) -> Blueprint:
    """The back-office's registration pages."""
    bp = Blueprint(__name__)
    for_organisers = organisers_guard(bp, wired)

    @bp.route("/organiser/events/{event_id}/registrations/decisions", methods=["POST"], content_types=[FORM])
    @for_organisers
    @json_errors
    def organiser_decisions(event_id: str) -> Response:
        return bulk.decide_many(wired.desk, current_request(bp), event_id)

    @bp.route("/organiser/events/{event_id}/registrations/new", methods=["GET"])
    @for_organisers
    @json_errors
    def organiser_new_registration(event_id: str) -> Response:
        return add.new_page(wired.desk, current_request(bp), event_id)

    @bp.route("/organiser/events/{event_id}/registrations/new", methods=["POST"], content_types=[FORM])
    @for_organisers
    @json_errors
    def organiser_add_registration(event_id: str) -> Response:
        return add.add(wired.desk, current_request(bp), event_id)

    @bp.route("/organiser/events/{event_id}/registrations/{registration_id}", methods=["GET"])
    @for_organisers
    @json_errors
    def organiser_registration(event_id: str, registration_id: str) -> Response:
        request = current_request(bp)
        return registration_pages.detail(wired.desk, request, event_id, registration_id, wants_html(request))

    @bp.route("/organiser/events/{event_id}/registrations/{registration_id}/cancel", methods=["GET"])
    @for_organisers
    @json_errors
    def organiser_cancel_page(event_id: str, registration_id: str) -> Response:
        return registration_pages.cancel_page(wired.desk, current_request(bp), event_id, registration_id)

    @bp.route("/organiser/events/{event_id}/registrations/{registration_id}/cancel", methods=["POST"],
               content_types=[FORM])
    @for_organisers
    @json_errors
    def organiser_cancel(event_id: str, registration_id: str) -> Response:
        return registration_pages.cancel(wired.desk, current_request(bp), event_id, registration_id)

    @bp.route("/organiser/events/{event_id}/registrations/{registration_id}/role", methods=["POST"],
               content_types=[FORM])
    @for_organisers
    @json_errors
    def organiser_set_role(event_id: str, registration_id: str) -> Response:
        return registration_pages.set_role(wired.desk, current_request(bp), event_id, registration_id)

    @bp.route("/organiser/events/{event_id}/registrations/{registration_id}/move", methods=["GET"])
    @for_organisers
    @json_errors
    def organiser_move_page(event_id: str, registration_id: str) -> Response:
        return registration_pages.move_page(wired.desk, current_request(bp), event_id, registration_id)

    @bp.route("/organiser/events/{event_id}/registrations/{registration_id}/move", methods=["POST"],
               content_types=[FORM])
    @for_organisers
    @json_errors
    def organiser_move(event_id: str, registration_id: str) -> Response:
        return registration_pages.move(wired.desk, current_request(bp), event_id, registration_id)

    @bp.route("/organiser/events/{event_id}/waiting-lists", methods=["GET"])
    @for_organisers
    @json_errors
    def organiser_waiting_lists(event_id: str) -> Response:
        return waiting.waiting_lists_page(wired.desk, current_request(bp), event_id)

    return bp
