"""The agenda's request handling: printable HTML, PDF and the .ics feed of an event's programme.

The programme holds no personal data, so a published event's agenda is public (attendees' calendars
subscribe to the feed without a token) and cacheable. A draft's is shown only with a bearer token of its
organisers (or partners); to anyone else a draft is not found, exactly as a missing event.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalice import Response

from eventreg.auth import Unauthenticated, organiser_of
from eventreg.domain.access import access
from eventreg.domain.errors import EventNotFound, Forbidden, ValidationFailed
from eventreg.domain.models import LANGUAGES, Event, EventStatus, Session, utc_now
from eventreg.http import HTML_TYPE, Request
from eventreg.locale.catalog import labelled
from eventreg.ports import EventStore
from eventreg.report.agenda.content import Agenda, build
from eventreg.report.agenda.links import AgendaLinks, agenda_links
from eventreg.templates import environment

PUBLIC_MAX_AGE = 300  # seconds a browser or proxy may keep a published agenda without asking again
PACKAGE = Path(__file__).resolve().parents[2]
# What a rendering depends on besides the programme: a deploy that changes any of these changes ETags (the
# compiled catalogs: a bundle ships no .po).
RENDERING_SOURCES = (
    "report/agenda/content.py", "report/agenda/ics.py", "report/agenda/pdf.py", "report/agenda/links.py",
    "urls.py", "locale/catalog.py", "locale/errors.py",
    "locale/names.py", *(f"locale/{language}/LC_MESSAGES/eventreg.mo.gz" for language in LANGUAGES), "locale/dates.py",
    "notify/calendar.py",
    "templates/reports/_base.html", "templates/reports/agenda.html",
)


@dataclass(frozen=True)
class Rendering:
    content_type: str
    render: Callable[[Event, Agenda, AgendaLinks], str | bytes]
    filename: str | None  # offered when saved; None for a page


def _html(event: Event, agenda: Agenda, links: AgendaLinks) -> str:
    return environment().get_template("reports/agenda.html").render(
        agenda=agenda, links=links, lang=agenda.language, lang_href=lambda code: f"?lang={code}",
        label=lambda text, value: labelled(text, value, agenda.language),
    )


def _pdf(event: Event, agenda: Agenda, links: AgendaLinks) -> bytes:
    from eventreg.report.agenda.pdf import render  # fpdf2 + fontTools: ~1 s to import, this route only

    return render(agenda, utc_now(), links.page_url)


def _ics(event: Event, agenda: Agenda, links: AgendaLinks) -> str:
    from eventreg.report.agenda.ics import programme_calendar

    return programme_calendar(event, agenda, utc_now()).decode("utf-8")


FORMATS = {
    "html": Rendering(HTML_TYPE, _html, None),
    "pdf": Rendering("application/pdf", _pdf, "{event_id}-agenda-{lang}.pdf"),
    "ics": Rendering("text/calendar; charset=utf-8", _ics, "{event_id}-programme.ics"),
}


@lru_cache(maxsize=1)
def _rendering_digest() -> str:
    digest = hashlib.sha256()
    for name in RENDERING_SOURCES:
        digest.update((PACKAGE / name).read_bytes())
    return digest.hexdigest()


def etag(agenda: Agenda, fmt: str, links: AgendaLinks) -> str:
    """Weak (the PDF and .ics carry their creation time), the same as long as the agenda and its links are."""
    shown = f"{fmt}:{agenda.fingerprint()}:{links.fingerprint()}:{_rendering_digest()}"
    digest = hashlib.sha256(shown.encode()).hexdigest()
    return f'W/"{digest[:32]}"'


def _matches(if_none_match: str | None, tag: str) -> bool:
    if not if_none_match:
        return False
    wanted = tag.removeprefix("W/")
    offered = [part.strip().removeprefix("W/") for part in if_none_match.split(",")]
    return "*" in offered or wanted in offered


def requested_language(request: Request, event: Event) -> str:
    """?lang= (one of LANGUAGES), else the event's language; anything else is refused."""
    asked = (getattr(request, "query_params", None) or {}).get("lang")
    if asked is None:
        return event.language
    if asked not in LANGUAGES:
        raise ValidationFailed("Unknown language.", {"lang": f"choose one of {', '.join(LANGUAGES)}"})
    return str(asked)


def _organises(event: Event, sessions: list[Session], request: Request) -> bool:
    """Whether the request carries a valid bearer token or back-office session (the organiser routes'
    check) of one of the event's organisers or partners."""
    try:
        access(event, sessions, organiser_of(request))
    except (Unauthenticated, Forbidden):
        return False
    return True


def _allowed(event: Event, sessions: list[Session], request: Request) -> None:
    if event.status is EventStatus.DRAFT and not _organises(event, sessions, request):
        raise EventNotFound(f"There is no event {event.event_id!r}.")


def agenda_response(repo: EventStore, event_id: str, fmt: str, request: Request, public_url: str) -> Response:
    """`public_url`: the origin the PDF's link to the HTML version starts with (eventreg.adapters.origin)."""
    event, sessions = repo.get_event_with_sessions(event_id)  # one Query: the event and its sessions
    _allowed(event, sessions, request)
    language = requested_language(request, event)
    agenda = build(event, sessions, language)
    links = agenda_links(event, language, public_url, utc_now())
    rendering = FORMATS[fmt]
    headers: dict[str, Any] = {"Content-Type": rendering.content_type}
    if agenda.published:
        tag = etag(agenda, fmt, links)
        headers.update({"ETag": tag, "Cache-Control": f"public, max-age={PUBLIC_MAX_AGE}"})
        if _matches(request.headers.get("if-none-match"), tag):
            return Response(body="", status_code=304, headers={k: v for k, v in headers.items() if k != "Content-Type"})
    else:
        headers["Cache-Control"] = "private, no-store"
    if rendering.filename:
        name = rendering.filename.format(event_id=event.event_id, lang=agenda.language)
        headers["Content-Disposition"] = f'inline; filename="{name}"'
    return Response(body=rendering.render(event, agenda, links), status_code=200, headers=headers)
