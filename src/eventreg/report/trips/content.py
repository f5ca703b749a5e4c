"""The delegation trip report's content, pure: what the system knows, laid out in the sections of the model
report (seed 004), with the rest left as marked fields to complete. HTML and DOCX render this same
structure, so both carry the same headings and facts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date, format_interval

from eventreg.domain.delegations import stay
from eventreg.domain.models import AttendanceMode, Event, OrganisationType, Registration, RegistrationStatus, Session
from eventreg.locale.dates import format_clock, locale_of
from eventreg.report.trips.texts import Translate, trip_translator


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass(frozen=True)
class Bullets:
    items: list[str]
    kind: str = "bullets"


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]
    rows: list[list[list[str]]]  # each cell is a list of lines
    kind: str = "table"


Block = Paragraph | Bullets | Table


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    blocks: list[Block] = field(default_factory=list)
    hint: str = ""  # what is left to complete


@dataclass(frozen=True)
class TripReport:
    language: str
    title: str
    intro: str
    event_title: str
    facts: list[tuple[str, str]]  # label, value
    sections: list[Section]
    to_complete: str  # the marker of fields to complete
    filename: str  # without extension


@dataclass(frozen=True)
class Traveller:
    registration: Registration
    sessions: list[Session]


def _day(value: date, language: str) -> str:
    return format_date(value, "EEE d MMM", locale=locale_of(language))


def _event_dates(event: Event, language: str) -> str:
    zone = event.tz
    first, last = event.starts_at.astimezone(zone).date(), event.ends_at.astimezone(zone).date()
    if first == last:
        return format_date(first, "long", locale=locale_of(language))
    return str(format_interval(first, last, "yMMMd", locale=locale_of(language)))


def _venue(event: Event, t: Translate) -> str:
    if event.venue is None:
        return t("online")
    return ", ".join(part for part in (event.venue.name, event.venue.address) if part)


def _session_line(session: Session, event: Event, language: str) -> str:
    zone, when = event.timezone, session.starts_at.astimezone(event.tz).date()
    clock = f"{format_clock(session.starts_at, zone, language)}–{format_clock(session.ends_at, zone, language)}"
    room = f" ({session.room})" if session.room else ""
    return f"{_day(when, language)} {clock} {session.title_in(language, event.language)}{room}"


def _name(registration: Registration, t: Translate) -> str:
    return t("anonymised") if registration.anonymised else registration.name


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def travellers_of(registrations: Sequence[Registration], programme: dict[str, Session]) -> list[Traveller]:
    """Who went (confirmed, or awaiting an organiser's approval), the lead first, each with their sessions."""
    going = [r for r in registrations if r.status.holds_place]
    going.sort(key=lambda r: (not r.delegation_lead, r.registration_id))
    return [Traveller(r, sorted((programme[s] for s in r.sessions if s in programme),
                                key=lambda s: (s.starts_at, s.session_id))) for r in going]


@dataclass(frozen=True)
class _Context:
    """What every section builder needs."""

    event: Event
    language: str
    t: Translate
    travellers: list[Traveller]
    dates: str
    venue: str


def _persons(c: _Context, organisation: str, waiting: list[Registration]) -> list[Block]:
    t = c.t
    count = t("persons", n=len(c.travellers)) + (f" ({organisation})" if organisation else "")
    rows = [[[_name(p.registration, t)], [p.registration.job_title],
             [t(p.registration.attendance_mode.value)
              + (f" ({t('pending')})" if p.registration.status is RegistrationStatus.PENDING else "")]]
            for p in c.travellers]
    headers = [t("col_name"), t("col_job"), t("col_mode")]
    blocks: list[Block] = [Paragraph(count), Table(t("cap_persons"), headers, rows)]
    if waiting:
        blocks.append(Paragraph(t("waiting", names=", ".join(_name(r, t) for r in waiting))))
    return blocks


def _duration(c: _Context) -> list[Block]:
    t = c.t
    stays = [(p, stay(c.event, p.sessions, p.registration.attendance_mode)) for p in c.travellers]
    blocks: list[Block] = []
    if stays:
        longest, nights = max(s.trip_days for _, s in stays), max(s.nights for _, s in stays)
        varies = len({(s.trip_days, s.nights) for _, s in stays}) > 1
        blocks.append(Paragraph(t("duration_varies" if varies else "duration_same",
                                  days=t("days", n=longest), nights=t("nights", n=nights))))
    rows = [[[_name(p.registration, t)],
             [_day(d, c.language) for d in s.days] + ([] if p.sessions else [f"({t('whole_event')})"]),
             [t("days", n=s.trip_days)], [str(s.nights)]]
            for p, s in stays]
    headers = [t("col_name"), t("col_days"), t("col_trip"), t("col_nights")]
    return [*blocks, Table(t("cap_duration"), headers, rows), Paragraph(t("nights_note"))]


def _purpose(c: _Context, title: str) -> list[Block]:
    t = c.t
    blocks: list[Block] = [Paragraph(t("purpose_line", event=title, dates=c.dates, venue=c.venue))]
    if c.event.topics:
        blocks += [Paragraph(t("topics")), Bullets(list(c.event.topics))]
    rows = [[[_name(p.registration, t)],
             [_session_line(s, c.event, c.language) for s in p.sessions] or [f"({t('whole_event')})"]]
            for p in c.travellers]
    blocks.append(Table(t("cap_sessions"), [t("col_name"), t("col_sessions", zone=c.event.timezone)], rows))
    return blocks


def _places_and_people(c: _Context) -> tuple[list[Block], list[Block]]:
    """Rooms and speakers of the sessions attended in person (online members did not travel)."""
    t = c.t
    attended = sorted({s.session_id: s for p in c.travellers for s in p.sessions
                       if p.registration.attendance_mode is AttendanceMode.IN_PERSON}.values(),
                      key=lambda s: (s.starts_at, s.session_id))
    places: list[Block] = [Paragraph(c.venue)]
    rooms = _unique(s.room for s in attended)
    if rooms:
        places += [Paragraph(t("rooms")), Bullets(rooms)]
    met: list[Block] = []
    speakers = _unique(name for s in attended for name in s.speakers)
    if speakers:
        met += [Paragraph(t("speakers")), Bullets(speakers)]
    if c.event.partners:
        met += [Paragraph(t("partners")), Bullets(list(c.event.partners))]
    return places, met


def trip_report(event: Event, programme: dict[str, Session], registrations: Sequence[Registration],
                language: str) -> TripReport:
    t = trip_translator(language)
    lead = next((r for r in registrations if r.delegation_lead), registrations[0])
    title = event.title_in(language)
    c = _Context(event, language, t, travellers_of(registrations, programme), _event_dates(event, language),
                 _venue(event, t))
    # The lead registered the organisation for everyone; if the lead was erased, a member still tells it.
    organisation = next((r.organisation for r in [lead, *registrations] if not r.anonymised), "")
    waiting = [r for r in registrations if r.status is RegistrationStatus.WAITLISTED]
    places, met = _places_and_people(c)
    who = t("who_city") if lead.organisation_type is OrganisationType.CITY else t("who_other")
    sections = [
        Section("persons", t("h_persons"), _persons(c, organisation, waiting), t("hint_persons")),
        Section("duration", t("h_duration"), _duration(c), t("hint_duration")),
        Section("purpose", t("h_purpose"), _purpose(c, title), t("hint_purpose")),
        Section("places", t("h_places"), places, t("hint_places")),
        Section("met", t("h_met"), met, t("hint_met")),
        Section("outcomes", t("h_outcomes", who=who), [], t("hint_outcomes")),
        Section("followup", t("h_followup"), [], t("hint_followup")),
    ]
    facts = [(t("event"), title), (t("dates"), c.dates), (t("venue"), c.venue)]
    if organisation:
        facts.append((t("organisation"), organisation))
    facts += [(t("lead"), _name(lead, t)), (t("reference"), lead.delegation_id or "")]
    return TripReport(language, t("title"), t("intro"), title, facts, sections, t("to_complete"),
                      f"{event.event_id}-trip-report-{lead.delegation_id or lead.registration_id}")
