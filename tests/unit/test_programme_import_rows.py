"""The programme import's reading and checking, pure (issue #12): CSV with or without a BOM, `;` or `,`,
XLSX made here with openpyxl (typed date and time cells), 100+ sessions; every error kind named by line and
column; hostile files refused with a reason; partners only change their own sessions; the same file again
changes nothing."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time

import pytest
from openpyxl import Workbook

from devstack.sample_programme import sample_csv, sample_rows
from devstack.seed import DEMO_ORGANISER, DEMO_PARTNER, demo_event
from eventreg.domain.access import access
from eventreg.domain.events import Event, Session
from eventreg.domain.programme_rows import ImportRefused, Plan, plan
from eventreg.register.programme_files import FileTooLarge, read_programme

EVENT, SESSIONS = demo_event(datetime(2027, 8, 1, 12, 0).astimezone())
FIRST_DAY = EVENT.starts_at.astimezone(EVENT.tz).date()
PROGRAMME = {s.session_id: s for s in SESSIONS}
HEADER = "session_id;title;day;start;end;room;track;speakers;modes;capacity;partner_id;description"


def checked(data: bytes, event: Event = EVENT, sessions: dict[str, Session] | None = None,
            organiser: str = DEMO_ORGANISER) -> Plan:
    rows, extra = read_programme(data)
    programme = PROGRAMME if sessions is None else sessions
    result = plan(rows, event, programme, access(event, programme.values(), organiser))
    return Plan(result.sessions, [*extra, *result.errors])


def csv_of(*lines: str, header: str = HEADER, bom: bool = True, sep: str = ";") -> bytes:
    rows = csv.reader(io.StringIO("\r\n".join([header, *lines])), delimiter=";")
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\r\n").writerows(rows)
    text = out.getvalue().rstrip("\r\n")
    return (("\ufeff" if bom else "") + text + "\r\n").encode()


def line(session_id: str = "new-one", title: str = "New one", day: str = "", start: str = "09:00",
         end: str = "10:00", room: str = "R1", track: str = "T", speakers: str = "A B", modes: str = "in_person",
         capacity: str = "30", partner: str = "", description: str = "") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="").writerow([
        session_id, title, day or FIRST_DAY.isoformat(), start, end, room, track, speakers, modes, capacity, partner,
        description])
    return out.getvalue()


def errors_of(result: Plan) -> list[tuple[int, str, str]]:
    return [(e.line, e.column, str(e.message)) for e in result.errors]


def test_a_sample_week_of_120_sessions_is_planned_as_new_sessions() -> None:
    result = checked(sample_csv(FIRST_DAY).encode())
    assert result.errors == []
    assert len(result.sessions) == 120 and result.count("create") == 120
    first = result.sessions[0]
    assert first.line == 2 and first.session.session_id == "workshop-001"
    assert first.session.starts_at.astimezone(EVENT.tz).strftime("%Y-%m-%d %H:%M") == f"{FIRST_DAY} 09:30"
    assert first.session.speakers == ["Speaker 1A", "Speaker 1B"] and first.session.capacity == 40
    assert [m.value for m in result.sessions[1].session.modes] == ["in_person", "online"]


@pytest.mark.parametrize(("bom", "sep"), [(True, ";"), (False, ";"), (True, ","), (False, ","), (False, "\t")])
def test_csv_with_or_without_bom_and_either_separator(bom: bool, sep: str) -> None:
    result = checked(csv_of(line(speakers="Ana Lopez"), line("second", capacity=""), bom=bom, sep=sep))
    assert result.errors == []
    assert [p.session.session_id for p in result.sessions] == ["new-one", "second"]
    assert result.sessions[1].session.capacity is None  # empty: unlimited


def test_xlsx_first_sheet_with_typed_dates_times_and_numbers() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER.split(";"))
    sheet.append(["xl-one", "From Excel", FIRST_DAY, time(9, 30), time(11, 0), "R2", "", "A; B", "online", 25,
                  None, "Two\nlines"])
    sheet.append([])  # a blank row is skipped
    sheet.append(["xl-two", "Dates as datetimes", datetime.combine(FIRST_DAY, time()),
                  datetime(1899, 12, 30, 14, 0), "15:00", "", "", "", "", 25.0, "", ""])
    workbook.create_sheet("Ignored").append(["nothing", "here"])
    data = io.BytesIO()
    workbook.save(data)
    result = checked(data.getvalue())
    assert errors_of(result) == []
    one, two = (p.session for p in result.sessions)
    assert one.capacity == 25 and one.description == {"en": "Two\nlines"}
    assert two.starts_at.astimezone(EVENT.tz).strftime("%H:%M") == "14:00"
    assert [result.sessions[0].line, result.sessions[1].line] == [2, 4]  # the sheet's row numbers


def test_every_error_names_its_line_and_column() -> None:
    last_day = EVENT.ends_at.astimezone(EVENT.tz).date()
    data = csv_of(
        line("ok-one"),
        line("bad-capacity", capacity="eighty"),
        line("ok-one", title="Twice"),
        line("bad-mode", modes="in_person;hologram"),
        line("backwards", start="11:00", end="10:30"),
        line("stranger", partner="org-nobody"),
        line("formula", title="=HYPERLINK(\"http://x\")"),
        line("Bad Id!"),
        line("bad-day", day="13/10/2027"),
        line("bad-time", start="25:00"),
        line("too-late", day=date(last_day.year + 1, 1, 1).isoformat()),
        line("long", room="x" * 201),
        line("no-title", title=""),
        line("negative", capacity="-1"),
    )
    assert errors_of(checked(data)) == [
        (3, "capacity", "Must be a whole number, 0 or more."),
        (4, "session_id", "The session id ok-one is on line 2 already."),
        (5, "modes", "Unknown mode hologram: write in_person, online, or both separated by a semicolon."),
        (6, "end", "Must be after the start (11:00)."),
        (7, "partner_id", "org-nobody is not a partner of this event: name it in the event's partners or give it "
                          "a session in the programme form first."),
        (8, "title", "Formulas are not accepted: type the value itself."),
        (9, "session_id", "Use lowercase letters, digits and hyphens (at most 63), starting with a letter or digit."),
        (10, "day", "Must be a date written YYYY-MM-DD, e.g. 2026-10-13."),
        (11, "start", "Must be a time written HH:MM (24 hours), e.g. 09:30."),
        (12, "day", f"Must be a day of the event ({FIRST_DAY} to {last_day})."),
        (13, "room", "At most 200 characters."),
        (14, "title", "This field is required."),
        (15, "capacity", "Must be a whole number, 0 or more."),
    ]


def test_with_any_error_nothing_is_planned() -> None:
    result = checked(csv_of(line("fine"), line("broken", capacity="x")))
    assert result.sessions == [] and len(result.errors) == 1


def test_a_known_partner_and_a_mode_the_event_does_not_offer() -> None:
    online_only = EVENT.model_copy(update={"modes": [m for m in EVENT.modes if m.value == "online"]})
    result = checked(csv_of(line("p", partner=DEMO_PARTNER, modes="in_person")), event=online_only)
    assert errors_of(result) == [(2, "modes", "The event does not offer this attendance mode: in person.")]
    assert checked(csv_of(line("p", partner=DEMO_PARTNER))).sessions[0].session.partner_id == DEMO_PARTNER


def test_the_same_file_again_changes_nothing_and_a_changed_row_changes_its_session() -> None:
    first = checked(sample_csv(FIRST_DAY, count=5).encode())
    saved = {p.session.session_id: p.session for p in first.sessions}
    again = checked(sample_csv(FIRST_DAY, count=5).encode(), sessions=saved)
    assert again.errors == [] and [p.action for p in again.sessions] == ["same"] * 5 and again.writes == []
    rows = sample_rows(FIRST_DAY, count=5)
    rows[2][9] = "999"
    text = "\r\n".join(";".join(f'"{c}"' if ";" in c else c for c in row) for row in rows)
    changed = checked(text.encode(), sessions=saved)
    assert [p.action for p in changed.sessions] == ["same", "change", "same", "same", "same"]


def test_capacity_below_the_seats_taken_is_an_error_on_its_line() -> None:
    taken = {**PROGRAMME, "opening": PROGRAMME["opening"].model_copy(update={"registered": 50})}
    opening = line("opening", title="Opening", start="14:30", end="16:00", capacity="10", modes="in_person;online")
    assert errors_of(checked(csv_of(opening), sessions=taken)) == [
        (2, "capacity", "50 seats are taken; the capacity cannot be lower.")]


def test_a_partner_changes_only_its_own_sessions() -> None:
    own = line("connected-in-europe", title="Renamed", start="11:30", end="13:00")
    other = line("opening", title="Taken over")
    handover = line("connected-in-europe", partner="org-someone-else")
    new = line("brand-new")
    result = checked(csv_of(own, other, new), organiser=DEMO_PARTNER)
    assert errors_of(result) == [
        (3, "session_id", "Partners change only the sessions they run."),
        (4, "session_id", "Partners change only the sessions they run."),
    ]
    assert errors_of(checked(csv_of(handover), organiser=DEMO_PARTNER)) == [
        (2, "partner_id", "Partners cannot hand a session to someone else.")]
    alone = checked(csv_of(own), organiser=DEMO_PARTNER)
    assert alone.errors == [] and alone.sessions[0].session.partner_id == DEMO_PARTNER  # stays its own


def test_a_renamed_session_keeps_its_other_languages() -> None:
    opening = line("opening", title="Opening, renamed", start="14:30", end="16:00", modes="in_person;online",
                   capacity="350")
    session = checked(csv_of(opening)).sessions[0].session
    assert session.title["en"] == "Opening, renamed" and session.title["fr"].startswith("Séance d'ouverture")


def test_header_problems_refuse_the_file() -> None:
    with pytest.raises(ImportRefused, match="Unknown column “colour”"):
        read_programme(csv_of(line(), header=HEADER + ";colour"))
    with pytest.raises(ImportRefused, match="The column “day” is missing"):
        read_programme(b"session_id;title;start;end\r\nx;y;09:00;10:00\r\n")
    with pytest.raises(ImportRefused, match="appears twice"):
        read_programme(csv_of(line(), header=HEADER.replace("room", "title")))
    with pytest.raises(ImportRefused, match="holds no sessions"):
        read_programme(csv_of())


def test_a_line_with_more_cells_than_the_header_is_an_error() -> None:
    assert errors_of(checked(csv_of(line() + ";surplus"))) == [
        (2, "", "This line has more cells than the header has columns.")]


@pytest.mark.parametrize(("data", "reason"), [
    (b"\x00\x01binary\x00" * 100, "not a CSV file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old Excel file"),
    ("session_id;title\r\nx;caf\u00e9".encode("latin-1"), "not UTF-8"),
    (b"PK\x03\x04 not really a zip", "not a CSV file"),
    (b'session_id;title;day;start;end\r\n"never closed;x;y;z\r\n' + b"a" * 200_000, "cannot be read"),
])
def test_hostile_files_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ImportRefused, match=reason):
        read_programme(data)


def test_too_large_and_too_many_rows() -> None:
    with pytest.raises(FileTooLarge, match="larger than 2 MB") as large:
        read_programme(b"x" * (2 * 1024 * 1024 + 1))
    assert large.value.status == 413
    with pytest.raises(ImportRefused, match="more than 1000 sessions"):
        read_programme(sample_csv(FIRST_DAY, count=10_000).encode())


def test_a_zip_bomb_is_refused_before_it_is_read() -> None:
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" * (50 * 1024 * 1024))
    with pytest.raises(ImportRefused, match="not a CSV file"):
        read_programme(data.getvalue())


def test_very_long_cells_are_errors_not_crashes() -> None:
    result = checked(csv_of(line(description="d" * 5000), line("two", title="t" * 5000)))
    assert errors_of(result) == [(2, "description", "At most 2000 characters."),
                                 (3, "title", "At most 200 characters.")]


