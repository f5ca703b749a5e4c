"""The agenda's grouping: days and slots in the event's timezone (across the autumn clock change and
midnight), labels in the reader's language, and the fingerprint behind the ETag."""

from __future__ import annotations

from datetime import date

import pytest
from agenda_helpers import autumn_event, autumn_sessions, utc

from eventreg.domain.models import EventStatus, Session
from eventreg.report.agenda.content import build


def slot_labels(language: str = "en") -> list[tuple[date, list[str]]]:
    agenda = build(autumn_event(), autumn_sessions(), language)
    return [(day.day, [slot.label for slot in day.slots]) for day in agenda.days]


def test_days_are_local_days_and_slots_local_start_times() -> None:
    assert slot_labels() == [
        (date(2026, 10, 24), ["10:00", "23:00"]),
        # The night clocks go back: two different 02:30s, and every time on that day says its zone.
        (date(2026, 10, 25), ["02:30 CEST", "02:30 CET", "10:00 CET"]),
        (date(2026, 10, 26), ["09:00"]),
    ]


def test_sessions_starting_together_share_a_slot_sorted_by_room() -> None:
    saturday = build(autumn_event(), autumn_sessions(), "en").days[0]
    first = saturday.slots[0]
    assert [e.session_id for e in first.entries] == ["side-event", "welcome"]  # "Room 2" < "Salle Ω"
    assert [e.time for e in first.entries] == ["10:00–11:00", "10:00–11:30"]


def test_a_session_past_midnight_stays_on_its_first_day_with_the_end_dated() -> None:
    agenda = build(autumn_event(), autumn_sessions(), "en")
    (walk,) = agenda.days[0].slots[1].entries
    assert walk.session_id == "night-walk"
    assert walk.time == "23:00–01:00 (Sun 25 Oct)"
    assert [e.session_id for d in agenda.days[1:] for s in d.slots for e in s.entries] == [
        "first-0230", "second-0230", "brunch", "closing"]


def test_times_on_the_clock_change_day_carry_their_zone() -> None:
    sunday = build(autumn_event(), autumn_sessions(), "en").days[1]
    assert [e.time for s in sunday.slots for e in s.entries] == [
        "02:30 CEST–02:50 CEST", "02:30 CET–03:00 CET", "10:00 CET–11:00 CET"]


def test_spring_forward_session_spans_the_missing_hour() -> None:
    # 29 March 2026: 02:00 CET jumps to 03:00 CEST. 00:30Z is 01:30 CET, 01:30Z is 03:30 CEST.
    session = Session(session_id="early", title="Early bird", starts_at=utc(3, 29, 0, 30), ends_at=utc(3, 29, 1, 30))
    event = autumn_event(starts_at=utc(3, 29, 0), ends_at=utc(3, 29, 5), registration_closes_at=utc(3, 28, 0),
                         registration_opens_at=utc(3, 1, 0))
    (day,) = build(event, [session], "en").days
    assert day.day == date(2026, 3, 29)
    assert day.slots[0].entries[0].time == "01:30 CET–03:30 CEST"


@pytest.mark.parametrize(
    ("language", "day", "title", "modes"),
    [
        ("en", "Saturday, 24 October 2026", "Welcome to Zürich and Łódź", ("In person", "Online")),
        ("fr", "samedi 24 octobre 2026", "Bienvenue à Zürich et Łódź", ("Sur place", "En ligne")),
        ("nl", "zaterdag 24 oktober 2026", "Welcome to Zürich and Łódź", ("Ter plaatse", "Online")),
        ("de", "Samstag, 24. Oktober 2026", "Welcome to Zürich and Łódź", ("Vor Ort", "Online")),
    ],
)
def test_labels_and_texts_in_the_readers_language(language: str, day: str, title: str,
                                                 modes: tuple[str, ...]) -> None:
    agenda = build(autumn_event(), autumn_sessions(), language)
    saturday = agenda.days[0]
    welcome = saturday.slots[0].entries[1]
    assert saturday.label == day
    assert welcome.title == title  # nl has no title of its own: the event's language (en) stands in
    assert welcome.modes == modes
    assert agenda.language == language


def test_description_falls_back_to_the_events_language() -> None:
    welcome = build(autumn_event(), autumn_sessions(), "de").days[0].slots[0].entries[1]
    assert welcome.description == "Eröffnungsworte."
    assert build(autumn_event(), autumn_sessions(), "nl").days[0].slots[0].entries[1].description == "Opening words."


def test_event_facts_rooms_and_tracks() -> None:
    agenda = build(autumn_event(), autumn_sessions(), "en")
    assert agenda.title == "Night of the Regions"
    assert agenda.when == "24 October 2026, 10:00 CEST – 26 October 2026, 13:00 CET"
    assert agenda.where == "Hôtel de ville de Łódź, ul. Piotrkowska 104, Łódź · Online"
    assert agenda.rooms == ("Foyer", "Meeting point: Grand-Place", "Observatory", "Room 2", "Salle Ω")
    assert agenda.tracks == ("Culture", "Mobility", "Plenary")
    assert agenda.published


def test_an_event_without_sessions_has_no_days() -> None:
    agenda = build(autumn_event(status=EventStatus.DRAFT), [], "en")
    assert agenda.days == ()
    assert not agenda.published


def test_fingerprint_follows_what_the_agenda_shows_only() -> None:
    sessions = autumn_sessions()
    base = build(autumn_event(), sessions, "en").fingerprint()
    assert build(autumn_event(), autumn_sessions(), "en").fingerprint() == base
    # Registrations move counters; the agenda does not show them, so its fingerprint stays.
    counted = [s.model_copy(update={"registered": 7, "waitlisted": 2}) for s in sessions]
    assert build(autumn_event(registered_in_person=40), counted, "en").fingerprint() == base
    moved = [sessions[0].model_copy(update={"room": "Salle Δ"}), *sessions[1:]]
    assert build(autumn_event(), moved, "en").fingerprint() != base
    assert build(autumn_event(), sessions, "fr").fingerprint() != base
