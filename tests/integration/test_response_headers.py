"""Every answer of the three services says what it is (JSON as application/json) and carries
X-Content-Type-Options: nosniff and Referrer-Policy: no-referrer; every page a Content-Security-Policy that
allows exactly the page's own inline blocks (by hash), and is never framed."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from chalice.test import Client
from integration_support import DEMO_EVENT, DEMO_ORGANISER, JWT_SECRET, Stack

from eventreg.adapters.jwt import issue_token

JSON_HEADERS = {"Content-Type": "application/json"}
PERSON = {"name": "Ana Gomes", "email": "ana@example.pt", "organisation": "Câmara Municipal do Porto",
          "organisation_type": "city", "country": "PT", "privacy_consent": True,
          "answers": {"interest": "Cohesion policy"}}


def bearer(organiser_id: str = DEMO_ORGANISER) -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_token(JWT_SECRET, organiser_id, ttl_seconds=600), **JSON_HEADERS}


@pytest.fixture
def client(stack: Stack, registration_service: ModuleType) -> Iterator[Client]:
    with Client(registration_service.app) as test_client:
        yield test_client


def assert_json(response: Any) -> None:
    assert response.headers["Content-Type"] == "application/json", response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    json.loads(response.body)


def inline_blocks(page: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"style": [], "script": []}
    for match in re.finditer(r"<(style|script)\b[^>]*>(.*?)</\1>", page, re.DOTALL):
        found[match.group(1)].append(match.group(2))
    return found


def assert_page(response: Any) -> None:
    """A page: typed, nosniff, not framed, no Referer; its CSP allows each inline block it has (by hash)."""
    headers = response.headers
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    directives = {d.split()[0]: d.split()[1:] for d in headers["Content-Security-Policy"].split("; ")}
    assert directives["frame-ancestors"] == ["'none'"] and directives["default-src"] == ["'self'"]
    page = response.body.decode("utf-8")
    assert " style=" not in page and " onclick=" not in page  # attributes no hash can allow
    for kind, blocks in inline_blocks(page).items():
        for block in blocks:
            digest = base64.b64encode(hashlib.sha256(block.encode("utf-8")).digest()).decode()
            assert f"'sha256-{digest}'" in directives[f"{kind}-src"], (kind, block[:60])


def test_the_json_answers_named_in_the_issue_are_typed(stack: Stack, client: Client) -> None:
    assert_json(client.http.get(f"/events/{DEMO_EVENT}"))
    registered = client.http.post(f"/events/{DEMO_EVENT}/registrations", headers=JSON_HEADERS,
                                  body=json.dumps(PERSON))
    assert registered.status_code == 201
    assert_json(registered)
    manage = urlsplit(registered.json_body["registration"]["manage_url"])
    path = manage.path.removesuffix("/manage") + "?" + manage.query
    assert_json(client.http.get(path, headers=JSON_HEADERS))  # the manage link's JSON
    listing = client.http.get(f"/organiser/events/{DEMO_EVENT}/registrations", headers=bearer())
    assert listing.status_code == 200
    assert_json(listing)
    for answer in (client.http.get("/organiser/events", headers=bearer()),
                   client.http.get(f"/organiser/events/{DEMO_EVENT}", headers=bearer())):
        assert answer.status_code == 200
        assert_json(answer)
    document = client.http.post(f"/organiser/events/{DEMO_EVENT}/documents", headers=bearer(), body=json.dumps(
        {"document_id": "draft-agenda", "title": "Draft agenda", "content_type": "application/pdf"}))
    assert document.status_code == 201, document.body
    assert_json(document)
    assert_json(client.http.post(f"/organiser/events/{DEMO_EVENT}/registrations/nobody/approve", headers=bearer()))


def test_errors_are_typed_too(client: Client) -> None:
    assert_json(client.http.get("/events/no-such-event"))
    assert_json(client.http.post(f"/events/{DEMO_EVENT}/registrations", headers=JSON_HEADERS, body=b"{"))
    assert_json(client.http.request("PUT", f"/events/{DEMO_EVENT}", headers=JSON_HEADERS, body=b""))  # 405
    assert_json(client.http.post(f"/events/{DEMO_EVENT}/registrations", headers={"Content-Type": "text/csv"},
                                 body=b"a,b"))  # 415


def test_pages_carry_a_csp_that_lets_them_work(stack: Stack, client: Client) -> None:
    assert_page(client.http.get(f"/events/{DEMO_EVENT}/register", headers={"Accept": "text/html"}))
    assert_page(client.http.get(f"/events/{DEMO_EVENT}/privacy", headers={"Accept": "text/html"}))
    form = {"name": "", "email": "not-an-address"}  # the page again, with the error summary's focus script
    refused = client.http.post(f"/events/{DEMO_EVENT}/registrations",
                               headers={"Content-Type": "application/x-www-form-urlencoded"}, body=urlencode(form))
    assert refused.status_code == 400
    assert inline_blocks(refused.body.decode())["script"]
    assert_page(refused)
    registered = client.http.post(f"/events/{DEMO_EVENT}/registrations", headers=JSON_HEADERS,
                                  body=json.dumps(PERSON)).json_body["registration"]
    manage = urlsplit(registered["manage_url"])
    assert_page(client.http.get(f"{manage.path}?{manage.query}", headers={"Accept": "text/html"}))


def test_the_document_redirect_is_typed(stack: Stack, client: Client) -> None:
    client.http.post(f"/organiser/events/{DEMO_EVENT}/documents", headers=bearer(), body=json.dumps(
        {"document_id": "draft-agenda", "title": "Draft agenda", "content_type": "application/pdf"}))
    response = client.http.get(f"/events/{DEMO_EVENT}/documents/draft-agenda")
    assert response.status_code == 302
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_the_reports_service_answers_typed(stack: Stack, reports_service: ModuleType) -> None:
    with Client(reports_service.app) as client:
        assert_page(client.http.get(f"/events/{DEMO_EVENT}/agenda.html"))
        assert_page(client.http.get(f"/events/{DEMO_EVENT}/statistics.html", headers=bearer()))
        assert_json(client.http.get(f"/events/{DEMO_EVENT}/statistics.json", headers=bearer()))
        assert_json(client.http.get("/attendee-presets", headers=bearer()))
        calendar = client.http.get(f"/events/{DEMO_EVENT}/agenda.ics")
        assert calendar.headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert calendar.headers["X-Content-Type-Options"] == "nosniff"
        assert "Content-Security-Policy" not in calendar.headers
        csv = client.http.get(f"/events/{DEMO_EVENT}/attendees.csv", headers=bearer())
        assert csv.headers["X-Content-Type-Options"] == "nosniff"
        assert_json(client.http.get("/events/no-such-event/agenda.ics"))
