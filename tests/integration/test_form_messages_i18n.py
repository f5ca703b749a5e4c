"""Issue #14: a field's problem reaches the register form, the delegation form and the manage page in the
reader's language, worded from the error's type and limits, never as pydantic's English; the JSON API keeps
its fields and codes."""

from __future__ import annotations

import json
from types import ModuleType

from chalice.test import Client
from integration_support import Stack
from test_delegation_form import DELEGATIONS, delegation_form
from test_manage import JSON_HEADERS, REGISTRATIONS, page_path, register
from test_registration_api import form_fields, parse_page, person, post_form

# What pydantic says, which no reader may see (the English of our own rules is the API's: see the JSON test).
PYDANTIC_ENGLISH = ("String should", "Input should", "Value error", "List should", "Field required", "must not")


def assert_no_pydantic_english(body: str) -> None:
    assert not [text for text in PYDANTIC_ENGLISH if text in body]


def test_a_name_too_long_is_refused_in_french_with_the_models_limit(
    stack: Stack, registration_service: ModuleType
) -> None:
    with Client(registration_service.app) as client:
        response = post_form(client, {**form_fields(person(name="x" * 201)), "lang": "fr"}, Accept="text/html")
    assert response.status_code == 400
    page = parse_page(response.body)
    assert page.errors == {"name-error": "Saisissez au maximum 200 caractères."}
    assert page.control("name")["maxlength"] == "200"  # the form says the same limit before posting
    assert_no_pydantic_english(response.body.decode())


def test_a_name_of_only_spaces_is_missing_in_german(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        response = post_form(client, {**form_fields(person(name="   ")), "lang": "de"}, Accept="text/html")
    assert response.status_code == 400
    assert parse_page(response.body).errors == {"name-error": "Dieses Feld ist erforderlich."}
    assert_no_pydantic_english(response.body.decode())


def test_a_choice_not_offered_and_a_two_line_title_in_italian(stack: Stack, registration_service: ModuleType) -> None:
    fields = {**form_fields(person(organisation_type="mayor", job_title="Sindaco\nMetropolitano")), "lang": "it"}
    with Client(registration_service.app) as client:
        response = post_form(client, fields, Accept="text/html")
    assert response.status_code == 400
    assert parse_page(response.body).errors == {
        "organisation_type-error": "Scelga una delle opzioni.",
        "job_title-error": "Scriva questo testo su una sola riga.",
    }
    assert_no_pydantic_english(response.body.decode())


def test_the_json_api_keeps_its_fields_and_code_in_english(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        response = client.http.post(REGISTRATIONS, headers=JSON_HEADERS,
                                    body=json.dumps(person(name="x" * 201, organisation="  ", country="BE")))
    assert response.status_code == 400
    error = response.json_body["error"]
    assert error["code"] == "validation_error"
    assert error["fields"] == {"name": "Enter at most 200 characters.", "organisation": "This field is required."}


def test_a_members_name_too_long_on_the_delegation_form_in_polish(
    stack: Stack, registration_service: ModuleType
) -> None:
    members = [("x" * 201, "anna.kowalska@gdansk.example")]
    with Client(registration_service.app) as client:
        response = post_form(client, delegation_form(members, lang="pl"), DELEGATIONS, Accept="text/html")
    assert response.status_code == 400
    page = parse_page(response.body)
    assert page.errors == {"member-1-name-error": "Proszę wpisać maksymalnie 200 znaków."}
    assert page.control("member-1-name")["maxlength"] == "200"
    assert page.control("member-1-email")["maxlength"] == "254"
    assert_no_pydantic_english(response.body.decode())


def test_a_mode_not_known_on_the_manage_page_in_dutch(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        registration = register(client, "jan@gent.be")
        response = client.http.post(page_path(registration) + "&lang=nl", headers={
            "Content-Type": "application/x-www-form-urlencoded"}, body="action=change&attendance_mode=hybrid")
    assert response.status_code == 400
    body = response.body.decode()
    assert "<li>Kies een van de mogelijkheden.</li>" in body
    assert_no_pydantic_english(body)
