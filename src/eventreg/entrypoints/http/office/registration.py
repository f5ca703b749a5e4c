"""One registration in the back-office: its detail (HTML, or JSON for other clients), cancelling on the person's
behalf (a confirmation page, then the POST), moving them (attendance mode and/or sessions) and their role. The
rules and the writes are eventreg.register.on_behalf's; here: parse the form, call, answer a page or a redirect."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Response

from eventreg.auth import identify
from eventreg.domain.errors import N_, DomainError, Message, ValidationFailed
from eventreg.domain.models import AttendanceMode, AttendanceRole, Registration, localize
from eventreg.entrypoints.http.office.chrome import chrome, error_page, language, page
from eventreg.entrypoints.http.pages import registration_json, shown
from eventreg.http import base_path, read_body
from eventreg.locale.catalog import words
from eventreg.locale.countries import country_names
from eventreg.locale.dates import format_clock, format_day, format_instant
from eventreg.locale.languages import LANGUAGE_NAMES
from eventreg.locale.names import MODES, ORGANISATION_TYPES, ROLES, STATUSES, named
from eventreg.programme import Programme

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Desk


def here(event_id: str, registration_id: str = "") -> str:
    """The back-office path of an event's registrations, or of one of them."""
    path = f"/organiser/events/{event_id}/registrations"
    return f"{path}/{registration_id}" if registration_id else path


def see_other(request: Any, path: str) -> Response:
    return Response(body="", status_code=303, headers={"Location": f"{base_path(request)}{path}",
                                                        "Cache-Control": "no-store"})


def problem(request: Any, error: DomainError, event_id: str = "") -> Response:
    """A refusal (403, 404, 409...) as the back-office's error page in the reader's language, with a way back."""
    return error_page(request, error.status, error, event_id)


def sessions_named(programme: Programme, ids: list[str], lang: str) -> list[str]:
    """Sessions as people read them: day, time and title (an id that is no longer in the programme as is)."""
    event = programme.event
    named_sessions = []
    for session_id in ids:
        session = programme.sessions.get(session_id)
        named_sessions.append(session_id if session is None else
                              f"{format_day(session.starts_at, event.timezone, lang)} "
                              f"{format_clock(session.starts_at, event.timezone, lang)} "
                              f"{session.title_in(lang, event.language)}")
    return named_sessions


def _facts(programme: Programme, registration: Registration, lang: str) -> dict[str, Any]:
    event = programme.event
    _ = words(lang)
    labels = {q.question_id: localize(q.label, lang, event.language) for q in event.questions}
    answers = []
    for question_id, answer in registration.answers.items():
        shown_answer = (_("Yes") if answer else _("No")) if isinstance(answer, bool) \
            else ", ".join(answer) if isinstance(answer, list) else answer
        answers.append((labels.get(question_id, question_id), shown_answer))
    return {
        "status": named(STATUSES, registration.status.value, _),
        "mode": named(MODES, registration.attendance_mode.value, _),
        "role": named(ROLES, registration.role.value, _),
        "roles": [(role.value, named(ROLES, role.value, _)) for role in AttendanceRole],
        "organisation_type": named(ORGANISATION_TYPES, registration.organisation_type.value, _),
        "country": country_names(lang).get(registration.country, registration.country),
        "language": LANGUAGE_NAMES.get(registration.preferred_language, registration.preferred_language),
        "seated": sessions_named(programme, registration.sessions, lang),
        "waiting": sessions_named(programme, registration.waitlisted_sessions, lang),
        "answers": answers,
        "created": format_instant(registration.created_at, event.timezone, lang),
        "updated": format_instant(registration.updated_at, event.timezone, lang) if registration.updated_at else "",
    }


def detail(desk: Desk, request: Any, event_id: str, registration_id: str, as_html: bool) -> Response:
    """Everything the person gave and what became of it; JSON ({"registration": ...}) for other clients."""
    who = identify(request)
    try:
        programme, access, registration = desk.on_behalf.registration(who.organiser_id, event_id, registration_id)
    except DomainError as error:
        if not as_html:
            raise
        return problem(request, error, event_id)
    if not as_html:
        return Response(body={"registration": registration_json(registration, manage_link=access.full)},
                        status_code=200, headers={"Content-Type": "application/json", "Cache-Control": "no-store"})
    lang = language(request)
    query = request.query_params or {}
    return page(request, "registration.html", event=programme.event, title=programme.event.title_in(lang),
                registration=registration, facts=_facts(programme, registration, lang), full_access=access.full,
                list_path=here(event_id), this_path=here(event_id, registration_id),
                notice=done_notice(str(query.get("done") or "")[:40]), **chrome(request))


