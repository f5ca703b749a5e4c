"""The delegation form (GET /events/{id}/delegation, its form post to /events/{id}/delegations) through
chalice.test.Client on moto: all or nothing, errors linked per member field, one more row without JavaScript,
a double post registered once, each person with their own manage link, refusals as pages."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

from chalice.test import Client
from integration_support import DEMO_EVENT, Stack
from test_registration_api import assert_nothing_written, form_fields, parse_page, person, post_form

from eventreg.adapters.dynamodb import items, keys
from eventreg.links import token_valid

PAGE = f"/events/{DEMO_EVENT}/delegation"
DELEGATIONS = f"/events/{DEMO_EVENT}/delegations"
MEMBERS = [("Anna Kowalska", "anna.kowalska@gdansk.example"), ("Piotr Nowak", "piotr.nowak@gdansk.example"),
           ("Ewa Wiśniewska", "ewa.wisniewska@gdansk.example")]


def delegation_form(people: list[tuple[str, str]] = MEMBERS, **extra: str) -> dict[str, Any]:
    """The lead (the demo person) and one filled row per member, as a browser posts the form."""
    fields: dict[str, Any] = {**form_fields(person()), "members": str(len(people)), "form_token": "tok-1"}
    for row, (name, email) in enumerate(people, start=1):
        fields[f"member-{row}-name"] = name
        fields[f"member-{row}-email"] = email
        fields[f"member-{row}-preferred_language"] = "nl"
    fields.update(extra)
    return fields


def summary_links(body: str) -> list[str]:
    summary = body.split('id="form-errors"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'href="#([^"]+)"', summary)


def test_the_register_page_links_to_the_delegation_form(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        register = client.http.get(f"/events/{DEMO_EVENT}/register?lang=fr", headers={"Accept": "text/html"})
        page = client.http.get(f"{PAGE}?lang=fr", headers={"Accept": "text/html"})
    assert f'href="{PAGE}?lang=fr"' in register.body.decode()
    assert page.status_code == 200
    parsed = parse_page(page.body)
    for row in (1, 2, 3):  # three member rows to begin with, each control with its label
        for name in ("name", "email", "job_title", "preferred_language"):
            assert f"member-{row}-{name}" in parsed.label_for
    assert "member-4-name" not in parsed.ids
    assert "Inscrire la délégation</button>" in page.body.decode()


def test_add_another_member_shows_one_more_row_and_keeps_what_was_typed(
    stack: Stack, registration_service: ModuleType
) -> None:
    with Client(registration_service.app) as client:
        response = post_form(client, delegation_form(add_member="1"), DELEGATIONS, Accept="text/html")
    assert response.status_code == 200
    parsed = parse_page(response.body)
    assert parsed.control("member-4-name")["value"] == ""
    assert parsed.control("member-2-email")["value"] == "piotr.nowak@gdansk.example"
    assert parsed.control("name")["value"] == person()["name"]
    assert_nothing_written(stack)


def test_one_bad_member_writes_nothing_and_the_summary_links_to_the_field(
    stack: Stack, registration_service: ModuleType
) -> None:
    members = [MEMBERS[0], ("Piotr Nowak", "not-an-address"), MEMBERS[2]]
    with Client(registration_service.app) as client:
        response = post_form(client, delegation_form(members, lang="nl"), DELEGATIONS, Accept="text/html")
    assert response.status_code == 400
    body = response.body.decode()
    assert summary_links(body) == ["member-2-email"]
    parsed = parse_page(response.body)
    assert parsed.errors["member-2-email-error"] == "Vul een e-mailadres in, zoals naam@example.eu."
    assert parsed.control("member-2-email")["aria-invalid"] == "true"
    assert parsed.control("member-3-name")["value"] == "Ewa Wiśniewska"  # what was typed stays
    assert_nothing_written(stack)


def test_a_member_already_registered_refuses_the_whole_delegation(
    stack: Stack, registration_service: ModuleType
) -> None:
    with Client(registration_service.app) as client:
        first = post_form(client, form_fields(person(name="Piotr Nowak", email=MEMBERS[1][1])),
                          f"/events/{DEMO_EVENT}/registrations", Accept="text/html")
        assert first.status_code == 201
        response = post_form(client, delegation_form(lang="de"), DELEGATIONS, Accept="text/html")
    assert response.status_code == 409
    assert summary_links(response.body.decode()) == ["member-2-email"]
    assert 'lang="de"' in response.body.decode()
    assert_nothing_written(stack, registrations=1)  # only the first person's


def test_an_address_given_twice_is_marked_on_the_second_person(
    stack: Stack, registration_service: ModuleType
) -> None:
    members = [MEMBERS[0], ("Piotr Nowak", MEMBERS[0][1].upper())]
    with Client(registration_service.app) as client:
        response = post_form(client, delegation_form(members, lang="fr"), DELEGATIONS, Accept="text/html")
    assert response.status_code == 400
    assert summary_links(response.body.decode()) == ["member-2-email"]
    assert parse_page(response.body).errors["member-2-email-error"] == \
        "Deux membres ont la même adresse e-mail."
    assert_nothing_written(stack)


def test_a_delegation_registers_everyone_once_each_with_their_own_manage_link(
    stack: Stack, registration_service: ModuleType
) -> None:
    form = delegation_form()
    with Client(registration_service.app) as client:
        first = post_form(client, form, DELEGATIONS, Accept="text/html")
        again = post_form(client, form, DELEGATIONS, Accept="text/html")  # a double click
    assert first.status_code == again.status_code == 201
    assert stack.count(prefix=keys.REG_PREFIX) == 4  # the lead and three members, once
    body = first.body.decode()
    links = re.findall(r'href="(/events/[^"]+/manage\?token=[^"]+)"', body)
    assert len(set(links)) == 4
    for link in links:
        registration_id = link.split("/registrations/")[1].split("/")[0]
        token = link.split("token=")[1]
        assert token_valid(DEMO_EVENT, registration_id, token)
    assert re.findall(r'href="(/events/[^"]+/manage\?token=[^"]+)"', again.body.decode()) == links
    stored = [{k: v["S"] for k, v in i.items() if "S" in v} for i in stack.partition(prefix=keys.REG_PREFIX)]
    assert {i["email"] for i in stored} == {person()["email"], *(email for _, email in MEMBERS)}
    assert len({i["delegation_id"] for i in stored}) == 1
    assert {i["preferred_language"] for i in stored if i["email"] != person()["email"]} == {"nl"}
    assert "confirmation mail" in body


def test_empty_member_rows_are_left_out_but_one_member_is_needed(
    stack: Stack, registration_service: ModuleType
) -> None:
    with Client(registration_service.app) as client:
        response = post_form(client, delegation_form([], members="3"), DELEGATIONS, Accept="text/html")
    assert response.status_code == 400
    assert summary_links(response.body.decode()) == ["member-1-name"]
    assert_nothing_written(stack)


def test_a_closed_event_is_a_page_in_the_readers_language(stack: Stack, registration_service: ModuleType) -> None:
    stack.update_event(
        registration_opens_at=datetime(2020, 1, 1, tzinfo=UTC),
        registration_closes_at=datetime(2020, 1, 15, 22, 59, 59, tzinfo=UTC),
    )
    with Client(registration_service.app) as client:
        page = client.http.get(f"{PAGE}?lang=nl", headers={"Accept": "text/html"})
        response = post_form(client, delegation_form(lang="nl"), DELEGATIONS, Accept="text/html")
    for answer in (page, response):
        body = answer.body.decode()
        assert "De inschrijving is gesloten sinds 15 januari 2020, 23:59 CET." in body
        assert 'name="member-1-name"' not in body  # no form to fill in
    assert response.status_code == 409
    assert_nothing_written(stack)


def stored_consents(stack: Stack) -> dict[str, bool]:
    """Each stored registration's list consent, by email."""
    found = [items.from_av(i) for i in stack.partition(prefix=keys.REG_PREFIX)]
    return {i["email"]: i.get("list_consent", False) for i in found}


