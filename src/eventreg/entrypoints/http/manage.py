"""Self-service through the signed manage link: view, change (until the modification deadline) and
cancel a registration, as a web page and as JSON."""

from __future__ import annotations

from typing import Any

from chalice import Response
from pydantic import ConfigDict, Field, ValidationError

from eventreg.domain.base_model import DomainModel
from eventreg.domain.checkins import EVENT_SCOPE
from eventreg.domain.errors import N_, DomainError, Forbidden, Message, ValidationFailed
from eventreg.domain.models import (
    MAX_SESSIONS,
    AttendanceMode,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
    utc_now,
)
from eventreg.domain.parsing import field_messages
from eventreg.domain.types import Slug
from eventreg.entrypoints.http.forms import TRUE
from eventreg.entrypoints.http.pages import registration_json, shown
from eventreg.http import FORM, Request, html, media_type, read_body
from eventreg.links import certificate_path, checkin_code, directory_path, manage_path, report_path, token_valid
from eventreg.locale.catalog import words
from eventreg.locale.dates import format_day
from eventreg.locale.errors import in_language, written_out
from eventreg.locale.languages import pick_language
from eventreg.ports import CheckinStore, SentMails
from eventreg.register.managing import Manager
from eventreg.templates import environment


class InvalidLink(Forbidden):
    code = "invalid_link"


class ChangeRequest(DomainModel):
    model_config = ConfigDict(extra="forbid")
    attendance_mode: AttendanceMode | None = None
    sessions: list[Slug] | None = Field(default=None, max_length=MAX_SESSIONS)
    list_consent: bool | None = None  # one's own consent to the list of participants; any time, no mail


def _token(request: Request) -> str | None:
    query = getattr(request, "query_params", None) or {}
    token = query.get("token") or request.headers.get("x-manage-token")
    return str(token) if token else None


def authorised(event_id: str, registration_id: str, request: Request) -> None:
    if not token_valid(event_id, registration_id, _token(request)):
        raise InvalidLink(Message(N_("This link is not valid. Use the link from your confirmation email.")))


def _parsed(data: dict[str, Any]) -> ChangeRequest:
    try:
        return ChangeRequest.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(Message(N_("Some fields need your attention.")), fields=field_messages(exc)) from exc


def _parse_change(data: dict[str, Any], current: Registration) -> tuple[AttendanceMode, list[str]]:
    change = _parsed(data)
    mode = change.attendance_mode or current.attendance_mode
    sessions = change.sessions if change.sessions is not None else current.sessions + current.waitlisted_sessions
    return mode, sessions


# -- JSON -----------------------------------------------------------------------------------------
def get_json(manager: Manager, log: SentMails, event_id: str, registration_id: str,
             request: Request) -> dict[str, Any]:
    """The registration and the mails it was sent (the send log): what lets a deployment's smoke test see
    the confirmation go out on AWS too, where there is no outbox to read."""
    authorised(event_id, registration_id, request)
    return {"registration": registration_json(manager.get(event_id, registration_id)),
            "mails": [{"kind": m.kind, "key": m.key, "sent_at": m.sent_at}
                      for m in log.sent_mails(event_id, registration_id)]}


def patch_json(manager: Manager, event_id: str, registration_id: str, request: Request) -> dict[str, Any]:
    authorised(event_id, registration_id, request)
    body = read_body(request)
    asked = _parsed(body)
    registration = manager.get(event_id, registration_id)
    if asked.list_consent is not None:  # its own transition: allowed after the modification deadline too
        registration = manager.set_list_consent(event_id, registration_id, asked.list_consent, utc_now())
    if asked.list_consent is None or asked.attendance_mode is not None or asked.sessions is not None:
        mode, sessions = _parse_change({k: v for k, v in body.items() if k != "list_consent"}, registration)
        registration, _ = manager.change(event_id, registration_id, mode, sessions, utc_now())
    return {"registration": registration_json(registration)}


def delete_json(manager: Manager, event_id: str, registration_id: str, request: Request) -> dict[str, Any]:
    authorised(event_id, registration_id, request)
    registration, _ = manager.cancel(event_id, registration_id, utc_now())
    return {"registration": registration_json(registration)}


# -- the page ---------------------------------------------------------------------------------------
def linked(manager: Manager, event_id: str, registration_id: str, request: Request) -> Registration | Response:
    """The registration a signed link opens, or the page that says why it does not."""
    try:
        authorised(event_id, registration_id, request)
        return manager.get(event_id, registration_id)
    except DomainError as error:
        return problem_page(error, request)


def page(manager: Manager, event_id: str, registration_id: str, request: Request,
         checkins: CheckinStore | None = None) -> Response:
    registration = linked(manager, event_id, registration_id, request)
    if isinstance(registration, Response):
        return registration
    language = _language(request, registration)
    return html(render(manager, registration, language, checkins=checkins))


