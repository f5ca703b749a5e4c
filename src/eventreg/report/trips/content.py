"""The delegation trip report's content, pure: what the system knows, laid out in the sections of the model
report (seed 004), with the rest left as marked fields to complete. HTML and DOCX render this same
structure, so both carry the same headings and facts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date, format_interval

from eventreg.domain.checkins import EVENT_SCOPE, Checkin
from eventreg.domain.delegations import stay
from eventreg.domain.models import AttendanceMode, Event, OrganisationType, Registration, RegistrationStatus, Session
from eventreg.locale.catalog import Words, words
from eventreg.locale.dates import format_clock, locale_of
from eventreg.locale.names import MODES


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


def event_dates(event: Event, language: str) -> str:
    zone = event.tz
    first, last = event.starts_at.astimezone(zone).date(), event.ends_at.astimezone(zone).date()
    if first == last:
        return format_date(first, "long", locale=locale_of(language))
    return str(format_interval(first, last, "yMMMd", locale=locale_of(language)))


def venue_of(event: Event, _: Words) -> str:
    if event.venue is None:
        return _("Online")
    return ", ".join(part for part in (event.venue.name, event.venue.address) if part)


def _session_line(session: Session, event: Event, language: str) -> str:
    zone, when = event.timezone, session.starts_at.astimezone(event.tz).date()
    clock = f"{format_clock(session.starts_at, zone, language)}–{format_clock(session.ends_at, zone, language)}"
    room = f" ({session.room})" if session.room else ""
    return f"{_day(when, language)} {clock} {session.title_in(language, event.language)}{room}"


def _name(registration: Registration, _: Words) -> str:
    return _("(anonymised)") if registration.anonymised else registration.name


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def travellers_of(registrations: Sequence[Registration], programme: dict[str, Session],
                  checkins: Sequence[Checkin] = ()) -> tuple[list[Traveller], list[Registration]]:
    """Who went, the lead first, each with their sessions; and who was expected but not checked in. Without
    check-ins: everyone confirmed or awaiting approval, with the sessions they booked. Once the door checked any
    of them in (#15), actual attendance: those checked in for the event, with the sessions they were checked in
    for (their booked sessions if no session was checked)."""
    going = [r for r in registrations if r.status.holds_place]
    going.sort(key=lambda r: (not r.delegation_lead, r.registration_id))
    came = {(c.session_id, c.registration_id) for c in checkins}
    known = any(scope == EVENT_SCOPE for scope, _ in came)
    travellers, absent = [], []
    for r in going:
        if known and (EVENT_SCOPE, r.registration_id) not in came:
            absent.append(r)
            continue
        checked = [s for s in r.sessions if (s, r.registration_id) in came]
        travellers.append(Traveller(r, sorted((programme[s] for s in (checked or r.sessions) if s in programme),
                                              key=lambda s: (s.starts_at, s.session_id))))
    return travellers, absent


@dataclass(frozen=True)
class _Context:
    """What every section builder needs."""

    event: Event
    language: str
    words: Words
    travellers: list[Traveller]
    absent: list[Registration]  # registered, but not checked in at the door
    dates: str
    venue: str


def _persons(c: _Context, organisation: str, waiting: list[Registration]) -> list[Block]:
    _ = c.words
    count = _.ngettext("%(num)s person", "%(num)s persons", len(c.travellers))
    count += f" ({organisation})" if organisation else ""
    rows = [[[_name(p.registration, _)], [p.registration.job_title],
             [_(MODES[p.registration.attendance_mode.value])
              + (" (" + _("awaiting approval") + ")" if p.registration.status is RegistrationStatus.PENDING else "")]]
            for p in c.travellers]
    headers = [_("Name"), _("Job title"), _("Attendance")]
    blocks: list[Block] = [Paragraph(count), Table(_("Who travelled"), headers, rows)]
    if waiting:
        names = ", ".join(_name(r, _) for r in waiting)
        blocks.append(Paragraph(_("On the waiting list, not counted: %(names)s.", names=names)))
    if c.absent:
        names = ", ".join(_name(r, _) for r in c.absent)
        blocks.append(Paragraph(_("Registered but not checked in, not counted: %(names)s.", names=names)))
    return blocks


def _duration(c: _Context) -> list[Block]:
    _ = c.words
    stays = [(p, stay(c.event, p.sessions, p.registration.attendance_mode)) for p in c.travellers]
    blocks: list[Block] = []
    if stays:
        longest, nights = max(s.trip_days for _person, s in stays), max(s.nights for _person, s in stays)
        varies = len({(s.trip_days, s.nights) for _person, s in stays}) > 1
        days = _.ngettext("%(num)s day", "%(num)s days", longest)
        nights_text = _.ngettext("%(num)s night", "%(num)s nights", nights)
        blocks.append(Paragraph(
            _("Differed per person, at most %(days)s, %(nights)s.", days=days, nights=nights_text) if varies
            else _("%(days)s, %(nights)s.", days=days, nights=nights_text)))
    rows = [[[_name(p.registration, _)],
             [_day(d, c.language) for d in s.days] + ([] if p.sessions else ["(" + _("whole event") + ")"]),
             [_.ngettext("%(num)s day", "%(num)s days", s.trip_days)], [str(s.nights)]]
            for p, s in stays]
    headers = [_("Name"), _("Days attended"), _("Trip"), _("Nights (suggestion)")]
    note = _("Days come from each person's sessions (the whole event for those without sessions); nights are a "
             "suggestion: trip days minus one in person, none online.")
    return [*blocks, Table(_("Days per person"), headers, rows), Paragraph(note)]


def _purpose(c: _Context, title: str) -> list[Block]:
    _ = c.words
    purpose = _("Participation in %(event)s, %(dates)s, %(venue)s.", event=title, dates=c.dates, venue=c.venue)
    blocks: list[Block] = [Paragraph(purpose)]
    if c.event.topics:
        blocks += [Paragraph(_("Topics of the event:")), Bullets(list(c.event.topics))]
    rows = [[[_name(p.registration, _)],
             [_session_line(s, c.event, c.language) for s in p.sessions] or ["(" + _("whole event") + ")"]]
            for p in c.travellers]
    headers = [_("Name"), _("Sessions (times in %(zone)s)", zone=c.event.timezone)]
    blocks.append(Table(_("Sessions per person"), headers, rows))
    return blocks


def _places_and_people(c: _Context) -> tuple[list[Block], list[Block]]:
    """Rooms and speakers of the sessions attended in person (online members did not travel)."""
    _ = c.words
    attended = sorted({s.session_id: s for p in c.travellers for s in p.sessions
                       if p.registration.attendance_mode is AttendanceMode.IN_PERSON}.values(),
                      key=lambda s: (s.starts_at, s.session_id))
    places: list[Block] = [Paragraph(c.venue)]
    rooms = _unique(s.room for s in attended)
    if rooms:
        places += [Paragraph(_("Rooms of the sessions attended:")), Bullets(rooms)]
    met: list[Block] = []
    speakers = _unique(name for s in attended for name in s.speakers)
    if speakers:
        met += [Paragraph(_("Speakers of the sessions attended (to check):")), Bullets(speakers)]
    if c.event.partners:
        met += [Paragraph(_("Partner organisations of the event:")), Bullets(list(c.event.partners))]
    return places, met


def trip_report(event: Event, programme: dict[str, Session], registrations: Sequence[Registration],
                language: str, checkins: Sequence[Checkin] = ()) -> TripReport:
    """The report; `checkins` (the members' check-ins at the door) make it say who actually came, and where."""
    _ = words(language)
    lead = next((r for r in registrations if r.delegation_lead), registrations[0])
    title = event.title_in(language)
    travellers, absent = travellers_of(registrations, programme, checkins)
    c = _Context(event, language, _, travellers, absent, event_dates(event, language), venue_of(event, _))
    # The lead registered the organisation for everyone; if the lead was erased, a member still tells it.
    organisation = next((r.organisation for r in [lead, *registrations] if not r.anonymised), "")
    waiting = [r for r in registrations if r.status is RegistrationStatus.WAITLISTED]
    places, met = _places_and_people(c)
    who = _("the city") if lead.organisation_type is OrganisationType.CITY else _("the organisation")
    sections = [
        Section("persons", _("How many people made the trip?"), _persons(c, organisation, waiting),
                _("anyone who travelled without registering here")),
        Section("duration", _("How long did the trip last?"), _duration(c),
                _("the actual travel days and nights, if they differ")),
        Section("purpose", _("What was the purpose of the trip?"), _purpose(c, title),
                _("the goals of the visit: knowledge, network, profile")),
        Section("places", _("Which places were visited?"), places,
                _("other places, sessions and network events visited")),
        Section("met", _("Whom did you meet? (State their positions)"), met,
                _("the people you met and their positions")),
        Section("outcomes", _("What did the trip bring %(who)s?", who=who), [],
                _("insights, knowledge and solutions, network, profile")),
        Section("followup", _("Were follow-up arrangements made? If so, which?"), [],
                _("the arrangements made and who follows them up")),
    ]
    facts = [(_("Event"), title), (_("Dates"), c.dates), (_("Venue"), c.venue)]
    if organisation:
        facts.append((_("Organisation"), organisation))
    facts += [(_("Delegation lead"), _name(lead, _)), (_("Delegation reference"), lead.delegation_id or "")]
    intro = _("Pre-filled with what the registration system knows about this delegation. Complete the marked "
              "fields and check the rest.")
    return TripReport(language, _("Report on an official trip abroad"), intro, title, facts, sections, _("To complete"),
                      f"{event.event_id}-trip-report-{lead.delegation_id or lead.registration_id}")
