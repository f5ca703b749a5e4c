"""The back-office's event pages: an event's overview, creating and editing an event (the same data and use
cases as the organiser API: register/organising.create_event / update_event), a preview of the attendees'
mail with the organiser's wording, and the status lifecycle (a confirmation page, then the change).

Full organisers edit; a partner sees the overview with its own sessions only and gets 403 elsewhere."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from chalice import Response

from eventreg.auth import identify, signed_in
from eventreg.domain import organising
from eventreg.domain.access import Access
from eventreg.domain.errors import N_, DomainError, Forbidden, Message, ValidationFailed
from eventreg.domain.events import Event
from eventreg.domain.models import Registration, RegistrationStatus, utc_now
from eventreg.domain.types import LANGUAGES, EventStatus
from eventreg.entrypoints.http.office import activity, event_form, event_pages
from eventreg.entrypoints.http.office.chrome import chrome, language, page
from eventreg.http import base_path
from eventreg.notify import overrides
from eventreg.programme import Programme

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Desk

FULL_ONLY = Message(N_("Only the event's organisers can do this; partners manage their own sessions."))


class UnknownStatus(DomainError):
    code = "not_found"
    status = 404


def _full(who: Access) -> None:
    if not who.full:
        raise Forbidden(FULL_ONLY)


def _see_other(request: Any, path: str) -> Response:
    return Response(body="", status_code=303, headers={"Location": base_path(request) + path,
                                                        "Cache-Control": "no-store"})


# -- the overview -------------------------------------------------------------------------------------------
def overview(desk: Desk, request: Any, event_id: str) -> Response:
    who = identify(request)
    programme, access = desk.organising.programme(event_id, who.organiser_id)
    lang = language(request)
    done = str((request.query_params or {}).get("done") or "")
    return page(request, "event.html", **event_pages.overview_values(programme, access, lang),
                notice=event_pages.done_notice(done, lang), **chrome(request))


# -- creating and editing ---------------------------------------------------------------------------------
def new_form(desk: Desk, request: Any) -> Response:
    identify(request)
    values = {"language": "en", "timezone": "Europe/Brussels", "modes": ["in_person"],
              "rows": str(event_form.rows({}, 0))}
    return _form_page(request, None, values)


def edit_form(desk: Desk, request: Any, event_id: str) -> Response:
    who = identify(request)
    programme, access = desk.organising.programme(event_id, who.organiser_id)
    _full(access)
    return _form_page(request, programme.event, event_form.form_values(programme.event))


def create(desk: Desk, request: Any, form: dict[str, Any]) -> Response:
    who = identify(request, csrf_token=str(form.get("csrf_token") or ""))
    data, problems = event_form.event_data(form, creating=True)

    def check() -> Event:
        return organising.new_event(dict(data), who.organiser_id, check_mail=overrides.check)

    answer = _not_saving(request, None, form, data, problems, check)
    if answer is not None:
        return answer
    try:
        event = desk.organising.create_event(who.organiser_id, data)
    except DomainError as error:
        return _form_page(request, None, event_form.typed_values(form), error=error)
    return _see_other(request, f"/organiser/events/{event.event_id}?done=created")


def edit(desk: Desk, request: Any, event_id: str, form: dict[str, Any]) -> Response:
    who = identify(request, csrf_token=str(form.get("csrf_token") or ""))
    programme, access = desk.organising.programme(event_id, who.organiser_id)
    _full(access)
    current = programme.event
    data, problems = event_form.event_data(form, creating=False)

    def check() -> Event:
        return organising.updated_event(current, dict(data), check_mail=overrides.check)

    answer = _not_saving(request, current, form, data, problems, check)
    if answer is not None:
        return answer
    try:
        desk.organising.update_event(who.organiser_id, event_id, data)
    except DomainError as error:
        return _form_page(request, current, event_form.typed_values(form), error=error)
    return _see_other(request, f"/organiser/events/{event_id}?done=saved")


def _not_saving(request: Any, current: Event | None, form: dict[str, Any], data: dict[str, Any],
                problems: dict[str, Message], check: Any) -> Response | None:
    """The form again instead of saving: more question rows asked for, a mail preview asked for, or fields
    the form could not read (then with the rules' other findings too, all at once). None: go on and save."""
    values = event_form.typed_values(form)
    if not problems and "preview" not in form and "more_rows" not in form:
        return None
    activity.unchanged(request)  # the form again: nothing for the activity log
    if "more_rows" in form:
        return _form_page(request, current, values)
    try:
        event = check()
    except DomainError as error:
        error.fields = {**error.fields, **problems}
        return _form_page(request, current, values, error=error)
    if problems:
        return _form_page(request, current, values, error=ValidationFailed(
            Message(N_("Some fields need your attention.")), fields=dict(problems)))
    return _form_page(request, current, values, preview=_preview(request, event, form))


def _preview(request: Any, event: Event, form: dict[str, Any]) -> dict[str, Any]:
    """The mail an attendee would get (the organiser's wording if set, else the standard one), composed by
    the notifications' own code with a sample registration; nothing is sent."""
    # Lazy (cold start): the mail composer (MIME, icalendar) loads with the first preview, not the app.
    from eventreg.notify import letters

    kind = str(form.get("preview_kind") or "confirmed")
    kind = kind if kind in letters.STATES else "confirmed"
    lang = str(form.get("preview_language") or event.language)
    lang = lang if lang in LANGUAGES else event.language
    session = signed_in(request)
    sample = Registration(registration_id="preview", event_id=event.event_id,
                          name=(session.name if session else "") or "Alex Example", email="attendee@example.org",
                          organisation="", country="BE", attendance_mode=event.modes[0],
                          status=RegistrationStatus.CONFIRMED, created_at=utc_now(), preferred_language=lang)
    from eventreg.adapters.origin import public_url  # only for the sender's address and the public links
    from eventreg.config import settings

    mail = letters.registrant_mail(kind, event, [], sample, {}, sender=settings().mail_from,
                                   public_url=public_url()).parsed()
    body = mail.get_body(preferencelist=("plain",))
    return {"kind": kind, "language": lang, "subject": str(mail["Subject"]), "sender": str(mail["From"]),
            "reply_to": str(mail["Reply-To"] or ""), "to": str(mail["To"]),
            "text": body.get_content().replace("\r\n", "\n") if body is not None else "",
            "attachments": [part.get_filename() for part in mail.iter_attachments()]}


def _form_page(request: Any, current: Event | None, values: dict[str, Any], *, error: DomainError | None = None,
               preview: dict[str, Any] | None = None) -> Response:
    lang = language(request)
    status = error.status if error else 200
    shown = event_pages.form_values(values, current, lang, error, preview)
    return page(request, "event_form.html", status, **shown, **chrome(request))


# -- the status lifecycle ---------------------------------------------------------------------------------
def _next_status(programme: Programme, access: Access, wanted: str) -> EventStatus:
    _full(access)
    try:
        target = EventStatus(wanted)
    except ValueError:
        raise UnknownStatus(Message(N_("Unknown status."))) from None
    if target not in organising.NEXT_STATUSES[programme.event.status]:
        raise organising.status_change_refused(programme.event.status, target)
    return target


def status_page(desk: Desk, request: Any, event_id: str, wanted: str) -> Response:
    """What changing the status will do (who gets a mail), with the button that does it."""
    who = identify(request)
    programme, access = desk.organising.programme(event_id, who.organiser_id)
    target = _next_status(programme, access, wanted)
    lang = language(request)
    return page(request, "event_status.html", **event_pages.status_values(programme.event, target, lang),
                **chrome(request))


def change_status(desk: Desk, request: Any, event_id: str, wanted: str, form: dict[str, Any]) -> Response:
    who = identify(request, csrf_token=str(form.get("csrf_token") or ""))
    programme, access = desk.organising.programme(event_id, who.organiser_id)
    target = _next_status(programme, access, wanted)
    desk.organising.update_event(who.organiser_id, event_id, {"status": target.value})
    return _see_other(request, f"/organiser/events/{event_id}?done=status-{quote(target.value)}")
