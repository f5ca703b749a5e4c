"""A programme as rows of cells (an imported CSV/XLSX file, or the one-session form), checked row by row into
the session data organising.put_session takes. Pure: every error names its line and column and carries a
Message, so the preview page shows "line 17, capacity: Must be a whole number, 0 or more." in the reader's
language.

The columns (header names, case and spaces ignored) are COLUMNS; times are the event's local time."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from eventreg.domain.access import Access
from eventreg.domain.errors import N_, DomainError, Message, Named
from eventreg.domain.events import Event, Session
from eventreg.domain.ids import is_slug
from eventreg.domain.organising import session_for
from eventreg.domain.types import AttendanceMode, is_plain_text

# name → required; the order is the template file's.
COLUMNS: dict[str, bool] = {
    "session_id": True, "title": True, "day": True, "start": True, "end": True, "room": False, "track": False,
    "speakers": False, "modes": False, "capacity": False, "partner_id": False, "description": False,
}
MAX_ROWS = 1000  # EWRC has 100+ workshops; a programme of more is a mistake (or a probe)
MAX_CELL = 2000  # the longest text a session holds (its description)
MAX_LINE_TEXT = 200  # titles, rooms, tracks, speakers' names
SEPARATOR = ";"  # between speakers, and between modes
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CLOCK = re.compile(r"^(\d{1,2})[:.h](\d{2})(?::\d{2})?$")
_ORGANISER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9@._:-]{0,127}$")
# The model's fields as the rows name them (a rule the model itself checks is shown on its column).
FIELD_COLUMNS = {"starts_at": "start", "ends_at": "end", "title": "title", "description": "description",
                  "capacity": "capacity", "modes": "modes", "speakers": "speakers", "partner_id": "partner_id",
                  "room": "room", "track": "track", "session_id": "session_id"}

REQUIRED = N_("This field is required.")
WHOLE_NUMBER = N_("Must be a whole number, 0 or more.")
DAY_FORMAT = N_("Must be a date written YYYY-MM-DD, e.g. 2026-10-13.")
CLOCK_FORMAT = N_("Must be a time written HH:MM (24 hours), e.g. 09:30.")
END_BEFORE_START = N_("Must be after the start (%(start)s).")
OUTSIDE_EVENT = N_("Must be a day of the event (%(first)s to %(last)s).")
UNKNOWN_MODE = N_("Unknown mode %(mode)s: write in_person, online, or both separated by a semicolon.")
MODE_NOT_OFFERED = N_("The event does not offer this attendance mode: %(mode)s.")
DUPLICATE_ID = N_("The session id %(session_id)s is on line %(line)s already.")
SESSION_ID_FORMAT = N_("Use lowercase letters, digits and hyphens (at most 63), starting with a letter or digit.")
UNKNOWN_PARTNER = N_("%(partner)s is not a partner of this event: name it in the event's partners or give it a "
                     "session in the programme form first.")
FORMULA = N_("Formulas are not accepted: type the value itself.")
TOO_LONG = N_("At most %(max)s characters.")
NOT_PLAIN = N_("Must be one line of text, without control characters.")
PARTNER_OWN_ONLY = N_("Partners change only the sessions they run.")
PARTNER_NO_HANDOVER = N_("Partners cannot hand a session to someone else.")
SEATS_TAKEN = N_("%(taken)s seats are taken; the capacity cannot be lower.")


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: Message


@dataclass(frozen=True)
class Row:
    """One line of a file (or the form): its number as a spreadsheet shows it, and its cells by column."""

    line: int
    cells: Mapping[str, str]


@dataclass(frozen=True)
class Planned:
    """A session as a row would save it: created, changed, or already as the row says (nothing to write)."""

    line: int
    session: Session
    previous: Session | None
    data: dict[str, Any]

    @property
    def action(self) -> str:
        if self.previous is None:
            return "create"
        same = _comparable(self.previous) == _comparable(self.session)
        return "same" if same else "change"


@dataclass(frozen=True)
class Plan:
    sessions: list[Planned] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for planned in self.sessions if planned.action == action)

    @property
    def writes(self) -> list[Planned]:
        return [planned for planned in self.sessions if planned.action != "same"]


class ImportRefused(DomainError):
    """The file as a whole cannot be read (size, kind, header, row count): nothing of it is shown."""

    code = "import_refused"
    status = 422


def header_key(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def _comparable(session: Session) -> dict[str, Any]:
    return session.model_dump(mode="json", exclude={"registered", "waitlisted"})


def _local(event: Event, day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=event.tz)


def _text(cells: Mapping[str, str], column: str, line: int, errors: list[RowError], limit: int = MAX_LINE_TEXT,
          single_line: bool = True) -> str:
    value = (cells.get(column) or "").strip()
    if value.startswith("="):
        errors.append(RowError(line, column, Message(FORMULA)))
    elif len(value) > limit:
        errors.append(RowError(line, column, Message(TOO_LONG, max=limit)))
    elif not is_plain_text(value) or (single_line and ("\n" in value or "\t" in value)):
        errors.append(RowError(line, column, Message(NOT_PLAIN)))
    else:
        return value
    return ""


def _capacity(value: str, line: int, errors: list[RowError]) -> int | None:
    if not value:
        return None
    number = value.removesuffix(".0")  # a spreadsheet's number cell: 80.0
    if not number.isdigit() or not number.isascii() or int(number) > 1_000_000:
        errors.append(RowError(line, "capacity", Message(WHOLE_NUMBER)))
        return None
    return int(number)


def _day(value: str, line: int, errors: list[RowError]) -> date | None:
    try:
        if _DAY.match(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    errors.append(RowError(line, "day", Message(REQUIRED if not value else DAY_FORMAT)))
    return None


def _clock(value: str, column: str, line: int, errors: list[RowError]) -> time | None:
    match = _CLOCK.match(value)
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
        return time(int(match.group(1)), int(match.group(2)))
    errors.append(RowError(line, column, Message(REQUIRED if not value else CLOCK_FORMAT)))
    return None


def _modes(value: str, event: Event, line: int, errors: list[RowError]) -> list[str]:
    if not value:
        return [mode.value for mode in event.modes]
    chosen: list[str] = []
    for word in re.split(r"[;,\s]+", value.strip().lower()):
        word = word.replace("-", "_")
        if word == "both" or word == "hybrid":
            wanted = [AttendanceMode.IN_PERSON.value, AttendanceMode.ONLINE.value]
        elif word in {m.value for m in AttendanceMode}:
            wanted = [word]
        else:
            errors.append(RowError(line, "modes", Message(UNKNOWN_MODE, mode=word)))
            return []
        chosen += [mode for mode in wanted if mode not in chosen]
    for mode in chosen:
        if mode not in {m.value for m in event.modes}:
            errors.append(RowError(line, "modes", Message(MODE_NOT_OFFERED, mode=Named("mode", mode))))
    return chosen


def session_data(row: Row, event: Event, current: Session | None) -> tuple[str, dict[str, Any], list[RowError]]:
    """The session id and the data organising.put_session takes for one row, or the row's errors. A title
    or description is in the event's language; its other languages (of a session that exists) stay."""
    errors: list[RowError] = []
    cells, line = row.cells, row.line
    session_id = (cells.get("session_id") or "").strip()
    if not session_id:
        errors.append(RowError(line, "session_id", Message(REQUIRED)))
    elif not is_slug(session_id):
        errors.append(RowError(line, "session_id", Message(SESSION_ID_FORMAT)))
    title = _text(cells, "title", line, errors)
    if not title and not any(e.column == "title" for e in errors):
        errors.append(RowError(line, "title", Message(REQUIRED)))
    description = _text(cells, "description", line, errors, MAX_CELL, single_line=False)
    room, track = _text(cells, "room", line, errors), _text(cells, "track", line, errors)
    speakers_cell = _text(cells, "speakers", line, errors, MAX_CELL)
    speakers = [name.strip() for name in speakers_cell.split(SEPARATOR) if name.strip()]
    if any(len(name) > MAX_LINE_TEXT for name in speakers):
        errors.append(RowError(line, "speakers", Message(TOO_LONG, max=MAX_LINE_TEXT)))
    capacity = _capacity(_text(cells, "capacity", line, errors), line, errors)
    modes = _modes(_text(cells, "modes", line, errors), event, line, errors)
    partner = _text(cells, "partner_id", line, errors)
    if partner and not _ORGANISER_ID.match(partner):
        errors.append(RowError(line, "partner_id", Message(UNKNOWN_PARTNER, partner=partner)))
    day = _day(_text(cells, "day", line, errors), line, errors)
    start = _clock(_text(cells, "start", line, errors), "start", line, errors)
    end = _clock(_text(cells, "end", line, errors), "end", line, errors)
    starts = ends = None
    if day and start and end:
        starts, ends = _local(event, day, start), _local(event, day, end)
        if ends <= starts:
            errors.append(RowError(line, "end", Message(END_BEFORE_START, start=start.strftime("%H:%M"))))
        first, last = event.starts_at.astimezone(event.tz).date(), event.ends_at.astimezone(event.tz).date()
        if not first <= day <= last:
            errors.append(RowError(line, "day", Message(OUTSIDE_EVENT, first=first.isoformat(), last=last.isoformat())))
    if errors or starts is None or ends is None:
        return session_id, {}, errors
    texts = current.model_dump()["title"] if current else {}
    descriptions = current.model_dump()["description"] if current else {}
    data: dict[str, Any] = {
        "title": {**texts, event.language: title},
        "description": {k: v for k, v in {**descriptions, event.language: description}.items() if v},
        "starts_at": starts.isoformat(), "ends_at": ends.isoformat(), "room": room, "track": track,
        "speakers": speakers, "modes": modes, "capacity": capacity, "partner_id": partner or None,
    }
    return session_id, data, errors


