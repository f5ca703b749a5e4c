"""The back-office: the check-in desk (#15). Cold start: the check-in pages' module (office/checkin) is imported by
its routes. Check-ins are not in the activity log (thousands in an hour): each check-in item records who made it and
when."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from eventreg.auth import organisers_only
from eventreg.entrypoints.http.office import chrome
from eventreg.entrypoints.http.routes.guards import organisers_guard
from eventreg.http import FORM, current_request, json_errors

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Registration


def routes(wired: Registration) -> Blueprint:
    """The check-in desk's routes."""
    bp = Blueprint(__name__)
    for_organisers = organisers_guard(bp, wired)
    as_pages = chrome.html_errors(bp)
    identified = organisers_only(bp)

    @bp.route("/organiser/events/{event_id}/check-in", methods=["GET"])
    @for_organisers
    @json_errors
    def organiser_checkin_page(event_id: str) -> Response:
        from eventreg.entrypoints.http.office import checkin  # lazy (cold start)

        return checkin.checkin_page(wired.desk, current_request(bp), event_id)

    @bp.route("/organiser/events/{event_id}/check-in", methods=["POST"], content_types=[FORM])
    @as_pages
    @identified
    @json_errors
    def organiser_check_in(event_id: str) -> Response:
        from eventreg.entrypoints.http.office import checkin  # lazy (cold start)

        return checkin.check_in(wired.desk, current_request(bp), event_id)

    @bp.route("/organiser/events/{event_id}/check-in/undo", methods=["POST"], content_types=[FORM])
    @as_pages
    @identified
    @json_errors
    def organiser_check_in_undo(event_id: str) -> Response:
        from eventreg.entrypoints.http.office import checkin  # lazy (cold start)

        return checkin.undo(wired.desk, current_request(bp), event_id)

    @bp.route("/organiser/scripts/{name}", methods=["GET"])
    def office_script(name: str) -> Response:
        """The check-in page's scanner and QR decoder (static, from this origin: the pages' CSP)."""
        from eventreg.entrypoints.http.office import checkin  # lazy (cold start)

        return checkin.script(name, str(current_request(bp).headers.get("accept-encoding", "")))

    return bp
