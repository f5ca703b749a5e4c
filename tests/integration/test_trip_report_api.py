"""Delegation trip reports on moto through the Chalice apps: the organisers' routes on the reports service (bearer
token, full organisers only), the lead's signed link offered on their manage page, HTML and .docx, and the
delegation found with a Query of a narrow key range (never a Scan, never the whole event)."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import docx
import pytest
from chalice.test import Client
from integration_support import DEMO_EVENT, DEMO_ORGANISER, JWT_SECRET, Stack
from privacy_support import dynamodb_calls

from devstack.seed import DEMO_PARTNER
from eventreg.adapters import clients
from eventreg.adapters.jwt import issue_token
from eventreg.links import manage_token, report_token

SCRIPT = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DUTCH_HEADINGS = [
    "Hoeveel personen hebben de reis gemaakt?", "Hoelang duurde de reis?", "Wat was het doel van de reis?",
    "Welke locaties zijn bezocht?", "Wie heb je ontmoet? (Benoem de functieomschrijving)",
    "Wat heeft de reis de gemeente opgeleverd?", "Zijn er vervolgafspraken? Zo ja, welke?",
]
DAY_NS = 86_400 * 10**9


def person(name: str, email: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "email": email, "organisation": "Gemeente Den Haag", "organisation_type": "city",
            "country": "NL", "privacy_consent": True, "answers": {"interest": "Networking"}, **extra}


def bearer(organiser_id: str = DEMO_ORGANISER) -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_token(JWT_SECRET, organiser_id)}


@pytest.fixture
def site(registration_service: ModuleType) -> Iterator[Client]:
    with Client(registration_service.app) as client:
        yield client


@pytest.fixture
def reports(reports_service: ModuleType) -> Iterator[Client]:
    with Client(reports_service.app) as client:
        yield client


def register_one(site: Client, name: str, email: str) -> None:
    response = site.http.post(f"/events/{DEMO_EVENT}/registrations", headers={"Content-Type": "application/json"},
                              body=json.dumps(person(name, email)))
    assert response.status_code == 201


@pytest.fixture
def delegation(site: Client, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A Hague delegation of five (the lead reads Dutch), with people registered a day before and after it."""
    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() - DAY_NS)  # ids made a day earlier
    register_one(site, "Early Bird", "early@example.eu")
    monkeypatch.setattr(time, "time_ns", real)
    body = {
        "lead": person("Anne de Vries", "anne@denhaag.nl", job_title="EU-adviseur", preferred_language="nl",
                       sessions=["opening", "city-diplomacy"]),
        "members": [{"name": SCRIPT, "email": "probe@denhaag.nl", "job_title": FORMULA},
                    {"name": "Bram Jansen", "email": "bram@denhaag.nl", "job_title": "Wethouder"},
                    {"name": "Chantal Bakker", "email": "chantal@denhaag.nl"},
                    {"name": "Daan Smit", "email": "daan@denhaag.nl"}],
    }
    response = site.http.post(f"/events/{DEMO_EVENT}/delegations", headers={"Content-Type": "application/json"},
                              body=json.dumps(body))
    assert response.status_code == 201, response.body
    monkeypatch.setattr(time, "time_ns", lambda: real() + DAY_NS)  # and a day later
    register_one(site, "Late Comer", "late@example.eu")
    monkeypatch.setattr(time, "time_ns", real)
    answer: dict[str, Any] = response.json_body
    return answer


def organiser_path(delegation_id: str, suffix: str = "") -> str:
    return f"/events/{DEMO_EVENT}/delegations/{delegation_id}/trip-report{suffix}"


@contextmanager
def scanned() -> Iterator[list[int]]:
    """The ScannedCount of every Query inside the block (items read, before any filter)."""
    counts: list[int] = []

    def hook(parsed: dict[str, Any], **_: Any) -> None:
        counts.append(int(parsed.get("ScannedCount", 0)))

    events = clients.dynamodb().meta.events
    events.register("after-call.dynamodb.Query", hook, unique_id="privacy-scanned")
    try:
        yield counts
    finally:
        events.unregister("after-call.dynamodb.Query", unique_id="privacy-scanned")


