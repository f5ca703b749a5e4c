"""What a person's certificate of attendance says, from the event, its sessions and their check-ins: shared by the
download (views) and the mail every attendee is sent (mail), so both read alike."""

from __future__ import annotations

from eventreg.domain.checkins import EVENT_SCOPE
from eventreg.domain.models import Event, Registration, Session
from eventreg.locale.catalog import words
from eventreg.locale.dates import format_clock, format_day
from eventreg.ports import CheckinStore
from eventreg.report.certificates.pdf import Certificate
from eventreg.report.trips.content import event_dates, venue_of


def checked_in_scopes(checkins: CheckinStore, registration: Registration) -> set[str]:
    """Where the person was checked in: EVENT_SCOPE for the event, and session ids (reads their keys alone)."""
    wanted = [(scope, registration.registration_id) for scope in (EVENT_SCOPE, *registration.sessions)]
    return {c.session_id for c in checkins.checkins_of(registration.event_id, wanted)}


def certificate_of(event: Event, sessions: list[Session], registration: Registration, came: set[str],
                   language: str) -> Certificate:
    attended = sorted((s for s in sessions if s.session_id in came), key=lambda s: (s.starts_at, s.session_id))
    zone = event.timezone
    lines = [f"{format_day(s.starts_at, zone, language)} {format_clock(s.starts_at, zone, language)} "
             f"{s.title_in(language, event.language)}" for s in attended]
    return Certificate(language, registration.name, registration.organisation, event.title_in(language),
                       event_dates(event, language), venue_of(event, words(language)), lines, event.organising_unit)


def file_name(event: Event, language: str) -> str:
    return f"{event.event_id}-certificate-{language}.pdf"
