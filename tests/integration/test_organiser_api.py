"""The organisers' API of the registration service, on moto through chalice.test.Client: the bearer
token, events (create, read, change, status path, capacities and the promotions a raise gives),
sessions (partners keep to their own), registrations (filters, cursor pagination, partner scope),
moderation and documents. After every refusal the table is exactly as before."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import timedelta
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from chalice.test import Client
from integration_support import DEMO_EVENT, DEMO_ORGANISER, JWT_SECRET, Stack

from eventreg.adapters.dynamodb import keys
from eventreg.adapters.jwt import issue_token
from eventreg.config import settings
from eventreg.domain.models import utc_now

PARTNER = "org-vvsg"  # runs the demo's session "connected-in-europe"
STRANGER = "org-elsewhere"
JSON_HEADERS = {"Content-Type": "application/json"}
NEW_EVENT = "quality-label-ws"


def bearer(organiser_id: str = DEMO_ORGANISER) -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_token(JWT_SECRET, organiser_id, ttl_seconds=600), **JSON_HEADERS}


@pytest.fixture
def client(stack: Stack, registration_service: ModuleType) -> Iterator[Client]:
    with Client(registration_service.app) as test_client:
        yield test_client


def call(client: Client, method: str, path: str, who: str = DEMO_ORGANISER, body: Any = None) -> Any:
    raw = b"" if body is None else json.dumps(body).encode()
    return client.http.request(method, path, headers=bearer(who), body=raw)


def table(stack: Stack) -> list[dict[str, Any]]:
    """Every item of the table (a test-only Scan), in key order: equal means nothing was written."""
    found: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"TableName": stack.table}
    while True:
        page = stack.client.scan(**kwargs)
        found += page["Items"]
        if "LastEvaluatedKey" not in page:
            return sorted(found, key=lambda item: (item["PK"]["S"], item["SK"]["S"]))
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def error_code(response: Any) -> str:
    return str(response.json_body["error"]["code"])


def new_event(event_id: str = NEW_EVENT, **overrides: Any) -> dict[str, Any]:
    now = utc_now()
    body: dict[str, Any] = {
        "event_id": event_id,
        "title": {"en": "Workshop on a quality label for user-centric cities and regions"},
        "timezone": "Europe/Brussels",
        "starts_at": (now + timedelta(days=40)).isoformat(),
        "ends_at": (now + timedelta(days=40, hours=8)).isoformat(),
        "registration_opens_at": (now - timedelta(days=1)).isoformat(),
        "registration_closes_at": (now + timedelta(days=30)).isoformat(),
        "venue": {"name": "Rue Belliard 99", "room": "JDE 52"},
        "modes": ["in_person", "online"],
        "capacity_in_person": 2,
        "status": "open",
    }
    body.update(overrides)
    return body


def session_body(**overrides: Any) -> dict[str, Any]:
    start = utc_now() + timedelta(days=40)
    body: dict[str, Any] = {"title": "Morning workshop", "starts_at": start.isoformat(),
                            "ends_at": (start + timedelta(hours=2)).isoformat(), "capacity": 1}
    body.update(overrides)
    return body


def person(email: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": f"Attendee {email.split('@')[0]}", "email": email, "organisation": "Gemeente Utrecht",
        "organisation_type": "city", "country": "NL", "privacy_consent": True,
        "answers": {"interest": "Networking"},
    }
    body.update(overrides)
    return body


def register(client: Client, email: str, event_id: str = DEMO_EVENT, **overrides: Any) -> dict[str, Any]:
    body = person(email, **overrides)
    if event_id != DEMO_EVENT:
        body.pop("answers")
    response = client.http.post(f"/events/{event_id}/registrations", headers=JSON_HEADERS, body=json.dumps(body))
    assert response.status_code == 201, response.body
    registration: dict[str, Any] = response.json_body["registration"]
    return registration


def create(client: Client, **overrides: Any) -> dict[str, Any]:
    response = call(client, "POST", "/organiser/events", body=new_event(**overrides))
    assert response.status_code == 201, response.body
    event: dict[str, Any] = response.json_body["event"]
    return event


# -- the token -------------------------------------------------------------------------------------------

ROUTES = [
    ("GET", "/organiser/events"),
    ("POST", "/organiser/events"),
    ("GET", f"/organiser/events/{DEMO_EVENT}"),
    ("PATCH", f"/organiser/events/{DEMO_EVENT}"),
    ("PUT", f"/organiser/events/{DEMO_EVENT}/sessions/opening"),
    ("GET", f"/organiser/events/{DEMO_EVENT}/registrations"),
    ("POST", f"/organiser/events/{DEMO_EVENT}/documents"),
    ("POST", f"/organiser/events/{DEMO_EVENT}/registrations/01ANY/approve"),
]


def test_without_a_token_every_organiser_route_is_401(stack: Stack, client: Client) -> None:
    before = table(stack)
    for method, path in ROUTES:
        response = client.http.request(method, path, headers=JSON_HEADERS, body=json.dumps(new_event()).encode())
        assert response.status_code == 401, path
    assert table(stack) == before


@pytest.mark.parametrize("header", [
    "Bearer not-a-token",
    "Basic b3JnOnB3",
    "Bearer " + issue_token("wrong-secret-0123456789abcdef0123456789", DEMO_ORGANISER),
    "Bearer " + issue_token(JWT_SECRET, DEMO_ORGANISER, ttl_seconds=-1),
], ids=["garbage", "basic", "wrong-secret", "expired"])
def test_a_bad_token_never_reaches_a_view(
    stack: Stack, client: Client, registration_service: ModuleType, header: str
) -> None:
    before = table(stack)
    for method, path in ROUTES:
        with stack.record_calls() as calls:
            response = client.http.request(method, path, headers={"Authorization": header, **JSON_HEADERS},
                                           body=json.dumps(new_event()).encode())
        assert response.status_code == 401 and response.json_body["error"]["code"] == "unauthorized", path
        assert calls == [], path
    assert table(stack) == before


# -- events ------------------------------------------------------------------------------------------------


def test_create_event_links_it_to_its_organiser(stack: Stack, client: Client) -> None:
    response = call(client, "POST", "/organiser/events", body=new_event())
    assert response.status_code == 201
    event = response.json_body["event"]
    assert event["event_id"] == NEW_EVENT
    assert event["organiser_ids"] == [DEMO_ORGANISER]
    assert (event["registered_in_person"], event["registered_online"], event["waitlisted"]) == (0, 0, 0)
    stored = stack.repo.get_event(NEW_EVENT)
    assert stored.model_dump(mode="json") == event
    listed = call(client, "GET", "/organiser/events").json_body["events"]
    # the seeded week is the demo organiser's too (seeding links an event to its organisers)
    assert [e["event_id"] for e in listed] == [DEMO_EVENT, NEW_EVENT]
    assert listed[1]["title"] == event["title"] and listed[1]["status"] == "open"
    assert call(client, "GET", "/organiser/events", who=STRANGER).json_body == {"events": []}
    assert call(client, "GET", f"/organiser/events/{NEW_EVENT}").status_code == 200


def test_the_same_id_again_is_409_and_writes_nothing(stack: Stack, client: Client) -> None:
    create(client)
    before = table(stack)
    for who in (DEMO_ORGANISER, STRANGER):
        response = call(client, "POST", "/organiser/events", who=who, body=new_event(title={"en": "Another"}))
        assert response.status_code == 409
        assert error_code(response) == "event_exists"
    response = call(client, "POST", "/organiser/events", who=STRANGER, body=new_event(DEMO_EVENT))
    assert response.status_code == 409
    assert table(stack) == before
    assert call(client, "GET", "/organiser/events", who=STRANGER).json_body == {"events": []}


def test_counters_and_organisers_in_the_body_are_400(stack: Stack, client: Client) -> None:
    before = table(stack)
    for extra in ({"registered_in_person": 5}, {"waitlisted": 3}, {"registered_online": 1},
                  {"organiser_ids": [STRANGER]}, {"registered_in_person": 1, "organiser_ids": []}):
        response = call(client, "POST", "/organiser/events", body=new_event(**extra))
        assert response.status_code == 400, extra
        assert error_code(response) == "validation_error"
        assert set(response.json_body["error"]["fields"]) == set(extra)
    assert table(stack) == before


def test_an_invalid_event_is_400_and_writes_nothing(stack: Stack, client: Client) -> None:
    before = table(stack)
    cases: list[tuple[dict[str, Any], str | None]] = [
        ({"timezone": "Europe/Bruxelles"}, "timezone"),
        ({"title": {}}, None),
        ({"event_id": "Not A Slug"}, "event_id"),
        ({"capacity_in_person": -1}, "capacity_in_person"),
        ({"online_url": "http://plain.example.eu"}, "online_url"),
        ({"registration_closes_at": new_event()["registration_opens_at"]}, None),
    ]
    for overrides, field in cases:
        response = call(client, "POST", "/organiser/events", body=new_event(**overrides))
        assert response.status_code == 400, overrides
        assert error_code(response) == "validation_error"
        if field:
            assert field in response.json_body["error"]["fields"]
    response = client.http.post("/organiser/events", headers=bearer(), body="[1, 2]")
    assert response.status_code == 400
    assert table(stack) == before


def test_another_organiser_is_403_and_a_partner_sees_only_its_sessions(stack: Stack, client: Client) -> None:
    response = call(client, "GET", f"/organiser/events/{DEMO_EVENT}", who=STRANGER)
    assert response.status_code == 403
    assert error_code(response) == "forbidden"
    full = call(client, "GET", f"/organiser/events/{DEMO_EVENT}").json_body
    assert full["access"] == "organiser" and len(full["sessions"]) == 5
    partner = call(client, "GET", f"/organiser/events/{DEMO_EVENT}", who=PARTNER).json_body
    assert partner["access"] == "partner"
    assert [s["session_id"] for s in partner["sessions"]] == ["connected-in-europe"]
    assert call(client, "GET", "/organiser/events/no-such-event").status_code == 404


def test_patch_sets_the_title_in_several_languages(stack: Stack, client: Client) -> None:
    create(client)
    title = {"en": "Quality label workshop", "fr": "Atelier label de qualité", "nl": "Workshop kwaliteitslabel",
             "de": "Workshop Qualitätssiegel"}
    response = call(client, "PATCH", f"/organiser/events/{NEW_EVENT}", body={"title": title})
    assert response.status_code == 200
    assert response.json_body["event"]["title"] == title
    assert response.json_body["promoted"] == 0
    assert stack.repo.get_event(NEW_EVENT).title == title
    public = client.http.get(f"/events/{NEW_EVENT}/register?lang=fr").body.decode()
    assert "Atelier label de qualité" in public


def open_events(stack: Stack) -> list[str]:
    answer = stack.client.query(
        TableName=stack.table, IndexName="OpenByCutoff", KeyConditionExpression="OPEN_PK = :open",
        ExpressionAttributeValues={":open": {"S": keys.OPEN_MARKER}})
    return sorted(keys.event_id_of(item["PK"]["S"]) for item in answer["Items"])


def test_status_goes_from_draft_to_open_but_not_back(stack: Stack, client: Client) -> None:
    create(client, status="draft")
    assert open_events(stack) == [DEMO_EVENT]
    response = call(client, "PATCH", f"/organiser/events/{NEW_EVENT}", body={"status": "open"})
    assert response.status_code == 200
    assert response.json_body["event"]["status"] == "open"
    assert open_events(stack) == sorted([DEMO_EVENT, NEW_EVENT])  # the deadline job will find it
    before = table(stack)
    response = call(client, "PATCH", f"/organiser/events/{NEW_EVENT}", body={"status": "draft"})
    assert response.status_code == 409
    assert error_code(response) == "status_change_refused"
    assert "open" in response.json_body["error"]["message"]
    assert table(stack) == before
    assert stack.repo.get_event(NEW_EVENT).status.value == "open"


def test_refused_patches_write_nothing(stack: Stack, client: Client) -> None:
    before = table(stack)
    cases: list[tuple[str, dict[str, Any], int, str]] = [
        (DEMO_ORGANISER, {"registered_in_person": 0}, 400, "validation_error"),
        (DEMO_ORGANISER, {"organiser_ids": [STRANGER]}, 400, "validation_error"),
        (DEMO_ORGANISER, {"event_id": "renamed"}, 400, "validation_error"),
        (DEMO_ORGANISER, {"timezone": "Mars/Olympus"}, 400, "validation_error"),
        (DEMO_ORGANISER, {"status": "finished"}, 409, "status_change_refused"),
        (DEMO_ORGANISER, {"status": "draft"}, 409, "status_change_refused"),
        (PARTNER, {"title": "Mine"}, 403, "forbidden"),
        (STRANGER, {"title": "Mine"}, 403, "forbidden"),
    ]
    for who, patch, status, code in cases:
        response = call(client, "PATCH", f"/organiser/events/{DEMO_EVENT}", who=who, body=patch)
        assert (response.status_code, error_code(response)) == (status, code), (who, patch)
    assert call(client, "PATCH", "/organiser/events/no-such-event", body={"title": "X"}).status_code == 404
    assert table(stack) == before


def test_capacity_below_the_registrations_is_409(stack: Stack, client: Client) -> None:
    create(client)
    register(client, "a@utrecht.nl", NEW_EVENT)
    register(client, "b@utrecht.nl", NEW_EVENT)
    before = table(stack)
    response = call(client, "PATCH", f"/organiser/events/{NEW_EVENT}", body={"capacity_in_person": 1})
    assert response.status_code == 409
    assert error_code(response) == "capacity_below_registrations"
    assert response.json_body["error"]["fields"] == {"capacity_in_person": "At least 2."}
    assert table(stack) == before


def test_raising_the_capacity_promotes_the_first_in_line(stack: Stack, client: Client) -> None:
    create(client, capacity_in_person=1)
    first = register(client, "a@utrecht.nl", NEW_EVENT)
    waiting = [register(client, f"w{i}@utrecht.nl", NEW_EVENT) for i in range(3)]
    assert first["status"] == "confirmed" and {w["status"] for w in waiting} == {"waitlisted"}
    response = call(client, "PATCH", f"/organiser/events/{NEW_EVENT}", body={"capacity_in_person": 3})
    assert response.status_code == 200
    assert response.json_body["promoted"] == 2
    event = response.json_body["event"]
    assert (event["capacity_in_person"], event["registered_in_person"], event["waitlisted"]) == (3, 3, 1)
    line = sorted(w["registration_id"] for w in waiting)
    statuses = {r.registration_id: r.status.value for r in stack.repo.iter_registrations(NEW_EVENT)}
    assert [statuses[rid] for rid in line] == ["confirmed", "confirmed", "waitlisted"]  # FIFO
    assert [item["SK"]["S"] for item in stack.partition(NEW_EVENT, keys.WAIT_PREFIX)] == [
        f"WAIT#EVENT#in_person#{line[2]}"]


# -- sessions ----------------------------------------------------------------------------------------------


def test_put_session_creates_then_updates_keeping_the_counters(stack: Stack, client: Client) -> None:
    create(client)
    path = f"/organiser/events/{NEW_EVENT}/sessions/morning"
    response = call(client, "PUT", path, body=session_body(capacity=5))
    assert response.status_code == 200
    created = response.json_body["session"]
    assert created["title"] == {"en": "Morning workshop"}
    assert (created["capacity"], created["registered"], created["waitlisted"]) == (5, 0, 0)
    register(client, "a@utrecht.nl", NEW_EVENT, sessions=["morning"])
    response = call(client, "PUT", path, body={"title": "Morning lab", "capacity": 4, "room": "JDE 70"})
    assert response.status_code == 200
    updated = response.json_body["session"]
    assert updated["title"] == {"en": "Morning lab"} and updated["room"] == "JDE 70"
    assert (updated["capacity"], updated["registered"], updated["waitlisted"]) == (4, 1, 0)
    assert stack.sessions(NEW_EVENT)["morning"].registered == 1


def test_put_session_refusals_write_nothing(stack: Stack, client: Client) -> None:
    create(client)
    path = f"/organiser/events/{NEW_EVENT}/sessions/morning"
    assert call(client, "PUT", path, body=session_body(capacity=2)).status_code == 200
    register(client, "a@utrecht.nl", NEW_EVENT, sessions=["morning"])
    register(client, "b@utrecht.nl", NEW_EVENT, sessions=["morning"])
    before = table(stack)
    cases = [
        ({"registered": 0}, 400, "validation_error"),
        ({"capacity": 1}, 409, "capacity_below_registrations"),
        ({"ends_at": (utc_now() + timedelta(days=1)).isoformat()}, 400, "validation_error"),  # before it starts
    ]
    for body, status, code in cases:
        response = call(client, "PUT", path, body=body)
        assert (response.status_code, error_code(response)) == (status, code), body
    assert call(client, "PUT", path, who=STRANGER, body={"title": "Mine"}).status_code == 403
    assert table(stack) == before


def test_raising_a_session_capacity_seats_its_first_in_line(stack: Stack, client: Client) -> None:
    create(client, capacity_in_person=10)
    path = f"/organiser/events/{NEW_EVENT}/sessions/morning"
    call(client, "PUT", path, body=session_body(capacity=1))
    register(client, "a@utrecht.nl", NEW_EVENT, sessions=["morning"])
    b = register(client, "b@utrecht.nl", NEW_EVENT, sessions=["morning"])
    assert b["waitlisted_sessions"] == ["morning"]
    response = call(client, "PUT", path, body={"capacity": 2})
    assert response.status_code == 200
    assert response.json_body["promoted"] == 1
    session = response.json_body["session"]
    assert (session["capacity"], session["registered"], session["waitlisted"]) == (2, 2, 0)
    seated = stack.repo.get_registration(NEW_EVENT, b["registration_id"])
    assert seated is not None and seated.sessions == ["morning"] and seated.waitlisted_sessions == []


def test_a_partner_updates_its_own_session_only(stack: Stack, client: Client) -> None:
    own = f"/organiser/events/{DEMO_EVENT}/sessions/connected-in-europe"
    response = call(client, "PUT", own, who=PARTNER, body={"room": "JDE 62", "capacity": 150})
    assert response.status_code == 200
    session = response.json_body["session"]
    assert (session["room"], session["capacity"], session["partner_id"]) == ("JDE 62", 150, PARTNER)
    before = table(stack)
    refusals = [
        (f"/organiser/events/{DEMO_EVENT}/sessions/opening", {"room": "JDE 1"}),  # not its own
        (f"/organiser/events/{DEMO_EVENT}/sessions/partner-new", session_body()),  # a new one
        (own, {"partner_id": STRANGER}),  # handing it over
        (own, {"partner_id": None}),
    ]
    for path, body in refusals:
        response = call(client, "PUT", path, who=PARTNER, body=body)
        assert response.status_code == 403, (path, body)
        assert error_code(response) == "forbidden"
    assert table(stack) == before
    assert call(client, "PUT", own, who=PARTNER, body={"partner_id": PARTNER}).status_code == 200


# -- registrations -------------------------------------------------------------------------------------------


@pytest.fixture
def crowd(stack: Stack, client: Client) -> dict[str, dict[str, Any]]:
    """Seven registrations for the demo event: modes, sessions, one cancelled, one waiting for a session."""
    stack.update_session("city-diplomacy", capacity=1)
    people = {
        "r1": register(client, "r1@utrecht.nl", sessions=["opening"]),
        "r2": register(client, "r2@utrecht.nl", attendance_mode="online", sessions=["connected-in-europe"]),
        "r3": register(client, "r3@utrecht.nl", sessions=["connected-in-europe", "city-diplomacy"]),
        "r4": register(client, "r4@utrecht.nl", attendance_mode="online"),
        "r5": register(client, "r5@utrecht.nl", sessions=["opening"]),
        "r6": register(client, "r6@utrecht.nl", sessions=["city-diplomacy"]),  # waits for the session
        "r7": register(client, "r7@utrecht.nl", attendance_mode="online", sessions=["opening"]),
    }
    assert people["r6"]["waitlisted_sessions"] == ["city-diplomacy"]
    token = parse_qs(urlsplit(people["r5"]["manage_url"]).query)["token"][0]
    path = f"/events/{DEMO_EVENT}/registrations/{people['r5']['registration_id']}?token={token}"
    assert client.http.delete(path).status_code == 200
    return people


def listing(client: Client, who: str = DEMO_ORGANISER, **query: str) -> Any:
    suffix = f"?{urlencode(query)}" if query else ""
    return call(client, "GET", f"/organiser/events/{DEMO_EVENT}/registrations{suffix}", who=who)


def names(response: Any, crowd: dict[str, dict[str, Any]]) -> list[str]:
    assert response.status_code == 200, response.body
    by_id = {r["registration_id"]: name for name, r in crowd.items()}
    return [by_id[r["registration_id"]] for r in response.json_body["registrations"]]


def test_registrations_are_listed_oldest_first_with_filters_and_partner_scope(
    stack: Stack, client: Client, crowd: dict[str, dict[str, Any]]
) -> None:
    everyone = listing(client)
    assert names(everyone, crowd) == ["r1", "r2", "r3", "r4", "r5", "r6", "r7"]
    assert everyone.json_body["next_cursor"] is None
    first = everyone.json_body["registrations"][0]
    assert first["email"] == "r1@utrecht.nl" and first["manage_url"].startswith("http")
    assert names(listing(client, status="cancelled"), crowd) == ["r5"]
    assert names(listing(client, status="confirmed"), crowd) == ["r1", "r2", "r3", "r4", "r6", "r7"]
    assert names(listing(client, mode="online"), crowd) == ["r2", "r4", "r7"]
    assert names(listing(client, session="connected-in-europe"), crowd) == ["r2", "r3"]
    assert names(listing(client, session="city-diplomacy"), crowd) == ["r3", "r6"]  # seated or waiting
    assert names(listing(client, session="opening", mode="in_person", status="confirmed"), crowd) == ["r1"]
    # a partner sees only the registrations for the sessions it runs, and filters only on those
    assert names(listing(client, who=PARTNER), crowd) == ["r2", "r3"]
    assert names(listing(client, who=PARTNER, mode="online"), crowd) == ["r2"]
    assert names(listing(client, who=PARTNER, session="connected-in-europe"), crowd) == ["r2", "r3"]
    response = listing(client, who=PARTNER, session="opening")
    assert response.status_code == 403
    assert error_code(response) == "forbidden"
    assert listing(client, who=STRANGER).status_code == 403


def test_partners_get_no_manage_links(stack: Stack, client: Client, crowd: dict[str, dict[str, Any]]) -> None:
    """A manage link changes or cancels the whole registration (sessions a partner does not run too): it is
    the registrant's and the event's organisers', never a partner's."""
    partner = listing(client, who=PARTNER)
    assert names(partner, crowd) == ["r2", "r3"]
    assert all("manage_url" not in r for r in partner.json_body["registrations"])
    assert b"token=" not in partner.body and b"/manage" not in partner.body
    own = listing(client, who=PARTNER, session="connected-in-europe")
    assert all("manage_url" not in r for r in own.json_body["registrations"])
    organiser = listing(client).json_body["registrations"]
    assert all(r["manage_url"].startswith("http") for r in organiser)


def test_pages_of_two_cover_everything_once(stack: Stack, client: Client, crowd: dict[str, dict[str, Any]]) -> None:
    queries: list[dict[str, str]] = [{}, {"mode": "in_person"}, {"session": "opening"}, {"status": "confirmed"}]
    for query in queries:
        expected = names(listing(client, **query), crowd)
        seen: list[str] = []
        cursor: str | None = None
        for _ in range(20):
            response = listing(client, limit="2", **query, **({"cursor": cursor} if cursor else {}))
            page = names(response, crowd)
            assert len(page) <= 2
            seen += page
            cursor = response.json_body["next_cursor"]
            if cursor is None:
                break
        else:
            pytest.fail("next_cursor never became null")
        assert seen == expected, query
        assert len(seen) == len(set(seen)), query
    partner_pages = [names(listing(client, who=PARTNER, limit="1"), crowd)]
    assert partner_pages == [["r2"]]


def test_bad_queries_are_400(stack: Stack, client: Client) -> None:
    for query in (
        {"cursor": "%%%not-base64%%%"},
        {"cursor": "bm9wZQ"},  # base64 of "nope": not JSON
        {"cursor": base64.urlsafe_b64encode(b"[1, 2]").decode()},
        {"limit": "many"},
        {"status": "maybe"},
    ):
        response = listing(client, **query)
        assert response.status_code == 400, query
        assert error_code(response) == "validation_error", query


def cursor_of(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def test_a_cursor_of_the_wrong_shape_is_400(stack: Stack, client: Client) -> None:
    register(client, "r1@utrecht.nl")
    for value in (
        {"x": 1},
        {"PK": "EVENT#ewrc-demo", "SK": "REG#1"},
        {"PK": {"S": "EVENT#another-event"}, "SK": {"S": "REG#01"}},
    ):
        response = listing(client, cursor=cursor_of(value))
        assert response.status_code == 400, value
        assert error_code(response) == "validation_error", value


# -- moderation ------------------------------------------------------------------------------------------------


def decide(client: Client, registration: dict[str, Any], decision: str, who: str = DEMO_ORGANISER) -> Any:
    path = f"/organiser/events/{DEMO_EVENT}/registrations/{registration['registration_id']}/{decision}"
    return call(client, "POST", path, who=who)


def test_approve_confirms_and_reject_frees_the_place(stack: Stack, client: Client) -> None:
    stack.update_event(moderated=True)
    a = register(client, "a@utrecht.nl", sessions=["opening"])
    b = register(client, "b@utrecht.nl", sessions=["opening"])
    assert (a["status"], b["status"]) == ("pending", "pending")
    assert stack.registered_count() == 2

    approved = decide(client, a, "approve")
    assert approved.status_code == 200
    assert approved.json_body["registration"]["status"] == "confirmed"
    assert approved.json_body["registration"]["version"] == a["version"] + 1
    assert stack.registered_count() == 2

    rejected = decide(client, b, "reject")
    assert rejected.status_code == 200
    assert rejected.json_body["registration"]["status"] == "rejected"
    assert stack.registered_count() == 1
    assert stack.sessions()["opening"].registered == 1
    assert stack.count(prefix=keys.EMAIL_PREFIX) == 1  # b may register again

    before = table(stack)
    again = decide(client, b, "reject")
    assert again.status_code == 200 and again.json_body["registration"]["status"] == "rejected"
    refused = decide(client, a, "approve")
    assert refused.status_code == 409
    assert error_code(refused) == "registration_not_changeable"
    assert decide(client, {"registration_id": "01NOSUCHREGISTRATION"}, "approve").status_code == 404
    assert decide(client, a, "shrug").status_code == 404
    assert table(stack) == before


def test_rejecting_gives_the_place_to_the_first_in_line(stack: Stack, client: Client) -> None:
    stack.update_event(moderated=True, capacity_in_person=1)
    a = register(client, "a@utrecht.nl")
    b = register(client, "b@utrecht.nl")
    assert (a["status"], b["status"]) == ("pending", "waitlisted")
    assert decide(client, a, "reject").status_code == 200
    promoted = stack.repo.get_registration(DEMO_EVENT, b["registration_id"])
    assert promoted is not None and promoted.status.value == "pending"  # still to be approved
    event = stack.repo.get_event(DEMO_EVENT)
    assert (event.registered_in_person, event.waitlisted) == (1, 0)


def test_partners_and_strangers_cannot_moderate(stack: Stack, client: Client) -> None:
    stack.update_event(moderated=True)
    a = register(client, "a@utrecht.nl", sessions=["connected-in-europe"])
    before = table(stack)
    for who in (PARTNER, STRANGER):
        for decision in ("approve", "reject"):
            response = decide(client, a, decision, who=who)
            assert response.status_code == 403, (who, decision)
            assert error_code(response) == "forbidden"
    assert table(stack) == before


# -- documents ----------------------------------------------------------------------------------------------------


def test_a_document_gets_a_presigned_upload_and_a_public_download(stack: Stack, client: Client) -> None:
    bucket = settings().bucket
    response = call(client, "POST", f"/organiser/events/{DEMO_EVENT}/documents",
                    body={"document_id": "draft-agenda", "title": "Draft agenda", "content_type": "application/pdf"})
    assert response.status_code == 201
    body = response.json_body
    document = body["document"]
    assert document["document_id"] == "draft-agenda"
    assert document["title"] == {"en": "Draft agenda"}
    key = document["key"]
    assert key.startswith(f"documents/{DEMO_EVENT}/draft-agenda/")
    upload = urlsplit(body["upload_url"])
    assert bucket in upload.netloc + upload.path
    assert upload.path.endswith(key)
    assert "Signature" in upload.query or "X-Amz-Signature" in upload.query
    assert body["upload_method"] == "PUT"
    assert body["upload_headers"] == {"Content-Type": "application/pdf"}
    assert [d["document_id"] for d in stack.repo.get_event(DEMO_EVENT).model_dump()["documents"]] == ["draft-agenda"]

    download = client.http.get(f"/events/{DEMO_EVENT}/documents/draft-agenda")
    assert download.status_code == 302
    location = urlsplit(download.headers["Location"])
    assert bucket in location.netloc + location.path
    assert location.path.endswith(key)
    assert "ewrc-demo-draft-agenda.pdf" in parse_qs(location.query)["response-content-disposition"][0]
    assert download.headers["Cache-Control"] == "no-store"


def test_an_unknown_document_is_404(stack: Stack, client: Client) -> None:
    response = client.http.get(f"/events/{DEMO_EVENT}/documents/no-such-document")
    assert response.status_code == 404
    assert error_code(response) == "document_not_found"


def test_refused_documents_write_nothing(stack: Stack, client: Client) -> None:
    before = table(stack)
    cases: list[tuple[str, dict[str, Any], int]] = [
        (DEMO_ORGANISER, {"document_id": "virus", "title": "Setup", "content_type": "application/x-msdownload"}, 400),
        (DEMO_ORGANISER, {"document_id": "page", "title": "Page", "content_type": "text/html"}, 400),
        (DEMO_ORGANISER, {"title": "No id"}, 400),
        (DEMO_ORGANISER, {"document_id": "../../etc/passwd", "title": "Escape"}, 400),
        (PARTNER, {"document_id": "agenda", "title": "Agenda"}, 403),
        (STRANGER, {"document_id": "agenda", "title": "Agenda"}, 403),
    ]
    for who, body, status in cases:
        response = call(client, "POST", f"/organiser/events/{DEMO_EVENT}/documents", who=who, body=body)
        assert response.status_code == status, body
        if status == 400:
            assert error_code(response) == "validation_error"
    assert table(stack) == before


def test_a_session_taken_from_its_partner_loses_it(stack: Stack, client: Client) -> None:
    """A session handed back (partner_id null) is the event's again: the stored partner goes too."""
    create(client)
    path = f"/organiser/events/{NEW_EVENT}/sessions/morning"
    assert call(client, "PUT", path, body=session_body(capacity=5, partner_id=PARTNER)).status_code == 200
    assert stack.sessions(NEW_EVENT)["morning"].partner_id == PARTNER
    answer = call(client, "PUT", path, body={"partner_id": None})
    assert answer.status_code == 200 and answer.json_body["session"]["partner_id"] is None
    assert stack.sessions(NEW_EVENT)["morning"].partner_id is None
    assert call(client, "GET", path.rsplit("/sessions", 1)[0], who=PARTNER).status_code == 403
