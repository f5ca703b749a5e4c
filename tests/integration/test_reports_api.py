"""The reports service: organiser-scoped attendee CSV, its authorizer, and Query (never Scan) underneath."""

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

from eventreg.adapters.jwt import Unauthorized, issue_token
from eventreg.domain.models import AttendanceMode, RegistrationRequest, utc_now
from eventreg.register.registering import Registrar

CSV_PATH = f"/events/{DEMO_EVENT}/attendees.csv"
# The full list's columns (the demo event's two questions come last).
HEADER = [
    "Reference", "Name", "Email", "Job title", "Organisation", "Organisation type", "Country", "Attendance mode",
    "Status", "Sessions", "Sessions booked", "Waiting for sessions", "Language", "Accessibility needs",
    "Dietary needs", "On participant list", "Delegation", "Delegation lead", "Email status",
    "Registered at (Europe/Brussels)", "Changed at (Europe/Brussels)",
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
    # chalice's local gateway answers as API Gateway does when the token header is missing.
    assert response.status_code == 401
    assert json.loads(response.body) == {"message": "Unauthorized"}


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
    # chalice.test.Client lets the authorizer's exception through (API Gateway turns it into a 401).
    with Client(reports_service.app) as client, pytest.raises(Unauthorized), stack.record_calls() as calls:
        client.http.get(CSV_PATH, headers={"Authorization": header})
    assert calls == []


def authorizer_event(header: str) -> dict[str, Any]:
    """A TOKEN authorizer event as API Gateway sends it to a Lambda authorizer."""
    return {
        "type": "TOKEN",
        "authorizationToken": header,
        "methodArn": "arn:aws:execute-api:eu-west-1:123456789012:1234567890/api/GET/events/ewrc-demo/attendees.csv",
    }


def test_authorizer_refuses_a_bad_token(stack: Stack, reports_service: ModuleType) -> None:
    with pytest.raises(Unauthorized) as caught:
        reports_service.organiser(authorizer_event("Bearer garbage"), LambdaContext())
    assert str(caught.value) == "Unauthorized"  # the message API Gateway maps to 401


def test_authorizer_allows_a_valid_token(stack: Stack, reports_service: ModuleType) -> None:
    policy = reports_service.organiser(authorizer_event(bearer()["Authorization"]), LambdaContext())
    assert policy["principalId"] == DEMO_ORGANISER
    (statement,) = policy["policyDocument"]["Statement"]
    assert statement["Effect"] == "Allow"
    assert statement["Action"] == "execute-api:Invoke"


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

    # First the Lambda authorizer, with the header API Gateway passes it...
    policy = reports_service.organiser(authorizer_event(event["headers"]["Authorization"]), LambdaContext())
    assert policy["principalId"] == event["requestContext"]["authorizer"]["principalId"]
    # ... then the function, with the principal API Gateway put into the request context.
    response = reports_service.app(event, LambdaContext(function_name="eventreg-reports-dev"))
    assert response["statusCode"] == 200
    assert response["headers"]["Content-Type"] == "text/csv; charset=utf-8"
    assert not response.get("isBase64Encoded")
    table = rows(response["body"].encode("utf-8"))
    assert table[0] == HEADER
    assert table[1][:2] == [registration_id, "Elżbieta Bieńkowska"]


def test_direct_invocation_for_another_organiser_is_403(stack: Stack, reports_service: ModuleType) -> None:
    event = load_event("apigateway_get_attendees_csv", TOKEN="unused")
    event["requestContext"]["authorizer"]["principalId"] = "org-someone-else"
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
