"""The back-office's event form → the organiser API's event data, and back: texts per language, dates typed in
the event's timezone (summer and winter time), question rows, mail wording, what the form cannot read."""

from __future__ import annotations

from typing import Any

from eventreg.domain.events import Event
from eventreg.domain.organising import new_event
from eventreg.domain.types import LANGUAGES
from eventreg.entrypoints.http.office import event_form
from eventreg.notify.overrides import check

FORM: dict[str, Any] = {
    "event_id": "porto-summit", "language": "nl", "title.nl": " Top in Porto ", "title.en": "", "title.fr": "Sommet",
    "timezone": "Europe/Lisbon", "starts_at": "2026-07-01T09:00", "ends_at": "2026-07-02T17:00",
    "registration_opens_at": "2026-01-15T08:30", "registration_closes_at": "2026-06-20T23:59:59",
    "modification_deadline": "", "modes": ["in_person", "online"], "capacity_in_person": "2400",
    "capacity_online": "", "online_url": "", "partners": "Eurocities\r\n\r\n CEMR ", "rows": "3",
    "questions.0.question_id": "", "questions.0.label.en": "", "questions.0.options": "",
    "questions.1.question_id": "arrival", "questions.1.label.en": "Arrival day", "questions.1.kind": "single",
    "questions.1.options": "Monday\nTuesday\n", "questions.1.required": "on",
    "mail.confirmed.subject": "Welkom", "mail.confirmed.body": "", "mail.pending.subject": "",
}


def test_the_form_becomes_the_apis_data() -> None:
    data, problems = event_form.event_data(FORM, creating=True)
    assert problems == {}
    assert data["event_id"] == "porto-summit" and data["language"] == "nl"
    # every language's text, blank ones too: an edit replaces them all (the domain leaves blank ones out)
    assert data["title"] == {lang: "" for lang in LANGUAGES} | {"nl": "Top in Porto", "fr": "Sommet"}
    assert data["starts_at"] == "2026-07-01T09:00:00+01:00"  # Lisbon in summer: WEST
    assert data["registration_opens_at"] == "2026-01-15T08:30:00+00:00"  # and in winter: WET
    assert data["registration_closes_at"] == "2026-06-20T23:59:59+01:00"
    assert data["modification_deadline"] is None and data["online_url"] is None and data["venue"] is None
    assert data["capacity_in_person"] == 2400 and data["capacity_online"] is None
    assert "retention_days" not in data  # blank: the API's default
    assert data["partners"] == ["Eurocities", "CEMR"]
    assert data["questions"] == [{"question_id": "arrival", "kind": "single", "required": True,
                                  "options": ["Monday", "Tuesday"],
                                  "label": {lang: "" for lang in LANGUAGES} | {"en": "Arrival day"}}]
    assert data["mail_overrides"] == {"confirmed": {"subject": "Welkom", "body": ""}}
    # The same data the JSON API takes: the domain accepts it as it is.
    event = new_event(data, "org-porto", check_mail=check)
    assert event.title == {"nl": "Top in Porto", "fr": "Sommet"} and event.questions[0].label == {"en": "Arrival day"}


def test_an_edit_sends_no_id() -> None:
    data, _ = event_form.event_data(FORM, creating=False)
    assert "event_id" not in data


def test_what_the_form_cannot_read_is_named_per_field() -> None:
    data, problems = event_form.event_data({**FORM, "starts_at": "1 July", "capacity_online": "2.5",
                                            "reminder_days": "soon"}, creating=True)
    assert set(problems) == {"starts_at", "capacity_online", "reminder_days"}
    assert problems["starts_at"].msgid == event_form.DATE_TIME.msgid
    assert "starts_at" not in data and "capacity_online" not in data


def test_an_unknown_timezone_is_named_and_the_dates_are_still_checked() -> None:
    data, problems = event_form.event_data({**FORM, "timezone": "Mars/Olympus", "ends_at": "tomorrow"},
                                           creating=True)
    assert set(problems) == {"timezone", "ends_at"}
    assert data["starts_at"] == "2026-07-01T09:00:00+00:00"
    assert event_form.zone("../../etc/passwd") is None and event_form.zone("") is None


def test_an_event_round_trips_through_the_form() -> None:
    data, _ = event_form.event_data(FORM, creating=True)
    event = new_event(data, "org-porto", check_mail=check)
    values = event_form.form_values(event)
    assert values["starts_at"] == "2026-07-01T09:00" and values["registration_closes_at"] == "2026-06-20T23:59:59"
    assert values["questions.0.question_id"] == "arrival" and values["rows"] == "3"
    again, problems = event_form.event_data(values, creating=True)
    assert problems == {}
    assert new_event(again, "org-porto", check_mail=check) == event


def test_question_rows_grow_on_request_within_the_limit() -> None:
    assert event_form.rows({}, 0) == event_form.BLANK_ROWS
    assert event_form.rows({"rows": "4"}, 1) == 4
    assert event_form.rows({"rows": "4", "more_rows": "1"}, 1) == 4 + event_form.MORE_ROWS
    assert event_form.rows({"rows": "999", "more_rows": "1"}, 0) == event_form.MAX_ROWS
    assert event_form.rows({"rows": "x"}, 5) == 5 + event_form.BLANK_ROWS
    assert event_form.filled_rows(FORM) == 2


def test_typed_values_keep_the_modes_as_a_list() -> None:
    values = event_form.typed_values({**FORM, "modes": "online"})
    assert values["modes"] == ["online"] and values["title.nl"] == " Top in Porto "


def test_the_form_carries_every_field_an_organiser_sets() -> None:
    """Nothing of the API's event is left out of the form (but what the system keeps or other pages set)."""
    data, _ = event_form.event_data({**FORM, "retention_days": "30"}, creating=True)
    by_others = {"status", "documents", "organiser_ids", "anonymised_at", "reminder_sent", "registered_in_person",
                 "registered_online", "waitlisted"}
    assert set(Event.model_fields) - by_others == set(data)
