"""Hostile input at the services' edges (issue 10): every probe gets a 4xx in the JSON error contract,
never a 500, and nothing is written. Deeply nested JSON, huge template loops, empty titles, overlong ids,
control characters in answers, loosely typed organiser fields."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import timedelta
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest
from chalice.test import Client
from integration_support import DEMO_EVENT, DEMO_ORGANISER, JWT_SECRET, Stack

from eventreg.auth import PRIVACY_OFFICERS, issue_token
from eventreg.domain.models import utc_now

JSON_HEADERS = {"Content-Type": "application/json"}
DEEP = "[" * 30_000 + "]" * 30_000  # json.loads recurses once per level: RecursionError, i.e. a 500
DEEP_OBJECT = '{"a":' * 10_000 + "1" + "}" * 10_000  # both within the 64 KiB body limit


def bearer(organiser_id: str = DEMO_ORGANISER, groups: tuple[str, ...] = ()) -> dict[str, str]:
    token = issue_token(JWT_SECRET, organiser_id, ttl_seconds=600, groups=groups)
    return {"Authorization": "Bearer " + token, **JSON_HEADERS}


@pytest.fixture
def registration(stack: Stack, registration_service: ModuleType) -> Iterator[Client]:
    with Client(registration_service.app) as client:
        yield client


@pytest.fixture
def reports(stack: Stack, reports_service: ModuleType) -> Iterator[Client]:
    with Client(reports_service.app) as client:
        yield client


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.body
    assert response.headers["Content-Type"].startswith("application/json")
    error: dict[str, Any] = json.loads(response.body)["error"]
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    return error


def new_event(event_id: str = "hostile-ws", **overrides: Any) -> dict[str, Any]:
    now = utc_now()
    body: dict[str, Any] = {
        "event_id": event_id,
        "title": {"en": "Workshop on hostile input"},
        "timezone": "Europe/Brussels",
        "starts_at": (now + timedelta(days=40)).isoformat(),
        "ends_at": (now + timedelta(days=40, hours=8)).isoformat(),
        "registration_opens_at": (now - timedelta(days=1)).isoformat(),
        "registration_closes_at": (now + timedelta(days=30)).isoformat(),
        "modes": ["in_person", "online"],
        "capacity_in_person": 20,
        "status": "open",
    }
    body.update(overrides)
    return body


def register_body(email: str = "ana@example.eu", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Ana Pereira", "email": email, "organisation": "Câmara Municipal do Porto",
        "organisation_type": "city", "country": "PT", "privacy_consent": True,
        "answers": {"interest": "Networking"},
    }
    body.update(overrides)
    return body


# -- 1. deeply nested JSON -------------------------------------------------------------------------------
REGISTRATION_ROUTES = [
    ("POST", f"/events/{DEMO_EVENT}/registrations", False),
    ("POST", f"/events/{DEMO_EVENT}/delegations", False),
    ("POST", "/organiser/events", True),
    ("PATCH", f"/organiser/events/{DEMO_EVENT}", True),
    ("PUT", f"/organiser/events/{DEMO_EVENT}/sessions/new-session", True),
    ("POST", f"/organiser/events/{DEMO_EVENT}/documents", True),
]


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["arrays", "objects"])
@pytest.mark.parametrize(("method", "path", "organiser"), REGISTRATION_ROUTES)
def test_deeply_nested_json_is_refused_by_the_registration_service(
        stack: Stack, registration: Client, method: str, path: str, organiser: bool, body: str) -> None:
    before = stack.snapshot()
    headers = bearer() if organiser else JSON_HEADERS
    response = registration.http.request(method, path, headers=headers, body=body.encode())
    assert_error(response, 400, "validation_error")
    assert stack.snapshot() == before


def test_deeply_nested_json_is_refused_by_the_manage_link(stack: Stack, registration: Client) -> None:
    created = registration.http.post(f"/events/{DEMO_EVENT}/registrations", headers=JSON_HEADERS,
                                     body=json.dumps(register_body()).encode())
    link = urlsplit(json.loads(created.body)["registration"]["manage_url"])
    path = link.path.removesuffix("/manage")
    response = registration.http.patch(f"{path}?{link.query}", headers=JSON_HEADERS, body=DEEP.encode())
    assert_error(response, 400, "validation_error")


def test_a_deeply_nested_cursor_is_refused(registration: Client) -> None:
    cursor = base64.urlsafe_b64encode(DEEP.encode()[:6000]).decode().rstrip("=")
    response = registration.http.get(f"/organiser/events/{DEMO_EVENT}/registrations?cursor={cursor}",
                                     headers=bearer())
    assert_error(response, 400, "validation_error")


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["arrays", "objects"])
@pytest.mark.parametrize(("path", "groups"), [
    (f"/events/{DEMO_EVENT}/exports", ()),
    ("/privacy/erasures", (PRIVACY_OFFICERS,)),
])
def test_deeply_nested_json_is_refused_by_the_reports_service(
        stack: Stack, reports: Client, path: str, groups: tuple[str, ...], body: str) -> None:
    before = stack.snapshot()
    response = reports.http.post(path, headers=bearer(groups=groups), body=body.encode())
    assert_error(response, 400, "validation_error")
    assert stack.snapshot() == before


# -- 2. mail wording that would run without end ------------------------------------------------------------
@pytest.mark.parametrize("template", [
    "{% for i in range(10**9) %}{{ name }}{% endfor %}",
    "{% for i in range(1000000000) %}{{ name }}{% endfor %}",
    "{% for a in range(1000) %}{% for b in range(1000) %}{% endfor %}{% endfor %}",
])
def test_a_huge_loop_in_mail_wording_is_refused_when_saved(stack: Stack, registration: Client, template: str) -> None:
    before = stack.snapshot()
    body = {"mail_overrides": {"confirmed": {"subject": "Welcome", "body": template}}}
    response = registration.http.patch(f"/organiser/events/{DEMO_EVENT}", headers=bearer(),
                                       body=json.dumps(body).encode())
    error = assert_error(response, 400, "validation_error")
    assert set(error["fields"]) == {"mail_overrides.confirmed"}
    assert stack.snapshot() == before


# -- 3. empty titles, missing translations -----------------------------------------------------------------
PUBLIC_PAGES = [f"/events/{DEMO_EVENT}", f"/events/{DEMO_EVENT}/register", f"/events/{DEMO_EVENT}/register?lang=de",
                f"/events/{DEMO_EVENT}/privacy"]


def assert_pages_work(client: Client) -> None:
    for page in PUBLIC_PAGES:
        response = client.http.get(page, headers={"Accept": "text/html"})
        assert response.status_code == 200, (page, response.body[:500])


@pytest.mark.parametrize("title", ["", "   ", {}, {"en": ""}, {"en": " ", "fr": ""}, None, 5, ["x"]])
def test_a_document_needs_a_title(stack: Stack, registration: Client, title: Any) -> None:
    before = stack.snapshot()
    response = registration.http.post(f"/organiser/events/{DEMO_EVENT}/documents", headers=bearer(),
                                      body=json.dumps({"document_id": "agenda", "title": title}).encode())
    error = assert_error(response, 400, "validation_error")
    assert "title" in error["fields"]
    assert stack.snapshot() == before
    assert_pages_work(registration)


@pytest.mark.parametrize(("field", "value"), [
    ("title", ""), ("title", {}), ("title", {"en": "  "}), ("title", {"en": "Two\nlines"}),
    ("description", {"en": "x" * 5001}), ("description", {"xx": "Unknown language"}),
    ("venue", {"name": "  "}), ("partners", [""]), ("topics", ["\u202eevil"]),
    ("questions", [{"question_id": "q1", "label": {}, "kind": "text"}]),
    ("questions", [{"question_id": "q1", "label": {"en": ""}, "kind": "text"}]),
    ("questions", [{"question_id": "q1", "label": "Diet?", "kind": "single", "options": [" "]}]),
])
def test_event_texts_that_would_break_a_page_are_refused(
        stack: Stack, registration: Client, field: str, value: Any) -> None:
    before = stack.snapshot()
    response = registration.http.patch(f"/organiser/events/{DEMO_EVENT}", headers=bearer(),
                                       body=json.dumps({field: value}).encode())
    error = assert_error(response, 400, "validation_error")
    assert any(name == field or name.startswith(f"{field}.") for name in error["fields"]), error
    created = registration.http.post("/organiser/events", headers=bearer(),
                                     body=json.dumps(new_event(**{field: value})).encode())
    assert_error(created, 400, "validation_error")
    assert stack.snapshot() == before
    assert_pages_work(registration)


@pytest.mark.parametrize("title", ["", {}, {"fr": " "}])
def test_a_session_needs_a_title(stack: Stack, registration: Client, title: Any) -> None:
    start = utc_now() + timedelta(days=40)
    body = {"title": title, "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=1)).isoformat()}
    response = registration.http.put(f"/organiser/events/{DEMO_EVENT}/sessions/untitled", headers=bearer(),
                                     body=json.dumps(body).encode())
    assert "title" in assert_error(response, 400, "validation_error")["fields"]
    assert_pages_work(registration)


def test_pages_fall_back_to_a_language_the_event_has(stack: Stack, registration: Client) -> None:
    response = registration.http.post(f"/organiser/events/{DEMO_EVENT}/documents", headers=bearer(),
                                      body=json.dumps({"document_id": "ordre-du-jour",
                                                       "title": {"fr": "Ordre du jour"}}).encode())
    assert response.status_code == 201, response.body
    start = utc_now() + timedelta(days=40)
    response = registration.http.put(
        f"/organiser/events/{DEMO_EVENT}/sessions/atelier", headers=bearer(),
        body=json.dumps({"title": {"nl": "Werkgroep"}, "starts_at": start.isoformat(),
                         "ends_at": (start + timedelta(hours=1)).isoformat()}).encode())
    assert response.status_code == 200, response.body
    stack.update_event(title={"fr": "Semaine européenne des régions et des villes"},
                       description={"nl": "Een week"})
    assert_pages_work(registration)
    page = registration.http.get(f"/events/{DEMO_EVENT}/register?lang=de").body.decode()
    assert "Ordre du jour" in page and "Werkgroep" in page and "Semaine européenne" in page
