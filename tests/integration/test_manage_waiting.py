"""The manage page for someone waiting, and its counts after a change (#14): the place on each waiting list,
what a waitlisted person can do (not "changes are no longer possible" weeks ahead), a cancellation notice that
promises the place to the next person only when someone was waiting, and places left as they are now."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from types import ModuleType
from urllib.parse import urlencode

import pytest
from chalice.test import Client
from integration_support import Stack
from test_manage import FORM_HEADERS, page_path, register


@pytest.fixture
def client(stack: Stack, registration_service: ModuleType) -> Iterator[Client]:
    with Client(registration_service.app) as test_client:
        yield test_client


def page(client: Client, registration: dict[str, object], lang: str = "en") -> str:
    answer = client.http.get(page_path(registration) + f"&lang={lang}")
    assert answer.status_code == 200
    return html.unescape(answer.body.decode())


def test_someone_waiting_sees_their_place_in_line_and_what_they_can_do(stack: Stack, client: Client) -> None:
    stack.update_event(capacity_in_person=1)
    register(client, "a@gent.be")
    b = register(client, "b@gent.be")
    c = register(client, "c@gent.be")
    assert [b["status"], c["status"]] == ["waitlisted", "waitlisted"]
    second = page(client, c)
    assert "You are number 2 on the waiting list." in second
    assert "Changes are no longer possible" not in second
    assert "You can change your registration once you have a place" in second
    assert 'value="cancel"' in second  # cancelling stays possible
    assert "U staat op nummer 1 van de wachtlijst." in page(client, b, "nl")


def test_a_session_waiting_list_shows_the_place_in_line(stack: Stack, client: Client) -> None:
    stack.update_session("open-data-lab", capacity=1)
    register(client, "a@gent.be", sessions=["open-data-lab"])
    register(client, "b@gent.be", sessions=["open-data-lab"])
    c = register(client, "c@gent.be", sessions=["opening", "open-data-lab"])
    assert c["status"] == "confirmed" and c["waitlisted_sessions"] == ["open-data-lab"]
    text = page(client, c)
    assert re.search(r"Open data lab[^<]*\(number 2 in line\)", text), text
    assert "on the waiting list." not in text  # the event itself: a place, no line


def test_the_cancel_notice_promises_the_place_only_when_someone_waits(stack: Stack, client: Client) -> None:
    stack.update_event(capacity_in_person=1)
    a = register(client, "a@gent.be")
    b = register(client, "b@gent.be")
    passed_on = client.http.post(page_path(a), headers=FORM_HEADERS, body="action=cancel&confirm=on").body.decode()
    assert "Your place goes to the next person on the waiting list." in passed_on
    alone = client.http.post(page_path(b), headers=FORM_HEADERS, body="action=cancel&confirm=on").body.decode()
    assert "Your registration is cancelled." in alone
    assert "next person" not in alone  # b had the place from a; nobody waits behind b


def test_the_saved_page_shows_the_places_as_they_are_now(stack: Stack, client: Client) -> None:
    stack.update_session("open-data-lab", capacity=5)
    registration = register(client, "a@gent.be", sessions=["opening", "open-data-lab"])
    assert "4 places left" in page(client, registration)  # the cache now holds 4 for the lab
    body = urlencode({"action": "change", "attendance_mode": "in_person", "sessions": ["opening"]}, doseq=True)
    saved = html.unescape(client.http.post(page_path(registration), headers=FORM_HEADERS, body=body).body.decode())
    assert "Your changes are saved." in saved
    lab = re.search(r"Open data lab[^<]*<small>\(([^)]*)\)", saved)
    assert lab is not None and lab.group(1) == "5 places left", saved
