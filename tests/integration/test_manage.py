"""Self-service through the signed manage link, on moto through chalice.test.Client: the JSON route and
the page, wrong links, changes of mode and sessions, cancellation, the modification deadline, and the
promotions from the waiting lists that a cancellation or a change gives, mails included."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from chalice.test import Client
from integration_support import DEMO_EVENT, LambdaContext, Stack

from eventreg.adapters.dynamodb import keys
from eventreg.domain.models import utc_now

JSON_HEADERS = {"Content-Type": "application/json"}
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}
REGISTRATIONS = f"/events/{DEMO_EVENT}/registrations"
HTML_TYPE = "text/html; charset=utf-8"


def person(email: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": f"Attendee {email.split('@')[0]}",
        "email": email,
        "organisation": "Stad Gent",
        "organisation_type": "city",
        "country": "BE",
        "attendance_mode": "in_person",
        "privacy_consent": True,
        "answers": {"interest": "Networking"},
    }
    body.update(overrides)
    return body


@pytest.fixture
def client(stack: Stack, registration_service: ModuleType) -> Iterator[Client]:
    with Client(registration_service.app) as test_client:
        yield test_client


def register(client: Client, email: str, **overrides: Any) -> dict[str, Any]:
    response = client.http.post(REGISTRATIONS, headers=JSON_HEADERS, body=json.dumps(person(email, **overrides)))
    assert response.status_code == 201, response.body
    registration: dict[str, Any] = response.json_body["registration"]
    return registration


def token_of(registration: dict[str, Any]) -> str:
    return str(parse_qs(urlsplit(registration["manage_url"]).query)["token"][0])


def json_path(registration: dict[str, Any], token: str | None = None) -> str:
    path = f"{REGISTRATIONS}/{registration['registration_id']}"
    token = token_of(registration) if token is None else token
    return f"{path}?{urlencode({'token': token})}" if token else path


def page_path(registration: dict[str, Any], token: str | None = None) -> str:
    path = f"{REGISTRATIONS}/{registration['registration_id']}/manage"
    token = token_of(registration) if token is None else token
    return f"{path}?{urlencode({'token': token})}" if token else path


def fetch(client: Client, registration: dict[str, Any]) -> dict[str, Any]:
    response = client.http.get(json_path(registration))
    assert response.status_code == 200
    found: dict[str, Any] = response.json_body["registration"]
    return found


def patch(client: Client, registration: dict[str, Any], body: dict[str, Any]) -> Any:
    return client.http.patch(json_path(registration), headers=JSON_HEADERS, body=json.dumps(body))


def event_counters(stack: Stack) -> tuple[int, int, int]:
    event = stack.repo.get_event(DEMO_EVENT)
    return event.registered_in_person, event.registered_online, event.waitlisted


def session_counters(stack: Stack, *session_ids: str) -> dict[str, tuple[int, int]]:
    found = stack.sessions()
    return {s: (found[s].registered, found[s].waitlisted) for s in session_ids}


def wait_keys(stack: Stack) -> list[str]:
    return sorted(item["SK"]["S"] for item in stack.partition(prefix=keys.WAIT_PREFIX))


def first_in_line(stack: Stack, scope: str) -> str | None:
    waiter = stack.repo.first_waiting(DEMO_EVENT, scope)
    return None if waiter is None else waiter.registration_id


# -- reading with the link ---------------------------------------------------------------------------


def test_get_json_with_the_token_answers_the_registration(stack: Stack, client: Client) -> None:
    registration = register(client, "jan@gent.be", sessions=["opening"])
    response = client.http.get(json_path(registration))
    assert response.status_code == 200
    assert response.json_body == {"registration": registration, "mails": []}  # the stream has not run yet


def test_get_json_lists_the_mails_the_registration_was_sent(
    stack: Stack, client: Client, notifications_service: ModuleType
) -> None:
    """The send log read back through the link: how a deployment's smoke test sees the confirmation go out
    where there is no outbox (tools/smoke.py)."""
    registration = register(client, "jan@gent.be")
    notifications_service.on_table_change(stream_batch(stack), LambdaContext())
    assert client.http.delete(json_path(registration)).status_code == 200
    notifications_service.on_table_change(stream_batch(stack), LambdaContext())

    response = client.http.get(json_path(registration))

    assert response.status_code == 200
    mails = response.json_body["mails"]
    assert [(m["kind"], m["key"]) for m in mails] == [("confirmed", "confirmed#v1"), ("cancelled", "cancelled#v2")]
    assert mails[0]["sent_at"] <= mails[1]["sent_at"]
    assert len(stack.sent_emails()) == 2  # what the send log lists is what the mailer accepted


def test_the_token_may_come_in_a_header(stack: Stack, client: Client) -> None:
    registration = register(client, "jan@gent.be")
    path = f"{REGISTRATIONS}/{registration['registration_id']}"
    response = client.http.get(path, headers={"X-Manage-Token": token_of(registration)})
    assert response.status_code == 200
    assert response.json_body["registration"]["registration_id"] == registration["registration_id"]


def test_get_page_with_the_token_shows_the_registration_and_the_cancel_form(stack: Stack, client: Client) -> None:
    registration = register(client, "jan@gent.be", sessions=["opening"])
    response = client.http.get(page_path(registration))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == HTML_TYPE
    page = response.body.decode()
    assert "Attendee jan" in page
    assert "Opening session: cohesion policy after 2027" in page
    assert f"<code>{registration['registration_id']}</code>" in page
    assert 'name="confirm"' in page and 'value="cancel"' in page
    assert 'value="change"' in page  # changes are still possible


def bad_tokens(registration: dict[str, Any], other: dict[str, Any]) -> dict[str, str]:
    token = token_of(registration)
    return {
        "missing": "",
        "cut": token[:-4],
        "another registration's": token_of(other),
        "tampered": ("A" if token[0] != "A" else "B") + token[1:],
        "garbage": "not-a-token-at-all",
    }


def test_a_wrong_token_is_403_invalid_link_as_json_or_as_a_page(stack: Stack, client: Client) -> None:
    registration = register(client, "jan@gent.be")
    other = register(client, "piet@gent.be")
    before = stack.snapshot()
    for name, token in bad_tokens(registration, other).items():
        for method in ("GET", "PATCH", "DELETE"):
            body = json.dumps({"attendance_mode": "online"}).encode() if method == "PATCH" else b""
            response = client.http.request(method, json_path(registration, token), headers=JSON_HEADERS, body=body)
            assert response.status_code == 403, (name, method)
            assert response.headers["Content-Type"] == "application/json", (name, method)
            assert response.json_body["error"]["code"] == "invalid_link", (name, method)
            assert registration["email"] not in response.body.decode(), (name, method)
        for method in ("GET", "POST"):
            body = b"action=cancel&confirm=on" if method == "POST" else b""
            response = client.http.request(method, page_path(registration, token), headers=FORM_HEADERS, body=body)
            assert response.status_code == 403, (name, method)
            assert response.headers["Content-Type"] == HTML_TYPE, (name, method)
            page = response.body.decode()
            assert "This link does not work" in page, (name, method)
            assert "This link is not valid. Use the link from your confirmation email." in page, (name, method)
            assert "Attendee jan" not in page and registration["email"] not in page, (name, method)
    assert stack.snapshot() == before


# -- changes -------------------------------------------------------------------------------------------


def test_patch_mode_moves_the_place_to_the_other_counter(stack: Stack, client: Client) -> None:
    registration = register(client, "jan@gent.be", sessions=["opening"], dietary_needs="vegetarian")
    assert event_counters(stack) == (1, 0, 0)
    response = patch(client, registration, {"attendance_mode": "online"})
    assert response.status_code == 200
    changed = response.json_body["registration"]
    assert changed["attendance_mode"] == "online"
    assert changed["sessions"] == ["opening"]  # kept: the opening is held online too
    assert changed["dietary_needs"] == ""
    assert changed["version"] == registration["version"] + 1
    assert event_counters(stack) == (0, 1, 0)
    assert session_counters(stack, "opening") == {"opening": (1, 0)}
    assert fetch(client, registration) == changed


def test_patch_sessions_moves_the_session_counters(stack: Stack, client: Client) -> None:
    registration = register(client, "jan@gent.be", sessions=["opening", "user-centric-label"])
    response = patch(client, registration, {"sessions": ["connected-in-europe", "city-diplomacy"]})
    assert response.status_code == 200
    assert response.json_body["registration"]["sessions"] == ["connected-in-europe", "city-diplomacy"]
    assert session_counters(stack, "opening", "user-centric-label", "connected-in-europe", "city-diplomacy") == {
        "opening": (0, 0), "user-centric-label": (0, 0), "connected-in-europe": (1, 0), "city-diplomacy": (1, 0)}
    assert event_counters(stack) == (1, 0, 0)


def test_patch_into_a_full_session_waits_for_it(stack: Stack, client: Client) -> None:
    stack.update_session("open-data-lab", capacity=0)
    registration = register(client, "jan@gent.be", sessions=["opening"])
    response = patch(client, registration, {"sessions": ["opening", "open-data-lab"]})
    assert response.status_code == 200
    changed = response.json_body["registration"]
    assert changed["sessions"] == ["opening"] and changed["waitlisted_sessions"] == ["open-data-lab"]
    assert session_counters(stack, "open-data-lab") == {"open-data-lab": (0, 1)}
    assert wait_keys(stack) == [f"WAIT#SESSION#open-data-lab#{registration['registration_id']}"]


def test_a_refused_patch_writes_nothing(stack: Stack, client: Client) -> None:
    registration = register(client, "jan@gent.be", sessions=["opening"])
    before = stack.snapshot()
    cases: list[tuple[dict[str, Any], str]] = [
        ({"sessions": ["user-centric-label", "open-data-lab"]}, "sessions"),  # they overlap
        ({"sessions": ["no-such-session"]}, "sessions"),
        ({"attendance_mode": "online", "sessions": ["user-centric-label"]}, "sessions"),  # in person only
        ({"attendance_mode": "by-pigeon"}, "attendance_mode"),
        ({"status": "confirmed"}, "status"),
    ]
    for body, field in cases:
        response = patch(client, registration, body)
        assert response.status_code == 400, body
        assert response.json_body["error"]["code"] == "validation_error", body
        assert field in response.json_body["error"]["fields"], body
    overlap = patch(client, registration, cases[0][0]).json_body["error"]
    assert overlap["overlapping"] == ["user-centric-label", "open-data-lab"]
    assert stack.snapshot() == before


def test_patch_to_a_full_mode_is_409_and_writes_nothing(stack: Stack, client: Client) -> None:
    stack.update_event(capacity_online=0)
    registration = register(client, "jan@gent.be")
    before = stack.snapshot()
    response = patch(client, registration, {"attendance_mode": "online"})
    assert response.status_code == 409
    assert response.json_body["error"]["code"] == "event_full"
    assert stack.snapshot() == before


# -- cancellation --------------------------------------------------------------------------------------


def test_delete_cancels_and_a_second_delete_answers_the_cancelled_registration(stack: Stack, client: Client) -> None:
    registration = register(client, "jan@gent.be", sessions=["opening", "city-diplomacy"])
    response = client.http.delete(json_path(registration))
    assert response.status_code == 200
    cancelled = response.json_body["registration"]
    assert cancelled["status"] == "cancelled"
    assert cancelled["version"] == registration["version"] + 1
    assert event_counters(stack) == (0, 0, 0)
    assert session_counters(stack, "opening", "city-diplomacy") == {"opening": (0, 0), "city-diplomacy": (0, 0)}
    assert stack.count(prefix=keys.EMAIL_PREFIX) == 0  # the email may register again
    assert stack.count(prefix=keys.REG_PREFIX) == 1  # the cancelled registration stays, for the record
    before = stack.snapshot()
    again = client.http.delete(json_path(registration))
    assert again.status_code == 200
    assert again.json_body["registration"] == cancelled
    assert stack.snapshot() == before
    assert register(client, "jan@gent.be")["status"] == "confirmed"


def test_a_cancelled_registration_cannot_be_changed(stack: Stack, client: Client) -> None:
    registration = register(client, "jan@gent.be")
    assert client.http.delete(json_path(registration)).status_code == 200
    before = stack.snapshot()
    response = patch(client, registration, {"attendance_mode": "online"})
    assert response.status_code == 409
    assert response.json_body["error"]["code"] == "registration_not_changeable"
    assert stack.snapshot() == before


def test_the_page_cancel_needs_the_confirm_box(stack: Stack, client: Client) -> None:
    registration = register(client, "jan@gent.be", sessions=["opening"])
    before = stack.snapshot()
    refused = client.http.post(page_path(registration), headers=FORM_HEADERS, body="action=cancel")
    assert refused.status_code == 400
    assert refused.headers["Content-Type"] == HTML_TYPE
    assert "Tick the box to confirm the cancellation." in refused.body.decode()
    assert stack.snapshot() == before
    response = client.http.post(page_path(registration), headers=FORM_HEADERS, body="action=cancel&confirm=on")
    assert response.status_code == 200
    page = response.body.decode()
    assert "Your registration is cancelled." in page
    assert 'value="cancel"' not in page  # nothing left to cancel
    assert fetch(client, registration)["status"] == "cancelled"
    assert event_counters(stack) == (0, 0, 0)
    assert session_counters(stack, "opening") == {"opening": (0, 0)}


def test_the_page_saves_a_change_of_mode_and_sessions(stack: Stack, client: Client) -> None:
    registration = register(client, "jan@gent.be", sessions=["opening"])
    body = urlencode({"action": "change", "attendance_mode": "online", "sessions": ["opening", "city-diplomacy"]},
                     doseq=True)
    response = client.http.post(page_path(registration), headers=FORM_HEADERS, body=body)
    assert response.status_code == 200
    assert "Your changes are saved." in response.body.decode()
    changed = fetch(client, registration)
    assert changed["attendance_mode"] == "online"
    assert changed["sessions"] == ["opening", "city-diplomacy"]
    assert event_counters(stack) == (0, 1, 0)


def test_after_the_modification_deadline_changes_are_409_but_cancelling_works(stack: Stack, client: Client) -> None:
    registration = register(client, "jan@gent.be", sessions=["opening"])
    stack.update_event(modification_deadline=utc_now() - timedelta(hours=1))
    before = stack.snapshot()
    response = patch(client, registration, {"attendance_mode": "online"})
    assert response.status_code == 409
    error = response.json_body["error"]
    assert error["code"] == "modification_closed"
    assert "you can still cancel" in error["message"]
    assert stack.snapshot() == before
    page = client.http.get(page_path(registration)).body.decode()
    assert "Changes are no longer possible; you can still cancel." in page
    assert 'value="change"' not in page
    response = client.http.delete(json_path(registration))
    assert response.status_code == 200
    assert response.json_body["registration"]["status"] == "cancelled"
    assert event_counters(stack) == (0, 0, 0)


# -- promotion ----------------------------------------------------------------------------------------


def stream_batch(stack: Stack) -> dict[str, Any]:
    """Everything moto's table stream holds, shaped as Lambda's event source mapping delivers it."""
    return {"Records": stack.stream_records()}


def test_a_cancellation_promotes_the_first_in_line_and_mails_them(
    stack: Stack, client: Client, notifications_service: ModuleType
) -> None:
    stack.update_event(capacity_in_person=1)
    a = register(client, "a@gent.be")
    b = register(client, "b@gent.be", sessions=["opening"])
    c = register(client, "c@gent.be")
    assert [a["status"], b["status"], c["status"]] == ["confirmed", "waitlisted", "waitlisted"]
    assert event_counters(stack) == (1, 0, 2)

    response = client.http.delete(json_path(a))

    assert response.status_code == 200
    promoted = fetch(client, b)
    assert promoted["status"] == "confirmed"
    assert promoted["sessions"] == ["opening"] and promoted["waitlisted_sessions"] == []
    assert promoted["version"] == b["version"] + 1
    assert fetch(client, c)["status"] == "waitlisted"
    assert event_counters(stack) == (1, 0, 1)
    assert session_counters(stack, "opening") == {"opening": (1, 0)}
    assert wait_keys(stack) == [f"WAIT#EVENT#in_person#{c['registration_id']}"]
    assert first_in_line(stack, "EVENT#in_person") == c["registration_id"]

    batch = stream_batch(stack)
    notifications_service.on_table_change(batch, LambdaContext(function_name="eventreg-notifications-dev"))
    notifications_service.on_table_change(stream_batch(stack), LambdaContext())  # redelivered: no second mail
    mails = [(m["To"].addresses[0].addr_spec, str(m["Subject"])) for m in stack.sent_emails()]
    place = [to for to, subject in mails if subject.startswith("A place for you")]
    assert place == ["b@gent.be"]
    assert ("a@gent.be", "Registration cancelled: European Week of Regions and Cities") in mails
    assert sum(1 for to, _ in mails if to == "c@gent.be") == 1  # only "on the waiting list", once


def test_a_cancellation_gives_the_session_seat_to_the_first_waiting_for_it(stack: Stack, client: Client) -> None:
    stack.update_session("open-data-lab", capacity=1)
    a = register(client, "a@gent.be", sessions=["open-data-lab"])
    b = register(client, "b@gent.be", sessions=["opening", "open-data-lab"])
    c = register(client, "c@gent.be", sessions=["open-data-lab"])
    assert [a["sessions"], b["waitlisted_sessions"], c["waitlisted_sessions"]] == [
        ["open-data-lab"], ["open-data-lab"], ["open-data-lab"]]
    assert session_counters(stack, "open-data-lab") == {"open-data-lab": (1, 2)}

    assert client.http.delete(json_path(a)).status_code == 200

    seated = fetch(client, b)
    assert seated["status"] == "confirmed"
    assert seated["sessions"] == ["opening", "open-data-lab"] and seated["waitlisted_sessions"] == []
    assert fetch(client, c)["waitlisted_sessions"] == ["open-data-lab"]
    assert session_counters(stack, "open-data-lab") == {"open-data-lab": (1, 1)}
    assert event_counters(stack) == (2, 0, 0)
    assert wait_keys(stack) == [f"WAIT#SESSION#open-data-lab#{c['registration_id']}"]
    assert first_in_line(stack, "SESSION#open-data-lab") == c["registration_id"]


def test_dropping_a_session_gives_its_seat_to_the_first_waiting_for_it(stack: Stack, client: Client) -> None:
    stack.update_session("open-data-lab", capacity=1)
    a = register(client, "a@gent.be", sessions=["opening", "open-data-lab"])
    b = register(client, "b@gent.be", sessions=["open-data-lab"])
    response = patch(client, a, {"sessions": ["opening"]})
    assert response.status_code == 200
    assert response.json_body["registration"]["sessions"] == ["opening"]
    assert fetch(client, b)["sessions"] == ["open-data-lab"]
    assert session_counters(stack, "open-data-lab") == {"open-data-lab": (1, 0)}
    assert wait_keys(stack) == []


def test_a_change_of_mode_gives_the_hall_place_to_the_first_in_line(stack: Stack, client: Client) -> None:
    stack.update_event(capacity_in_person=1)
    a = register(client, "a@gent.be")
    b = register(client, "b@gent.be")
    assert patch(client, a, {"attendance_mode": "online"}).status_code == 200
    assert fetch(client, b)["status"] == "confirmed"
    assert event_counters(stack) == (1, 1, 0)
    assert wait_keys(stack) == []


def test_one_person_first_in_line_for_two_freed_sessions_gets_both(stack: Stack, client: Client) -> None:
    stack.update_session("opening", capacity=1)
    stack.update_session("city-diplomacy", capacity=1)
    a = register(client, "a@gent.be", sessions=["opening", "city-diplomacy"])
    b = register(client, "b@gent.be", sessions=["opening", "city-diplomacy"])
    assert b["waitlisted_sessions"] == ["opening", "city-diplomacy"]
    response = client.http.delete(json_path(a))
    assert response.status_code == 200
    assert fetch(client, b)["sessions"] == ["opening", "city-diplomacy"]
    assert session_counters(stack, "opening", "city-diplomacy") == {"opening": (1, 0), "city-diplomacy": (1, 0)}


def test_the_promoted_person_gets_the_session_seat_the_leaver_freed(stack: Stack, client: Client) -> None:
    stack.update_event(capacity_in_person=1)
    stack.update_session("open-data-lab", capacity=1)
    a = register(client, "a@gent.be", sessions=["open-data-lab"])
    b = register(client, "b@gent.be", sessions=["open-data-lab"])
    assert b["status"] == "waitlisted"
    assert client.http.delete(json_path(a)).status_code == 200
    promoted = fetch(client, b)
    assert promoted["status"] == "confirmed"
    assert session_counters(stack, "open-data-lab") == {"open-data-lab": (1, 0)}
    assert promoted["sessions"] == ["open-data-lab"]


def test_a_change_of_mode_gives_the_promoted_person_the_seat_it_drops(stack: Stack, client: Client) -> None:
    stack.update_event(capacity_in_person=1)
    stack.update_session("user-centric-label", capacity=1)  # held in person only
    a = register(client, "a@gent.be", sessions=["user-centric-label"])
    b = register(client, "b@gent.be", sessions=["user-centric-label"])
    assert b["status"] == "waitlisted"
    response = patch(client, a, {"attendance_mode": "online", "sessions": []})
    assert response.status_code == 200
    promoted = fetch(client, b)
    assert promoted["status"] == "confirmed"
    assert session_counters(stack, "user-centric-label") == {"user-centric-label": (1, 0)}
    assert promoted["sessions"] == ["user-centric-label"]
