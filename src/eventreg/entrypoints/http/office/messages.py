"""The back-office's messages to an event's registrants (HTML, signed-in organisers and partners): the messages
sent, the compose form (filters, one subject and text per event language), its preview, sending (each its own
route: compose and preview change nothing, sending records and queues), and a message's progress. The event's
organisers also send every certificate of attendance from here (a broadcast of its own kind, the same progress).

HTTP only: read the form, call notify.broadcast.writing on the caller's access, render or redirect."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from chalice import Response

from eventreg.auth import identify, signed_in
from eventreg.domain.broadcasts import CERTIFICATES, MAX_BODY, MAX_SUBJECT, Audience, Broadcast, event_languages
from eventreg.domain.certificates import CertificatesAlreadySent, CertificatesNotYet, NobodyCheckedIn
from eventreg.domain.errors import N_, Message, TooManyMessages, ValidationFailed
from eventreg.domain.ids import is_generated
from eventreg.domain.models import new_id
from eventreg.entrypoints.http.office import activity
from eventreg.entrypoints.http.office.chrome import chrome, language, page
from eventreg.http import base_path
from eventreg.locale.catalog import words
from eventreg.locale.dates import format_instant
from eventreg.locale.errors import in_language
from eventreg.locale.languages import LANGUAGE_NAMES
from eventreg.locale.names import MODES, STATUSES, named

if TYPE_CHECKING:
    from eventreg.domain.access import Access
    from eventreg.entrypoints.bootstrap.registration import Desk
    from eventreg.notify.broadcast.certificates import CertificateSending
    from eventreg.notify.broadcast.writing import Writing
    from eventreg.programme import Programme

REFRESH_SECONDS = 5  # the progress page reloads itself this often while the message is being sent
FORM_FIELDS = ("status", "mode", "session")


def _context(desk: Desk, request: Any, event_id: str) -> tuple[Programme, Access, str, dict[str, Any]]:
    who = identify(request)
    programme, access = desk.organising.programme(event_id, who.organiser_id)
    lang = language(request)
    event = programme.event
    return programme, access, lang, {"event": event, "title": event.title_in(lang), **chrome(request)}


def _subject(broadcast: Broadcast, lang: str) -> str:
    if broadcast.kind == CERTIFICATES:
        return words(lang)(N_("Certificates of attendance"))
    return broadcast.text_for(lang)[1].subject


def _sent_to(broadcast: Broadcast, programme: Programme, lang: str) -> str:
    if broadcast.kind == CERTIFICATES:
        return words(lang)(N_("Everyone checked in"))
    return _audience_names(broadcast.audience, programme, lang)


def _audience_names(audience: Audience, programme: Programme, lang: str) -> str:
    """A message's filters in words, e.g. "Confirmed · Online · Opening session"."""
    said = words(lang)
    parts = [named(STATUSES, audience.status, said) if audience.status else said(N_("Every live registration")),
             *([named(MODES, audience.mode, said)] if audience.mode else [])]
    if audience.session and audience.session in programme.sessions:
        parts.append(programme.sessions[audience.session].title_in(lang))
    return " · ".join(parts)


def messages_page(desk: Desk, writing: Writing, request: Any, event_id: str, problem: str = "",
                  status: int = 200) -> Response:
    """The messages sent, newest first, and (for the event's organisers) the button that sends the certificates;
    `problem`: why that was refused, said on the page."""
    programme, access, lang, shown = _context(desk, request, event_id)
    event = programme.event
    rows = [{"broadcast": b, "subject": _subject(b, lang),
             "written": format_instant(b.created_at, event.timezone, lang),
             "audience": _sent_to(b, programme, lang)} for b in writing.sent(event_id, access)]
    return page(request, "messages.html", status, rows=rows, full_access=access.full, send_id=new_id(),
                problem=problem, **shown)


def _form_values(programme: Programme, access: Access, lang: str, form: Mapping[str, Any]) -> dict[str, Any]:
    """What the compose form shows: the filters on offer (a partner: its own sessions) and what was typed."""
    event = programme.event
    sessions = sorted((s for s in programme.sessions.values() if access.full or s.session_id in access.sessions),
                      key=lambda s: (s.starts_at, s.session_id))
    languages = event_languages(event)
    return {
        "statuses": [(code, named(STATUSES, code, words(lang))) for code in STATUSES],
        "modes": [(mode.value, named(MODES, mode.value, words(lang))) for mode in event.modes],
        "sessions": [(s.session_id, s.title_in(lang)) for s in sessions],
        "languages": [(code, LANGUAGE_NAMES.get(code, code)) for code in languages],
        "form": {name: str(form.get(name) or "") for name in
                 (*FORM_FIELDS, *(f"{part}_{code}" for code in languages for part in ("subject", "body")))},
        "full_access": access.full, "max_subject": MAX_SUBJECT, "max_body": MAX_BODY,
    }


