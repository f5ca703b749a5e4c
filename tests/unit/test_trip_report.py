"""The delegation trip report, pure: days and nights per person, the delegation's key range, the sections of
seed 004 in four languages, HTML escaping, and the .docx read back with python-docx."""

from __future__ import annotations

import io
import re
import time
import zipfile
from datetime import UTC, date, datetime, timedelta
from typing import Any

import docx
import pytest
from babel.dates import format_interval
from localised import spacing_free
from unit_helpers import build_event, build_registration

from eventreg.domain.delegations import NotAnId, delegation_window, id_millis, stay
from eventreg.domain.models import AttendanceMode, Event, Registration, RegistrationStatus, Session, Venue, new_id
from eventreg.domain.retention import anonymised
from eventreg.report.trips.content import Table, TripReport, trip_report
from eventreg.report.trips.docx_file import trip_docx
from eventreg.report.trips.pages import render_html

# The model report's sections (seed 004, "verslag buitenlandse dienstreis"), as it writes them.
SEED_HEADINGS = [
    "HOEVEEL PERSONEN HEBBEN DE REIS GEMAAKT",
    "HOELANG DUURDE DE REIS?",
    "WAT WAS HET DOEL VAN DE REIS?",
    "WELKE LOCATIES ZIJN BEZOCHT?",
    "WIE HEB JE ONTMOET? (BENOEM DE FUNCTIEOMSCHRIJVING)",
    "WAT HEEFT DE REIS DE GEMEENTE OPGELEVERD?",
    "ZIJN ER VERVOLGAFSPRAKEN? ZO JA, WELKE?",
]
SCRIPT = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"
DELEGATION = "01KA3F7Q9MZ6T2X8WB4NRCDJ5A"


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 10, day, hour, minute, tzinfo=UTC)  # Brussels is UTC+2 (CEST) until 25 October


def summit() -> tuple[Event, dict[str, Session]]:
    """Monday 12 to Thursday 15 October 2026 in Brussels."""
    event = build_event(
        event_id="urban-summit", title={"en": "Brussels Urban Summit", "nl": "Brussels Urban Summit"},
        starts_at=utc(12, 7), ends_at=utc(15, 15), topics=["Climate", "Mobility"], partners=["Eurocities"],
        venue=Venue(name="Square", address="Mont des Arts, 1000 Brussels"),
    )
    sessions = [
        Session(session_id="opening", title={"en": "Opening plenary", "nl": "Openingsplenaire"},
                starts_at=utc(12, 12, 30), ends_at=utc(12, 14), room="Hall 100", speakers=["Mayor of Brussels"]),
        Session(session_id="lab", title={"en": "Energy lab"}, starts_at=utc(13, 7, 30), ends_at=utc(13, 9),
                room="Room 211", speakers=["Eurocities energy forum"]),
        Session(session_id="diplomacy", title={"en": "City diplomacy"}, starts_at=utc(14, 12, 30),
                ends_at=utc(14, 14), room="Hall 100"),
        # 00:30–01:30 on Thursday in Brussels, though still Wednesday in UTC.
        Session(session_id="night-walk", title={"en": "Night walk"}, starts_at=utc(14, 22, 30),
                ends_at=utc(14, 23, 30)),
    ]
    return event, {s.session_id: s for s in sessions}


def member(n: int, name: str, **overrides: object) -> Registration:
    fields: dict[str, object] = {
        "registration_id": f"01KA3F7Q9MZ6T2X8WB4NRCDJ6{n}", "event_id": "urban-summit", "name": name,
        "email": f"m{n}@denhaag.nl", "email_norm": f"m{n}@denhaag.nl", "organisation": "Gemeente Den Haag",
        "organisation_type": "city", "country": "NL", "job_title": "Beleidsmedewerker",
        "delegation_id": DELEGATION, "preferred_language": "nl",
    }
    fields.update(overrides)
    return build_registration(**fields)


def delegation() -> list[Registration]:
    return [
        member(1, "Anne de Vries", delegation_lead=True, job_title="EU-adviseur", sessions=["opening", "diplomacy"]),
        member(2, SCRIPT, job_title=FORMULA, sessions=["opening"]),
        member(3, "Bram Jansen", attendance_mode=AttendanceMode.ONLINE, sessions=["lab"]),
        member(4, "Chantal Bakker", sessions=[]),
        member(5, "Daan Smit", status=RegistrationStatus.WAITLISTED, sessions=[], waitlisted_sessions=["lab"]),
        member(6, "Eva Visser", status=RegistrationStatus.CANCELLED, sessions=["lab"]),
        anonymised(member(7, "Fleur Mulder", sessions=["diplomacy", "night-walk"]), utc(1, 0) + timedelta(days=60)),
    ]


