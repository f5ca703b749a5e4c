"""Reports service: organisers' attendee lists, exports and statistics; the public agenda. Routes only;
organisers' routes identify the caller first (eventreg.auth.organisers_only: a bearer token or the
back-office's session)."""

from __future__ import annotations

import gc

gc.disable()  # cold start: no collections while the app loads (see the end of this file)

import os
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from chalice import Chalice, Rate, Response
from chalice.app import DynamoDBEvent, SQSEvent

from eventreg.auth import organiser_of, organisers_only
from eventreg.entrypoints import jobs, queues, snapshot
from eventreg.entrypoints.bootstrap import checkin_store, privacy_store, public_origin, repository
from eventreg.entrypoints.bootstrap.reports import certificate_delivery, erasure_requests, reports
from eventreg.entrypoints.http.office import chrome
from eventreg.entrypoints.observability import export_made, observe
from eventreg.entrypoints.streams import reports as streams
from eventreg.http import FORM, JSON, current_request, install, json_errors, media_type, read_body, wants_html
from eventreg.privacy import officer_pages
from eventreg.privacy import officers as privacy
from eventreg.report.agenda import views as agenda_views
from eventreg.report.attendees import downloads
from eventreg.report.attendees.xlsx_file import CONTENT_TYPE as XLSX
from eventreg.report.trips.docx_file import DOCX_TYPE
from eventreg.urls import REPORTS_PREFIX

F = TypeVar("F", bound=Callable[..., Any])
app = install(observe(Chalice(app_name="eventreg-reports")))
_identified = organisers_only(app, mount=REPORTS_PREFIX)  # served under /reports on the origin
_as_pages = chrome.html_errors(app)


def for_organisers(view: F) -> F:
    """An organisers' download: the caller identified first; a browser gets a refusal as a back-office page."""
    return _as_pages(_identified(view))


app.api.binary_types.append(XLSX)

# On AWS infra/ wires the trigger itself (Chalice cannot resolve a stream ARN made in the same stack).
STREAM_ARN = os.environ.get(
    "EVENTREG_STREAM_ARN", "arn:aws:dynamodb:eu-west-1:000000000000:table/eventreg/stream/local"
)



def _query() -> dict[str, str]:
    """Query parameters; a repeated name (?status=a&status=b) counts as a,b."""
    params: Any = current_request(app).query_params or {}
    if hasattr(params, "getlist"):
        return {name: ",".join(params.getlist(name)) for name in params}
    return dict(params)


@app.route("/events/{event_id}/attendees.csv", methods=["GET"])
@for_organisers
@json_errors
@export_made
def attendees_csv(event_id: str) -> Response:
    request = current_request(app)
    return downloads.attendees(reports(), event_id, organiser_of(request), "csv", _query(), html=wants_html(request))


@app.route("/events/{event_id}/attendees.xlsx", methods=["GET"])
@for_organisers
@json_errors
@export_made
def attendees_xlsx(event_id: str) -> Response:
    request = current_request(app)
    return downloads.attendees(reports(), event_id, organiser_of(request), "xlsx", _query(), html=wants_html(request))


@app.route("/events/{event_id}/sessions/{session_id}/attendees.csv", methods=["GET"])
@for_organisers
@json_errors
@export_made
def session_attendees_csv(event_id: str, session_id: str) -> Response:
    request = current_request(app)
    return downloads.attendees(reports(), event_id, organiser_of(request), "csv", _query(), session_id,
                               html=wants_html(request))


@app.route("/events/{event_id}/sessions/{session_id}/attendees.xlsx", methods=["GET"])
@for_organisers
@json_errors
@export_made
def session_attendees_xlsx(event_id: str, session_id: str) -> Response:
    request = current_request(app)
    return downloads.attendees(reports(), event_id, organiser_of(request), "xlsx", _query(), session_id,
                               html=wants_html(request))


@app.route("/events/{event_id}/badges.pdf", methods=["GET"])
@for_organisers
@json_errors
@export_made
def badges_pdf(event_id: str) -> Response:
    request = current_request(app)
    return downloads.badges(reports(), event_id, organiser_of(request), _query(), html=wants_html(request))


@app.route("/events/{event_id}/sessions/{session_id}/badges.pdf", methods=["GET"])
@for_organisers
@json_errors
@export_made
def session_badges_pdf(event_id: str, session_id: str) -> Response:
    request = current_request(app)
    return downloads.badges(reports(), event_id, organiser_of(request), _query(), session_id, html=wants_html(request))


@app.route("/attendee-presets", methods=["GET"])
@for_organisers
def attendee_presets() -> dict[str, Any]:
    return downloads.presets()


