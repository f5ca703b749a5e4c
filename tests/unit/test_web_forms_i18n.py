"""eventreg.web: form fields → request data, the reader's language, dates in en/nl/fr/de."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from eventreg.domain.errors import ValidationFailed
from eventreg.domain.models import Event, Question, QuestionKind
from eventreg.domain.parsing import parse_request
from eventreg.entrypoints.http.forms import form_values, request_data
from eventreg.locale.catalog import words
from eventreg.locale.dates import format_clock, format_day, format_instant
from eventreg.locale.languages import pick_language

EventFactory = Callable[..., Event]

QUESTIONS = [
    Question(question_id="interest", label={"en": "Main interest"}, kind=QuestionKind.SINGLE, required=True,
             options=["Cohesion", "Digital", "Green"]),
    Question(question_id="topics", label={"en": "Topics"}, kind=QuestionKind.MULTI,
             options=["Cohesion", "Digital", "Green"]),
    Question(question_id="first-time", label={"en": "First time?"}, kind=QuestionKind.CHECKBOX),
    Question(question_id="remarks", label={"en": "Remarks"}, kind=QuestionKind.TEXT),
]


def form(**overrides: Any) -> dict[str, Any]:
    """A form post as eventreg.http.read_body gives it: repeated names as lists."""
    fields: dict[str, Any] = {
        "lang": "nl",
        "form_token": "",
        "name": "Jan Peeters",
        "email": "jan.peeters@gent.be",
        "organisation": "Stad Gent",
        "organisation_type": "city",
        "country": "BE",
        "attendance_mode": "in_person",
        "privacy_consent": "on",
    }
    fields.update(overrides)
    return fields


# -- forms.request_data ----------------------------------------------------------------------------


def test_form_becomes_a_valid_request(make_event: EventFactory) -> None:
    data = request_data(form(), make_event())
    assert data == {
        "name": "Jan Peeters", "email": "jan.peeters@gent.be", "organisation": "Stad Gent",
        "organisation_type": "city", "country": "BE", "attendance_mode": "in_person",
        "privacy_consent": True, "list_consent": False,
    }
    assert parse_request(data).privacy_consent is True


def test_control_fields_are_not_part_of_the_request(make_event: EventFactory) -> None:
    data = request_data(form(), make_event())
    assert "lang" not in data and "form_token" not in data


def test_repeated_sessions_become_a_list(make_event: EventFactory) -> None:
    assert request_data(form(sessions=["plenary", "lab-b"]), make_event())["sessions"] == ["plenary", "lab-b"]
    assert request_data(form(sessions="plenary"), make_event())["sessions"] == ["plenary"]
    assert request_data(form(sessions=["", "lab-b", ""]), make_event())["sessions"] == ["lab-b"]


@pytest.mark.parametrize(("posted", "expected"), [("on", True), ("true", True), ("1", True), ("YES", True),
                                                   ("off", False), ("", False), (["", "on"], True)])
def test_checkboxes(make_event: EventFactory, posted: Any, expected: bool) -> None:
    data = request_data(form(privacy_consent=posted, list_consent=posted), make_event())
    assert data["privacy_consent"] is expected
    assert data["list_consent"] is expected


def test_unticked_checkboxes_are_false(make_event: EventFactory) -> None:
    fields = form()
    del fields["privacy_consent"]
    data = request_data(fields, make_event())
    assert data["privacy_consent"] is False and data["list_consent"] is False


def test_answers_follow_the_kind_of_question(make_event: EventFactory) -> None:
    event = make_event(questions=QUESTIONS)
    fields = form(**{
        "answers.interest": "Digital",
        "answers.topics": ["Green", "", "Cohesion"],
        "answers.first-time": "on",
        "answers.remarks": "<b>hi</b>",
        "answers.unknown": ["a", "b"],
    })
    assert request_data(fields, event)["answers"] == {
        "interest": "Digital", "topics": ["Green", "Cohesion"], "first-time": True, "remarks": "<b>hi</b>",
        "unknown": "b",
    }


def test_single_multi_checkbox_answers_given_once(make_event: EventFactory) -> None:
    event = make_event(questions=QUESTIONS)
    answers = request_data(form(**{"answers.topics": "Green", "answers.first-time": "off"}), event)["answers"]
    assert answers == {"topics": ["Green"], "first-time": False}


def test_no_answers_no_answers_key(make_event: EventFactory) -> None:
    assert "answers" not in request_data(form(), make_event(questions=QUESTIONS))


@pytest.mark.parametrize("name", ["organisation_type", "country", "attendance_mode", "preferred_language", "when_full"])
def test_empty_choices_are_dropped_so_the_model_says_required(make_event: EventFactory, name: str) -> None:
    data = request_data(form(**{name: ""}), make_event())
    assert name not in data


def test_empty_organisation_type_reads_as_required(make_event: EventFactory) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_request(request_data(form(organisation_type=""), make_event()))
    assert caught.value.fields == {"organisation_type": "This field is required."}


def test_repeated_single_field_keeps_the_last_value(make_event: EventFactory) -> None:
    assert request_data(form(name=["First", "Second"]), make_event())["name"] == "Second"


def test_form_values_keep_what_was_typed() -> None:
    values = form_values(form(sessions=["a", "b"], **{"answers.topics": ["Green"]}))
    assert values["sessions"] == ["a", "b"]
    assert values["answers.topics"] == ["Green"]
    assert "lang" not in values and "form_token" not in values


# -- locale.languages.pick_language -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "accept", "expected"),
    [
        ("de", "nl-BE,nl;q=0.9", "de"),  # ?lang wins
        ("xx", "nl-BE,nl;q=0.9", "nl"),  # an unknown ?lang is ignored
        ("", "fr", "fr"),
        (None, "fr-BE;q=0.5, nl;q=0.8, en;q=0.1", "nl"),  # by quality, not by order
        (None, "ja-JP, de;q=0.5", "de"),  # unknown languages are skipped
        (None, "es-ES, de;q=0.5", "es"),  # any of the EU's 24 languages
        (None, "EN-gb", "en"),
        (None, "ja, zh;q=0.9", "fr"),  # nothing we write: the event's language
        (None, "", "fr"),
        (None, None, "fr"),
        (None, "nl;q=abc, de;q=0.1", "de"),  # a malformed quality ranks last
    ],
)
def test_pick_language(requested: str | None, accept: str | None, expected: str) -> None:
    assert pick_language(requested, accept, "fr") == expected


def test_pick_language_never_picks_a_refused_language() -> None:
    assert pick_language(None, "nl;q=0", "en") == "en"


def test_texts_in_the_reader_s_language() -> None:
    assert [words(lang)("Register") for lang in ("en", "nl", "fr", "de", "es")] == [
        "Register", "Inschrijven", "S'inscrire", "Anmelden", "Inscribirse"]
    assert words("ja")("Register") == "Register"  # not offered: English
    assert words("de").ngettext("%(num)s place left", "%(num)s places left", 3) == "noch 3 Plätze"


# -- dates -----------------------------------------------------------------------------------------

SUMMER = datetime(2018, 5, 18, 21, 59, 59, tzinfo=UTC)  # 23:59:59 in Brussels (CEST)
WINTER = datetime(2018, 1, 18, 22, 59, tzinfo=UTC)  # 23:59 in Brussels (CET)


@pytest.mark.parametrize(
    ("language", "summer", "winter"),
    [
        ("en", "18 May 2018, 23:59 CEST", "18 January 2018, 23:59 CET"),
        ("nl", "18 mei 2018, 23:59 CEST", "18 januari 2018, 23:59 CET"),
        ("fr", "18 mai 2018, 23:59 CEST", "18 janvier 2018, 23:59 CET"),
        ("de", "18. Mai 2018, 23:59 CEST", "18. Januar 2018, 23:59 CET"),
    ],
)
def test_instant_in_four_languages(language: str, summer: str, winter: str) -> None:
    assert format_instant(SUMMER, "Europe/Brussels", language) == summer
    assert format_instant(WINTER, "Europe/Brussels", language) == winter


@pytest.mark.parametrize(
    ("language", "day"),
    [("en", "Friday, 18 May 2018"), ("nl", "vrijdag 18 mei 2018"), ("fr", "vendredi 18 mai 2018"),
     ("de", "Freitag, 18. Mai 2018")],
)
def test_day_in_four_languages(language: str, day: str) -> None:
    assert format_day(SUMMER, "Europe/Brussels", language) == day


def test_instant_in_another_timezone() -> None:
    assert format_instant(SUMMER, "Europe/Lisbon", "en") == "18 May 2018, 22:59 WEST"
    assert format_clock(SUMMER, "Europe/Helsinki", "fi") == "00:59"
