"""Presets are data (columns + default filters); list parameters are validated, with clear messages."""

from __future__ import annotations

import pytest
from report_helpers import QUESTIONS, listing

from eventreg.domain.errors import ValidationFailed
from eventreg.report.attendees.filters import ListRequest, parse
from eventreg.report.attendees.presets import PRESETS


def test_every_preset_names_known_columns() -> None:
    for preset in PRESETS.values():
        columns = [c.key for c in listing(request=ListRequest(preset=preset.name)).columns]
        assert columns, preset.name
        if "answers" in preset.columns:
            assert [k for k in columns if k.startswith("answer:")] == [f"answer:{q.question_id}" for q in QUESTIONS]


def test_preset_columns_and_defaults() -> None:
    titles = {name: [c.title for c in listing(request=parse({"preset": name})).columns] for name in PRESETS}
    assert titles["badges"] == ["Name", "Job title", "Organisation", "Country name", "Role", "Reference"]
    assert titles["catering"][:4] == ["Name", "Organisation", "Dietary needs", "Accessibility needs"]
    assert "Email" in titles["online"] and "Email" not in titles["badges"]
    assert titles["full"][-4:] == ["First time here", "Main interest", "Topics", "Remarks"]
    assert dict(parse({"preset": "catering"}).filters) == {"mode": {"in_person"}, "status": {"confirmed"}}
    assert dict(parse({"preset": "online"}).filters) == {"mode": {"online"}, "status": {"confirmed"}}
    assert parse({}).filters == ()  # the full list: everyone, whatever their status


def test_given_filters_replace_the_presets_defaults() -> None:
    request = parse({"preset": "badges", "status": "confirmed,pending", "country": "be, pl"})
    assert dict(request.filters) == {"status": {"confirmed", "pending"}, "mode": {"in_person"},
                                     "country": {"BE", "PL"}}
    assert parse({"status": ["waitlisted"]}).filters == (("status", frozenset({"waitlisted"})),)


def test_session_from_the_path_or_the_query() -> None:
    assert parse({}, session="lab-a").session == "lab-a"
    assert parse({"session": "lab-a"}).session == "lab-a"
    assert parse({"session": "lab-a"}, session="lab-a").session == "lab-a"


@pytest.mark.parametrize(("query", "field", "message"), [
    ({"status": "confirmd"}, "status", "Unknown value confirmd; use cancelled, confirmed, pending, rejected, "
                                       "waitlisted."),
    ({"mode": "hybrid"}, "mode", "Unknown value hybrid; use in_person, online."),
    ({"organisation_type": "club"}, "organisation_type", "Unknown value club"),
    ({"country": "XX,BE"}, "country", "Unknown value XX; use ISO 3166 two-letter codes, e.g. BE."),
    ({"country": "Belgium"}, "country", "Unknown value BELGIUM"),
    ({"status": ""}, "status", "Give one or more values, separated by commas."),
    ({"preset": "vip"}, "preset", "Choose one of: full, badges, security, catering, online."),
    ({"stauts": "confirmed"}, "stauts", "Unknown parameter"),
    ({"session": ""}, "session", "Give a session id."),
    ({"mode": 3}, "mode", "Give one or more values"),
])
def test_bad_parameters_are_refused_with_the_field_named(query: dict[str, object], field: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse(query)
    assert caught.value.status == 400
    assert caught.value.fields[field].startswith(message)


def test_all_problems_are_reported_together() -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse({"status": "x", "mode": "y", "country": "ZZ"})
    assert set(caught.value.fields) == {"status", "mode", "country"}


def test_a_request_survives_the_round_trip_through_a_job_item() -> None:
    request = parse({"preset": "security", "country": "BE,NL"}, session="lab-a")
    assert ListRequest.from_dict(request.as_dict()) == request
