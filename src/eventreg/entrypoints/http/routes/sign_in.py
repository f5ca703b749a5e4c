"""The back-office's door: signing in and out (the provider's sign-in and its callback), and the home page signing in
leads to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from eventreg.entrypoints.http import sign_in as signing
from eventreg.entrypoints.http.office import home
from eventreg.entrypoints.http.routes.guards import organisers_guard
from eventreg.http import FORM, current_request, json_errors, read_body

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Registration


def routes(wired: Registration) -> Blueprint:
    """Signing in and out, and the back-office's home page."""
    bp = Blueprint(__name__)
    for_organisers = organisers_guard(bp, wired)

    @bp.route("/organiser/sign-in", methods=["GET"])
    @json_errors
    def sign_in() -> Response:
        return signing.sign_in(current_request(bp))

    @bp.route("/organiser/sign-in/callback", methods=["GET"])
    @json_errors
    def sign_in_callback() -> Response:
        return signing.callback(current_request(bp))

    @bp.route("/organiser/sign-out", methods=["POST"], content_types=[FORM])
    @json_errors
    def sign_out() -> Response:
        request = current_request(bp)
        return signing.sign_out(request, read_body(request))

    @bp.route("/organiser/signed-out", methods=["GET"])
    @json_errors
    def signed_out() -> Response:
        return signing.signed_out(current_request(bp))

    @bp.route("/organiser", methods=["GET"])
    @for_organisers
    @json_errors
    def back_office() -> Response:
        return home.home(wired.desk, current_request(bp))

    return bp
