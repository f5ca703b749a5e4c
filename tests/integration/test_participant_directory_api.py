"""The participant directory on moto through chalice.test.Client: a confirmed attendee's signed link opens it
(JSON and page), it lists only confirmed people who agreed, without their email, filtered by a GET form, a page at
a time by one Query of the partition (no Scan); other links, the waiting and the erased get no list; hostile query
strings get 4xx; an erased person vanishes from it at once (it reads live registrations)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from chalice.test import Client
from integration_support import DEMO_EVENT, Stack
from privacy_support import dynamodb_calls
from test_erasure import erase_now
from test_manage import register as register_one

from eventreg.domain.models import utc_now

REGISTRATIONS = f"/events/{DEMO_EVENT}/registrations"
JSON_HEADERS = {"Content-Type": "application/json"}
HTML = {"Accept": "text/html"}
FRENCH_CITY = "Ville ou commune"


@pytest.fixture
def client(stack: Stack, registration_service: ModuleType) -> Iterator[Client]:
    with Client(registration_service.app) as test_client:
        yield test_client


def register(client: Client, email: str, **overrides: Any) -> dict[str, Any]:
    """test_manage's registration, with list consent unless a test says otherwise."""
    return register_one(client, email, **{"list_consent": True, **overrides})


def directory(registration: dict[str, Any], token: str | None = None, **query: str) -> str:
    token = token or parse_qs(urlsplit(registration["manage_url"]).query)["token"][0]
    return f"{REGISTRATIONS}/{registration['registration_id']}/directory?{urlencode({'token': token, **query})}"


def names(client: Client, path: str) -> list[str]:
    response = client.http.get(path)
    assert response.status_code == 200, response.body
    return [p["name"] for p in response.json_body["participants"]]


def test_a_confirmed_attendee_sees_who_agreed_and_nothing_private(client: Client) -> None:
    reader = register(client, "reader@gent.be", list_consent=False)
    register(client, "ana@lisboa.pt", name="Ana Lisboa", organisation="Câmara de Lisboa", country="PT",
             job_title="Mayor's adviser", dietary_needs="vegan", accessibility_needs="wheelchair")
    register(client, "quiet@gent.be", name="Quiet Person", list_consent=False)
    response = client.http.get(directory(reader))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.json_body == {"participants": [
        {"name": "Ana Lisboa", "organisation": "Câmara de Lisboa", "organisation_type": "city", "country": "PT",
         "delegation": None}], "next": None}
    page = client.http.get(directory(reader, lang="fr"), headers=HTML)
    body = page.body.decode()
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Ana Lisboa" in body and "Portugal" in body and FRENCH_CITY in body
    for private in ("ana@lisboa.pt", "vegan", "wheelchair", "Mayor", "Quiet Person", "reader@gent.be"):
        assert private not in body, private


def test_the_manage_page_links_to_the_directory_with_the_same_token(client: Client) -> None:
    reader = register(client, "linked@gent.be")
    link = urlsplit(reader["manage_url"])
    manage = client.http.get(f"{link.path}?{link.query}", headers=HTML).body.decode()
    token = parse_qs(urlsplit(reader["manage_url"]).query)["token"][0]
    assert f'{REGISTRATIONS}/{reader["registration_id"]}/directory?token={token}&amp;lang=' in manage


def test_filters_by_country_and_type(client: Client) -> None:
    reader = register(client, "filter-reader@gent.be", list_consent=False)
    register(client, "a@gent.be", name="Gent City")
    register(client, "b@gent.be", name="Gent NGO", organisation_type="ngo")
    register(client, "c@lille.fr", name="Lille City", country="FR")
    assert names(client, directory(reader, country="BE")) == ["Gent City", "Gent NGO"]
    assert names(client, directory(reader, organisation_type="city")) == ["Gent City", "Lille City"]
    assert names(client, directory(reader, country="fr", organisation_type="city")) == ["Lille City"]
    page = client.http.get(directory(reader, country="FR", lang="de"), headers=HTML).body.decode()
    assert "Lille City" in page and "Gent City" not in page
    assert '<option value="FR" selected>Frankreich</option>' in page


