"""What the schemathesis run (tests/e2e/test_api_fuzz.py) found in organisers' event documents: each of
these answered 500; each is a 400 naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from eventreg.domain import organising
from eventreg.domain.errors import ValidationFailed
from eventreg.domain.models import Event
from eventreg.notify.overrides import check

NEW = {"event_id": "workshop", "title": "Workshop", "timezone": "Europe/Brussels",
       "starts_at": "2026-06-10T09:00:00+02:00", "ends_at": "2026-06-10T17:00:00+02:00",
       "registration_opens_at": "2026-03-01T09:00:00+01:00", "registration_closes_at": "2026-05-18T23:59:59+02:00"}


@pytest.mark.parametrize("language", [{}, [], 5, None, True])
def test_a_language_that_is_not_text_is_a_validation_error_with_a_plain_title(language: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        organising.new_event({**NEW, "language": language}, "org-1", check_mail=check)
    assert "language" in refused.value.fields


def test_a_patch_with_such_a_language_is_a_validation_error(make_event: Any) -> None:
    current: Event = make_event()
    with pytest.raises(ValidationFailed) as refused:
        organising.updated_event(current, {"language": {}, "title": "Renamed", "description": "New"}, check_mail=check)
    assert "language" in refused.value.fields


@pytest.mark.parametrize("instant", ["0001-01-01T00:00:00+19:54", "9999-12-31T23:59:59-05:00"])
def test_an_instant_beyond_the_calendar_in_utc_is_a_validation_error(instant: str) -> None:
    """Year 1 with a positive offset is before year 1 in UTC: an OverflowError (500), now a 400 on the field."""
    with pytest.raises(ValidationFailed) as refused:
        organising.new_event({**NEW, "starts_at": instant}, "org-1", check_mail=check)
    assert "starts_at" in refused.value.fields
