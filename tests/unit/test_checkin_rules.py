"""The check-in desk's pure rules (#15): who may be checked in for the event or a session, the one-minute undo,
and the name search at the door (case and accents aside, every typed word starts a word of the name)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from unit_helpers import build_registration

from eventreg.domain.checkins import (
    EVENT_SCOPE,
    UNDO_WINDOW,
    Checkin,
    Outcome,
    Result,
    may_undo,
    name_matches,
    refusal,
)
from eventreg.domain.models import RegistrationStatus, utc_now


def test_confirmed_people_may_be_checked_in_for_the_event_and_their_sessions() -> None:
    person = build_registration(sessions=["lab-a"])
    assert refusal(person, person.event_id, EVENT_SCOPE) is None
    assert refusal(person, person.event_id, "lab-a") is None
    assert refusal(person, person.event_id, "lab-b") is Outcome.NOT_IN_SESSION
    assert refusal(person, "another-event", EVENT_SCOPE) is Outcome.NOT_THIS_EVENT
    assert refusal(None, person.event_id, EVENT_SCOPE) is Outcome.NOT_REGISTERED
    assert refusal(person.model_copy(update={"anonymised": True}), person.event_id,
                   EVENT_SCOPE) is Outcome.NOT_REGISTERED


@pytest.mark.parametrize("status", [s for s in RegistrationStatus if s is not RegistrationStatus.CONFIRMED])
def test_everyone_else_is_refused(status: RegistrationStatus) -> None:
    person = build_registration(status=status)
    assert refusal(person, person.event_id, EVENT_SCOPE) is Outcome.NOT_CONFIRMED


def test_undo_within_the_minute() -> None:
    now = utc_now()
    made = Checkin("e", "r", EVENT_SCOPE, now)
    assert may_undo(made, now + UNDO_WINDOW)
    assert not may_undo(made, now + UNDO_WINDOW + timedelta(seconds=1))


def test_refused_outcomes() -> None:
    assert not Result(Outcome.CHECKED_IN).refused and not Result(Outcome.ALREADY).refused
    assert Result(Outcome.NOT_CONFIRMED).refused and Result(Outcome.INVALID_CODE).refused


@pytest.mark.parametrize(("name", "query", "found"), [
    ("Zoë Müller-Lüdenscheidt", "zoe mull", True),
    ("Zoë Müller-Lüdenscheidt", "ludensch", True),
    ("Jan Peeters", "pee jan", True),
    ("Jan Peeters", "eters", False),  # a word's start, not any part
    ("Ørsted Åse", "åse", True),
    ("Łukasz Żółć", "lukasz zolc", True),  # a stroke (Ł, Ø, Đ, Ħ) is folded too
    ("Łukasz Żółć", "łukasz żół", True),
    ("Søren Ħabib", "soren hab", True),
    ("Ana", "", True),
])
def test_name_search(name: str, query: str, found: bool) -> None:
    assert name_matches(name, query) is found
