"""The back-office: an event's programme (sessions by day, one session's form, import from CSV/XLSX). Cold start:
the programme's page module (rows, import, upload parsing) is imported by its routes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from eventreg.entrypoints.http.multipart import MULTIPART
from eventreg.entrypoints.http.routes.guards import organisers_guard
from eventreg.http import FORM, current_request, json_errors

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Registration


def routes(wired: Registration) -> Blueprint:
    """The programme's routes."""
    bp = Blueprint(__name__)
    for_organisers = organisers_guard(bp, wired)

    @bp.route("/organiser/events/{event_id}/programme", methods=["GET"])
    @for_organisers
    @json_errors
    def programme_page(event_id: str) -> Response:
        from eventreg.entrypoints.http.office import programme  # lazy (cold start)

        return programme.programme_page(wired.desk, current_request(bp), event_id)

    # A browser's GET has no body (and no Content-Type); the forms' POSTs are typed: one route for each.
    @bp.route("/organiser/events/{event_id}/programme/sessions/new", methods=["GET"])
    @for_organisers
    @json_errors
    def programme_new_session_form(event_id: str) -> Response:
        from eventreg.entrypoints.http.office import programme  # lazy (cold start)

        return programme.session_form(wired.desk, current_request(bp), event_id, None)

    @bp.route("/organiser/events/{event_id}/programme/sessions/new", methods=["POST"], content_types=[FORM])
    @for_organisers
    @json_errors
    def programme_new_session(event_id: str) -> Response:
        from eventreg.entrypoints.http.office import programme  # lazy (cold start)

        return programme.save_session(wired.desk, current_request(bp), event_id, None)

    @bp.route("/organiser/events/{event_id}/programme/sessions/{session_id}/edit", methods=["GET"])
    @for_organisers
    @json_errors
    def programme_session_form(event_id: str, session_id: str) -> Response:
        from eventreg.entrypoints.http.office import programme  # lazy (cold start)

        return programme.session_form(wired.desk, current_request(bp), event_id, session_id)

    @bp.route("/organiser/events/{event_id}/programme/sessions/{session_id}/edit", methods=["POST"],
               content_types=[FORM])
    @for_organisers
    @json_errors
    def programme_edit_session(event_id: str, session_id: str) -> Response:
        from eventreg.entrypoints.http.office import programme  # lazy (cold start)

        return programme.save_session(wired.desk, current_request(bp), event_id, session_id)

    @bp.route("/organiser/events/{event_id}/programme/import", methods=["GET"])
    @for_organisers
    @json_errors
    def programme_import_form(event_id: str) -> Response:
        from eventreg.entrypoints.http.office import programme  # lazy (cold start)

        return programme.import_form(wired.desk, current_request(bp), event_id)

    @bp.route("/organiser/events/{event_id}/programme/import", methods=["POST"], content_types=[MULTIPART])
    @for_organisers
    @json_errors
    def programme_import(event_id: str) -> Response:
        from eventreg.entrypoints.http.office import programme  # lazy (cold start)

        return programme.upload(wired, current_request(bp), event_id)

    @bp.route("/organiser/events/{event_id}/programme/import/{import_id}", methods=["POST"], content_types=[FORM])
    @for_organisers
    @json_errors
    def programme_import_apply(event_id: str, import_id: str) -> Response:
        from eventreg.entrypoints.http.office import programme  # lazy (cold start)

        return programme.apply(wired, current_request(bp), event_id, import_id)

    @bp.route("/organiser/events/{event_id}/programme/template.csv", methods=["GET"])
    @for_organisers
    @json_errors
    def programme_template(event_id: str) -> Response:
        from eventreg.entrypoints.http.office import programme  # lazy (cold start)

        return programme.template_csv(wired.desk, current_request(bp), event_id)

    return bp