def lead_of(delegation: dict[str, Any]) -> dict[str, Any]:
    lead: dict[str, Any] = delegation["registrations"][0]
    assert lead["delegation_lead"]
    return lead


def test_organisers_get_the_prefilled_report_in_the_leads_language(
    stack: Stack, reports: Client, delegation: dict[str, Any]
) -> None:
    with dynamodb_calls() as calls, scanned() as counts:
        response = reports.http.get(organiser_path(delegation["delegation_id"]), headers=bearer())

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    page = response.body.decode()
    assert '<html lang="nl">' in page
    for heading in DUTCH_HEADINGS:
        assert f">{heading}</h2>" in page
    assert "5 personen (Gemeente Den Haag)" in page
    assert "Anne de Vries" in page and "Wethouder" in page and "EU-adviseur" in page
    assert "Early Bird" not in page and "Late Comer" not in page
    assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "=cmd|&#39; /C calc&#39;!A0" in page
    # Every member has the lead's sessions: Monday and Wednesday, so 3 days and 2 nights each.
    assert "3 dagen, 2 nachten." in page
    assert "14:30–16:00 Openingsplenaire" not in page  # the opening has no Dutch title: English shown
    assert "14:30–16:00 Opening session: cohesion policy after 2027 (JDE 52)" in page
    assert page.count('role="textbox"') == 7
    assert "Scan" not in {operation for operation, _ in calls}
    assert counts[-1] == 5  # the delegation's key range: its five registrations, not the event's seven


def test_another_language_on_request(stack: Stack, reports: Client, delegation: dict[str, Any]) -> None:
    response = reports.http.get(organiser_path(delegation["delegation_id"]) + "?lang=fr", headers=bearer())
    page = response.body.decode()
    assert '<html lang="fr">' in page and "Rapport de mission à l&#39;étranger" in page
    assert "Combien de personnes ont fait le voyage ?" in page


def test_the_docx_download(stack: Stack, reports: Client, delegation: dict[str, Any]) -> None:
    delegation_id = delegation["delegation_id"]
    response = reports.http.get(organiser_path(delegation_id, ".docx") + "?lang=nl",
                                headers={**bearer(), "Accept": DOCX})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == DOCX
    name = f"{DEMO_EVENT}-trip-report-{delegation_id}-nl.docx"
    assert response.headers["Content-Disposition"].startswith(f'attachment; filename="{name}"')
    document = docx.Document(io.BytesIO(response.body))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == DUTCH_HEADINGS
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"Anne de Vries", SCRIPT, FORMULA, "Bram Jansen"} <= cells
    assert "Early Bird" not in cells


def test_a_browser_gets_the_docx_too(stack: Stack, reports: Client, delegation: dict[str, Any]) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = reports.http.get(organiser_path(delegation["delegation_id"], ".docx"),
                                headers={**bearer(), "Accept": accept})
    assert response.status_code == 200 and response.body[:2] == b"PK"  # a zip: the .docx itself


@pytest.mark.parametrize(("who", "status"), [("org-someone-else", 403), (DEMO_PARTNER, 403)])
def test_only_the_events_full_organisers(stack: Stack, reports: Client, delegation: dict[str, Any],
                                         who: str, status: int) -> None:
    response = reports.http.get(organiser_path(delegation["delegation_id"]), headers=bearer(who))
    assert response.status_code == status
    assert response.json_body["error"]["code"] == "forbidden"
    assert b"Anne" not in response.body


@pytest.mark.parametrize("delegation_id", ["01KA3F7Q9MZ6T2X8WB4NRCDJ5A", "not-an-id", "..%2F..%2Fetc"])
def test_an_unknown_delegation_is_404(stack: Stack, reports: Client, delegation: dict[str, Any],
                                      delegation_id: str) -> None:
    response = reports.http.get(organiser_path(delegation_id), headers=bearer())
    assert response.status_code == 404
    assert response.json_body["error"]["code"] == "delegation_not_found"


def test_no_token_is_401(stack: Stack, reports: Client, delegation: dict[str, Any]) -> None:
    assert reports.http.get(organiser_path(delegation["delegation_id"])).status_code == 401