# -- cancel on their behalf ------------------------------------------------------------------------------------
def cancel_page(desk: Desk, request: Any, event_id: str, registration_id: str) -> Response:
    """The confirmation: who, what they hold, and that freed places go to the first in line."""
    who = identify(request)
    lang = language(request)
    try:
        programme, _, registration = desk.on_behalf.registration(who.organiser_id, event_id, registration_id)
    except DomainError as error:
        return problem(request, error, event_id)
    return page(request, "registration_cancel.html", event=programme.event, title=programme.event.title_in(lang),
                registration=registration, facts=_facts(programme, registration, lang),
                this_path=here(event_id, registration_id), **chrome(request))


def cancel(desk: Desk, request: Any, event_id: str, registration_id: str) -> Response:
    who = identify(request)
    try:
        _, promoted = desk.on_behalf.cancel(who.organiser_id, event_id, registration_id)
    except DomainError as error:
        return problem(request, error, event_id)
    return see_other(request, f"{here(event_id, registration_id)}?done=cancelled:{len(promoted)}")


# -- move them ---------------------------------------------------------------------------------------------------
def move_page(desk: Desk, request: Any, event_id: str, registration_id: str,
              error: DomainError | None = None, chosen: tuple[str, list[str]] | None = None) -> Response:
    """The form: attendance mode (full organisers) and sessions (a partner: its own; the others are kept)."""
    who = identify(request)
    lang = language(request)
    try:
        programme, access, registration = desk.on_behalf.registration(who.organiser_id, event_id, registration_id)
    except DomainError as problem_error:
        return problem(request, problem_error, event_id)
    event = programme.event
    mode, sessions = chosen or (registration.attendance_mode.value,
                                registration.sessions + registration.waitlisted_sessions)
    editable = sorted((s for s in programme.sessions.values() if access.full or s.session_id in access.sessions),
                      key=lambda s: (s.starts_at, s.session_id))
    _ = words(lang)
    options = [{
        "session_id": s.session_id,
        "label": f"{format_day(s.starts_at, event.timezone, lang)} {format_clock(s.starts_at, event.timezone, lang)}"
                 f"–{format_clock(s.ends_at, event.timezone, lang)} {s.title_in(lang, event.language)}",
        "places": s.places,
        "held": s.session_id in registration.sessions,
        "waiting": s.session_id in registration.waitlisted_sessions,
    } for s in editable]
    kept = [s for s in registration.sessions + registration.waitlisted_sessions
            if s not in {o["session_id"] for o in options}]
    return page(request, "registration_move.html", error.status if error else 200, event=event,
                title=event.title_in(lang), registration=registration, options=options, kept=kept,
                modes=[(m.value, named(MODES, m.value, _)) for m in event.modes], mode=mode, chosen=sessions,
                full_access=access.full, error=shown(error, lang), this_path=here(event_id, registration_id),
                **chrome(request))


def move(desk: Desk, request: Any, event_id: str, registration_id: str) -> Response:
    form = read_body(request)
    who = identify(request)
    raw_mode = form.get("attendance_mode")
    raw_sessions = form.get("sessions", [])
    sessions = [s for s in ([raw_sessions] if isinstance(raw_sessions, str) else raw_sessions) if isinstance(s, str)]
    mode_value = raw_mode if isinstance(raw_mode, str) else ""
    try:
        if mode_value not in {m.value for m in AttendanceMode}:
            raise ValidationFailed(Message(N_("Some fields need your attention.")),
                                   fields={"attendance_mode": Message(N_("This field is required."))})
        desk.on_behalf.move(who.organiser_id, event_id, registration_id, AttendanceMode(mode_value), sessions)
    except ValidationFailed as error:
        return move_page(desk, request, event_id, registration_id, error, (mode_value, sessions))
    except DomainError as error:
        if error.status == 409:  # full, or no longer changeable: the form again, saying why
            return move_page(desk, request, event_id, registration_id, error, (mode_value, sessions))
        return problem(request, error, event_id)
    return see_other(request, f"{here(event_id, registration_id)}?done=moved")


# -- their role (the badge's) -----------------------------------------------------------------------------------
def set_role(desk: Desk, request: Any, event_id: str, registration_id: str) -> Response:
    """The detail page's role form: saved, then back to the detail; a value that is no role is a 400 page."""
    raw = read_body(request).get("role")
    try:
        if not isinstance(raw, str) or raw not in {r.value for r in AttendanceRole}:
            raise ValidationFailed(Message(N_("Some fields need your attention.")),
                                   fields={"role": Message(N_("This field is required."))})
        desk.on_behalf.set_role(identify(request).organiser_id, event_id, registration_id, AttendanceRole(raw))
    except DomainError as error:
        return problem(request, error, event_id)
    return see_other(request, f"{here(event_id, registration_id)}?done=role")


def done_notice(notice: str) -> tuple[str, int]:
    """The `done` of a redirect back to the detail: what was done and how many took freed places."""
    what, _, count = notice.partition(":")
    return what, int(count) if count.isdigit() else 0
