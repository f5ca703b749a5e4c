"""Registration service: public event pages and the registration API. Routes only; rules live in eventreg."""

from __future__ import annotations

import gc

gc.disable()  # cold start: no collections while the app loads (see the end of this file)

from collections.abc import Callable
from typing import Any, TypeVar

from chalice import Chalice, Rate, Response

from eventreg.auth import organiser_of, organisers_only
from eventreg.entrypoints import jobs
from eventreg.entrypoints.bootstrap.registration import Registration
from eventreg.entrypoints.http import delegation_form as delegation_pages
from eventreg.entrypoints.http import directory, index, manage, organisers, pages
from eventreg.entrypoints.http import sign_in as signing
from eventreg.entrypoints.http.multipart import MULTIPART
from eventreg.entrypoints.http.office import (
    activity,
    add,
    bulk,
    chrome,
    documents,
    downloads,
    events,
    home,
    registrations,
    waiting,
)
from eventreg.entrypoints.http.office import registration as registration_pages
from eventreg.entrypoints.observability import observe
from eventreg.http import FORM, JSON, current_request, install, json_errors, media_type, read_body, wants_html

F = TypeVar("F", bound=Callable[..., Any])
app = install(observe(Chalice(app_name="eventreg-registration")))
app.api.binary_types.append(MULTIPART)  # a form with a file (the programme import): its bytes as sent
wired = Registration()  # built on first use, once per container
_identified = organisers_only(app)
_recorded = activity.recorded(app, lambda: wired.activity)


_as_pages = chrome.html_errors(app)


def for_organisers(view: F) -> F:
    """An organisers' route: the caller identified first, then each change it makes recorded on the event;
    a browser gets its errors as back-office pages."""
    return _as_pages(_identified(_recorded(view)))


_for_browsers = index.pages_for_browsers(lambda: current_request(app))


@app.route("/", methods=["GET"])
@json_errors
def front_door() -> Response:
    return index.index(wired.desk, current_request(app))


@app.route("/events/{event_id}", methods=["GET"])
@_for_browsers
@json_errors
def get_event(event_id: str) -> Response:
    return pages.event_json(wired.desk, event_id, current_request(app))


@app.route("/events/{event_id}/register", methods=["GET"])
@_for_browsers
@json_errors
def register_form(event_id: str) -> Response:
    return pages.form_page(wired.desk, event_id, current_request(app))


@app.route("/events/{event_id}/registrations", methods=["POST"], content_types=[FORM, JSON])
@_for_browsers
@json_errors
def register(event_id: str) -> Response:
    return pages.submit(wired.desk, event_id, current_request(app))


@app.route("/events/{event_id}/privacy", methods=["GET"])
@_for_browsers
@json_errors
def privacy(event_id: str) -> Response:
    return pages.privacy_page(wired.desk, event_id, current_request(app))


@app.route("/events/{event_id}/documents/{document_id}", methods=["GET"])
@json_errors
def event_document(event_id: str, document_id: str) -> Response:
    return pages.document(wired.desk, wired.files, event_id, document_id)


@app.route("/events/{event_id}/delegation", methods=["GET"])
@_for_browsers
@json_errors
def delegation_form(event_id: str) -> Response:
    return delegation_pages.page(wired.desk, event_id, current_request(app))


@app.route("/events/{event_id}/delegations", methods=["POST"], content_types=[FORM, JSON])
@_for_browsers
@json_errors
def register_delegation(event_id: str) -> Response:
    request = current_request(app)
    if media_type(request) == FORM:
        return delegation_pages.submit(wired.desk, event_id, request)
    return pages.submit_delegation(wired.desk, event_id, request)


@app.route("/events/{event_id}/registrations/{registration_id}", methods=["GET", "PATCH", "DELETE"],
           content_types=[JSON])
@json_errors
def registration(event_id: str, registration_id: str) -> dict[str, Any]:
    request = current_request(app)
    if request.method == "GET":
        return manage.get_json(wired.desk.manager, wired.desk.repo, event_id, registration_id, request)
    handler = manage.patch_json if request.method == "PATCH" else manage.delete_json
    return handler(wired.desk.manager, event_id, registration_id, request)


@app.route("/events/{event_id}/registrations/{registration_id}/manage", methods=["GET", "POST"],
           content_types=[FORM, JSON])
@json_errors
def manage_page(event_id: str, registration_id: str) -> Response:
    request = current_request(app)
    handler = manage.page if request.method == "GET" else manage.post
    return handler(wired.desk.manager, event_id, registration_id, request, wired.desk.checkins.store)


