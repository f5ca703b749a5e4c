"""The reports service: organiser-scoped attendee CSV, who may call it, and Query (never Scan) underneath."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from chalice.test import Client
from fixtures import load_event
from integration_support import DEMO_EVENT, DEMO_ORGANISER, JWT_SECRET, LambdaContext, Stack

from eventreg.adapters.jwt import issue_token
from eventreg.domain.models import AttendanceMode, RegistrationRequest, utc_now
from eventreg.register.registering import Registrar

CSV_PATH = f"/events/{DEMO_EVENT}/attendees.csv"
# The full list's columns (the demo event's two questions come last).
HEADER = [
    "Reference", "Name", "Email", "Job title", "Organisation", "Organisation type", "Country", "Attendance mode",
    "Status", "Role", "Sessions", "Sessions booked", "Waiting for sessions", "Language", "Accessibility needs",
    "Dietary needs", "On participant list", "Delegation", "Delegation lead", "Email status",
    "Registered at (Europe/Brussels)", "Changed at (Europe/Brussels)", "Checked in at (Europe/Brussels)",
    "This is my first European Week of Regions and Cities", "Main interest",
]


def bearer(organiser_id: str = DEMO_ORGANISER, secret: str = JWT_SECRET, ttl: int = 600) -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_token(secret, organiser_id, ttl_seconds=ttl)}


def request_for(name: str, email: str, organisation: str, country: str, **extra: Any) -> RegistrationRequest:
    fields: dict[str, Any] = {
        "name": name, "email": email, "organisation": organisation, "organisation_type": "city",
        "country": country, "privacy_consent": True, "answers": {"interest": "Networking"},
    }
    return RegistrationRequest.model_validate({**fields, **extra})


def register(stack: Stack, name: str, email: str, organisation: str = "City of Oulu", **extra: Any) -> str:
    request = request_for(name, email, organisation, "FI", **extra)
    registration = Registrar(stack.repo).register(DEMO_EVENT, request, utc_now())
    return registration.registration_id


def rows(body: bytes) -> list[list[str]]:
    with io.TextIOWrapper(io.BytesIO(body), encoding="utf-8-sig", newline="") as text:
        return list(csv.reader(text))


def test_organiser_downloads_the_attendee_csv(stack: Stack, reports_service: ModuleType) -> None:
    first = register(stack, "Elżbieta Bieńkowska", "e.b@example.eu", "European Commission")
    second = register(stack, "Mikko Virtanen", "mikko@example.fi", attendance_mode=AttendanceMode.ONLINE)
    with Client(reports_service.app) as client:
        response = client.http.get(CSV_PATH, headers=bearer())
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{DEMO_EVENT}-attendees.csv"'
    assert response.headers["Cache-Control"] == "no-store"
    assert response.body.startswith(b"\xef\xbb\xbfReference,Name,")
    table = rows(response.body)
    assert table[0] == HEADER
    assert [row[0] for row in table[1:]] == sorted([first, second])  # oldest first (time-ordered ids)
    by_id = {row[0]: dict(zip(HEADER, row, strict=True)) for row in table[1:]}
    assert [by_id[first][k] for k in ("Name", "Email", "Organisation", "Country")] \
        == ["Elżbieta Bieńkowska", "e.b@example.eu", "European Commission", "FI"]
    assert [by_id[second][k] for k in ("Attendance mode", "Status", "Main interest")] \
        == ["online", "confirmed", "Networking"]


def test_csv_neutralises_formulas_end_to_end(stack: Stack, reports_service: ModuleType) -> None:
    register(stack, "=HYPERLINK(\"http://evil.example\",\"x\")", "evil@example.eu", organisation="@SUM(A1)")
    with Client(reports_service.app) as client:
        response = client.http.get(CSV_PATH, headers=bearer())
    (row,) = rows(response.body)[1:]
    assert row[1] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert row[4] == "'@SUM(A1)"


def test_empty_event_gives_the_header_only(stack: Stack, reports_service: ModuleType) -> None:
    with Client(reports_service.app) as client:
        response = client.http.get(CSV_PATH, headers=bearer())
    assert response.status_code == 200
    assert rows(response.body) == [HEADER]


def test_another_organiser_is_forbidden(stack: Stack, reports_service: ModuleType) -> None:
    register(stack, "Mikko Virtanen", "mikko@example.fi")
    with Client(reports_service.app) as client:
        response = client.http.get(CSV_PATH, headers=bearer("org-someone-else"))
    assert response.status_code == 403
    assert response.json_body == {"error": {"code": "forbidden", "message": "You do not organise this event."}}
    assert b"mikko" not in response.body


def test_unknown_event_is_404_json(stack: Stack, reports_service: ModuleType) -> None:
    with Client(reports_service.app) as client:
        response = client.http.get("/events/no-such-event/attendees.csv", headers=bearer())
    assert response.status_code == 404
    assert response.json_body["error"]["code"] == "event_not_found"


def test_no_authorization_header_is_401(stack: Stack, reports_service: ModuleType) -> None:
    with Client(reports_service.app) as client:
        response = client.http.get(CSV_PATH)
    assert response.status_code == 401
    assert response.json_body == {"error": {"code": "unauthorized",
                                            "message": "Sign in, or send a valid organiser bearer token."}}


@pytest.mark.parametrize(
    "header",
    [
        "Bearer not-a-token",
        "Basic b3JnOnB3",
        "Bearer " + issue_token("wrong-secret-0123456789abcdef0123456789", DEMO_ORGANISER),
        "Bearer " + issue_token(JWT_SECRET, DEMO_ORGANISER, ttl_seconds=-1),
    ],
    ids=["garbage", "basic", "wrong-secret", "expired"],
)
def test_bad_token_never_reaches_the_view(stack: Stack, reports_service: ModuleType, header: str) -> None:
    with Client(reports_service.app) as client, stack.record_calls() as calls:
        response = client.http.get(CSV_PATH, headers={"Authorization": header})
    assert response.status_code == 401 and response.json_body["error"]["code"] == "unauthorized"
    assert calls == []  # identified before anything is read


def test_a_browser_without_a_session_is_sent_to_sign_in(stack: Stack, reports_service: ModuleType) -> None:
    with Client(reports_service.app) as client, stack.record_calls() as calls:
        response = client.http.get(CSV_PATH + "?preset=badges", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 303
    back = "/reports/events/ewrc-demo/attendees.csv%3Fpreset%3Dbadges"
    assert response.headers["Location"] == f"/organiser/sign-in?next={back}"
    assert calls == []


def test_attendee_list_is_a_query_never_a_scan(stack: Stack, reports_service: ModuleType) -> None:
    for n in range(3):
        register(stack, f"Person {n}", f"p{n}@example.eu")
    with Client(reports_service.app) as client, stack.record_calls() as calls:
        response = client.http.get(CSV_PATH, headers=bearer())
    assert response.status_code == 200
    assert len(rows(response.body)) == 4
    assert "Scan" not in calls
    assert "Query" in calls
    assert set(calls) <= {"GetItem", "Query"}


def test_direct_lambda_invocation_with_the_api_gateway_fixture(stack: Stack, reports_service: ModuleType) -> None:
    registration_id = register(stack, "Elżbieta Bieńkowska", "e.b@example.eu")
    token = issue_token(JWT_SECRET, DEMO_ORGANISER)
    event = load_event("apigateway_get_attendees_csv", TOKEN=token)
    assert event["headers"]["Authorization"] == f"Bearer {token}"

    # The function identifies the caller from the header itself (no API Gateway authorizer in between).
    response = reports_service.app(event, LambdaContext(function_name="eventreg-reports-dev"))
    assert response["statusCode"] == 200
    assert response["headers"]["Content-Type"] == "text/csv; charset=utf-8"
    assert not response.get("isBase64Encoded")
    table = rows(response["body"].encode("utf-8"))
    assert table[0] == HEADER
    assert table[1][:2] == [registration_id, "Elżbieta Bieńkowska"]


def test_direct_invocation_for_another_organiser_is_403(stack: Stack, reports_service: ModuleType) -> None:
    event = load_event("apigateway_get_attendees_csv", TOKEN=issue_token(JWT_SECRET, "org-someone-else"))
    response = reports_service.app(event, LambdaContext())
    assert response["statusCode"] == 403
    assert json.loads(response["body"])["error"]["code"] == "forbidden"


def test_registered_at_is_shown_in_the_events_timezone(stack: Stack, reports_service: ModuleType) -> None:
    request = request_for("Ana", "ana@example.pt", "Porto", "PT")
    at = datetime.now(UTC).replace(microsecond=0)
    Registrar(stack.repo).register(DEMO_EVENT, request, at)
    with Client(reports_service.app) as client:
        (row,) = rows(client.http.get(CSV_PATH, headers=bearer()).body)[1:]
    local = at.astimezone(ZoneInfo("Europe/Brussels")).replace(tzinfo=None)
    assert row[HEADER.index("Registered at (Europe/Brussels)")] == local.isoformat(" ")
