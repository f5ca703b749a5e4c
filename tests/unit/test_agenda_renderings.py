"""The agenda's three renderings read back as a client would: the PDF as text (pypdf), the .ics
parsed with icalendar, the HTML checked for structure and escaping of hostile texts."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from agenda_helpers import PROBE, autumn_event, autumn_sessions, utc
from icalendar import Calendar
from pypdf import PdfReader

from eventreg.domain.models import EventStatus, Session
from eventreg.report.agenda.content import Agenda, build
from eventreg.report.agenda.ics import programme_calendar
from eventreg.report.agenda.links import agenda_links
from eventreg.report.agenda.pdf import render
from eventreg.report.agenda.views import FORMATS

NOW = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
PAGE = "https://events.example.eu/reports/events/night-of-regions/agenda.html?lang=en"  # the accessible version


def pdf_text(language: str = "en", **event: object) -> str:
    data = render(build(autumn_event(**event), autumn_sessions(), language), NOW, PAGE)
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# -- PDF ---------------------------------------------------------------------------------------------
def test_pdf_has_titles_speakers_rooms_and_non_ascii_names() -> None:
    text = flat(pdf_text())
    for expected in ("Night of the Regions", "Saturday, 24 October 2026", "Welcome to Zürich and Łódź",
                     "Elżbieta Bieńkowska", "Jean-Pierre Dubois", "Guide Ærø", "Salle Ω", "Track: Plenary",
                     "Closing plenary", "Monday, 26 October 2026", "Hôtel de ville de Łódź",
                     "All times are in the Europe/Brussels time zone."):
        assert expected in text, expected


def test_pdf_times_are_in_the_events_timezone() -> None:
    text = flat(pdf_text())
    assert "10:00–11:30" in text  # 08:00Z on a CEST Saturday
    assert "23:00–01:00 (Sun 25 Oct)" in text
    assert "02:30 CEST–02:50 CEST" in text and "02:30 CET–03:00 CET" in text
    assert "09:00–10:00" in text  # 08:00Z on a CET Monday
    assert "08:00" not in text  # no UTC clock leaks through


def test_pdf_in_german_with_its_own_words_and_outline() -> None:
    data = render(build(autumn_event(), autumn_sessions(), "de"), NOW, PAGE)
    reader = PdfReader(io.BytesIO(data))
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    assert "Nacht der Regionen" in text and "Samstag, 24. Oktober 2026" in text
    assert "Referenten: Elżbieta Bieńkowska, Jean-Pierre Dubois" in text
    assert "Seite 1 von" in text
    assert [item.title for item in reader.outline] == [
        "Samstag, 24. Oktober 2026", "Sonntag, 25. Oktober 2026", "Montag, 26. Oktober 2026"]
    assert reader.metadata is not None and reader.metadata.title == "Programm: Nacht der Regionen"


def test_pdf_embeds_its_font_and_keeps_a_long_programme_on_several_pages() -> None:
    many = [Session(session_id=f"s{n:02d}", title=f"Workshop {n} in Kraków", description="Ąę " * 300,
                    starts_at=utc(10, 24, 8 + n % 10), ends_at=utc(10, 24, 9 + n % 10), room=f"Room {n}")
            for n in range(30)]
    data = render(build(autumn_event(), many, "en"), NOW, PAGE)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 3
    fonts = {str(font["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert all(name.endswith("DejaVuSans") or "DejaVuSans" in name for name in fonts)
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    assert all(f"Workshop {n} in Kraków" in text for n in range(30))
    assert len(data) < 400_000  # only the used glyphs are embedded


def test_pdf_survives_glyphs_its_font_lacks() -> None:
    session = Session(session_id="cjk", title="Partnership with 北京 and Zürich", starts_at=utc(10, 24, 8),
                      ends_at=utc(10, 24, 9))
    data = render(build(autumn_event(), [session], "en"), NOW, PAGE)
    assert "Zürich" in PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_pdf_marks_a_draft_and_an_empty_programme() -> None:
    text = flat(render_text(build(autumn_event(status=EventStatus.DRAFT), [], "fr")))
    assert "Projet de programme : pas encore publié." in text
    welcome = flat(render_text(build(autumn_event(), autumn_sessions(), "fr")))
    assert "Intervenants : Elżbieta Bieńkowska, Jean-Pierre Dubois" in welcome and "Salle : Salle Ω" in welcome
    assert "Le programme n'a pas encore été annoncé." in text


def render_text(agenda: Agenda) -> str:
    data = render(agenda, NOW, PAGE)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# -- .ics ------------------------------------------------------------------------------------------------
def feed(language: str = "en", **event: object) -> Calendar:
    event_model = autumn_event(**event)
    return Calendar.from_ical(programme_calendar(event_model, build(event_model, autumn_sessions(), language), NOW))


def test_ics_has_one_vevent_per_session_with_tzid_times() -> None:
    cal = feed()
    entries = cal.walk("VEVENT")
    assert len(entries) == len(autumn_sessions())
    welcome = next(e for e in entries if e["UID"] == "night-of-regions-session-welcome@eventreg")
    assert welcome["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert welcome["DTSTART"].dt == utc(10, 24, 8)
    assert welcome["DTSTART"].dt.strftime("%H:%M %Z") == "10:00 CEST"
    assert welcome["DTEND"].dt == utc(10, 24, 9, 30)
    assert str(welcome["SUMMARY"]) == "Welcome to Zürich and Łódź"
    assert str(welcome["LOCATION"]) == "Salle Ω, Hôtel de ville de Łódź"
    assert "Speakers: Elżbieta Bieńkowska, Jean-Pierre Dubois" in str(welcome["DESCRIPTION"])
    second = next(e for e in entries if str(e["UID"]).endswith("-session-second-0230@eventreg"))
    # The second 02:30 of that night: a TZID time that occurs twice means the first (RFC 5545), so UTC.
    assert second["DTSTART"].dt == utc(10, 25, 1, 30)
    assert "TZID" not in second["DTSTART"].params
    first = next(e for e in entries if str(e["UID"]).endswith("-session-first-0230@eventreg"))
    # (PEP 495: a time in the repeated hour never equals another zone's time: compare in UTC.)
    assert first["DTSTART"].dt.astimezone(UTC) == utc(10, 25, 0, 30)
    assert first["DTSTART"].params["TZID"] == "Europe/Brussels"
    brunch = next(e for e in entries if str(e["UID"]).endswith("-session-brunch@eventreg"))
    assert str(brunch["LOCATION"]) == "Online"
    (zone,) = cal.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Brussels"
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Brussels"
    assert str(cal["METHOD"]) == "PUBLISH"


def test_ics_uids_are_stable_and_follow_the_mail_scheme() -> None:
    from eventreg.notify.calendar import session_item, uid_of

    first = [str(e["UID"]) for e in feed().walk("VEVENT")]
    again = [str(e["UID"]) for e in feed("fr").walk("VEVENT")]
    assert first == again
    assert uid_of("night-of-regions", session_item("welcome")) in first
    assert len(set(first)) == len(first)


def test_ics_marks_the_sessions_of_a_cancelled_event() -> None:
    statuses = {str(e["STATUS"]) for e in feed(status=EventStatus.CANCELLED).walk("VEVENT")}
    assert statuses == {"CANCELLED"}
    assert {str(e["STATUS"]) for e in feed().walk("VEVENT")} == {"CONFIRMED"}


def test_ics_text_cannot_inject_components() -> None:
    session = Session(session_id="probe", title=f"{PROBE} =cmd|' /C calc'!A0",
                      description={"en": "Line\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil@example"},
                      room="=HYPERLINK(\"x\")", speakers=[PROBE], starts_at=utc(10, 24, 8), ends_at=utc(10, 24, 9))
    event = autumn_event()
    cal = Calendar.from_ical(programme_calendar(event, build(event, [session], "en"), NOW))
    (entry,) = cal.walk("VEVENT")
    assert str(entry["SUMMARY"]) == f"{PROBE} =cmd|' /C calc'!A0"
    assert str(entry["UID"]) == "night-of-regions-session-probe@eventreg"
    assert "END:VEVENT\nBEGIN:VEVENT\nUID:evil@example" in str(entry["DESCRIPTION"])


# -- HTML --------------------------------------------------------------------------------------------------
def html(language: str = "en", sessions: list[Session] | None = None, **event: object) -> str:
    event_model = autumn_event(**event)
    links = agenda_links(event_model, language, "https://events.example.eu", NOW)
    body = FORMATS["html"].render(event_model, build(event_model, sessions or autumn_sessions(), language), links)
    assert isinstance(body, str)
    return body


def test_html_is_a_structured_accessible_page() -> None:
    page = html("fr")
    assert page.startswith("<!doctype html>")
    assert '<html lang="fr">' in page
    assert page.count("<h1>") == 1 and "<h1>Nuit des régions</h1>" in page
    assert '<h2 id="day-2026-10-24">samedi 24 octobre 2026</h2>' in page
    assert page.count('<th scope="col">') == 4 * 3  # one table per day
    assert page.count('<th scope="row" class="time">') == len(autumn_sessions())
    assert page.count('<tbody class="slot">') == 6  # six distinct starting instants
    assert "Intervenants : Elżbieta Bieńkowska, Jean-Pierre Dubois" in page  # French spacing
    assert "@media print" in page and "<script" not in page
    assert 'href="agenda.pdf?lang=fr"' in page and 'href="agenda.ics?lang=fr"' in page
    assert '<a href="?lang=de" lang="de" hreflang="de">Deutsch</a>' in page


@pytest.mark.parametrize("where", ["title", "speakers", "room", "track", "description"])
def test_html_escapes_hostile_session_texts(where: str) -> None:
    fields: dict[str, object] = {"session_id": "probe", "title": "Probe", "starts_at": utc(10, 24, 8),
                                 "ends_at": utc(10, 24, 9)}
    hostile = f'{PROBE}"><img src=x onerror=alert(1)> =cmd'
    fields[where] = [hostile] if where == "speakers" else {"en": hostile} if where == "description" else hostile
    page = html(sessions=[Session.model_validate(fields)])
    assert PROBE not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(1)&gt; =cmd" in page


def test_html_escapes_the_event_texts() -> None:
    page = html(title={"en": PROBE}, organising_unit="=cmd|' /C calc'!A0 <b>unit</b>")
    assert PROBE not in page and "<b>unit</b>" not in page
    assert "<title>Agenda: &lt;script&gt;" in page and "=cmd|&#39; /C calc&#39;!A0 &lt;b&gt;unit&lt;/b&gt;" in page


def test_html_of_a_draft_and_of_a_cancelled_event() -> None:
    assert "Draft programme: not yet published." in html(status=EventStatus.DRAFT)
    cancelled = html("nl", status=EventStatus.CANCELLED)
    assert '<p class="alert" role="alert">Dit evenement is geannuleerd.</p>' in cancelled


def test_pdf_line_breaking_fits_the_column_and_loses_no_text() -> None:
    from fpdf import FPDF

    from eventreg.report.pdf_text import FAMILY, add_fonts, wrap_lines

    pdf = FPDF()
    add_fonts(pdf)
    pdf.set_font(FAMILY, "", 9)
    text = ("Współpraca miast Łódź i Zürich " * 6 + "\nSecond paragraph with https://example.eu/"
            + "very-long-path-" * 12 + " end")
    lines = wrap_lines(pdf, text, 60)
    room = 60 - 2 * pdf.c_margin
    assert len(lines) > 5
    assert all(pdf.get_string_width(line) <= room + 1e-6 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace("\n", "").replace(" ", "")
    assert lines[0].startswith("Współpraca miast Łódź")
    assert any(line.startswith("Second paragraph") for line in lines)  # a newline starts a line