def report(language: str = "nl") -> TripReport:
    event, sessions = summit()
    return trip_report(event, sessions, delegation(), language)


def section(built: TripReport, key: str) -> list[Any]:
    return list(next(s for s in built.sections if s.key == key).blocks)


def table(built: TripReport, key: str) -> Table:
    found = [b for b in section(built, key) if isinstance(b, Table)]
    return found[0]


# -- days and nights ---------------------------------------------------------------------------------
def test_days_come_from_the_sessions_in_the_event_timezone() -> None:
    event, sessions = summit()
    two = stay(event, [sessions["opening"], sessions["diplomacy"]], AttendanceMode.IN_PERSON)
    assert two.days == [date(2026, 10, 12), date(2026, 10, 14)]
    assert (two.trip_days, two.nights) == (3, 2)  # Monday to Wednesday: 3 days, 2 nights
    late = stay(event, [sessions["night-walk"]], AttendanceMode.IN_PERSON)
    assert late.days == [date(2026, 10, 15)]  # 00:30 in Brussels is Thursday
    assert (late.trip_days, late.nights) == (1, 0)


def test_no_sessions_means_the_whole_event_and_online_means_no_nights() -> None:
    event, sessions = summit()
    whole = stay(event, [], AttendanceMode.IN_PERSON)
    assert whole.days == [date(2026, 10, d) for d in (12, 13, 14, 15)]
    assert (whole.trip_days, whole.nights) == (4, 3)
    online = stay(event, [sessions["opening"], sessions["lab"]], AttendanceMode.ONLINE)
    assert (online.trip_days, online.nights) == (2, 0)


def test_a_session_ending_at_midnight_is_one_day() -> None:
    event, _ = summit()
    evening = Session(session_id="dinner", title={"en": "Dinner"}, starts_at=utc(13, 18), ends_at=utc(13, 22))
    assert stay(event, [evening], AttendanceMode.IN_PERSON).days == [date(2026, 10, 13)]  # 20:00–24:00 local


# -- where a delegation's registrations lie ------------------------------------------------------------
def test_the_window_holds_the_ids_made_with_the_delegation(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1_791_000_000_000]
    monkeypatch.setattr(time, "time_ns", lambda: clock[0] * 1_000_000)
    before = new_id()
    clock[0] += 10_000
    delegation_id = new_id()
    made = [new_id() for _ in range(30)]
    clock[0] += 60_000  # a re-plan a minute later still falls inside
    later = new_id()
    clock[0] += 600_000
    much_later = new_id()
    low, high = delegation_window(delegation_id)
    assert all(low <= i <= high for i in [*made, later])
    assert not low <= before <= high and not low <= much_later <= high
    assert id_millis(delegation_id) == 1_791_000_010_000


@pytest.mark.parametrize("bad", ["", "x" * 26, "01KA3F7Q9MZ6T2X8WB4NRCDJ5", "01ka3f7q9mz6t2x8wb4nrcdj5a", "../etc"])
def test_a_malformed_delegation_id_is_refused(bad: str) -> None:
    with pytest.raises(NotAnId):
        delegation_window(bad)


# -- the content --------------------------------------------------------------------------------------
def test_the_dutch_report_has_the_seed_sections_in_order() -> None:
    built = report("nl")
    assert [s.heading.upper().rstrip("?") for s in built.sections] == [h.rstrip("?") for h in SEED_HEADINGS]
    assert built.title == "Verslag buitenlandse dienstreis"


def test_who_went_and_how_many() -> None:
    built = report("nl")
    first = section(built, "persons")[0]
    assert first.text == "5 personen (Gemeente Den Haag)"
    rows = table(built, "persons").rows
    assert [row[0][0] for row in rows] == ["Anne de Vries", SCRIPT, "Bram Jansen", "Chantal Bakker",
                                           "(geanonimiseerd)"]  # the lead first; waiting and cancelled out
    assert rows[0][1] == ["EU-adviseur"] and rows[1][1] == [FORMULA] and rows[4][1] == [""]
    assert rows[2][2] == ["Online"]
    texts = [b.text for b in section(built, "persons") if hasattr(b, "text")]
    assert "Op de wachtlijst, niet meegeteld: Daan Smit." in texts
    assert "Eva Visser" not in str(built)