def compose_page(desk: Desk, request: Any, event_id: str, form: Mapping[str, Any] | None = None,
                 error: ValidationFailed | TooManyMessages | None = None) -> Response:
    """The compose form: empty, filled again (back from the preview), or with what is wrong next to each field."""
    activity.unchanged(request)  # posted back from the preview: nothing saved
    programme, access, lang, shown = _context(desk, request, event_id)
    values = _form_values(programme, access, lang, form or {})
    errors = {name: in_language(text, lang) for name, text in (error.fields if error else {}).items()}
    problem = in_language(error.message, lang) if error else ""
    status = 400 if error else 200  # the form again, saying why (a refused rate too: the page is the answer)
    return page(request, "message_form.html", status, errors=errors, problem=problem, **values, **shown)


def preview_page(desk: Desk, writing: Writing, request: Any, event_id: str, form: Mapping[str, Any]) -> Response:
    activity.unchanged(request)  # a preview sends and saves nothing
    programme, access, lang, shown = _context(desk, request, event_id)
    try:
        preview = writing.preview(programme, access, form)
    except ValidationFailed as error:
        return compose_page(desk, request, event_id, form, error)
    values = _form_values(programme, access, lang, form)
    copies = [{"mail": c, "language_name": LANGUAGE_NAMES.get(c.language, c.language)} for c in preview.copies]
    return page(request, "message_preview.html", preview=preview, copies=copies, message_id=new_id(),
                audience=_audience_names(preview.audience, programme, lang), **values, **shown)


def send(desk: Desk, writing: Writing, request: Any, event_id: str, form: Mapping[str, Any]) -> Response:
    message_id = str(form.get("message_id") or "")
    if not is_generated(message_id):
        raise ValidationFailed(Message(N_("This form has expired: preview the message again.")))
    programme, access, _, _ = _context(desk, request, event_id)
    session = signed_in(request)
    try:
        broadcast = writing.send(programme, access, session.name if session else access.organiser_id, message_id,
                                 form)
    except (ValidationFailed, TooManyMessages) as error:
        return compose_page(desk, request, event_id, form, error)
    location = f"{base_path(request)}/organiser/events/{event_id}/messages/{broadcast.message_id}"
    return Response(body="", status_code=303, headers={"Location": location, "Cache-Control": "no-store"})


def send_certificates(desk: Desk, writing: Writing, certificates: CertificateSending, request: Any, event_id: str,
                      form: Mapping[str, Any]) -> Response:
    """The button: every certificate of attendance queued (the press's id from the page: a double click is one
    press), then its progress; refused on the messages page, saying why (a partner: 403)."""
    send_id = str(form.get("send_id") or "")
    if not is_generated(send_id):
        raise ValidationFailed(Message(N_("This form has expired: reload the page and try again.")))
    programme, access, lang, _ = _context(desk, request, event_id)
    session = signed_in(request)
    try:
        broadcast = certificates.send(programme, access, session.name if session else access.organiser_id, send_id)
    except (CertificatesNotYet, NobodyCheckedIn, CertificatesAlreadySent) as refused:
        activity.unchanged(request)
        return messages_page(desk, writing, request, event_id, in_language(refused.message, lang), refused.status)
    location = f"{base_path(request)}/organiser/events/{event_id}/messages/{broadcast.message_id}"
    return Response(body="", status_code=303, headers={"Location": location, "Cache-Control": "no-store"})


def progress_page(desk: Desk, writing: Writing, request: Any, event_id: str, message_id: str) -> Response:
    programme, access, lang, shown = _context(desk, request, event_id)
    broadcast = writing.progress(event_id, message_id, access)
    query: Any = request.query_params or {}
    follow = not broadcast.finished and query.get("auto") != "off"
    response = page(request, "message_progress.html", broadcast=broadcast, subject=_subject(broadcast, lang),
                    audience=_sent_to(broadcast, programme, lang), follow=follow,
                    refresh_seconds=REFRESH_SECONDS,
                    written=format_instant(broadcast.created_at, programme.event.timezone, lang), **shown)
    if follow:  # a Refresh header, not <meta>: the page offers to stop it (WCAG 2.2.1)
        response.headers["Refresh"] = str(REFRESH_SECONDS)
    return response