@app.route("/events/{event_id}/registrations/{registration_id}/directory", methods=["GET"])
@json_errors
def participant_directory(event_id: str, registration_id: str) -> Response:
    return directory.directory(wired.desk, event_id, registration_id, current_request(app))


@app.route("/openapi.json", methods=["GET"])
def openapi_description() -> Response:
    """The API's contract (OpenAPI 3.1) for the whole origin; the generator is imported only here."""
    from eventreg.openapi import document

    return Response(body=document(), status_code=200, headers={"Content-Type": JSON})


# -- the back-office: signing in and out, its pages ---------------------------------------------------
@app.route("/organiser/sign-in", methods=["GET"])
@json_errors
def sign_in() -> Response:
    return signing.sign_in(current_request(app))


@app.route("/organiser/sign-in/callback", methods=["GET"])
@json_errors
def sign_in_callback() -> Response:
    return signing.callback(current_request(app))


@app.route("/organiser/sign-out", methods=["POST"], content_types=[FORM])
@json_errors
def sign_out() -> Response:
    request = current_request(app)
    return signing.sign_out(request, read_body(request))


@app.route("/organiser/signed-out", methods=["GET"])
@json_errors
def signed_out() -> Response:
    return signing.signed_out(current_request(app))


@app.route("/organiser", methods=["GET"])
@for_organisers
@json_errors
def back_office() -> Response:
    return home.home(wired.desk, current_request(app))


# -- organisers ---------------------------------------------------------------------------------------

@app.route("/organiser/events", methods=["GET", "POST"])
@for_organisers
@json_errors
def organiser_events() -> Any:
    request = current_request(app)
    if request.method == "GET":
        return organisers.list_events(wired.desk, organiser_of(request))
    body = organisers.create_event(wired.desk, organiser_of(request), read_body(request))
    return Response(body=body, status_code=201)


@app.route("/organiser/events/{event_id}", methods=["GET", "PATCH"])
@for_organisers
@json_errors
def organiser_event(event_id: str) -> Any:
    request = current_request(app)
    if request.method == "GET":
        if wants_html(request):  # the back-office's overview of the event
            return events.overview(wired.desk, request, event_id)
        return organisers.get_event(wired.desk, organiser_of(request), event_id)
    return organisers.update_event(wired.desk, organiser_of(request), event_id, read_body(request))


@app.route("/organiser/events/{event_id}/sessions/{session_id}", methods=["PUT"])
@for_organisers
@json_errors
def organiser_session(event_id: str, session_id: str) -> dict[str, Any]:
    request = current_request(app)
    return organisers.put_session(wired.desk, organiser_of(request), event_id, session_id, read_body(request))


@app.route("/organiser/events/{event_id}/documents", methods=["POST"])
@for_organisers
@json_errors
def organiser_documents(event_id: str) -> Response:
    request = current_request(app)
    body = organisers.add_document(wired.desk, wired.files, organiser_of(request), event_id, read_body(request))
    return Response(body=body, status_code=201)


@app.route("/organiser/events/{event_id}/registrations", methods=["GET"])
@for_organisers
@json_errors
def organiser_registrations(event_id: str) -> Any:
    request = current_request(app)
    if wants_html(request):
        return registrations.registrations_page(wired.desk, request, event_id)
    return organisers.list_registrations(wired.desk, organiser_of(request), event_id, request.query_params or {})


@app.route("/organiser/events/{event_id}/registrations/{registration_id}/{decision}", methods=["POST"],
           content_types=[JSON, FORM])
@for_organisers
@json_errors
def organiser_decision(event_id: str, registration_id: str, decision: str) -> Any:
    request = current_request(app)
    answer = organisers.moderate(wired.desk, organiser_of(request), event_id, registration_id, decision)
    if media_type(request) == FORM:  # the back-office's form: back to the list it came from
        return registrations.moderated(request, event_id, answer["registration"]["name"], decision, read_body(request))
    return answer


@app.route("/organiser/events/{event_id}/activity", methods=["GET"])
@for_organisers
@json_errors
def organiser_activity(event_id: str) -> Response:
    return activity.activity_page(wired.desk, wired.activity, current_request(app), event_id)


# -- the back-office: creating and editing an event, its status ------------------------------------------
@app.route("/organiser/new-event", methods=["GET", "POST"], content_types=[FORM, JSON])
@for_organisers
@json_errors
def new_event() -> Response:
    request = current_request(app)
    if request.method == "GET":
        return events.new_form(wired.desk, request)
    return events.create(wired.desk, request, read_body(request))


