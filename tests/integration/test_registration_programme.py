"""Registering for the programme on moto, through chalice.test.Client: sessions and their capacity, the
waiting list, when_full, moderated events, delegations, custom questions, and the pages in four languages.
After every refused request the partition is exactly as before (nothing half-written)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from chalice.test import Client
from integration_support import DEMO_EVENT, Stack

from eventreg.adapters.dynamodb import keys
from eventreg.domain.models import Question, QuestionKind
from eventreg.links import token_valid

JSON_HEADERS = {"Content-Type": "application/json"}
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}
REGISTRATIONS = f"/events/{DEMO_EVENT}/registrations"
DELEGATIONS = f"/events/{DEMO_EVENT}/delegations"
OPENING = "Opening session: cohesion policy after 2027"
LABEL = "A quality label for user-centric cities and regions"
OPEN_DATA = "Open data lab: services citizens actually use"
CONNECTED = "#connectedinEurope: digitalisation and urban development"
SCRIPT = "<script>alert(1)</script>"


def person(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Jan Peeters",
        "email": "jan.peeters@gent.be",
        "organisation": "Stad Gent",
        "organisation_type": "city",
        "country": "BE",
        "attendance_mode": "in_person",
        "privacy_consent": True,
        "answers": {"interest": "Digital transition"},
    }
    body.update(overrides)
    return body


def member(index: int) -> dict[str, Any]:
    return {"name": f"Councillor {index}", "email": f"councillor{index}@gent.be", "job_title": "Councillor"}


@pytest.fixture
def client(stack: Stack, registration_service: ModuleType) -> Iterator[Client]:
    with Client(registration_service.app) as test_client:
        yield test_client


def post_json(client: Client, body: Any, path: str = REGISTRATIONS) -> Any:
    return client.http.post(path, headers=JSON_HEADERS, body=json.dumps(body))


def post_form(client: Client, fields: dict[str, Any], path: str = REGISTRATIONS, **headers: str) -> Any:
    return client.http.post(path, headers={**FORM_HEADERS, **headers}, body=urlencode(fields, doseq=True))


def public(client: Client) -> dict[str, Any]:
    """GET /events/{id}: the event's counters and each session's, as the public sees them."""
    response = client.http.get(f"/events/{DEMO_EVENT}")
    assert response.status_code == 200
    body: dict[str, Any] = response.json_body
    return body


def session_counters(client: Client) -> dict[str, tuple[int, int]]:
    return {s["session_id"]: (s["registered"], s["waitlisted"]) for s in public(client)["sessions"]}


def event_counters(client: Client) -> tuple[int, int, int]:
    event = public(client)["event"]
    return event["registered_in_person"], event["registered_online"], event["waitlisted"]


def wait_keys(stack: Stack) -> list[str]:
    return sorted(item["SK"]["S"] for item in stack.partition(prefix=keys.WAIT_PREFIX))


def fill_the_hall(stack: Stack, client: Client, capacity: int = 1) -> None:
    """The hall holds `capacity` people and is full (counters as real registrations left them)."""
    stack.update_event(capacity_in_person=capacity)
    for index in range(capacity):
        response = post_json(client, person(email=f"early{index}@example.eu", name=f"Early {index}"))
        assert response.status_code == 201
        assert response.json_body["registration"]["status"] == "confirmed"


# -- sessions --------------------------------------------------------------------------------------


def test_chosen_sessions_are_counted(stack: Stack, client: Client) -> None:
    response = post_json(client, person(sessions=["opening", "connected-in-europe"]))
    assert response.status_code == 201
    registration = response.json_body["registration"]
    assert registration["status"] == "confirmed"
    assert registration["sessions"] == ["opening", "connected-in-europe"]
    assert registration["waitlisted_sessions"] == []
    assert session_counters(client) == {
        "opening": (1, 0), "user-centric-label": (0, 0), "open-data-lab": (0, 0),
        "connected-in-europe": (1, 0), "city-diplomacy": (0, 0),
    }
    places = {s["session_id"]: s["places"] for s in public(client)["sessions"]}
    assert places["opening"] == 349 and places["connected-in-europe"] == 119
    assert event_counters(client) == (1, 0, 0)
    assert wait_keys(stack) == []


def test_overlapping_sessions_are_refused_naming_both(stack: Stack, client: Client) -> None:
    before = stack.snapshot()
    response = post_json(client, person(sessions=["opening", "open-data-lab", "user-centric-label"]))
    assert response.status_code == 400
    error = response.json_body["error"]
    assert error["code"] == "validation_error"
    assert error["fields"]["sessions"] == f"“{LABEL}” and “{OPEN_DATA}” overlap: choose one of them."
    assert error["overlapping"] == ["user-centric-label", "open-data-lab"]
    assert stack.snapshot() == before


def test_unknown_session_is_refused(stack: Stack, client: Client) -> None:
    before = stack.snapshot()
    response = post_json(client, person(sessions=["opening", "no-such-session"]))
    assert response.status_code == 400
    assert response.json_body["error"]["fields"] == {"sessions": "No such session: no-such-session."}
    assert stack.snapshot() == before


def test_session_held_in_person_only_is_refused_online(stack: Stack, client: Client) -> None:
    before = stack.snapshot()
    response = post_json(client, person(attendance_mode="online", sessions=["user-centric-label"]))
    assert response.status_code == 400
    assert response.json_body["error"]["fields"] == {
        "sessions": f"“{LABEL}” is not held for this attendance mode: online."}
    assert stack.snapshot() == before


def test_full_session_is_waited_for_while_the_registration_is_confirmed(stack: Stack, client: Client) -> None:
    stack.update_session("open-data-lab", capacity=1, registered=1)
    response = post_json(client, person(sessions=["opening", "open-data-lab"]))
    assert response.status_code == 201
    registration = response.json_body["registration"]
    assert registration["status"] == "confirmed"
    assert registration["sessions"] == ["opening"]
    assert registration["waitlisted_sessions"] == ["open-data-lab"]
    counters = session_counters(client)
    assert counters["open-data-lab"] == (1, 1)  # no seat taken; one more waiting
    assert counters["opening"] == (1, 0)
    assert event_counters(client) == (1, 0, 0)  # a place in the event all the same
    assert wait_keys(stack) == [f"WAIT#SESSION#open-data-lab#{registration['registration_id']}"]


# -- a full hall and when_full ---------------------------------------------------------------------


def test_full_hall_waitlists_by_default(stack: Stack, client: Client) -> None:
    fill_the_hall(stack, client)
    response = post_json(client, person(sessions=["opening"]))
    assert response.status_code == 201
    registration = response.json_body["registration"]
    assert registration["status"] == "waitlisted"
    assert registration["attendance_mode"] == "in_person"
    assert registration["sessions"] == []
    assert registration["waitlisted_sessions"] == ["opening"]
    assert event_counters(client) == (1, 0, 1)  # registered unchanged, one more waiting
    assert session_counters(client)["opening"] == (0, 0)
    assert wait_keys(stack) == [f"WAIT#EVENT#in_person#{registration['registration_id']}"]
    assert stack.count(prefix=keys.REG_PREFIX) == stack.count(prefix=keys.EMAIL_PREFIX) == 2


def test_full_hall_with_when_full_online_registers_online(stack: Stack, client: Client) -> None:
    fill_the_hall(stack, client)
    response = post_json(client, person(when_full="online", sessions=["opening"], dietary_needs="vegetarian"))
    assert response.status_code == 201
    registration = response.json_body["registration"]
    assert registration["status"] == "confirmed"
    assert registration["attendance_mode"] == "online"
    assert registration["sessions"] == ["opening"]
    assert registration["dietary_needs"] == ""
    assert event_counters(client) == (1, 1, 0)
    assert session_counters(client)["opening"] == (1, 0)
    assert wait_keys(stack) == []


def test_full_hall_with_when_full_refuse_is_409_with_alternatives(stack: Stack, client: Client) -> None:
    fill_the_hall(stack, client)
    before = stack.snapshot()
    response = post_json(client, person(when_full="refuse", sessions=["opening"]))
    assert response.status_code == 409
    error = response.json_body["error"]
    assert error["code"] == "event_full"
    assert error["alternatives"] == {"waitlist": True, "online": True}
    assert stack.snapshot() == before


def test_moderated_event_registers_pending(stack: Stack, client: Client) -> None:
    stack.update_event(moderated=True)
    response = post_json(client, person(sessions=["opening"]))
    assert response.status_code == 201
    assert response.json_body["registration"]["status"] == "pending"
    assert event_counters(client) == (1, 0, 0)  # a pending registration holds its place
    assert session_counters(client)["opening"] == (1, 0)


# -- delegations -----------------------------------------------------------------------------------


def test_delegation_of_five_registers_everyone_once(stack: Stack, client: Client) -> None:
    body = {"lead": person(sessions=["opening", "city-diplomacy"]), "members": [member(i) for i in range(4)]}
    response = post_json(client, body, DELEGATIONS)
    assert response.status_code == 201
    delegation_id = response.json_body["delegation_id"]
    registrations = response.json_body["registrations"]
    assert len(registrations) == 5
    assert delegation_id and {r["delegation_id"] for r in registrations} == {delegation_id}
    assert [r["delegation_lead"] for r in registrations] == [True, False, False, False, False]
    assert [r["email"] for r in registrations] == ["jan.peeters@gent.be"] + [f"councillor{i}@gent.be" for i in range(4)]
    assert {r["status"] for r in registrations} == {"confirmed"}
    assert all(r["sessions"] == ["opening", "city-diplomacy"] for r in registrations)
    assert {r["organisation"] for r in registrations} == {"Stad Gent"}
    urls = [r["manage_url"] for r in registrations]
    assert len(set(urls)) == 5
    for registration, url in zip(registrations, urls, strict=True):
        parts = urlsplit(url)
        assert parts.path == f"/events/{DEMO_EVENT}/registrations/{registration['registration_id']}/manage"
        assert token_valid(DEMO_EVENT, registration["registration_id"], parse_qs(parts.query)["token"][0])
    assert event_counters(client) == (5, 0, 0)
    assert session_counters(client)["opening"] == (5, 0)
    assert session_counters(client)["city-diplomacy"] == (5, 0)
    assert stack.count(prefix=keys.REG_PREFIX) == stack.count(prefix=keys.EMAIL_PREFIX) == 5


def test_delegation_larger_than_the_places_left_is_refused_whole(stack: Stack, client: Client) -> None:
    fill_the_hall(stack, client, capacity=2)
    stack.update_event(capacity_in_person=6)  # 4 places left for a delegation of 5
    before = stack.snapshot()
    body = {"lead": person(when_full="refuse", sessions=["opening"]), "members": [member(i) for i in range(4)]}
    response = post_json(client, body, DELEGATIONS)
    assert response.status_code == 409
    assert response.json_body["error"]["code"] == "event_full"
    assert stack.snapshot() == before
    assert stack.count(prefix=keys.REG_PREFIX) == 2


def test_delegation_larger_than_the_places_left_waits_whole(stack: Stack, client: Client) -> None:
    stack.update_event(capacity_in_person=4)
    body = {"lead": person(), "members": [member(i) for i in range(4)]}
    response = post_json(client, body, DELEGATIONS)
    assert response.status_code == 201
    registrations = response.json_body["registrations"]
    assert [r["status"] for r in registrations] == ["waitlisted"] * 5
    assert event_counters(client) == (0, 0, 5)
    assert wait_keys(stack) == sorted(f"WAIT#EVENT#in_person#{r['registration_id']}" for r in registrations)


def test_delegation_with_a_member_already_registered_writes_nothing(stack: Stack, client: Client) -> None:
    assert post_json(client, person(email="Councillor2@gent.be", name="Already here")).status_code == 201
    before = stack.snapshot()
    response = post_json(client, {"lead": person(), "members": [member(i) for i in range(4)]}, DELEGATIONS)
    assert response.status_code == 409
    assert response.json_body["error"]["code"] == "already_registered"
    assert stack.snapshot() == before


def test_delegation_members_with_one_email_are_refused(stack: Stack, client: Client) -> None:
    before = stack.snapshot()
    members = [member(1), {**member(2), "email": "COUNCILLOR1@gent.be"}]
    response = post_json(client, {"lead": person(), "members": members}, DELEGATIONS)
    assert response.status_code == 400
    assert response.json_body["error"]["fields"] == {"members": "Two members have the same email address."}
    assert stack.snapshot() == before


def test_delegation_without_members_is_refused(stack: Stack, client: Client) -> None:
    before = stack.snapshot()
    response = post_json(client, {"lead": person(), "members": []}, DELEGATIONS)
    assert response.status_code == 400
    assert "members" in response.json_body["error"]["fields"]
    assert stack.snapshot() == before


# -- custom questions ------------------------------------------------------------------------------


def test_required_question_missing_is_400_on_its_field(stack: Stack, client: Client) -> None:
    before = stack.snapshot()
    response = post_json(client, person(answers={"first-time": True}))
    assert response.status_code == 400
    error = response.json_body["error"]
    assert error["code"] == "validation_error"
    assert error["fields"] == {"answers.interest": "This question is required."}
    assert stack.snapshot() == before


def test_answer_outside_the_options_is_400(stack: Stack, client: Client) -> None:
    before = stack.snapshot()
    response = post_json(client, person(answers={"interest": "Sports"}))
    assert response.status_code == 400
    assert response.json_body["error"]["fields"] == {"answers.interest": "Choose one of the options."}
    assert stack.snapshot() == before


# -- HTML forms ------------------------------------------------------------------------------------


def form(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "lang": "en",
        "name": "Jan Peeters",
        "email": "jan.peeters@gent.be",
        "organisation": "Stad Gent",
        "organisation_type": "city",
        "country": "BE",
        "attendance_mode": "in_person",
        "privacy_consent": "on",
        "answers.interest": "Networking",
    }
    fields.update(overrides)
    return fields


def test_form_post_with_sessions_and_answers_confirms_them(stack: Stack, client: Client) -> None:
    response = post_form(client, form(sessions=["opening", "connected-in-europe"], **{"answers.first-time": "on"}))
    assert response.status_code == 201
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    page = response.body.decode()
    assert "You are registered" in page
    assert f"<li>{OPENING}</li>" in page
    assert f"<li>{CONNECTED}</li>" in page
    assert LABEL not in page
    (registration,) = stack.repo.iter_registrations(DEMO_EVENT)
    assert registration.sessions == ["opening", "connected-in-europe"]
    assert registration.answers == {"interest": "Networking", "first-time": True}
    assert f"<code>{registration.registration_id}</code>" in page
    assert session_counters(client)["opening"] == (1, 0)


def test_form_confirmation_lists_a_waited_for_session(stack: Stack, client: Client) -> None:
    stack.update_session("open-data-lab", capacity=0)
    response = post_form(client, form(sessions=["opening", "open-data-lab"]))
    assert response.status_code == 201
    page = response.body.decode()
    assert re.search(rf"<li>{OPENING}</li>.*Full: waiting list:</p><ul><li>{OPEN_DATA}</li>", page, re.S)


def test_form_error_page_in_german(stack: Stack, client: Client) -> None:
    before = stack.snapshot()
    response = post_form(client, form(lang="de", email="keine-adresse", name=""))
    assert response.status_code == 400
    page = response.body.decode()
    assert '<html lang="de">' in page
    assert "Bitte korrigieren Sie Folgendes:" in page
    assert "Vollständiger Name: Dieses Feld ist erforderlich." in page
    assert "E-Mail-Adresse: Geben Sie eine E-Mail-Adresse ein, etwa name@example.eu." in page
    assert '<p class="error" id="email-error">Geben Sie eine E-Mail-Adresse ein, etwa name@example.eu.</p>' in page
    assert "This field is required" not in page
    assert 'value="keine-adresse"' in page
    assert "Europäische Woche der Regionen und Städte" in page
    assert "Anmelden" in page
    assert stack.snapshot() == before


def test_form_error_page_in_german_by_query(stack: Stack, client: Client) -> None:
    fields = form(email="keine-adresse")
    del fields["lang"]
    response = post_form(client, fields, path=f"{REGISTRATIONS}?lang=de")
    assert response.status_code == 400
    assert "E-Mail-Adresse: Geben Sie eine E-Mail-Adresse ein, etwa name@example.eu." in response.body.decode()


def test_form_error_page_lists_every_problem_at_once(stack: Stack, client: Client) -> None:
    fields = form(email="keine-adresse", privacy_consent="")
    del fields["answers.interest"]
    response = post_form(client, fields)
    assert response.status_code == 400
    page = response.body.decode()
    for field_id in ("email-error", "privacy_consent-error", "answers-interest-error"):
        assert f'id="{field_id}"' in page


def test_form_page_in_dutch_from_accept_language(stack: Stack, client: Client) -> None:
    response = client.http.get(f"/events/{DEMO_EVENT}/register", headers={"Accept-Language": "nl-BE,nl;q=0.9,en;q=0.5"})
    assert response.status_code == 200
    page = response.body.decode()
    assert '<html lang="nl">' in page
    assert "Europese Week van Regio&#39;s en Steden" in page
    assert "Volledige naam" in page
    assert "Belangrijkste interesse" in page
    assert "Inschrijven" in page
    assert "Full name" not in page


def test_form_page_language_by_query_beats_accept_language(stack: Stack, client: Client) -> None:
    response = client.http.get(f"/events/{DEMO_EVENT}/register?lang=fr", headers={"Accept-Language": "nl"})
    page = response.body.decode()
    assert '<html lang="fr">' in page
    assert "Semaine européenne des régions et des villes" in page
    assert "Nom complet" in page


FREE_TEXT = ("name", "organisation", "job_title", "accessibility_needs", "dietary_needs", "answers.remarks")


def with_a_text_question(stack: Stack) -> None:
    event = stack.repo.get_event(DEMO_EVENT)
    remarks = Question(question_id="remarks", label={"en": "Remarks"}, kind=QuestionKind.TEXT)
    stack.update_event(questions=[*event.questions, remarks])


def test_script_in_every_free_text_field_is_escaped_on_the_error_page(stack: Stack, client: Client) -> None:
    with_a_text_question(stack)
    before = stack.snapshot()
    fields = form(email="not-an-email", **{name: f"{SCRIPT} {name}" for name in FREE_TEXT})
    response = post_form(client, fields)
    assert response.status_code == 400
    page = response.body.decode()
    assert "<script>alert" not in page
    for name in FREE_TEXT:
        assert f"&lt;script&gt;alert(1)&lt;/script&gt; {name}" in page, name
    assert stack.snapshot() == before


def test_script_in_every_free_text_field_is_escaped_on_the_confirmation(stack: Stack, client: Client) -> None:
    with_a_text_question(stack)
    response = post_form(client, form(**{name: f"{SCRIPT} {name}" for name in FREE_TEXT}))
    assert response.status_code == 201
    page = response.body.decode()
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; name — &lt;script&gt;alert(1)&lt;/script&gt; organisation" in page
    (registration,) = stack.repo.iter_registrations(DEMO_EVENT)
    assert registration.name == f"{SCRIPT} name"  # stored as typed
    assert registration.answers["remarks"] == f"{SCRIPT} answers.remarks"
