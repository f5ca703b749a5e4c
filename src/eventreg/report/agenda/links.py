"""Where an agenda sends its reader: to the registration form while registration is open (else why not),
and to the agenda's HTML page, the accessible version a PDF names (fpdf2 cannot tag a PDF's text: see pdf).

Pure: the registration window is the domain's rule (domain.registration.rejection), read at `now`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from eventreg.domain.models import Event
from eventreg.domain.registration import rejection
from eventreg.locale.errors import in_language, written_out
from eventreg.urls import agenda_path, register_path, reports_url


@dataclass(frozen=True)
class AgendaLinks:
    page_url: str  # the HTML agenda in the reader's language, absolute: a downloaded PDF has no origin
    register_path: str | None  # the registration form on the same origin, while registration is open
    registration_notice: str  # why there is no form to go to, in the reader's language ("" while open)

    def fingerprint(self) -> str:
        """What a rendering shows of these links, for its ETag: a cached page must not outlive the window."""
        return f"{self.page_url}|{self.register_path}|{self.registration_notice}"


def agenda_links(event: Event, language: str, public_url: str, now: datetime) -> AgendaLinks:
    page_url = reports_url(public_url, agenda_path(event.event_id, "html", language))
    refusal = rejection(event, now)
    if refusal is None:
        return AgendaLinks(page_url, register_path(event.event_id, language), "")
    written_out(refusal, language)  # "Registration closed on 20 March 2026, 23:59 CET." in the reader's words
    return AgendaLinks(page_url, None, in_language(refusal.message, language))