@app.route("/organiser/events/{event_id}/edit", methods=["GET", "POST"], content_types=[FORM, JSON])
@for_organisers
@json_errors
def edit_event(event_id: str) -> Response:
    request = current_request(app)
    if request.method == "GET":
        return events.edit_form(wired.desk, request, event_id)
    return events.edit(wired.desk, request, event_id, read_body(request))


@app.route("/organiser/events/{event_id}/status/{status}", methods=["GET", "POST"], content_types=[FORM, JSON])
@for_organisers
@json_errors
def event_status(event_id: str, status: str) -> Response:
    request = current_request(app)
    if request.method == "GET":
        return events.status_page(wired.desk, request, event_id, status)
    return events.change_status(wired.desk, request, event_id, status, read_body(request))


# -- the back-office: registrations on the attendees' behalf, the waiting lists ------------------------------
@app.route("/organiser/events/{event_id}/registrations/decisions", methods=["POST"], content_types=[FORM])
@for_organisers
@json_errors
def organiser_decisions(event_id: str) -> Response:
    return bulk.decide_many(wired.desk, current_request(app), event_id)


@app.route("/organiser/events/{event_id}/registrations/new", methods=["GET"])
@for_organisers
@json_errors
def organiser_new_registration(event_id: str) -> Response:
    return add.new_page(wired.desk, current_request(app), event_id)


@app.route("/organiser/events/{event_id}/registrations/new", methods=["POST"], content_types=[FORM])
@for_organisers
@json_errors
def organiser_add_registration(event_id: str) -> Response:
    return add.add(wired.desk, current_request(app), event_id)


@app.route("/organiser/events/{event_id}/registrations/{registration_id}", methods=["GET"])
@for_organisers
@json_errors
def organiser_registration(event_id: str, registration_id: str) -> Response:
    request = current_request(app)
    return registration_pages.detail(wired.desk, request, event_id, registration_id, wants_html(request))


@app.route("/organiser/events/{event_id}/registrations/{registration_id}/cancel", methods=["GET"])
@for_organisers
@json_errors
def organiser_cancel_page(event_id: str, registration_id: str) -> Response:
    return registration_pages.cancel_page(wired.desk, current_request(app), event_id, registration_id)


@app.route("/organiser/events/{event_id}/registrations/{registration_id}/cancel", methods=["POST"],
           content_types=[FORM])
@for_organisers
@json_errors
def organiser_cancel(event_id: str, registration_id: str) -> Response:
    return registration_pages.cancel(wired.desk, current_request(app), event_id, registration_id)


@app.route("/organiser/events/{event_id}/registrations/{registration_id}/role", methods=["POST"],
           content_types=[FORM])
@for_organisers
@json_errors
def organiser_set_role(event_id: str, registration_id: str) -> Response:
    return registration_pages.set_role(wired.desk, current_request(app), event_id, registration_id)


@app.route("/organiser/events/{event_id}/registrations/{registration_id}/move", methods=["GET"])
@for_organisers
@json_errors
def organiser_move_page(event_id: str, registration_id: str) -> Response:
    return registration_pages.move_page(wired.desk, current_request(app), event_id, registration_id)


@app.route("/organiser/events/{event_id}/registrations/{registration_id}/move", methods=["POST"],
           content_types=[FORM])
@for_organisers
@json_errors
def organiser_move(event_id: str, registration_id: str) -> Response:
    return registration_pages.move(wired.desk, current_request(app), event_id, registration_id)


@app.route("/organiser/events/{event_id}/waiting-lists", methods=["GET"])
@for_organisers
@json_errors
def organiser_waiting_lists(event_id: str) -> Response:
    return waiting.waiting_lists_page(wired.desk, current_request(app), event_id)


# -- the back-office: the check-in desk (#15). Cold start: its module is imported by its routes. Check-ins are
# not in the activity log (thousands in an hour): each check-in item records who made it and when.
@app.route("/organiser/events/{event_id}/check-in", methods=["GET"])
@for_organisers
@json_errors
def organiser_checkin_page(event_id: str) -> Response:
    from eventreg.entrypoints.http.office import checkin  # lazy (cold start)

    return checkin.checkin_page(wired.desk, current_request(app), event_id)


@app.route("/organiser/events/{event_id}/check-in", methods=["POST"], content_types=[FORM])
@_as_pages
@_identified
@json_errors
def organiser_check_in(event_id: str) -> Response:
    from eventreg.entrypoints.http.office import checkin  # lazy (cold start)

    return checkin.check_in(wired.desk, current_request(app), event_id)


