"""Statistics through the reports app: organisers only, a partner scoped to its sessions, figures
that match the stored counters, one paginated Query of the registrations, and unchanged figures
once the retention job has anonymised the registrations."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest
from chalice.test import Client
from integration_support import DEMO_EVENT, Stack
from test_reports_api import bearer, request_for

from devstack.seed import DEMO_PARTNER
from eventreg.adapters import clients
from eventreg.adapters.dynamodb import keys
from eventreg.domain.models import utc_now
from eventreg.domain.types import LANGUAGES
from eventreg.register.registering import Registrar

JSON_PATH = f"/events/{DEMO_EVENT}/statistics.json"
HTML_PATH = f"/events/{DEMO_EVENT}/statistics.html"
# What the retention job removes from a registration (it keeps status, mode, country, organisation
# type, sessions, waitlisted sessions and created_at).
PERSONAL = ("name", "email", "email_norm", "organisation", "job_title", "accessibility_needs", "dietary_needs",
            "answers")


def sign_up(stack: Stack, n: int, country: str, **extra: Any) -> str:
    request = request_for(f"Person {n}", f"p{n}@example.eu", "Some city", country, **extra)
    return Registrar(stack.repo).register(DEMO_EVENT, request, utc_now()).registration_id


@pytest.fixture
def busy(stack: Stack) -> Stack:
    """Seven registrations: seats and a session waiting list, online and in person, one cancelled."""
    stack.update_session("user-centric-label", capacity=2)
    sign_up(stack, 1, "BE", sessions=["opening", "user-centric-label"])
    sign_up(stack, 2, "BE", sessions=["user-centric-label", "connected-in-europe"])
    sign_up(stack, 3, "FI", sessions=["user-centric-label"])  # full: waits for it
    sign_up(stack, 4, "PL", sessions=["connected-in-europe"], attendance_mode="online", organisation_type="ngo")
    sign_up(stack, 5, "PL", sessions=["city-diplomacy"], organisation_type="region")
    cancelled = sign_up(stack, 6, "DE", sessions=["connected-in-europe"])
    sign_up(stack, 7, "FI")
    from eventreg.register.managing import Manager

    Manager(stack.repo).cancel(DEMO_EVENT, cancelled, utc_now())
    return stack


def get(reports: ModuleType, path: str, headers: dict[str, str]) -> Any:
    with Client(reports.app) as client:
        return client.http.get(path, headers=headers)


def test_organiser_statistics_json(busy: Stack, reports_service: ModuleType) -> None:
    response = get(reports_service, JSON_PATH, bearer())
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json_body
    assert set(body) == {"event_id", "timezone", "scope", "total", "live", "anonymised", "by_status",
                         "by_attendance_mode", "by_country", "by_organisation_type", "sessions", "over_time",
                         "modes", "attendance", "generated_at"}
    assert body["scope"]["full"] is True
    assert body["total"] == 7 and body["live"] == 6 and body["anonymised"] == 0
    assert body["by_status"] == {"confirmed": 6, "pending": 0, "waitlisted": 0, "rejected": 0, "cancelled": 1}
    assert body["by_attendance_mode"] == {"in_person": 5, "online": 1}
    assert [(c["code"], c["count"]) for c in body["by_country"]] == [("BE", 2), ("FI", 2), ("PL", 2)]
    assert body["by_organisation_type"]["city"] == 4 and body["by_organisation_type"]["ngo"] == 1
    (day,) = body["over_time"]
    assert day["count"] == day["cumulative"] == 7
    modes = {m["mode"]: m for m in body["modes"]}
    assert modes["in_person"]["registered"] == 5 and modes["in_person"]["capacity"] == 6000
    assert modes["in_person"]["fill_rate"] == round(5 / 6000, 4)


def test_session_figures_agree_with_the_stored_counters(busy: Stack, reports_service: ModuleType) -> None:
    sessions = {s["session_id"]: s for s in get(reports_service, JSON_PATH, bearer()).json_body["sessions"]}
    stored = busy.sessions()
    assert set(sessions) == set(stored)
    for session_id, session in stored.items():
        assert (sessions[session_id]["registered"], sessions[session_id]["waitlisted"]) == (
            session.registered, session.waitlisted), session_id
    label = sessions["user-centric-label"]
    assert (label["capacity"], label["registered"], label["waitlisted"], label["fill_rate"]) == (2, 2, 1, 1.0)
    assert sessions["connected-in-europe"]["registered"] == 2  # the cancelled one gave its seat back


def test_partner_sees_only_its_sessions(busy: Stack, reports_service: ModuleType) -> None:
    body = get(reports_service, JSON_PATH, bearer(DEMO_PARTNER)).json_body
    assert body["scope"] == {"full": False, "sessions": ["connected-in-europe"]}
    assert [s["session_id"] for s in body["sessions"]] == ["connected-in-europe"]
    assert body["total"] == 3 and body["live"] == 2  # persons 2 and 4, and the cancelled 6
    assert body["by_status"]["cancelled"] == 1
    assert sorted(c["code"] for c in body["by_country"]) == ["BE", "PL"]
    assert "modes" not in body
    page = get(reports_service, HTML_PATH, bearer(DEMO_PARTNER)).body.decode()
    assert "These figures cover your sessions only: #connectedinEurope: digitalisation and urban development." in page
    assert "City diplomacy" not in page and "Opening session" not in page


def test_others_are_refused(busy: Stack, reports_service: ModuleType) -> None:
    forbidden = get(reports_service, JSON_PATH, bearer("org-someone-else"))
    assert forbidden.status_code == 403
    assert forbidden.json_body == {"error": {"code": "forbidden", "message": "You do not organise this event."}}
    assert get(reports_service, HTML_PATH, {}).status_code == 401
    assert get(reports_service, JSON_PATH, {"Authorization": "Bearer not-a-token"}).status_code == 401
    missing = get(reports_service, "/events/no-such-event/statistics.json", bearer())
    assert missing.status_code == 404 and missing.json_body["error"]["code"] == "event_not_found"


def test_html_report_in_german(busy: Stack, reports_service: ModuleType) -> None:
    response = get(reports_service, HTML_PATH + "?lang=de", bearer())
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    page = response.body.decode()
    assert '<html lang="de">' in page and "<h2 id=\"status\">Anmeldungen nach Status</h2>" in page
    assert page.count("<svg") == 6 and '<th scope="row">Belgien</th>' in page
    assert "Person 1" not in page and "p1@example.eu" not in page  # figures, never people
    assert get(reports_service, JSON_PATH + "?lang=pl", bearer()).status_code == 200  # any of the 24
    bad = get(reports_service, JSON_PATH + "?lang=ja", bearer())
    assert bad.status_code == 400
    assert bad.json_body["error"]["fields"] == {"lang": f"choose one of {', '.join(LANGUAGES)}"}


def test_one_paginated_query_never_a_scan(busy: Stack, reports_service: ModuleType) -> None:
    """Pages of 2 items force the pagination: every registration is read once, with a projection."""
    queries: list[dict[str, Any]] = []

    def small_pages(params: dict[str, Any], **_: Any) -> None:
        if params.get("ProjectionExpression"):
            params["Limit"] = 2
            queries.append(dict(params))

    events = clients.dynamodb().meta.events
    events.register("provide-client-params.dynamodb.Query", small_pages, unique_id="statistics-small-pages")
    try:
        with busy.record_calls() as calls:
            body = get(reports_service, JSON_PATH, bearer()).json_body
    finally:
        events.unregister("provide-client-params.dynamodb.Query", unique_id="statistics-small-pages")
    assert body["total"] == 7
    assert "Scan" not in calls and set(calls) == {"Query"}
    assert len(queries) == 4  # 7 registrations in pages of 2 (the event and its sessions: one more Query)
    assert len(calls) == 6  # and one of the event's check-ins (attendance)
    names = set(queries[0]["ExpressionAttributeNames"].values())
    assert names == {"registration_id", "status", "attendance_mode", "country", "organisation_type", "sessions",
                     "waitlisted_sessions", "created_at", "anonymised"}


def test_figures_survive_anonymisation(busy: Stack, reports_service: ModuleType) -> None:
    before = get(reports_service, JSON_PATH, bearer()).json_body
    client = busy.client
    for item in busy.partition(prefix=keys.REG_PREFIX):
        client.update_item(
            TableName=busy.table, Key={"PK": item["PK"], "SK": item["SK"]},
            UpdateExpression="SET anonymised = :yes REMOVE " + ", ".join(f"#p{i}" for i in range(len(PERSONAL))),
            ExpressionAttributeNames={f"#p{i}": name for i, name in enumerate(PERSONAL)},
            ExpressionAttributeValues={":yes": {"BOOL": True}},
        )
    after = get(reports_service, JSON_PATH, bearer()).json_body
    assert after["anonymised"] == 7
    ignore = {"anonymised", "generated_at"}
    assert {k: v for k, v in after.items() if k not in ignore} == {k: v for k, v in before.items() if k not in ignore}
    page = get(reports_service, HTML_PATH, bearer()).body.decode()
    assert "Of which anonymised after the retention period" in page
