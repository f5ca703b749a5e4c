"""The back-office: an event's files, the downloads page (what the reports service makes for the event) and the event's
documents (the file goes from the browser straight to storage)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from eventreg.entrypoints.http.office import documents, downloads
from eventreg.entrypoints.http.routes.guards import organisers_guard
from eventreg.http import FORM, JSON, current_request, json_errors, read_body

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Registration


def routes(wired: Registration) -> Blueprint:
    """The downloads and documents routes."""
    bp = Blueprint(__name__)
    for_organisers = organisers_guard(bp, wired)

    @bp.route("/organiser/events/{event_id}/downloads", methods=["GET"])
    @for_organisers
    @json_errors
    def organiser_downloads(event_id: str) -> Response:
        """The back-office's downloads page (HTML): the files the reports service makes for the event."""
        return downloads.downloads_page(wired.desk, wired.exports, wired.direct_rows, current_request(bp),
                                               event_id)

    @bp.route("/organiser/events/{event_id}/documents", methods=["GET"])
    @for_organisers
    @json_errors
    def documents_page(event_id: str) -> Response:
        return documents.list_page(wired.desk, wired.files, current_request(bp), event_id)

    @bp.route("/organiser/events/{event_id}/documents/new", methods=["GET", "POST"], content_types=[FORM, JSON])
    @for_organisers
    @json_errors
    def new_document(event_id: str) -> Response:
        request = current_request(bp)
        if request.method == "GET":
            return documents.new_form(wired.desk, request, event_id)
        return documents.create(wired.desk, request, event_id, read_body(request))

    @bp.route("/organiser/events/{event_id}/documents/{document_id}/upload", methods=["GET"])
    @for_organisers
    @json_errors
    def document_upload(event_id: str, document_id: str) -> Response:
        return documents.upload_page(wired.desk, wired.files, current_request(bp), event_id, document_id)

    @bp.route("/organiser/events/{event_id}/documents/{document_id}/uploaded", methods=["GET"])
    @for_organisers
    @json_errors
    def document_uploaded(event_id: str, document_id: str) -> Response:
        return documents.uploaded(wired.desk, wired.files, current_request(bp), event_id, document_id)

    @bp.route("/organiser/events/{event_id}/documents/{document_id}/remove", methods=["GET", "POST"],
               content_types=[FORM, JSON])
    @for_organisers
    @json_errors
    def remove_document(event_id: str, document_id: str) -> Response:
        request = current_request(bp)
        if request.method == "GET":
            return documents.remove_page(wired.desk, request, event_id, document_id)
        return documents.remove(wired.desk, request, event_id, document_id, read_body(request))

    return bp