def known_partners(event: Event, sessions: Iterable[Session]) -> frozenset[str]:
    """Who may run sessions: a partner named in the event, or one running a session of it already (a typo in
    a file of 100 rows would otherwise hand a workshop to nobody)."""
    return frozenset(event.partners) | {s.partner_id for s in sessions if s.partner_id}


def plan(rows: Sequence[Row], event: Event, sessions: Mapping[str, Session], who: Access) -> Plan:
    """Every row checked against the event, its programme and what the organiser may do; the plan holds
    the sessions only if no row has an error (then nothing may be written)."""
    partners = known_partners(event, sessions.values())
    seen: dict[str, int] = {}
    planned: list[Planned] = []
    errors: list[RowError] = []
    for row in rows:
        current = sessions.get((row.cells.get("session_id") or "").strip())
        session_id, data, found = session_data(row, event, current)
        if session_id in seen:
            found.append(RowError(row.line, "session_id", Message(DUPLICATE_ID, session_id=session_id,
                                                                     line=seen[session_id])))
        elif session_id:
            seen[session_id] = row.line
        if not found:
            found = _allowed(row.line, session_id, data, current, who, partners)
        if not found:
            session = _checked(row.line, event, session_id, data, current, found)
            if session is not None:
                planned.append(Planned(row.line, session, current, data))
        errors += found
    return Plan([] if errors else planned, errors)


