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
from urllib.parse import urlencode, urlsplit

import pytest
from chalice.test import Client
from integration_support import DEMO_EVENT, DEMO_ORGANISER, JWT_SECRET, Stack

from eventreg.adapters.jwt import issue_token
from eventreg.auth import PRIVACY_OFFICERS
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
PUBLIC_PAGES = [f"/events/{DEMO_EVENT}/register", f"/events/{DEMO_EVENT}/register?lang=de",
                f"/events/{DEMO_EVENT}/privacy", "/"]


def assert_pages_work(client: Client) -> None:
    for page in PUBLIC_PAGES:
        response = client.http.get(page, headers={"Accept": "text/html"})
        assert response.status_code == 200, (page, response.body[:500])
    answer = client.http.get(f"/events/{DEMO_EVENT}", headers={"Accept": "application/json"})  # the API's view
    assert answer.status_code == 200, answer.body[:500]


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


# -- 4. ids longer than DynamoDB's keys allow (or of a shape that cannot exist) ------------------------------
LONG_SLUG = "a" * 2100  # a partition key holds at most 2048 bytes, a sort key 1024
LONG_ID = "0" * 1100
REG = "01KA3F7Q9MZ6T2X8WB4NRCDJ5E"  # a well-formed id that does not exist
E = DEMO_EVENT

REGISTRATION_SERVICE_IDS = [
    ("GET", "/events/{e}", False, {"e": LONG_SLUG}, "event_not_found"),
    ("GET", "/events/{e}/register", False, {"e": LONG_SLUG}, "event_not_found"),
    ("POST", "/events/{e}/registrations", False, {"e": LONG_SLUG}, "event_not_found"),
    ("GET", "/events/{e}/privacy", False, {"e": "Ewrc Demo"}, "event_not_found"),
    ("GET", "/events/{e}/documents/{d}", False, {"e": E, "d": LONG_SLUG}, "document_not_found"),
    ("POST", "/events/{e}/delegations", False, {"e": LONG_SLUG}, "event_not_found"),
    ("GET", "/events/{e}/registrations/{r}", False, {"e": E, "r": LONG_ID}, "registration_not_found"),
    ("PATCH", "/events/{e}/registrations/{r}", False, {"e": E, "r": LONG_ID}, "registration_not_found"),
    ("DELETE", "/events/{e}/registrations/{r}", False, {"e": LONG_SLUG, "r": REG}, "event_not_found"),
    ("GET", "/events/{e}/registrations/{r}/manage", False, {"e": E, "r": LONG_ID}, "registration_not_found"),
    ("GET", "/organiser/events/{e}", True, {"e": LONG_SLUG}, "event_not_found"),
    ("PATCH", "/organiser/events/{e}", True, {"e": LONG_SLUG}, "event_not_found"),
    ("PUT", "/organiser/events/{e}/sessions/{s}", True, {"e": E, "s": LONG_SLUG}, "session_not_found"),
    ("POST", "/organiser/events/{e}/documents", True, {"e": LONG_SLUG}, "event_not_found"),
    ("GET", "/organiser/events/{e}/registrations", True, {"e": LONG_SLUG}, "event_not_found"),
    ("POST", "/organiser/events/{e}/registrations/{r}/approve", True, {"e": E, "r": LONG_ID},
     "registration_not_found"),
]
REPORTS_SERVICE_IDS = [
    ("GET", "/events/{e}/attendees.csv", True, {"e": LONG_SLUG}, "event_not_found"),
    ("GET", "/events/{e}/attendees.xlsx", True, {"e": LONG_SLUG}, "event_not_found"),
    ("GET", "/events/{e}/sessions/{s}/attendees.csv", True, {"e": E, "s": LONG_SLUG}, "session_not_found"),
    ("GET", "/events/{e}/sessions/{s}/attendees.xlsx", True, {"e": E, "s": LONG_SLUG}, "session_not_found"),
    ("POST", "/events/{e}/exports", True, {"e": LONG_SLUG}, "event_not_found"),
    ("GET", "/events/{e}/exports/{x}", True, {"e": E, "x": LONG_ID}, "export_not_found"),
    ("GET", "/events/{e}/final-list.csv", True, {"e": LONG_SLUG}, "event_not_found"),
    ("GET", "/events/{e}/agenda.html", False, {"e": LONG_SLUG}, "event_not_found"),
    ("GET", "/events/{e}/agenda.ics", False, {"e": LONG_SLUG}, "event_not_found"),
    ("GET", "/events/{e}/statistics.json", True, {"e": LONG_SLUG}, "event_not_found"),
    ("GET", "/privacy/erasures/{x}", True, {"x": LONG_ID}, "erasure_not_found"),
    ("GET", "/events/{e}/delegations/{g}/trip-report", True, {"e": E, "g": LONG_ID}, "delegation_not_found"),
    ("GET", "/events/{e}/registrations/{r}/trip-report", False, {"e": E, "r": LONG_ID}, "registration_not_found"),
    ("GET", "/events/{e}/registrations/{r}/trip-report.docx", False, {"e": LONG_SLUG, "r": REG}, "event_not_found"),
]


