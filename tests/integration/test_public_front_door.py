"""The public front door (#14): `/` lists the open events (a page for a browser, JSON for the API), and a
browser that asks for an unknown event gets a page in its language, not the API's JSON."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from types import ModuleType

import pytest
from chalice.test import Client
from integration_support import DEMO_EVENT, Stack

from eventreg.domain.events import EventStatus

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_a_browser_at_the_root_sees_the_open_events(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        answer = client.http.get("/?lang=fr", headers=BROWSER)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/html")
    page = html.unescape(answer.body.decode())
    assert '<html lang="fr">' in page
    assert "Événements ouverts aux inscriptions" in page
    assert f'href="/events/{DEMO_EVENT}/register?lang=fr"' in page
    assert "Vous pouvez vous inscrire jusqu'au" in page


def test_the_api_gets_the_open_events_as_json_soonest_deadline_first(stack: Stack,
                                                                     registration_service: ModuleType) -> None:
    now = datetime.now(UTC)
    demo = stack.repo.get_event(DEMO_EVENT)
    stack.repo.put_event(demo.model_copy(update={"event_id": "closing-soon",
                                                  "registration_closes_at": now + timedelta(hours=2)}))
    stack.repo.put_event(demo.model_copy(update={"event_id": "a-draft", "status": EventStatus.DRAFT}))
    stack.repo.put_event(demo.model_copy(update={"event_id": "past-deadline",
                                                  "registration_closes_at": now - timedelta(hours=1)}))
    with Client(registration_service.app) as client:
        answer = client.http.get("/", headers={"Accept": "application/json"})
    assert answer.status_code == 200
    events = answer.json_body["events"]
    assert [e["event_id"] for e in events] == ["closing-soon", DEMO_EVENT]
    assert "organiser_ids" not in events[0]  # the public view: an allow-list


def test_with_no_open_event_the_page_says_so(stack: Stack, registration_service: ModuleType) -> None:
    stack.update_event(status=EventStatus.CLOSED)
    with Client(registration_service.app) as client:
        page = html.unescape(client.http.get("/?lang=de", headers=BROWSER).body.decode())
    assert "Im Moment ist für keine Veranstaltung eine Anmeldung möglich." in page


@pytest.mark.parametrize("path", ["/events/no-such-event/register", "/events/no-such-event/privacy",
                                  "/events/no-such-event", "/events/NOT%20AN%20ID/register"])
def test_a_browser_asking_for_an_unknown_event_gets_a_page(stack: Stack, registration_service: ModuleType,
                                                           path: str) -> None:
    with Client(registration_service.app) as client:
        answer = client.http.get(path, headers={**BROWSER, "Accept-Language": "nl-BE,nl;q=0.9"})
        api = client.http.get(path, headers={"Accept": "application/json"})
    assert answer.status_code == 404
    assert answer.headers["Content-Type"].startswith("text/html")
    page = html.unescape(answer.body.decode())
    assert "Evenement niet gevonden" in page and '<html lang="nl">' in page
    assert 'href="/?lang=nl"' in page  # the way on: the open events
    assert api.status_code == 404
    assert api.json_body["error"]["code"] == "event_not_found"


def test_a_browser_at_an_events_address_is_sent_to_its_page(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        answer = client.http.get(f"/events/{DEMO_EVENT}", headers=BROWSER)
        api = client.http.get(f"/events/{DEMO_EVENT}")
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"/events/{DEMO_EVENT}/register"
    assert api.status_code == 200 and api.json_body["event"]["event_id"] == DEMO_EVENT
