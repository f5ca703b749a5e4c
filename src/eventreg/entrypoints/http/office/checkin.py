"""The check-in desk in the back-office (#15), phones first: choose the event or a session, scan a badge's QR code
(the camera, static/checkin.js; or a handheld scanner typing into the code field) or find the person by name
(server-side: works without JavaScript), and see at once, big: checked in / already checked in at 09:12 by … /
refused and why, with an undo for a minute. The rules and the write are eventreg.register.checking_in's; here:
read the form, call, answer the page (or JSON with the same result box, for the scanner)."""

from __future__ import annotations

import gzip
from importlib import resources
from typing import TYPE_CHECKING, Any

from chalice import Response

from eventreg.auth import identify, signed_in
from eventreg.domain.checkins import EVENT_SCOPE, Outcome, Result
from eventreg.domain.errors import N_, DomainError, Message, ValidationFailed
from eventreg.domain.models import utc_now
from eventreg.entrypoints.http.office.chrome import chrome, language, page
from eventreg.entrypoints.http.office.registration import problem, sessions_named
from eventreg.http import JSON, WASM, base_path, page_csp, read_body
from eventreg.locale.catalog import words
from eventreg.locale.dates import format_clock
from eventreg.locale.names import STATUSES, named
from eventreg.programme import Programme
from eventreg.register.checking_in import Staff
from eventreg.templates import environment

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Desk

MAX_FIELD = 200  # a code is ~80 characters, an id 26, a name search a few words: longer is not ours
TONES = {Outcome.CHECKED_IN: "ok", Outcome.UNDONE: "ok", Outcome.ALREADY: "warn"}  # the rest: refused
HEADLINES = {
    Outcome.CHECKED_IN: N_("Checked in"),
    Outcome.NOT_IN_SESSION: N_("Not registered for this session"),
    Outcome.NOT_THIS_EVENT: N_("This code is for another event"),
    Outcome.NOT_REGISTERED: N_("Unknown registration"),
    Outcome.INVALID_CODE: N_("Not a valid check-in code"),
    Outcome.UNDONE: N_("Check-in undone"),
    Outcome.UNDO_EXPIRED: N_("Too late to undo"),
}
# What the page loads, from the package: its scanner, and where the browser has no BarcodeDetector for QR codes,
# barcode-detector's ponyfill and the zxing-wasm reader it fetches (node_modules' files, copied there by make; the
# WebAssembly gzip-compressed, as it is served). Name → (file, Content-Type, Content-Encoding).
SCRIPTS = {
    "checkin.js": ("checkin.js", "text/javascript; charset=utf-8", ""),
    "barcode-detector.js": ("vendor/barcode-detector.js", "text/javascript; charset=utf-8", ""),
    "zxing_reader.wasm": ("vendor/zxing_reader.wasm.gz", WASM, "gzip"),
}


def here(event_id: str) -> str:
    return f"/organiser/events/{event_id}/check-in"


def _field(values: dict[str, Any], name: str) -> str:
    value = values.get(name)
    return value.strip()[:MAX_FIELD] if isinstance(value, str) else ""


def _staff(request: Any) -> Staff:
    """Who is at the desk; the name the other devices show ("already checked in … by <name>")."""
    who = identify(request)
    session = signed_in(request)
    return Staff(who.organiser_id, who.groups, session.name if session else who.organiser_id)


def shown(result: Result, programme: Programme, lang: str) -> dict[str, Any]:
    """A result as the desk shows it: a headline in the reader's language, the person, and the undo when it applies."""
    _ = words(lang)
    event = programme.event
    if result.outcome is Outcome.ALREADY and result.checkin is not None:
        headline = _("Already checked in at %(time)s by %(name)s",
                     time=format_clock(result.checkin.at, event.timezone, lang), name=result.checkin.by_name or "…")
    elif result.outcome is Outcome.NOT_CONFIRMED and result.registration is not None:
        headline = _("Refused: %(status)s", status=named(STATUSES, result.registration.status.value, _))
    else:
        headline = _(HEADLINES.get(result.outcome, N_("Not a valid check-in code")))
    registration = result.registration
    undo = result.outcome is Outcome.CHECKED_IN and result.checkin is not None and registration is not None
    return {"outcome": result.outcome.value, "tone": TONES.get(result.outcome, "refused"), "headline": headline,
            "refused": result.refused, "name": registration.shown_name if registration else "",
            "organisation": registration.organisation if registration else "",
            "undo": registration.registration_id if undo and registration else ""}


def present_line(desk: Desk, event_id: str, session_id: str, lang: str) -> str:
    """"12 people checked in" for the scope: the page says it, and each scanner answer brings it anew (the same
    Query of the scope's check-ins as a reload, so the other devices' scans are counted too)."""
    count = sum(1 for _ in desk.checkins.store.checkins(event_id, session_id))
    return words(lang).ngettext("%(num)s person checked in", "%(num)s people checked in", count)