def probe(client: Client, method: str, template: str, organiser: bool, ids: dict[str, str]) -> Any:
    headers = bearer(groups=(PRIVACY_OFFICERS,)) if organiser else JSON_HEADERS
    return client.http.request(method, template.format(**ids), headers=headers, body=b"{}")


@pytest.mark.parametrize(("method", "template", "organiser", "ids", "code"), REGISTRATION_SERVICE_IDS)
def test_overlong_ids_are_not_found_in_the_registration_service(
        stack: Stack, registration: Client, method: str, template: str, organiser: bool, ids: dict[str, str],
        code: str) -> None:
    with stack.record_calls() as calls:
        assert_error(probe(registration, method, template, organiser, ids), 404, code)
    assert calls == []  # refused at the edge: DynamoDB would refuse such a key with a ValidationException


@pytest.mark.parametrize(("method", "template", "organiser", "ids", "code"), REPORTS_SERVICE_IDS)
def test_overlong_ids_are_not_found_in_the_reports_service(
        stack: Stack, reports: Client, method: str, template: str, organiser: bool, ids: dict[str, str],
        code: str) -> None:
    with stack.record_calls() as calls:
        assert_error(probe(reports, method, template, organiser, ids), 404, code)
    assert calls == []


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/organiser/events", new_event(event_id=LONG_SLUG), "event_id"),
    (f"/organiser/events/{DEMO_EVENT}/documents", {"document_id": LONG_SLUG, "title": "Agenda"}, "document_id"),
    (f"/events/{DEMO_EVENT}/registrations", register_body(sessions=[LONG_SLUG]), "sessions.0"),
    (f"/events/{DEMO_EVENT}/registrations", register_body(answers={LONG_SLUG: "x"}), "answers"),
])
def test_overlong_ids_in_bodies_are_invalid(stack: Stack, registration: Client, path: str, body: dict[str, Any],
                                            field: str) -> None:
    before = stack.snapshot()
    response = registration.http.post(path, headers=bearer(), body=json.dumps(body).encode())
    error = assert_error(response, 400, "validation_error")
    assert any(name.startswith(field) for name in error["fields"]), error
    assert stack.snapshot() == before


def test_an_overlong_session_in_an_export_is_invalid(reports: Client) -> None:
    response = reports.http.post(f"/events/{DEMO_EVENT}/exports", headers=bearer(),
                                 body=json.dumps({"session": LONG_SLUG}).encode())
    assert "session" in assert_error(response, 400, "validation_error")["fields"]


# -- 5. control characters in answers -----------------------------------------------------------------------
@pytest.mark.parametrize("control", ["\x00", "\x1b", "\u202e", "\u2066", "\u200b", "\ufeff"])
def test_control_characters_in_a_text_answer_are_refused(stack: Stack, registration: Client, reports: Client,
                                                         control: str) -> None:
    question = {"question_id": "remarks", "label": "Remarks", "kind": "text"}
    created = registration.http.post("/organiser/events", headers=bearer(),
                                     body=json.dumps(new_event(questions=[question])).encode())
    assert created.status_code == 201, created.body
    body = register_body(answers={"remarks": f"see{control}attached"})
    response = registration.http.post("/events/hostile-ws/registrations", headers=JSON_HEADERS,
                                      body=json.dumps(body).encode())
    assert set(assert_error(response, 400, "validation_error")["fields"]) == {"answers.remarks"}
    form = registration.http.post("/events/hostile-ws/registrations",
                                  headers={"Content-Type": "application/x-www-form-urlencoded"},
                                  body=urlencode({**{k: v for k, v in body.items() if k != "answers"},
                                                  "answers.remarks": f"see{control}attached",
                                                  "privacy_consent": "on"}).encode())
    assert form.status_code == 400, form.body[:300]
    assert stack.count("hostile-ws", "REG#") == 0


