"""The public side of the registration service: the event pages and the registration API, the attendees' own links
(the manage link, the participant directory) and the API's description. Nobody signs in here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint, Response

from eventreg.entrypoints.http import delegation_form as delegation_pages
from eventreg.entrypoints.http import directory, index, manage, pages
from eventreg.http import FORM, JSON, current_request, json_errors, media_type

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Registration


def routes(wired: Registration) -> Blueprint:
    """The public routes, on the service's wiring."""
    bp = Blueprint(__name__)
    for_browsers = index.pages_for_browsers(lambda: current_request(bp))

    @bp.route("/", methods=["GET"])
    @json_errors
    def front_door() -> Response:
        return index.index(wired.desk, current_request(bp))

    @bp.route("/events/{event_id}", methods=["GET"])
    @for_browsers
    @json_errors
    def get_event(event_id: str) -> Response:
        return pages.event_json(wired.desk, event_id, current_request(bp))

    @bp.route("/events/{event_id}/register", methods=["GET"])
    @for_browsers
    @json_errors
    def register_form(event_id: str) -> Response:
        return pages.form_page(wired.desk, event_id, current_request(bp))

    @bp.route("/events/{event_id}/registrations", methods=["POST"], content_types=[FORM, JSON])
    @for_browsers
    @json_errors
    def register(event_id: str) -> Response:
        return pages.submit(wired.desk, event_id, current_request(bp))

    @bp.route("/events/{event_id}/privacy", methods=["GET"])
    @for_browsers
    @json_errors
    def privacy(event_id: str) -> Response:
        return pages.privacy_page(wired.desk, event_id, current_request(bp))

    @bp.route("/events/{event_id}/documents/{document_id}", methods=["GET"])
    @json_errors
    def event_document(event_id: str, document_id: str) -> Response:
        return pages.document(wired.desk, wired.files, event_id, document_id)

    @bp.route("/events/{event_id}/delegation", methods=["GET"])
    @for_browsers
    @json_errors
    def delegation_form(event_id: str) -> Response:
        return delegation_pages.page(wired.desk, event_id, current_request(bp))

    @bp.route("/events/{event_id}/delegations", methods=["POST"], content_types=[FORM, JSON])
    @for_browsers
    @json_errors
    def register_delegation(event_id: str) -> Response:
        request = current_request(bp)
        if media_type(request) == FORM:
            return delegation_pages.submit(wired.desk, event_id, request)
        return pages.submit_delegation(wired.desk, event_id, request)

    @bp.route("/events/{event_id}/registrations/{registration_id}", methods=["GET", "PATCH", "DELETE"],
               content_types=[JSON])
    @json_errors
    def registration(event_id: str, registration_id: str) -> dict[str, Any]:
        request = current_request(bp)
        if request.method == "GET":
            return manage.get_json(wired.desk.manager, wired.desk.repo, event_id, registration_id, request)
        handler = manage.patch_json if request.method == "PATCH" else manage.delete_json
        return handler(wired.desk.manager, event_id, registration_id, request)

    @bp.route("/events/{event_id}/registrations/{registration_id}/manage", methods=["GET", "POST"],
               content_types=[FORM, JSON])
    @json_errors
    def manage_page(event_id: str, registration_id: str) -> Response:
        request = current_request(bp)
        handler = manage.page if request.method == "GET" else manage.post
        return handler(wired.desk.manager, event_id, registration_id, request, wired.desk.checkins.store)

    @bp.route("/events/{event_id}/registrations/{registration_id}/directory", methods=["GET"])
    @json_errors
    def participant_directory(event_id: str, registration_id: str) -> Response:
        return directory.directory(wired.desk, event_id, registration_id, current_request(bp))

    @bp.route("/openapi.json", methods=["GET"])
    def openapi_description() -> Response:
        """The API's contract (OpenAPI 3.1) for the whole origin; the generator is imported only here."""
        from eventreg.openapi import document

        return Response(body=document(), status_code=200, headers={"Content-Type": JSON})

    return bp