# -- the lead's signed link --------------------------------------------------------------------------
def reports_path(url: str) -> str:
    """A link to the reports service as its own app sees it (mounted at /reports)."""
    parts = urlsplit(url)
    assert parts.path.startswith("/reports/")
    return parts.path.removeprefix("/reports") + "?" + parts.query


def test_the_leads_manage_page_offers_the_report(
    stack: Stack, site: Client, reports: Client, delegation: dict[str, Any]
) -> None:
    lead = lead_of(delegation)
    manage = urlsplit(lead["manage_url"])
    page = site.http.get(f"{manage.path}?{manage.query}").body.decode()
    links = dict(re_links(page))
    assert set(links) == {"trip-report", "trip-report-docx"}
    html_link, docx_link = links["trip-report"], links["trip-report-docx"]
    assert parse_qs(urlsplit(html_link).query)["token"] == [report_token(DEMO_EVENT, lead["registration_id"])]

    response = reports.http.get(reports_path(html_link))
    assert response.status_code == 200
    body = response.body.decode()
    assert "Verslag buitenlandse dienstreis" in body and "Bram Jansen" in body
    assert "trip-report.docx?token=" in body  # the page links its own .docx download
    download = reports.http.get(reports_path(docx_link), headers={"Accept": DOCX})
    assert download.status_code == 200 and download.headers["Content-Type"] == DOCX


def re_links(page: str) -> list[tuple[str, str]]:
    import html
    import re

    return [(m.group(2), html.unescape(m.group(1)))
            for m in re.finditer(r'<a href="([^"]+)" id="(trip-report(?:-docx)?)"', page)]


def test_a_members_manage_page_has_no_report(stack: Stack, site: Client, delegation: dict[str, Any]) -> None:
    member = delegation["registrations"][2]
    manage = urlsplit(member["manage_url"])
    assert re_links(site.http.get(f"{manage.path}?{manage.query}").body.decode()) == []


def test_the_lead_link_needs_the_report_signature(
    stack: Stack, reports: Client, delegation: dict[str, Any]
) -> None:
    lead, member = lead_of(delegation), delegation["registrations"][1]
    path = f"/events/{DEMO_EVENT}/registrations/{lead['registration_id']}/trip-report"
    for token in ("", "forged", manage_token(DEMO_EVENT, lead["registration_id"])):  # a manage link is no report link
        response = reports.http.get(f"{path}?token={token}")
        assert response.status_code == 403 and response.json_body["error"]["code"] == "invalid_link"
    # A member's own valid signature gives nothing: only the lead has the report.
    member_path = f"/events/{DEMO_EVENT}/registrations/{member['registration_id']}/trip-report"
    response = reports.http.get(f"{member_path}?token={report_token(DEMO_EVENT, member['registration_id'])}")
    assert response.status_code == 404


def test_after_the_leads_erasure_the_link_is_gone(
    stack: Stack, reports: Client, reports_service: ModuleType, delegation: dict[str, Any]
) -> None:
    from integration_support import LambdaContext
    from privacy_support import stream_records

    from eventreg.auth import PRIVACY_OFFICERS

    lead = lead_of(delegation)
    officer = {"Authorization": "Bearer " + issue_token(JWT_SECRET, "dpo", groups=[PRIVACY_OFFICERS]),
               "Content-Type": "application/json"}
    seen = len(stream_records(stack))
    assert reports.http.post("/privacy/erasures", headers=officer,
                             body=json.dumps({"email": "anne@denhaag.nl"})).status_code == 202
    # The request's INSERT, as the stream delivers it to the erasure handler.
    answer = reports_service.on_table_change({"Records": stream_records(stack)[seen:]}, LambdaContext())
    assert answer == {"batchItemFailures": []}
    path = f"/events/{DEMO_EVENT}/registrations/{lead['registration_id']}/trip-report"
    assert reports.http.get(f"{path}?token={report_token(DEMO_EVENT, lead['registration_id'])}").status_code == 404
    # The organisers' report still counts the other four, in the event's language now.
    page = reports.http.get(organiser_path(delegation["delegation_id"]), headers=bearer()).body.decode()
    assert "4 persons (Gemeente Den Haag)" in page and "Anne" not in page