@app.route("/organiser/events/{event_id}/check-in/undo", methods=["POST"], content_types=[FORM])
@_as_pages
@_identified
@json_errors
def organiser_check_in_undo(event_id: str) -> Response:
    from eventreg.entrypoints.http.office import checkin  # lazy (cold start)

    return checkin.undo(wired.desk, current_request(app), event_id)


@app.route("/organiser/scripts/{name}", methods=["GET"])
def office_script(name: str) -> Response:
    """The check-in page's scanner and QR decoder (static, from this origin: the pages' CSP)."""
    from eventreg.entrypoints.http.office import checkin  # lazy (cold start)

    return checkin.script(name)


# -- the back-office: messages to an event's registrants ----------------------------------------------
# Cold start: the messages' page module (and the messages' rules) is imported by its routes, so that the public
# pages' requests never load it.
@app.route("/organiser/events/{event_id}/messages", methods=["GET", "POST"], content_types=[FORM, JSON])
@for_organisers
@json_errors
def organiser_messages(event_id: str) -> Response:
    from eventreg.entrypoints.http.office import messages  # lazy (cold start)

    request = current_request(app)
    if request.method == "GET":
        return messages.messages_page(wired.desk, wired.writing, request, event_id)
    return messages.send(wired.desk, wired.writing, request, event_id, read_body(request))


@app.route("/organiser/events/{event_id}/messages/new", methods=["GET", "POST"], content_types=[FORM, JSON])
@for_organisers
@json_errors
def organiser_message_form(event_id: str) -> Response:
    """The compose form; POST: back from the preview to change it (nothing is saved)."""
    from eventreg.entrypoints.http.office import messages  # lazy (cold start)

    request = current_request(app)
    form = read_body(request) if request.method == "POST" else None
    return messages.compose_page(wired.desk, request, event_id, form)


@app.route("/organiser/events/{event_id}/messages/preview", methods=["POST"], content_types=[FORM])
@for_organisers
@json_errors
def organiser_message_preview(event_id: str) -> Response:
    from eventreg.entrypoints.http.office import messages  # lazy (cold start)

    request = current_request(app)
    return messages.preview_page(wired.desk, wired.writing, request, event_id, read_body(request))


@app.route("/organiser/events/{event_id}/certificates", methods=["POST"], content_types=[FORM])
@for_organisers
@json_errors
def organiser_certificates(event_id: str) -> Response:
    """Every certificate of attendance by mail; its progress is a message's."""
    from eventreg.entrypoints.http.office import messages  # lazy (cold start)

    request = current_request(app)
    return messages.send_certificates(wired.desk, wired.writing, wired.certificates, request, event_id,
                                      read_body(request))


@app.route("/organiser/events/{event_id}/messages/{message_id}", methods=["GET"])
@for_organisers
@json_errors
def organiser_message(event_id: str, message_id: str) -> Response:
    from eventreg.entrypoints.http.office import messages  # lazy (cold start)

    request = current_request(app)
    return messages.progress_page(wired.desk, wired.writing, request, event_id, message_id)


@app.route("/organiser/events/{event_id}/downloads", methods=["GET"])
@for_organisers
@json_errors
def organiser_downloads(event_id: str) -> Response:
    """The back-office's downloads page (HTML): the files the reports service makes for the event."""
    return downloads.downloads_page(wired.desk, wired.exports, wired.direct_rows, current_request(app),
                                           event_id)


# -- the back-office: an event's documents (the file goes from the browser straight to storage) -------------
@app.route("/organiser/events/{event_id}/documents", methods=["GET"])
@for_organisers
@json_errors
def documents_page(event_id: str) -> Response:
    return documents.list_page(wired.desk, wired.files, current_request(app), event_id)


@app.route("/organiser/events/{event_id}/documents/new", methods=["GET", "POST"], content_types=[FORM, JSON])
@for_organisers
@json_errors
def new_document(event_id: str) -> Response:
    request = current_request(app)
    if request.method == "GET":
        return documents.new_form(wired.desk, request, event_id)
    return documents.create(wired.desk, request, event_id, read_body(request))


@app.route("/organiser/events/{event_id}/documents/{document_id}/upload", methods=["GET"])
@for_organisers
@json_errors
def document_upload(event_id: str, document_id: str) -> Response:
    return documents.upload_page(wired.desk, wired.files, current_request(app), event_id, document_id)