def checkin_page(desk: Desk, request: Any, event_id: str, result: Result | None = None,
                 form: dict[str, Any] | None = None) -> Response:
    """The desk: the scope, the scanner, the code field, the name search and its hits, the last result first."""
    values = form if form is not None else dict(request.query_params or {})
    session_id, query = _field(values, "session"), _field(values, "q")
    staff = _staff(request)
    lang = language(request)
    try:
        programme, access = desk.checkins.desk(staff, event_id, session_id, fresh=True)
        hits = desk.checkins.search(staff, event_id, session_id, query)
    except DomainError as error:
        return problem(request, error, event_id)
    event = programme.event
    scopes = ([(EVENT_SCOPE, words(lang)(N_("The whole event")))] if access.full else [])
    own = sorted((s for s in programme.sessions.values() if s.session_id in access.sessions),
                 key=lambda s: (s.starts_at, s.session_id))
    scopes += list(zip([s.session_id for s in own], sessions_named(programme, [s.session_id for s in own], lang),
                       strict=True))
    response = page(request, "checkin.html", event=event, title=event.title_in(lang), scopes=scopes,
                session_id=session_id, query=query, present=present_line(desk, event_id, session_id, lang),
                result=shown(result, programme, lang) if result else None,
                hits=[{"hit": h, "at": format_clock(h.checkin.at, event.timezone, lang) if h.checkin else "",
                       "status": named(STATUSES, h.status.value, words(lang))} for h in hits],
                organiser=staff.organiser_id in event.organiser_ids or not access.full, path=here(event_id),
                **chrome(request))
    # The one page that compiles WebAssembly (the QR decoder, where the browser has no BarcodeDetector for QR).
    response.headers["Content-Security-Policy"] = page_csp(wasm=True)
    return response


def _answer(desk: Desk, request: Any, event_id: str, result: Result, form: dict[str, Any]) -> Response:
    """The page again with the result first; for the scanner (Accept: application/json) the result box alone."""
    if JSON not in str(request.headers.get("accept", "")):
        return checkin_page(desk, request, event_id, result, form)
    lang = language(request)
    programme, _ = desk.checkins.desk(_staff(request), event_id, _field(form, "session"))
    box = shown(result, programme, lang)
    fragment = environment().get_template("office/_checkin_result.html").render(
        lang=lang, base=base_path(request), result=box, event=programme.event, session_id=_field(form, "session"),
        query=_field(form, "q"), path=here(event_id), **chrome(request))
    present = present_line(desk, event_id, _field(form, "session"), lang)
    return Response(body={"outcome": box["outcome"], "refused": box["refused"], "html": fragment,
                          "present": present}, status_code=200,
                    headers={"Content-Type": JSON, "Cache-Control": "no-store"})


def check_in(desk: Desk, request: Any, event_id: str) -> Response:
    """A scanned or typed code (`code`), or a person found by name (`registration_id`)."""
    form = read_body(request)
    session_id, code, registration_id = _field(form, "session"), _field(form, "code"), _field(form, "registration_id")
    staff = _staff(request)
    try:
        if code:
            result = desk.checkins.scan(staff, event_id, session_id, code, utc_now())
        elif registration_id:
            result = desk.checkins.check_in(staff, event_id, session_id, registration_id, utc_now())
        else:
            raise ValidationFailed(Message(N_("Some fields need your attention.")),
                                   fields={"code": Message(N_("This field is required."))})
        return _answer(desk, request, event_id, result, form)
    except DomainError as error:
        return problem(request, error, event_id)


def undo(desk: Desk, request: Any, event_id: str) -> Response:
    form = read_body(request)
    try:
        result = desk.checkins.undo(_staff(request), event_id, _field(form, "session"),
                                    _field(form, "registration_id"), utc_now())
        return _answer(desk, request, event_id, result, form)
    except DomainError as error:
        return problem(request, error, event_id)


def script(name: str, accept_encoding: str = "") -> Response:
    """The page's own scanner and the QR decoder, from this origin (the pages' CSP allows scripts from 'self' only).
    The decoder's WebAssembly goes as stored, gzip-compressed, to a browser that accepts gzip (every one that runs
    WebAssembly does); to any other client, decompressed."""
    found = SCRIPTS.get(name)
    source = resources.files("eventreg").joinpath("static", *found[0].split("/")) if found else None
    if found is None or source is None or not source.is_file():
        return Response(body={"error": {"code": "not_found", "message": "No such script."}}, status_code=404,
                        headers={"Content-Type": JSON})
    _, content_type, encoding = found
    headers: dict[str, str | list[str]] = {"Content-Type": content_type, "Cache-Control": "public, max-age=3600",
                                          "Vary": "Accept-Encoding"}
    if not encoding:
        return Response(body=source.read_text(encoding="utf-8"), status_code=200, headers=headers)
    body = source.read_bytes()
    if encoding in accept_encoding.lower():
        headers["Content-Encoding"] = encoding
    else:
        body = gzip.decompress(body)
    return Response(body=body, status_code=200, headers=headers)
