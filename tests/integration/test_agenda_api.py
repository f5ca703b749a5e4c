"""The agenda through the reports app: public for a published event (HTML, PDF, .ics), the organisers'
token for a draft, ETag revalidation, and one Query of the event partition underneath."""

from __future__ import annotations

import base64
import io
import json
from types import ModuleType
from typing import Any

import pytest
from chalice.test import Client
from icalendar import Calendar
from integration_support import DEMO_EVENT, DEMO_ORGANISER, JWT_SECRET, LambdaContext, Stack
from pypdf import PdfReader
from test_reports_api import bearer, register

from devstack.seed import DEMO_PARTNER
from eventreg.adapters.jwt import issue_token

BASE = f"/events/{DEMO_EVENT}"
PDF = {"Accept": "application/pdf"}


def get(app: ModuleType, path: str, headers: dict[str, str] | None = None) -> Any:
    with Client(app.app) as client:
        return client.http.get(path, headers=headers or {})


def test_published_agenda_is_public_html(stack: Stack, reports_service: ModuleType) -> None:
    response = get(reports_service, f"{BASE}/agenda.html")
    assert response.status_code == 200
    headers = response.headers
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "public, max-age=300"
    assert headers["ETag"].startswith('W/"')
    page = response.body.decode()
    assert "<h1>European Week of Regions and Cities</h1>" in page
    assert "#connectedinEurope: digitalisation and urban development" in page
    assert "Speakers: VVSG, EUROCITIES, OASC, ENoLL" in page


def test_language_from_the_query_and_a_bad_one_refused(stack: Stack, reports_service: ModuleType) -> None:
    page = get(reports_service, f"{BASE}/agenda.html?lang=fr").body.decode()
    assert '<html lang="fr">' in page and "Séance d&#39;ouverture : la politique de cohésion après 2027" in page
    bad = get(reports_service, f"{BASE}/agenda.html?lang=xx")
    assert bad.status_code == 400
    assert bad.json_body["error"]["code"] == "validation_error"
    assert "lang" in bad.json_body["error"]["fields"]