def _allowed(line: int, session_id: str, data: dict[str, Any], current: Session | None, who: Access,
             partners: frozenset[str]) -> list[RowError]:
    partner = data.get("partner_id")
    if not who.full:
        if current is None or session_id not in who.sessions:
            return [RowError(line, "session_id", Message(PARTNER_OWN_ONLY))]
        if partner not in (None, who.organiser_id):
            return [RowError(line, "partner_id", Message(PARTNER_NO_HANDOVER))]
        data["partner_id"] = who.organiser_id  # a partner's empty cell keeps the session its own
        return []
    if partner and partner not in partners:
        return [RowError(line, "partner_id", Message(UNKNOWN_PARTNER, partner=partner))]
    return []


def _checked(line: int, event: Event, session_id: str, data: dict[str, Any], current: Session | None,
             errors: list[RowError]) -> Session | None:
    """The session as put_session would save it (the model's own rules), with the seats already taken."""
    try:
        session = session_for(event, session_id, data, current)
    except DomainError as error:
        whole = isinstance(error.message, Message) and error.code != "validation_error"  # a rule: it says why
        for name, text in (error.fields or {"title": error.message}).items():
            text = error.message if whole else text
            column = FIELD_COLUMNS.get(name.split(".")[0], "title")
            errors.append(RowError(line, column, text if isinstance(text, Message) else Message("%(text)s", text=text)))
        return None
    return session.model_copy(update={"registered": current.registered, "waitlisted": current.waitlisted}) \
        if current else session


def template_rows(event: Event) -> list[list[str]]:
    """The downloadable template: the header and two example rows on the event's first day."""
    day = event.starts_at.astimezone(event.tz).date()
    modes = SEPARATOR.join(mode.value for mode in event.modes)
    return [list(COLUMNS), [
        "opening-plenary", "Opening plenary", day.isoformat(), "09:30", "11:00", "Room 1", "Plenary",
        "Jane Doe; John Roe", modes, "300", "", "The opening of the week.",
    ], [
        "workshop-1", "Workshop 1", day.isoformat(), "11:30", "13:00", "Room 2", "Track A", "", modes, "40", "",
        "",
    ]]


@dataclass(frozen=True)
class StagedImport:
    """A previewed file's rows, kept server-side between the preview and the "Import" button: the browser
    holds only its id, bound to the event and the organiser who uploaded it, and it expires."""

    import_id: str
    event_id: str
    organiser_id: str
    rows: list[Row]
    expires_at: datetime