def test_each_member_is_listed_only_if_their_own_box_is_ticked(
    stack: Stack, registration_service: ModuleType
) -> None:
    """The lead's "may appear in the list" is the lead's alone; a member's own box is theirs (and kept on a
    re-shown form)."""
    form = delegation_form(list_consent="on", **{"member-2-list_consent": "on"})
    with Client(registration_service.app) as client:
        again = post_form(client, {**form, "add_member": "1"}, DELEGATIONS, Accept="text/html")
        assert "checked" in parse_page(again.body).control("member-2-list_consent")
        assert "checked" not in parse_page(again.body).control("member-1-list_consent")
        assert post_form(client, form, DELEGATIONS, Accept="text/html").status_code == 201
    assert stored_consents(stack) == {person()["email"]: True, MEMBERS[0][1]: False, MEMBERS[1][1]: True,
                                      MEMBERS[2][1]: False}


def test_the_api_takes_each_members_own_consent_and_never_copies_the_leads(
    stack: Stack, registration_service: ModuleType
) -> None:
    body = {"lead": {**person(), "list_consent": True},
            "members": [{"name": "Anna Kowalska", "email": MEMBERS[0][1], "list_consent": True},
                        {"name": "Piotr Nowak", "email": MEMBERS[1][1]}]}
    with Client(registration_service.app) as client:
        response = client.http.post(DELEGATIONS, headers={"Content-Type": "application/json"}, body=json.dumps(body))
    assert response.status_code == 201, response.body
    assert [r["list_consent"] for r in response.json_body["registrations"]] == [True, True, False]
    assert stored_consents(stack) == {person()["email"]: True, MEMBERS[0][1]: True, MEMBERS[1][1]: False}