def test_etag_revalidation_answers_304_and_ignores_registrations(stack: Stack, reports_service: ModuleType) -> None:
    first = get(reports_service, f"{BASE}/agenda.ics")
    tag = first.headers["ETag"]
    register(stack, "Elżbieta Bieńkowska", "e.b@example.eu", sessions=["opening"])  # moves counters only
    again = get(reports_service, f"{BASE}/agenda.ics", {"If-None-Match": tag})
    assert again.status_code == 304
    assert again.body == b""
    assert again.headers["ETag"] == tag
    stack.update_session("opening", room="JDE 53")
    changed = get(reports_service, f"{BASE}/agenda.ics", {"If-None-Match": tag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != tag
    other_format = get(reports_service, f"{BASE}/agenda.html")
    assert other_format.headers["ETag"] != changed.headers["ETag"]


def test_ics_feed_of_the_whole_programme(stack: Stack, reports_service: ModuleType) -> None:
    response = get(reports_service, f"{BASE}/agenda.ics")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == f'inline; filename="{DEMO_EVENT}-programme.ics"'
    cal = Calendar.from_ical(response.body)
    uids = sorted(str(e["UID"]) for e in cal.walk("VEVENT"))
    assert uids == sorted(f"{DEMO_EVENT}-session-{s}@eventreg" for s in stack.sessions())
    assert {e["DTSTART"].params["TZID"] for e in cal.walk("VEVENT")} == {"Europe/Brussels"}
    again = Calendar.from_ical(get(reports_service, f"{BASE}/agenda.ics").body)
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == uids


def test_pdf_download(stack: Stack, reports_service: ModuleType) -> None:
    stack.update_session("opening", speakers=["Elżbieta Bieńkowska"], room="Salle Łódź")
    response = get(reports_service, f"{BASE}/agenda.pdf?lang=de", PDF)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == f'inline; filename="{DEMO_EVENT}-agenda-de.pdf"'
    reader = PdfReader(io.BytesIO(response.body))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Europäische Woche der Regionen und Städte" in text
    assert "Referenten: Elżbieta Bieńkowska" in text and "Raum: Salle Łódź" in text


def test_pdf_through_lambda_is_base64_encoded(stack: Stack, reports_service: ModuleType) -> None:
    event = {
        "resource": "/events/{event_id}/agenda.pdf", "path": f"{BASE}/agenda.pdf", "httpMethod": "GET",
        "headers": {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}, "multiValueHeaders": {},
        "queryStringParameters": None, "multiValueQueryStringParameters": None,
        "pathParameters": {"event_id": DEMO_EVENT}, "stageVariables": None, "body": None, "isBase64Encoded": False,
        "requestContext": {"resourcePath": "/events/{event_id}/agenda.pdf", "httpMethod": "GET", "stage": "api",
                           "path": f"/api{BASE}/agenda.pdf", "requestId": "r-1", "identity": {"sourceIp": "127.0.0.1"}},
    }
    response = reports_service.app(event, LambdaContext(function_name="eventreg-reports-dev"))
    assert response["statusCode"] == 200
    assert response["isBase64Encoded"] is True
    assert base64.b64decode(response["body"]).startswith(b"%PDF-")


def test_unknown_event_is_404(stack: Stack, reports_service: ModuleType) -> None:
    response = get(reports_service, "/events/no-such-event/agenda.ics")
    assert response.status_code == 404
    assert response.json_body["error"]["code"] == "event_not_found"


@pytest.fixture
def draft(stack: Stack) -> Stack:
    stack.update_event(status="draft")
    return stack


@pytest.mark.parametrize("fmt", ["html", "pdf", "ics"])
def test_a_draft_agenda_is_not_found_without_a_token(draft: Stack, reports_service: ModuleType, fmt: str) -> None:
    """To the public a draft does not exist (as GET /events/{id}): 404, the same answer as a missing event."""
    response = get(reports_service, f"{BASE}/agenda.{fmt}", PDF)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"
    assert json.loads(response.body)["error"]["code"] == "event_not_found"
    assert "WWW-Authenticate" not in response.headers


@pytest.mark.parametrize("header", [
    "Bearer not-a-token",
    "Bearer " + issue_token("wrong-secret-0123456789abcdef0123456789", DEMO_ORGANISER),
    "Bearer " + issue_token(JWT_SECRET, DEMO_ORGANISER, ttl_seconds=-1),
    "Bearer " + issue_token(JWT_SECRET, "org-someone-else"),
], ids=["garbage", "wrong-secret", "expired", "another-organiser"])
def test_a_draft_agenda_is_not_found_with_a_token_not_its_organisers(draft: Stack, reports_service: ModuleType,
                                                                    header: str) -> None:
    response = get(reports_service, f"{BASE}/agenda.html", {"Authorization": header})
    assert response.status_code == 404
    assert response.json_body["error"]["code"] == "event_not_found"


@pytest.mark.parametrize("organiser", [DEMO_ORGANISER, DEMO_PARTNER])
def test_draft_agenda_for_its_organisers_is_never_cached(draft: Stack, reports_service: ModuleType,
                                                         organiser: str) -> None:
    response = get(reports_service, f"{BASE}/agenda.html", bearer(organiser))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in response.headers
    assert "Draft programme: not yet published." in response.body.decode()


def test_agenda_is_one_query(stack: Stack, reports_service: ModuleType) -> None:
    register(stack, "Mikko Virtanen", "mikko@example.fi")
    with Client(reports_service.app) as client, stack.record_calls() as calls:
        for fmt in ("html", "ics"):
            assert client.http.get(f"{BASE}/agenda.{fmt}").status_code == 200
    assert calls == ["Query", "Query"]


def test_the_reports_app_imports_the_pdf_library_only_when_asked() -> None:
    """fpdf2 + fontTools + Pillow cost ~0.5-1.5 s to import: a cold start of the other routes must not pay it."""
    import subprocess
    import sys

    from integration_support import SERVICES

    code = ("import sys, app; heavy = {'fpdf', 'fontTools', 'PIL'} & set(sys.modules); "
            "assert not heavy, heavy; import eventreg.report.agenda.pdf; assert 'fpdf' in sys.modules")
    subprocess.run([sys.executable, "-c", code], cwd=SERVICES / "reports", check=True, timeout=120)
