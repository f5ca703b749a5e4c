"""Organisers' input, pure (issue 10): instants are ISO 8601 text in plausible years, counts are whole
numbers in range, flags are booleans, and an event never outgrows its DynamoDB item."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from eventreg.domain.errors import PayloadTooLarge, ValidationFailed
from eventreg.domain.organising import new_event
from eventreg.domain.types import MAX_CAPACITY
from eventreg.notify.overrides import check


def event_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "event_id": "ws", "title": "Workshop", "timezone": "Europe/Brussels",
        "starts_at": "2030-03-01T09:00:00+01:00", "ends_at": "2030-03-01T17:00:00+01:00",
        "registration_opens_at": "2030-01-01T09:00:00+01:00", "registration_closes_at": "2030-02-20T12:00:00+01:00",
    }
    return {**data, **overrides}


@pytest.mark.parametrize("value", [5, 0, 1.7e9, True, "5", "1700000000", "2030-03-01", "09:00", None,
                                   "1999-12-31T23:00:00+00:00", "2101-01-01T00:00:00+00:00",
                                   "2030-03-01T09:00:00"])
def test_instants_are_iso_text_with_an_offset_in_plausible_years(value: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        new_event(event_data(starts_at=value), "org-1", check_mail=check)
    assert "starts_at" in refused.value.fields


def test_instants_in_any_offset_are_kept_in_utc() -> None:
    event = new_event(event_data(starts_at="2030-03-01 08:00:00Z"), "org-1", check_mail=check)
    assert event.starts_at == datetime(2030, 3, 1, 8, tzinfo=UTC)


@pytest.mark.parametrize("value", [10**30, MAX_CAPACITY + 1, -1, True, False, "10", 2.5, [10], {"n": 1}])
def test_capacities_are_whole_numbers_in_range(value: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        new_event(event_data(capacity_in_person=value), "org-1", check_mail=check)
    assert "capacity_in_person" in refused.value.fields


@pytest.mark.parametrize(("value", "kept"), [(0, 0), (MAX_CAPACITY, MAX_CAPACITY), (40.0, 40), (Decimal(7), 7),
                                             (None, None)])
def test_capacities_in_range_are_kept(value: Any, kept: int | None) -> None:
    assert new_event(event_data(capacity_in_person=value), "org-1", check_mail=check).capacity_in_person == kept


@pytest.mark.parametrize(("field", "value"), [("moderated", "yes"), ("moderated", 1), ("retention_days", True),
                                              ("reminder_days", "7"), ("modes", ["online", "online"]),
                                              ("language", ["en"]), ("language", {"en": 1})])
def test_flags_counts_and_lists_are_what_they_say(field: str, value: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        new_event(event_data(**{field: value}), "org-1", check_mail=check)
    assert field in refused.value.fields


def test_an_event_too_large_for_one_item_is_refused() -> None:
    question = {"kind": "single", "label": "Which one?", "options": [f"{i:03d} " + "x" * 190 for i in range(50)]}
    questions = [{**question, "question_id": f"q{n}"} for n in range(30)]
    description = {language: "y" * 5000 for language in ("en", "fr", "de", "nl")}
    with pytest.raises(PayloadTooLarge):  # each field within its limits, together more than an item holds
        new_event(event_data(questions=questions, description=description), "org-1", check_mail=check)
    assert len(new_event(event_data(questions=questions[:10]), "org-1", check_mail=check).questions) == 10