def test_pages_of_at_most_fifty_by_queries_never_a_scan(
    client: Client, stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("eventreg.register.directory.PAGE_SIZE", 3)  # the paging of 50 among 6,000, on a handful
    people = [register(client, f"page{n}@gent.be", name=f"Page {n}") for n in range(7)]
    register(client, "no@gent.be", list_consent=False)
    seen: list[str] = []
    pages = 0
    path: str | None = directory(people[0])
    with dynamodb_calls() as calls:
        while path:
            pages += 1
            response = client.http.get(path)
            assert response.status_code == 200
            seen += [p["name"] for p in response.json_body["participants"]]
            path = response.json_body["next"]
    assert seen == [f"Page {n}" for n in range(7)]
    assert pages == 3
    assert {operation for operation, _ in calls} <= {"GetItem", "Query"}
    html = client.http.get(directory(people[0]), headers=HTML).body.decode()
    assert 'rel="next"' in html and "after=" in html


def test_waiting_pending_cancelled_and_wrong_links_get_no_list(client: Client, stack: Stack) -> None:
    reader = register(client, "ok@gent.be")
    stack.update_event(capacity_in_person=stack.registered_count())
    waiting = register(client, "waits@gent.be", when_full="waitlist")
    assert waiting["status"] == "waitlisted"
    refused = client.http.get(directory(waiting))
    assert refused.status_code == 403
    assert refused.json_body["error"]["code"] == "directory_for_confirmed"
    page = client.http.get(directory(waiting), headers=HTML)
    assert page.status_code == 403
    assert 'id="directory-closed"' in page.body.decode() and "Attendee ok" not in page.body.decode()
    wrong = client.http.get(directory(reader, token="forged"))
    assert wrong.status_code == 403 and wrong.json_body["error"]["code"] == "invalid_link"
    other = client.http.get(directory(reader, token=parse_qs(urlsplit(waiting["manage_url"]).query)["token"][0]))
    assert other.status_code == 403  # another registration's token opens nothing
    client.http.delete(directory(reader).replace("/directory", ""))
    cancelled = client.http.get(directory(reader))
    assert cancelled.status_code == 403 and cancelled.json_body["error"]["code"] == "directory_for_confirmed"


@pytest.mark.parametrize("query", [{"country": "ZZ"}, {"organisation_type": "<script>"}, {"after": "REG#x"},
                                   {"after": "0" * 26}, {"country": "é" * 3000}])
def test_hostile_query_strings_get_4xx_never_500(client: Client, query: dict[str, str]) -> None:
    reader = register(client, "hostile@gent.be")
    answer = client.http.get(directory(reader, **query))
    assert answer.status_code in (200, 400), answer.body  # "0"*26 is a well-formed id: the page after it
    page = client.http.get(directory(reader, **query), headers=HTML)
    assert page.status_code in (200, 400)


def manage_form(client: Client, registration: dict[str, Any], **fields: str) -> Any:
    link = urlsplit(registration["manage_url"])
    return client.http.post(f"{link.path}?{link.query}", body=urlencode(fields),
                            headers={"Content-Type": "application/x-www-form-urlencoded", **HTML})


def test_one_gives_and_withdraws_ones_own_consent_on_the_manage_page_even_after_the_deadline(
    client: Client, stack: Stack
) -> None:
    reader = register(client, "consent-reader@gent.be", list_consent=False)
    member = register(client, "member@gent.be", name="Delegation Member", list_consent=False)
    stack.update_event(modification_deadline=utc_now() - timedelta(hours=1))
    assert names(client, directory(reader)) == []
    page = manage_form(client, member, action="list_consent", list_consent="on")
    assert page.status_code == 200 and 'id="list_consent" name="list_consent" value="on" checked' in page.body.decode()
    assert names(client, directory(reader)) == ["Delegation Member"]
    manage_form(client, member, action="list_consent")  # the box unticked
    assert names(client, directory(reader)) == []
    patched = client.http.patch(directory(reader).replace("/directory", ""), headers=JSON_HEADERS,
                                body=json.dumps({"list_consent": True}))
    assert patched.status_code == 200 and patched.json_body["registration"]["list_consent"] is True
    assert names(client, directory(reader)) == ["Attendee consent-reader"]
    late = client.http.patch(directory(reader).replace("/directory", ""), headers=JSON_HEADERS,
                             body=json.dumps({"attendance_mode": "online"}))
    assert late.status_code == 409  # the deadline still binds everything else


def test_an_erased_person_vanishes_from_the_directory(
    client: Client, stack: Stack, reports_service: ModuleType
) -> None:
    reader = register(client, "stays@gent.be")
    register(client, "Erase.Me@gent.be", name="Erased Person")
    assert "Erased Person" in names(client, directory(reader))
    with Client(reports_service.app) as reports:
        erase_now(stack, reports, reports_service, "Erase.Me@gent.be")
    assert "Erased Person" not in names(client, directory(reader))
    assert names(client, directory(reader)) == ["Attendee stays"]