def test_days_and_nights_per_person() -> None:
    built = report("en")
    assert section(built, "duration")[0].text == "Differed per person, at most 4 days, 3 nights."
    rows = {row[0][0]: row for row in table(built, "duration").rows}
    assert rows["Anne de Vries"][1] == ["Mon 12 Oct", "Wed 14 Oct"]
    assert rows["Anne de Vries"][2:] == [["3 days"], ["2"]]
    assert rows["Bram Jansen"][2:] == [["1 day"], ["0"]]  # online: no night away
    assert rows["Chantal Bakker"][1] == ["Mon 12 Oct", "Tue 13 Oct", "Wed 14 Oct", "Thu 15 Oct", "(whole event)"]
    assert rows["(anonymised)"][1] == ["Wed 14 Oct", "Thu 15 Oct"]


def test_sessions_with_times_in_the_event_timezone() -> None:
    built = report("en")
    rows = {row[0][0]: row[1] for row in table(built, "purpose").rows}
    assert rows["Anne de Vries"] == ["Mon 12 Oct 14:30–16:00 Opening plenary (Hall 100)",
                                     "Wed 14 Oct 14:30–16:00 City diplomacy (Hall 100)"]
    assert rows["(anonymised)"][1] == "Thu 15 Oct 00:30–01:30 Night walk"
    assert table(built, "purpose").headers[1] == "Sessions (times in Europe/Brussels)"
    dates = format_interval(date(2026, 10, 12), date(2026, 10, 15), "yMMMd", locale="en_GB")  # what Babel writes
    assert section(built, "purpose")[0].text == (
        f"Participation in Brussels Urban Summit, {dates}, Square, Mont des Arts, 1000 Brussels.")
    assert spacing_free(dates) == "12–15Oct2026"


def test_places_and_people_met_are_suggested() -> None:
    built = report("en")
    places = [b.items for b in section(built, "places") if hasattr(b, "items")]
    assert places == [["Hall 100"]]  # rooms of the sessions attended in person (Bram followed the lab online)
    met = [b.items for b in section(built, "met") if hasattr(b, "items")]
    assert met == [["Mayor of Brussels"], ["Eurocities"]]  # speakers met in person, then the event's partners
    outcomes = next(s for s in built.sections if s.key == "outcomes")
    assert outcomes.blocks == [] and outcomes.hint  # left to complete
    assert outcomes.heading == "What did the trip bring the city?"


@pytest.mark.parametrize(("language", "title", "first"), [
    ("en", "Report on an official trip abroad", "How many people made the trip?"),
    ("fr", "Rapport de mission à l'étranger", "Combien de personnes ont fait le voyage ?"),
    ("de", "Bericht über eine Dienstreise ins Ausland", "Wie viele Personen haben die Reise unternommen?"),
])
def test_other_languages(language: str, title: str, first: str) -> None:
    built = report(language)
    assert built.title == title and built.sections[0].heading == first
    assert len({s.heading for s in built.sections}) == 7


# -- HTML ------------------------------------------------------------------------------------------
def test_html_escapes_what_people_typed() -> None:
    page = render_html(report("nl"), "/r.docx?lang=nl", lambda code: f"/r?lang={code}")
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "=cmd|&#39; /C calc&#39;!A0" in page
    assert '<html lang="nl">' in page
    assert page.count('role="textbox"') == 7  # one field to complete per section
    assert "In te vullen: de doelen van het bezoek" in page
    assert re.search(r'<th scope="col">Naam</th>', page)


# -- DOCX ------------------------------------------------------------------------------------------
def test_the_docx_reads_back_with_the_seed_headings() -> None:
    built = report("nl")
    data = trip_docx(built)
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert [h.upper().rstrip("?") for h in headings] == [h.rstrip("?") for h in SEED_HEADINGS]
    assert document.paragraphs[0].text == "Verslag buitenlandse dienstreis"
    assert document.core_properties.language == "nl-BE"  # the locale its dates are written in
    cells = [cell.text for t in document.tables for row in t.rows for cell in row.cells]
    assert SCRIPT in cells and FORMULA in cells and "Anne de Vries" in cells
    marked = [p for p in document.paragraphs if p.text.startswith("[In te vullen:")]
    assert len(marked) == 7 and all(run.italic for p in marked for run in p.runs)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "instrText" not in xml and "fldSimple" not in xml  # text only: no field can run "=cmd"
    assert "<script>" not in xml and "&lt;script&gt;" in xml
