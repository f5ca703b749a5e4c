"""Erasure requests on moto, through the reports service: POST /privacy/erasures by a privacy officer removes a
person from every event (a Query of the ByEmail index, never a Scan); live registrations of events still to
come are cancelled so that the first in line is promoted; no mail goes to the erased person; a second
request finds nothing; plain organisers get 403; logs carry no personal data."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from chalice.test import Client
from integration_support import DEMO_EVENT, DEMO_ORGANISER, JWT_SECRET, LambdaContext, Stack
from privacy_support import (
    by_email,
    dynamodb_calls,
    move_to_past,
    open_workshop,
    partition_text,
    prefixes,
    register,
    stream_records,
)

from eventreg.auth import PRIVACY_OFFICERS, issue_token
from eventreg.domain.models import RegistrationStatus
from eventreg.storage import keys

ERASURES = "/privacy/erasures"
PERSON = ("Marta Kowalska", "Marta.Kowalska@krakow.pl")
NORM = "marta.kowalska@krakow.pl"
FULL = "full-workshop"  # still to come, full: Marta holds a place, Piotr waits for it
WAITING = "waiting-workshop"  # still to come: Marta is on the waiting list
PAST = "past-workshop"  # over: Marta attended


def officer() -> dict[str, str]:
    token = issue_token(JWT_SECRET, "dpo-cor", groups=[PRIVACY_OFFICERS])
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


def organiser() -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(JWT_SECRET, DEMO_ORGANISER)}", "Content-Type": "application/json"}


@pytest.fixture
def client(reports_service: ModuleType) -> Iterator[Client]:
    with Client(reports_service.app) as test_client:
        yield test_client


def ask(client: Client, email: str, headers: dict[str, str] | None = None) -> Any:
    return client.http.post(ERASURES, headers=headers or officer(), body=json.dumps({"email": email}))


@pytest.fixture
def marta(stack: Stack) -> dict[str, str]:
    """Marta in three events; others around her. Returns event id -> her registration id."""
    ids: dict[str, str] = {}
    open_workshop(stack, FULL, capacity=1)
    ids[FULL] = register(stack, FULL, *PERSON, key="marta-full").registration_id
    register(stack, FULL, "Piotr Nowak", "piotr@krakow.pl")  # waits for the one place
    open_workshop(stack, WAITING, capacity=1)
    register(stack, WAITING, "Jan Peeters", "jan@gent.be")
    ids[WAITING] = register(stack, WAITING, *PERSON).registration_id
    open_workshop(stack, PAST, capacity=10)
    ids[PAST] = register(stack, PAST, *PERSON).registration_id
    register(stack, PAST, "Jan Peeters", "jan@gent.be")
    move_to_past(stack, PAST, 20)
    return ids


def statuses(stack: Stack, event_id: str) -> dict[str, str]:
    return {("(anonymised)" if r.anonymised else r.email): r.status.value
            for r in stack.repo.iter_registrations(event_id)}


def test_erasure_removes_the_person_from_every_event(
    stack: Stack, client: Client, notifications_service: ModuleType, marta: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    notifications_service.on_table_change({"Records": stream_records(stack)}, LambdaContext())
    mails_before = len(stack.sent_messages())
    seen = len(stream_records(stack))
    assert sorted(by_email(stack, NORM)) == sorted(keys.event_pk(e) for e in (FULL, WAITING, PAST))
    assert prefixes(stack, FULL)["IDEM"] == 1
    caplog.set_level(logging.INFO)

    with dynamodb_calls() as calls:
        response = ask(client, "  marta.KOWALSKA@Krakow.pl ")  # normalised as registration does

    assert response.status_code == 200
    assert response.json_body == {"erasure": {
        "found": True, "events": 3, "registrations": 3, "cancelled": 2, "promoted": 1,
        "message": "The person's registrations are anonymised."}}
    assert ("Scan", None) not in calls and ("Query", "ByEmail") in calls
    assert by_email(stack, NORM) == []
    for event_id in (FULL, WAITING, PAST):
        text = partition_text(stack, event_id)
        assert "Marta" not in text and "krakow.pl" not in text.replace("piotr@krakow.pl", "")
    # Places freed and given on: Piotr has Marta's place; the waiting event lost one in line.
    assert statuses(stack, FULL) == {"(anonymised)": "cancelled", "piotr@krakow.pl": "confirmed"}
    full = stack.repo.get_event(FULL)
    assert (full.registered_in_person, full.waitlisted) == (1, 0)
    assert statuses(stack, WAITING) == {"jan@gent.be": "confirmed", "(anonymised)": "cancelled"}
    assert stack.repo.get_event(WAITING).waitlisted == 0
    # The event that is over keeps her attendance for its statistics.
    assert statuses(stack, PAST) == {"(anonymised)": "confirmed", "jan@gent.be": "confirmed"}
    past = stack.repo.get_registration(PAST, marta[PAST])
    assert past is not None and past.country == "BE" and past.anonymised
    # Her guards and her idempotency record are gone; the others' stay.
    assert prefixes(stack, FULL).get("IDEM", 0) == 0
    assert [i["SK"]["S"] for i in stack.partition(PAST, keys.EMAIL_PREFIX)] == ["EMAIL#jan@gent.be"]
    # Mail: Piotr hears of his place; Marta hears nothing (no cancellation mail to an erased person).
    new_records = stream_records(stack)[seen:]
    notifications_service.on_table_change({"Records": new_records}, LambdaContext())
    mails = stack.sent_emails()[mails_before:]
    assert [(str(m["To"]), str(m["Subject"]).split(":")[0]) for m in mails] == [
        ("Piotr Nowak <piotr@krakow.pl>", "A place for you")]
    # Logs: counts, never the address or the name.
    logged = caplog.text + " ".join(json.dumps(r.__dict__, default=str) for r in caplog.records)
    assert "marta" not in logged.lower() and "kowalska" not in logged.lower()


def test_a_second_request_finds_nothing_and_says_so(
    stack: Stack, client: Client, marta: dict[str, str]
) -> None:
    assert ask(client, PERSON[1]).json_body["erasure"]["registrations"] == 3
    snapshots = {e: stack.snapshot(e) for e in (FULL, WAITING, PAST)}

    with dynamodb_calls() as calls:
        again = ask(client, PERSON[1])

    assert again.status_code == 200
    assert again.json_body["erasure"] == {
        "found": False, "events": 0, "registrations": 0, "cancelled": 0, "promoted": 0,
        "message": "No registration found for this address: nothing (more) to erase."}
    assert calls == [("Query", "ByEmail")]
    assert {e: stack.snapshot(e) for e in snapshots} == snapshots


def test_someone_else_is_untouched(stack: Stack, client: Client, marta: dict[str, str]) -> None:
    before = statuses(stack, PAST)
    assert ask(client, "nobody@example.eu").json_body["erasure"]["found"] is False
    assert statuses(stack, PAST) == before
    ask(client, PERSON[1])
    assert sorted(by_email(stack, "jan@gent.be")) == sorted([keys.event_pk(WAITING), keys.event_pk(PAST)])


def test_a_plain_organiser_is_forbidden(stack: Stack, client: Client, marta: dict[str, str]) -> None:
    before = {e: stack.snapshot(e) for e in (FULL, WAITING, PAST)}
    with dynamodb_calls() as calls:
        response = ask(client, PERSON[1], organiser())
    assert response.status_code == 403
    assert response.json_body == {"error": {"code": "forbidden",
                                            "message": "Only privacy officers can ask for an erasure."}}
    assert calls == []
    assert {e: stack.snapshot(e) for e in before} == before


def test_an_organiser_of_the_event_in_another_group_is_forbidden(stack: Stack, client: Client) -> None:
    token = issue_token(JWT_SECRET, DEMO_ORGANISER, groups=["organisers"])
    response = ask(client, PERSON[1], {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    assert response.status_code == 403


def test_without_a_token_it_is_401(stack: Stack, client: Client) -> None:
    response = client.http.post(ERASURES, headers={"Content-Type": "application/json"}, body="{}")
    assert response.status_code == 401


@pytest.mark.parametrize("body", ['{"email": "not-an-address"}', "{}", '{"email": "a@b.eu", "extra": 1}', "[]"])
def test_bad_input_is_400_json(stack: Stack, client: Client, body: str) -> None:
    response = client.http.post(ERASURES, headers=officer(), body=body)
    assert response.status_code == 400
    assert response.json_body["error"]["code"] == "validation_error"


def test_a_crash_after_the_first_event_is_finished_by_asking_again(
    stack: Stack, client: Client, marta: dict[str, str]
) -> None:
    from privacy_support import crash_on

    with crash_on("TransactWriteItems", after=1):
        crashed = ask(client, PERSON[1])
    assert crashed.status_code == 500
    assert crashed.json_body == {"error": {"code": "internal_error", "message": "Something went wrong on our side."}}
    left = len(by_email(stack, NORM))
    assert 0 < left < 3
    answer = ask(client, PERSON[1]).json_body["erasure"]
    assert answer["registrations"] == left
    assert by_email(stack, NORM) == []
    assert Counter(r.status for e in (FULL, WAITING) for r in stack.repo.iter_registrations(e)
                   if r.anonymised) == Counter({RegistrationStatus.CANCELLED: 2})


def test_the_demo_event_is_not_touched(stack: Stack, client: Client, marta: dict[str, str]) -> None:
    before = stack.snapshot(DEMO_EVENT)
    ask(client, PERSON[1])
    assert stack.snapshot(DEMO_EVENT) == before


def test_her_manage_link_shows_the_erasure_and_changes_nothing(
    stack: Stack, client: Client, registration_service: ModuleType, marta: dict[str, str]
) -> None:
    from eventreg.links import manage_path

    ask(client, PERSON[1])
    path = manage_path(PAST, marta[PAST])
    with Client(registration_service.app) as site:
        page = site.http.get(path)
        assert page.status_code == 200
        body = page.body.decode()
        assert "The personal data of this registration has been erased." in body
        assert "Marta" not in body and 'name="action"' not in body  # nothing left to change or cancel
        api = path.replace("/manage?", "?")
        assert site.http.get(api).json_body["registration"]["anonymised"] is True
        refused = site.http.delete(api)
    assert refused.status_code == 409
    assert refused.json_body["error"]["code"] == "registration_not_changeable"
