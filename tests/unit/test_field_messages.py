"""Issue #14: every field error the public forms' models can give has its own message (domain.field_errors),
so a new constraint or rule without words (and translations) fails here instead of showing INVALID."""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import Any, get_args, get_origin

import pytest
from annotated_types import MaxLen
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from eventreg.domain.errors import Message
from eventreg.domain.field_errors import INVALID, known_message
from eventreg.domain.input_limits import max_lengths, required_fields
from eventreg.domain.parsing import field_messages
from eventreg.domain.registrations import DelegationRequest, Person, RegistrationRequest
from eventreg.entrypoints.http.manage import ChangeRequest
from eventreg.locale.errors import in_language

PUBLIC_FORMS: list[type[BaseModel]] = [RegistrationRequest, Person, DelegationRequest, ChangeRequest]
TEXT_PROBES = ["", "   ", "a\x00b", "two\nlines", "no-such-choice", "Not A Slug!"]


def _leaves(annotation: Any) -> set[Any]:
    args = get_args(annotation)
    return {annotation} if not args else {get_origin(annotation), *(t for a in args for t in _leaves(a))}


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def probes(field: FieldInfo) -> Iterator[Any]:
    """What a form can post to the field: text of every kind, too long, too few or too many items. A model
    inside is probed as a form of its own (Person); the answers are checked by domain.registration."""
    leaves = _leaves(field.annotation)
    longest = next((m.max_length for m in field.metadata if isinstance(m, MaxLen)), 200)
    if dict in leaves:
        return
    if list in leaves:
        item: Any = {} if any(_is_model(t) for t in leaves) else "s"
        yield [item] * (longest + 1)
        yield [] if item == {} else TEXT_PROBES
    elif str in leaves or any(isinstance(t, type) and issubclass(t, Enum) for t in leaves):
        yield from TEXT_PROBES
        yield "x" * (longest + 1)


def errors_of(model: type[BaseModel]) -> Iterator[Any]:
    for name, field in model.model_fields.items():
        for value in probes(field):
            try:
                model.model_validate({name: value})
            except ValidationError as exc:
                yield from (error for error in exc.errors() if error["loc"][:1] == (name,))
    try:
        model.model_validate({"no_such_field": "x"})
    except ValidationError as exc:
        yield from exc.errors()


@pytest.mark.parametrize("model", PUBLIC_FORMS, ids=lambda m: m.__name__)
def test_every_error_a_public_form_can_give_has_its_own_message(model: type[BaseModel]) -> None:
    unmapped = {(error["type"], error["loc"], error["msg"]) for error in errors_of(model) if not known_message(error)}
    assert not unmapped


def test_an_error_nothing_maps_still_reads_as_a_translated_message() -> None:
    with pytest.raises(ValidationError) as caught:
        RegistrationRequest.model_validate({"answers": "not an object"})  # dict_type: the API's, no form's
    message = field_messages(caught.value)["answers"]
    assert isinstance(message, Message) and message.msgid == INVALID
    assert in_language(message, "fr") == "Cette valeur n'est pas valide."


@pytest.mark.parametrize(("language", "text"), [
    ("pl", "Proszę wpisać maksymalnie 200 znaków."),
    ("fr", "Saisissez au maximum 200 caractères."),
    ("en", "Enter at most 200 characters."),
])
def test_a_length_limit_is_counted_in_the_readers_language(language: str, text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Person.model_validate({"name": "x" * 201, "email": "a@example.eu"})
    assert in_language(field_messages(caught.value)["name"], language) == text


def test_the_forms_limits_are_the_models() -> None:
    assert max_lengths(RegistrationRequest) == {
        "name": 200, "email": 254, "organisation": 200, "job_title": 200, "accessibility_needs": 2000,
        "dietary_needs": 2000, "sessions": 20}
    assert required_fields(Person) == {"name", "email"}
    assert {"name", "email", "organisation", "country", "privacy_consent"} <= required_fields(RegistrationRequest)