@app.route("/events/{event_id}/exports", methods=["POST"])
@for_organisers
@json_errors
@export_made
def create_export(event_id: str) -> Response:
    request = current_request(app)
    return downloads.create_export(reports(), event_id, organiser_of(request), read_body(request))


@app.route("/events/{event_id}/exports/{export_id}", methods=["GET"])
@for_organisers
@json_errors
def export_status(event_id: str, export_id: str) -> Response:
    request = current_request(app)
    return downloads.export_status(reports(), event_id, organiser_of(request), export_id, request)


@app.route("/events/{event_id}/final-list.csv", methods=["GET"])
@for_organisers
@json_errors
def final_list_csv(event_id: str) -> Response:
    return downloads.final(reports(), event_id, organiser_of(current_request(app)), "csv")


@app.route("/events/{event_id}/final-list.xlsx", methods=["GET"])
@for_organisers
@json_errors
def final_list_xlsx(event_id: str) -> Response:
    return downloads.final(reports(), event_id, organiser_of(current_request(app)), "xlsx")


@app.on_dynamodb_record(stream_arn=STREAM_ARN, batch_size=10, starting_position="TRIM_HORIZON")
def on_table_change(event: DynamoDBEvent) -> dict[str, Any]:
    """New export jobs, closed registrations (the final list) and erasure requests, from the table's stream: the
    service's one consumer of it (on AWS its mapping filters for these records, infra/docs/stream.md)."""
    return streams.report_changes(event.to_dict())


# -- agenda: public once the event is published (attendees' calendars subscribe without a token) --------
app.api.binary_types.append("application/pdf")


@app.route("/events/{event_id}/agenda.html", methods=["GET"])
@json_errors
def agenda_html(event_id: str) -> Response:
    return agenda_views.agenda_response(repository(), event_id, "html", current_request(app), public_origin())


@app.route("/events/{event_id}/agenda.pdf", methods=["GET"])
@json_errors
def agenda_pdf(event_id: str) -> Response:
    return agenda_views.agenda_response(repository(), event_id, "pdf", current_request(app), public_origin())


@app.route("/events/{event_id}/agenda.ics", methods=["GET"])
@json_errors
def agenda_ics(event_id: str) -> Response:
    return agenda_views.agenda_response(repository(), event_id, "ics", current_request(app), public_origin())


# -- statistics: organisers only (a partner sees its sessions' figures) --------------------------------------
# Cold start: the statistics' and the trip reports' modules are imported by their routes (~10 ms each).
@app.route("/events/{event_id}/statistics.json", methods=["GET"])
@for_organisers
@json_errors
def statistics_json(event_id: str) -> Response:
    from eventreg.report.statistics import views as statistics_views  # lazy (cold start)

    request = current_request(app)
    return statistics_views.statistics_response(repository(), checkin_store(), event_id, organiser_of(request), "json",
                                                request)


@app.route("/events/{event_id}/statistics.html", methods=["GET"])
@for_organisers
@json_errors
def statistics_html(event_id: str) -> Response:
    from eventreg.report.statistics import views as statistics_views  # lazy (cold start)

    request = current_request(app)
    return statistics_views.statistics_response(repository(), checkin_store(), event_id, organiser_of(request), "html",
                                                request)


# -- privacy: erasure requests (privacy officers) and the retention job ---------------------------------
# Here rather than in the registration service: erasure and retention are back-office work on the same
# anonymisation code, and a privacy officer's request never competes with a registration burst.
# The API only records an erasure request (202); on_table_change carries it out from the stream, with the
# rights to change registrations that the API's role does not have (infra/eventreg_infra/permissions.py).
@app.route("/privacy/erasures", methods=["POST"], content_types=[JSON, FORM])
@for_organisers
@json_errors
def privacy_erasure() -> Response:
    request = current_request(app)
    if media_type(request) == FORM:  # the privacy officers' page: a confirmation step, then the same request
        return officer_pages.submitted(erasure_requests(), request)
    return privacy.erasure_request(erasure_requests(), request, public_origin())


@app.route("/privacy/erasures", methods=["GET"])
@for_organisers
@json_errors
def privacy_erasures() -> Response:
    """The latest erasure requests: the privacy officers' page for a browser, else JSON."""
    request = current_request(app)
    if wants_html(request):
        return officer_pages.erasures_page(erasure_requests(), request)
    return privacy.erasure_list(erasure_requests(), request, public_origin())