@app.route("/organiser/events/{event_id}/documents/{document_id}/uploaded", methods=["GET"])
@for_organisers
@json_errors
def document_uploaded(event_id: str, document_id: str) -> Response:
    return documents.uploaded(wired.desk, wired.files, current_request(app), event_id, document_id)


@app.route("/organiser/events/{event_id}/documents/{document_id}/remove", methods=["GET", "POST"],
           content_types=[FORM, JSON])
@for_organisers
@json_errors
def remove_document(event_id: str, document_id: str) -> Response:
    request = current_request(app)
    if request.method == "GET":
        return documents.remove_page(wired.desk, request, event_id, document_id)
    return documents.remove(wired.desk, request, event_id, document_id, read_body(request))


# -- the back-office: an event's programme (sessions by day, one session's form, import from CSV/XLSX) ---------
# Cold start: the programme's page module (rows, import, upload parsing) is imported by its routes.
@app.route("/organiser/events/{event_id}/programme", methods=["GET"])
@for_organisers
@json_errors
def programme_page(event_id: str) -> Response:
    from eventreg.entrypoints.http.office import programme  # lazy (cold start)

    return programme.programme_page(wired.desk, current_request(app), event_id)


# A browser's GET has no body (and no Content-Type); the forms' POSTs are typed: one route for each.
@app.route("/organiser/events/{event_id}/programme/sessions/new", methods=["GET"])
@for_organisers
@json_errors
def programme_new_session_form(event_id: str) -> Response:
    from eventreg.entrypoints.http.office import programme  # lazy (cold start)

    return programme.session_form(wired.desk, current_request(app), event_id, None)


@app.route("/organiser/events/{event_id}/programme/sessions/new", methods=["POST"], content_types=[FORM])
@for_organisers
@json_errors
def programme_new_session(event_id: str) -> Response:
    from eventreg.entrypoints.http.office import programme  # lazy (cold start)

    return programme.save_session(wired.desk, current_request(app), event_id, None)


@app.route("/organiser/events/{event_id}/programme/sessions/{session_id}/edit", methods=["GET"])
@for_organisers
@json_errors
def programme_session_form(event_id: str, session_id: str) -> Response:
    from eventreg.entrypoints.http.office import programme  # lazy (cold start)

    return programme.session_form(wired.desk, current_request(app), event_id, session_id)


@app.route("/organiser/events/{event_id}/programme/sessions/{session_id}/edit", methods=["POST"],
           content_types=[FORM])
@for_organisers
@json_errors
def programme_edit_session(event_id: str, session_id: str) -> Response:
    from eventreg.entrypoints.http.office import programme  # lazy (cold start)

    return programme.save_session(wired.desk, current_request(app), event_id, session_id)


@app.route("/organiser/events/{event_id}/programme/import", methods=["GET"])
@for_organisers
@json_errors
def programme_import_form(event_id: str) -> Response:
    from eventreg.entrypoints.http.office import programme  # lazy (cold start)

    return programme.import_form(wired.desk, current_request(app), event_id)


@app.route("/organiser/events/{event_id}/programme/import", methods=["POST"], content_types=[MULTIPART])
@for_organisers
@json_errors
def programme_import(event_id: str) -> Response:
    from eventreg.entrypoints.http.office import programme  # lazy (cold start)

    return programme.upload(wired, current_request(app), event_id)


@app.route("/organiser/events/{event_id}/programme/import/{import_id}", methods=["POST"], content_types=[FORM])
@for_organisers
@json_errors
def programme_import_apply(event_id: str, import_id: str) -> Response:
    from eventreg.entrypoints.http.office import programme  # lazy (cold start)

    return programme.apply(wired, current_request(app), event_id, import_id)


@app.route("/organiser/events/{event_id}/programme/template.csv", methods=["GET"])
@for_organisers
@json_errors
def programme_template(event_id: str) -> Response:
    from eventreg.entrypoints.http.office import programme  # lazy (cold start)

    return programme.template_csv(wired.desk, current_request(app), event_id)


# -- jobs ---------------------------------------------------------------------------------------------
@app.schedule(Rate(1, unit=Rate.MINUTES))
def close_registrations(event: Any) -> None:
    jobs.close_registrations()


# Cold start: loading the app builds ~50,000 objects that live as long as the container, and the collector,
# run every 700 allocations, scanned them again and again (~100 ms of registration's import on this machine,
# one full collection included). Collection was off while loading; the loaded objects are now moved out of its
# sight (gc.freeze), so neither this nor later collections during requests scan them, and collection resumes.
gc.freeze()
gc.enable()