# -- 6. loosely typed organiser fields ----------------------------------------------------------------------
LOOSE_EVENT_FIELDS = [
    ("starts_at", 5), ("starts_at", "5"), ("starts_at", True), ("starts_at", "1970-01-01T00:00:00+00:00"),
    ("ends_at", "2999-01-01T00:00:00+00:00"), ("registration_closes_at", 1.5e9), ("starts_at", "2030-03-01"),
    ("capacity_in_person", 10**30), ("capacity_in_person", -1), ("capacity_in_person", True),
    ("capacity_in_person", "100"), ("capacity_in_person", 2.5), ("capacity_online", 1_000_001),
    ("retention_days", True), ("retention_days", 10**6), ("reminder_days", "7"), ("moderated", "yes"),
    ("moderated", 1), ("modes", ["in_person", "in_person"]), ("modes", []), ("modes", "online"),
    ("language", ["en"]), ("language", "xx"), ("timezone", 5), ("timezone", "Mars/Olympus"),
    ("online_url", "javascript:alert(1)"), ("status", 1), ("status", "deleted"),
    ("partners", ["x"] * 101), ("topics", [5]), ("organiser_emails", ["not an address"]),
    ("questions", [{"question_id": "q", "label": "Q", "kind": "text", "required": "yes"}]),
    ("questions", [{"question_id": "Q 1", "label": "Q", "kind": "text"}]),
    ("questions", [{"question_id": "q", "label": "Q", "kind": "essay"}]),
    ("mail_overrides", {"confirmed": "Welcome"}), ("mail_overrides", {"birthday": {"subject": "Hi"}}),
    ("mail_overrides", {"confirmed": {"subject": "x" * 201}}), ("mail_sender_name", 5), ("reply_to", ["a@b.eu"]),
    ("venue", "Brussels"), ("venue", {"name": "SQUARE", "floor": 3}), ("description", 5),
]


@pytest.mark.parametrize(("field", "value"), LOOSE_EVENT_FIELDS)
def test_loosely_typed_event_fields_are_refused(stack: Stack, registration: Client, field: str, value: Any) -> None:
    before = stack.snapshot()
    created = registration.http.post("/organiser/events", headers=bearer(),
                                     body=json.dumps(new_event(**{field: value})).encode())
    error = assert_error(created, 400, "validation_error")
    assert any(name.split(".")[0] in (field, "body") for name in error["fields"]), error
    changed = registration.http.patch(f"/organiser/events/{DEMO_EVENT}", headers=bearer(),
                                      body=json.dumps({field: value}).encode())
    assert_error(changed, 400, "validation_error")
    assert stack.snapshot() == before
    assert registration.http.get("/organiser/events/hostile-ws", headers=bearer()).status_code == 404


@pytest.mark.parametrize(("field", "value"), [
    ("capacity", 10**30), ("capacity", True), ("capacity", -5), ("capacity", "3"), ("starts_at", 5),
    ("modes", ["online", "online"]), ("speakers", [""]), ("partner_id", "x" * 500), ("partner_id", 5),
    ("title", ["Workshop"]),
])
def test_loosely_typed_session_fields_are_refused(stack: Stack, registration: Client, field: str, value: Any) -> None:
    start = utc_now() + timedelta(days=40)
    body = {"title": "Workshop", "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=1)).isoformat(),
            field: value}
    before = stack.snapshot()
    response = registration.http.put(f"/organiser/events/{DEMO_EVENT}/sessions/new-ws", headers=bearer(),
                                     body=json.dumps(body).encode())
    error = assert_error(response, 400, "validation_error")
    assert any(name.split(".")[0] == field for name in error["fields"]), error
    assert stack.snapshot() == before


@pytest.mark.parametrize("body", [{"title": "Agenda", "document_id": "agenda", "content_type": ["application/pdf"]},
                                  {"title": "Agenda", "document_id": 5}, {"title": 5, "document_id": "agenda"}])
def test_loosely_typed_documents_are_refused(stack: Stack, registration: Client, body: dict[str, Any]) -> None:
    response = registration.http.post(f"/organiser/events/{DEMO_EVENT}/documents", headers=bearer(),
                                      body=json.dumps(body).encode())
    assert_error(response, 400, "validation_error")


def test_not_a_number_is_not_json(registration: Client) -> None:
    body = json.dumps(new_event(capacity_in_person=1)).replace('"capacity_in_person": 1', '"capacity_in_person": NaN')
    response = registration.http.post("/organiser/events", headers=bearer(), body=body.encode())
    assert_error(response, 400, "validation_error")


@pytest.mark.parametrize(("body", "field"), [
    ({"preset": []}, "preset"), ({"preset": {}}, "preset"), ({"preset": 5}, "preset"), ({"preset": "nope"}, "preset"),
    ({"format": []}, "format"), ({"format": {"csv": 1}}, "format"), ({"status": [1]}, "status"),
    ({"status": []}, "status"), ({"country": [["BE"]]}, "country"), ({"session": ["x"]}, "session"),
    ({"extra": 1}, "extra"),
])
def test_an_export_takes_only_known_presets_formats_and_filters(reports: Client, body: dict[str, Any],
                                                               field: str) -> None:
    response = reports.http.post(f"/events/{DEMO_EVENT}/exports", headers=bearer(), body=json.dumps(body).encode())
    assert field in assert_error(response, 400, "validation_error")["fields"]