@app.route("/privacy/erasures/{request_id}", methods=["GET"])
@for_organisers
@json_errors
def privacy_erasure_status(request_id: str) -> Response:
    request = current_request(app)
    if wants_html(request):  # its page, refreshing itself until the request is done
        return officer_pages.erasure_page(erasure_requests(), request, request_id)
    return privacy.erasure_status(erasure_requests(), request, request_id, public_origin())


@app.schedule(Rate(1, unit=Rate.DAYS))
def anonymise_expired_events(event: Any) -> None:
    jobs.anonymise_expired_events(event.context)


# -- the API's contract (OpenAPI 3.1, the same description as the registration service's /openapi.json) ----
@app.route("/openapi.json", methods=["GET"])
def openapi_description() -> Response:
    from eventreg.openapi import document  # imported only here: not on the other handlers' path

    return Response(body=document(), status_code=200, headers={"Content-Type": JSON})


# -- delegation trip reports: organisers (bearer token) and the delegation's lead (signed link) ----------
app.api.binary_types.append(DOCX_TYPE)


@app.route("/events/{event_id}/delegations/{delegation_id}/trip-report", methods=["GET"])
@for_organisers
@json_errors
def delegation_report(event_id: str, delegation_id: str) -> Response:
    from eventreg.report.trips import pages as trips  # lazy (cold start)

    request = current_request(app)
    return trips.organiser_report(repository(), privacy_store(), checkin_store(), event_id, delegation_id,
                                  organiser_of(request), request.query_params or {}, docx=False)


@app.route("/events/{event_id}/delegations/{delegation_id}/trip-report.docx", methods=["GET"])
@for_organisers
@json_errors
def delegation_report_docx(event_id: str, delegation_id: str) -> Response:
    from eventreg.report.trips import pages as trips  # lazy (cold start)

    request = current_request(app)
    return trips.organiser_report(repository(), privacy_store(), checkin_store(), event_id, delegation_id,
                                  organiser_of(request), request.query_params or {}, docx=True)


@app.route("/events/{event_id}/registrations/{registration_id}/trip-report", methods=["GET"])
@json_errors
def lead_report(event_id: str, registration_id: str) -> Response:
    from eventreg.report.trips import pages as trips  # lazy (cold start)

    query: Mapping[str, str] = current_request(app).query_params or {}
    return trips.lead_report(repository(), privacy_store(), checkin_store(), event_id, registration_id,
                             query.get("token"), query, docx=False)


@app.route("/events/{event_id}/registrations/{registration_id}/trip-report.docx", methods=["GET"])
@json_errors
def lead_report_docx(event_id: str, registration_id: str) -> Response:
    from eventreg.report.trips import pages as trips  # lazy (cold start)

    query: Mapping[str, str] = current_request(app).query_params or {}
    return trips.lead_report(repository(), privacy_store(), checkin_store(), event_id, registration_id,
                             query.get("token"), query, docx=True)


@app.route("/events/{event_id}/registrations/{registration_id}/certificate.pdf", methods=["GET"])
@json_errors
def certificate_pdf(event_id: str, registration_id: str) -> Response:
    from eventreg.report.certificates import views as certificates  # lazy (cold start)

    query: Mapping[str, str] = current_request(app).query_params or {}
    return certificates.certificate_response(repository(), checkin_store(), event_id, registration_id,
                                             query.get("token"), query)


# Certificates of attendance sent by their organisers, a page of attendees per job; on AWS infra/ wires the queue.
CERTIFICATES_QUEUE = os.environ.get("EVENTREG_CERTIFICATES_QUEUE_NAME", "eventreg-certificates")


@app.on_sqs_message(queue=CERTIFICATES_QUEUE, batch_size=10)
def on_certificate_job(event: SQSEvent) -> dict[str, Any]:
    return queues.certificate_jobs(event.to_dict(), certificate_delivery())


# Lambda SnapStart, where infra turns it on (eventreg_infra.releases.SNAPSTARTED): what the first invocations would
# still load is loaded before the snapshot (eventreg.entrypoints.snapshot). Off Lambda this registers nothing.
snapshot.register(modules=("eventreg.report.stream", "eventreg.report.statistics", "eventreg.report.trips.pages",
                           "aws_xray_sdk.core"),
                  clients=("dynamodb", "s3", "sqs", "secretsmanager"))

# Cold start: loading the app builds ~50,000 objects that live as long as the container, and the collector,
# run every 700 allocations, scanned them again and again (~100 ms of registration's import on this machine,
# one full collection included). Collection was off while loading; the loaded objects are now moved out of its
# sight (gc.freeze), so neither this nor later collections during requests scan them, and collection resumes.
gc.freeze()
gc.enable()