def problem_page(error: DomainError, request: Request) -> Response:
    """A wrong or cut-short link in a browser: a page that says what happened and what to do."""
    query = getattr(request, "query_params", None) or {}
    language = pick_language(query.get("lang"), request.headers.get("accept-language"), "en")
    body = environment().get_template("web/problem.html").render(
        lang=language, message=in_language(written_out(error).message, language))
    return html(body, error.status)


def post(manager: Manager, event_id: str, registration_id: str, request: Request,
         checkins: CheckinStore | None = None) -> Response:
    registration = linked(manager, event_id, registration_id, request)
    if isinstance(registration, Response):
        return registration
    values = read_body(request) if media_type(request) == FORM else {}
    language = _language(request, registration)
    notice = None
    try:
        if values.get("action") == "cancel":
            if str(values.get("confirm", "")).lower() not in TRUE:
                raise ValidationFailed(Message(N_("Tick the box to confirm the cancellation.")),
                                       fields={"confirm": Message(N_("Confirm that you want to cancel."))})
            registration, promoted = manager.cancel(event_id, registration_id, utc_now())
            notice = "passed_on" if promoted else "cancelled"
        elif values.get("action") == "list_consent":
            consent = str(values.get("list_consent", "")).lower() in TRUE
            registration = manager.set_list_consent(event_id, registration_id, consent, utc_now())
            notice = "changed"
        else:
            chosen = values.get("sessions", [])
            data = {"attendance_mode": values.get("attendance_mode") or None,
                    "sessions": [chosen] if isinstance(chosen, str) else list(chosen)}
            mode, sessions = _parse_change(data, registration)
            registration, _ = manager.change(event_id, registration_id, mode, sessions, utc_now())
            notice = "changed"
    except DomainError as error:
        return html(render(manager, registration, language, error=error, checkins=checkins), error.status)
    return html(render(manager, registration, language, notice=notice, checkins=checkins))


def _certificate(checkins: CheckinStore | None, event: Event, registration: Registration, language: str) -> str:
    """The certificate of attendance's link, once the event is over, for someone checked in at it (one GetItem)."""
    if checkins is None or registration.anonymised or utc_now() < event.ends_at:
        return ""
    if checkins.checkin(event.event_id, EVENT_SCOPE, registration.registration_id) is None:
        return ""
    return f"{certificate_path(event.event_id, registration.registration_id)}&lang={language}"


def checkin_qr(event: Event, registration: Registration, language: str) -> str:
    """The check-in QR code as inline SVG for a confirmed registration of an event that goes ahead, else ""."""
    if registration.status is not RegistrationStatus.CONFIRMED or registration.anonymised \
            or event.status is EventStatus.CANCELLED:
        return ""
    from eventreg.qr_codes import svg  # segno: only pages that show a code load it

    return svg(checkin_code(event.event_id, registration.registration_id), words(language)(QR_LABEL))


QR_LABEL = N_("Check-in QR code")


def _language(request: Request, registration: Registration) -> str:
    query = getattr(request, "query_params", None) or {}
    return pick_language(query.get("lang"), None, registration.preferred_language)


def render(manager: Manager, registration: Registration, language: str,
           error: DomainError | None = None, notice: str | None = None, checkins: CheckinStore | None = None) -> str:
    """The page with the places left as they are now (a change just made moves them) and, for someone waiting,
    where they stand on each list."""
    programme = manager.programmes.fresh(registration.event_id)
    event = programme.event
    positions = {} if registration.anonymised else manager.waiting_positions(registration)
    sessions = sorted(programme.sessions.values(), key=lambda s: (s.starts_at, s.session_id))
    can_change = utc_now() < event.modification_closes_at and registration.status.holds_place \
        and not registration.anonymised
    action = manage_path(event.event_id, registration.registration_id)
    report = None
    if registration.delegation_lead and registration.delegation_id and not registration.anonymised:
        report = {"html": f"{report_path(event.event_id, registration.registration_id)}&lang={language}",
                  "docx": f"{report_path(event.event_id, registration.registration_id, docx=True)}&lang={language}"}
    listed = registration.status is RegistrationStatus.CONFIRMED and not registration.anonymised
    return environment().get_template("web/manage.html").render(
        report=report,
        qr=checkin_qr(event, registration, language),
        certificate=_certificate(checkins, event, registration, language),
        directory=f"{directory_path(event.event_id, registration.registration_id)}&lang={language}" if listed
        else None,
        event=event,
        lang_href=lambda code: f"{action}&lang={code}",
        registration=registration,
        sessions=sessions,
        session_by_id=programme.sessions,
        lang=language,
        day=lambda s: format_day(s.starts_at, event.timezone, language),
        can_change=can_change,
        action=action,
        error=shown(error, language),
        notice=notice,
        positions=positions,
        waiting=registration.status is RegistrationStatus.WAITLISTED,
    )

