"""Request bodies (JSON or a form's fields) into validated registration and delegation requests: every problem
reported at once, each with its field's name and a message code (domain.errors.Message), never a sentence to
match. Split from domain.registration, which holds the rules a parsed request then meets."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from eventreg.domain.errors import N_, Message, ValidationFailed
from eventreg.domain.events import Event
from eventreg.domain.field_errors import message_for
from eventreg.domain.registration import check_answers
from eventreg.domain.registrations import DelegationRequest, RegistrationRequest


def field_messages(exc: ValidationError, prefix: str = "") -> dict[str, str]:
    """Each field's first problem, as a message chosen by the error's type (domain.field_errors)."""
    messages: dict[str, str] = {}
    for error in exc.errors():
        location = [str(part) for part in error["loc"]]
        text = message_for(error)
        named = text.params.get("field")
        if not location and isinstance(named, str):  # a model-level rule naming its field
            location = [named]
        messages.setdefault(prefix + (".".join(location) or "body"), text)
    return messages


def parse_request(data: Any) -> RegistrationRequest:
    """Validate a submitted form or JSON body, turning pydantic's errors into field messages."""
    if not isinstance(data, dict):
        raise ValidationFailed(Message(N_("The body must be a JSON object or a form.")))
    try:
        return RegistrationRequest.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(Message(N_("Some fields need your attention.")), fields=field_messages(exc)) from exc


def parse_for(event: Event, data: Any) -> RegistrationRequest:
    """Validate a submission against the event in one go: field problems and answers to the
    organiser's questions are reported together (a form is never corrected in rounds)."""
    problems: dict[str, str] = {}
    request: RegistrationRequest | None = None
    try:
        request = parse_request(data)
    except ValidationFailed as error:
        problems.update(error.fields)
    answers = data.get("answers") if isinstance(data, dict) else None
    try:
        check_answers(event.questions, answers if isinstance(answers, dict) else {}, event.language)
    except ValidationFailed as error:
        problems.update(error.fields)
    if problems or request is None:
        raise ValidationFailed(Message(N_("Some fields need your attention.")), fields=problems)
    return request


def parse_delegation(data: Any) -> DelegationRequest:
    if not isinstance(data, dict):
        raise ValidationFailed(Message(N_("The body must be a JSON object.")))
    try:
        return DelegationRequest.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(Message(N_("Some fields need your attention.")), fields=field_messages(exc)) from exc


def parse_delegation_for(event: Event, data: Any) -> DelegationRequest:
    """A delegation from a form, validated against the event in one go: the lead's and every member's field
    problems and the lead's answers to the organiser's questions are reported together."""
    problems: dict[str, str] = {}
    request: DelegationRequest | None = None
    try:
        request = parse_delegation(data)
    except ValidationFailed as error:
        problems.update(error.fields)
    members = data.get("members") if isinstance(data, dict) else None
    if members == []:  # more telling than the list's generic "at least 1 item"
        problems["members"] = Message(N_("Fill in at least one member."))
    lead = data.get("lead") if isinstance(data, dict) else None
    answers = lead.get("answers") if isinstance(lead, dict) else None
    try:
        check_answers(event.questions, answers if isinstance(answers, dict) else {}, event.language)
    except ValidationFailed as error:
        problems.update({f"lead.{name}": text for name, text in error.fields.items()})
    if problems or request is None:
        raise ValidationFailed(Message(N_("Some fields need your attention.")), fields=problems)
    return request
