"""The back-office's pages (HTML, for signed-in organisers, partners and privacy officers): "My events" (every
event the caller organises or runs sessions of, with status, registration window, counts, how full it is and
the links to its reports)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from babel.numbers import format_percent
from chalice import Response

from eventreg.auth import CHECKIN_STAFF, identify
from eventreg.domain.errors import Forbidden
from eventreg.entrypoints.http.office.chrome import chrome, language, page
from eventreg.locale.catalog import words
from eventreg.locale.dates import format_day, format_instant, locale_of
from eventreg.locale.names import EVENT_STATUSES, named
from eventreg.programme import Programme

if TYPE_CHECKING:
    from eventreg.domain.access import Access
    from eventreg.entrypoints.bootstrap.registration import Desk


@dataclass(frozen=True)
class EventRow:
    event_id: str
    title: str
    status: str
    starts: str
    opens: str
    closes: str
    registered: int
    waitlisted: int
    fill: str
    full_access: bool


def _row(programme: Programme, who: Access, lang: str) -> EventRow:
    event = programme.event
    if who.full:
        counted = [(event.registered(mode), event.capacity(mode)) for mode in event.modes]
        waitlisted = event.waitlisted
    else:  # a partner: its own sessions' seats only
        own = [programme.sessions[s] for s in sorted(who.sessions)]
        counted = [(s.registered, s.capacity) for s in own]
        waitlisted = sum(s.waitlisted for s in own)
    registered = sum(taken for taken, _ in counted)
    # How full: over the places that have a limit (an unlimited online stream is never full).
    limited = [(taken, capacity) for taken, capacity in counted if capacity]
    fill = format_percent(sum(t for t, _ in limited) / sum(c for _, c in limited), locale=locale_of(lang)) \
        if limited else "–"
    return EventRow(event.event_id, event.title_in(lang), named(EVENT_STATUSES, event.status.value, words(lang)),
                    format_day(event.starts_at, event.timezone, lang),
                    format_instant(event.registration_opens_at, event.timezone, lang),
                    format_instant(event.registration_closes_at, event.timezone, lang),
                    registered, waitlisted, fill, who.full)


def home(desk: Desk, request: Any) -> Response:
    who = identify(request)
    lang = language(request)
    rows, desks = [], []
    for event in desk.organising.events(who.organiser_id):
        try:
            rows.append((event.starts_at, _row(*desk.organising.programme(event.event_id, who.organiser_id), lang)))
        except Forbidden:
            if CHECKIN_STAFF in who.groups and who.organiser_id in event.checkin_staff:
                desks.append((event.starts_at, event.event_id, event.title_in(lang)))  # staff at the door
            continue  # else a partner whose sessions were all handed to someone else
    rows.sort(key=lambda pair: (pair[0], pair[1].event_id))
    return page(request, "home.html", rows=[row for _, row in rows], checkin_desks=sorted(desks),
                **chrome(request))


