"""eventreg.domain.parsing.parse_delegation_for: a delegation form's problems reported in one go."""

from __future__ import annotations

from typing import Any

import pytest
from report_helpers import QUESTIONS
from unit_helpers import build_event

from eventreg.domain.errors import ValidationFailed
from eventreg.domain.models import Question, QuestionKind
from eventreg.domain.parsing import parse_delegation_for

REQUIRED_INTEREST = Question(question_id="interest", kind=QuestionKind.SINGLE, label={"en": "Main interest"},
                             options=["Networking", "Cohesion policy"], required=True)


def lead(**overrides: Any) -> dict[str, Any]:
    return {"name": "Magdalena Adamowicz", "email": "m.adamowicz@gdansk.example", "organisation": "City of Gdańsk",
            "organisation_type": "city", "country": "PL", "privacy_consent": True,
            "answers": {"interest": "Networking"}, **overrides}


def test_a_valid_delegation_is_the_lead_and_its_members() -> None:
    event = build_event(questions=[REQUIRED_INTEREST])
    parsed = parse_delegation_for(event, {"lead": lead(), "members": [{"name": "Piotr", "email": "p@gdansk.example"}]})
    assert parsed.lead.organisation == "City of Gdańsk"
    assert [m.email for m in parsed.members] == ["p@gdansk.example"]


def test_the_lead_the_members_and_the_answers_are_reported_together() -> None:
    event = build_event(questions=[REQUIRED_INTEREST])
    data = {"lead": lead(name="", answers={}),
            "members": [{"name": "Piotr", "email": "p@gdansk.example"}, {"name": "", "email": "not-an-address"}]}
    with pytest.raises(ValidationFailed) as raised:
        parse_delegation_for(event, data)
    assert set(raised.value.fields) == {"lead.name", "lead.answers.interest", "members.1.name", "members.1.email"}


def test_no_member_is_a_translatable_message() -> None:
    with pytest.raises(ValidationFailed) as raised:
        parse_delegation_for(build_event(questions=QUESTIONS), {"lead": lead(), "members": []})
    message = raised.value.fields["members"]
    assert getattr(message, "msgid", None) == "Fill in at least one member."
