"""Erasure requests on moto, through the reports service. POST /privacy/erasures by a privacy officer records
the request (one PutItem: the API's role may not change registrations) and answers 202 with a Location; the
stream handler on_table_change, given the request's INSERT record, removes the person from every event (a
Query of the ByEmail index, never a Scan): live registrations of events still to come are cancelled so that
the first in line is promoted; no mail goes to the erased person. GET on the Location shows the counts, never
the address, which leaves the request item once done. Redelivery changes nothing; plain organisers get 403;
logs carry no personal data."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from types import ModuleType
from typing import Any

import pytest
from chalice.test import Client
from fixtures import load_event
from integration_support import DEMO_EVENT, DEMO_ORGANISER, JWT_SECRET, LambdaContext, Stack
from privacy_support import (
    by_email,
    crash_on,
    dynamodb_calls,
    move_to_past,
    open_workshop,
    partition_text,
    prefixes,
    register,
    stream_records,
)

from eventreg.adapters.dynamodb import items, keys
from eventreg.adapters.jwt import issue_token
from eventreg.auth import PRIVACY_OFFICERS
from eventreg.config import settings
from eventreg.domain.models import RegistrationStatus

ERASURES = "/privacy/erasures"
PERSON = ("Marta Kowalska", "Marta.Kowalska@krakow.pl")
NORM = "marta.kowalska@krakow.pl"
FULL = "full-workshop"  # still to come, full: Marta holds a place, Piotr waits for it
WAITING = "waiting-workshop"  # still to come: Marta is on the waiting list
PAST = "past-workshop"  # over: Marta attended
FOUND = "The person's registrations are anonymised."
NOTHING = "No registration found for this address: nothing (more) to erase."
INTERRUPTED = " An earlier attempt was interrupted, so these counts may leave out what it had already erased."


def officer() -> dict[str, str]:
    token = issue_token(JWT_SECRET, "dpo-cor", groups=[PRIVACY_OFFICERS])
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


def organiser() -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(JWT_SECRET, DEMO_ORGANISER)}", "Content-Type": "application/json"}


@pytest.fixture
def client(reports_service: ModuleType) -> Iterator[Client]:
    with Client(reports_service.app) as test_client:
        yield test_client


def ask(client: Client, email: str, headers: dict[str, str] | None = None) -> Any:
    return client.http.post(ERASURES, headers=headers or officer(), body=json.dumps({"email": email}))


def status(client: Client, request_id: str, headers: dict[str, str] | None = None) -> Any:
    return client.http.get(f"{ERASURES}/{request_id}", headers=headers or officer())


def deliver(reports_service: ModuleType, records: list[dict[str, Any]]) -> Any:
    """The records to the reports service's stream handler, as Lambda's event source mapping invokes it."""
    return reports_service.on_table_change({"Records": records}, LambdaContext())


def submit(stack: Stack, client: Client, email: str) -> tuple[str, list[dict[str, Any]]]:
    """POST a request; its id and the stream records it made (its INSERT)."""
    seen = len(stream_records(stack))
    response = ask(client, email)
    assert response.status_code == 202, response.body
    return response.json_body["erasure"]["id"], stream_records(stack)[seen:]


def erase_now(stack: Stack, client: Client, reports_service: ModuleType, email: str) -> dict[str, Any]:
    """POST, deliver the INSERT, and answer what GET then shows."""
    request_id, inserted = submit(stack, client, email)
    assert deliver(reports_service, inserted) == {"batchItemFailures": []}
    view: dict[str, Any] = status(client, request_id).json_body["erasure"]
    return view


def request_item(stack: Stack, request_id: str) -> dict[str, Any]:
    answer = stack.client.get_item(TableName=stack.table, ConsistentRead=True,
                                   Key={"PK": {"S": keys.PRIVACY_PK}, "SK": {"S": keys.erasure_sk(request_id)}})
    return items.from_av(answer["Item"])


def registrations_by_email(stack: Stack, email_norm: str) -> list[str]:
    """The ByEmail index without pending erasure requests (which hold the address too, until done)."""
    return [pk for pk in by_email(stack, email_norm) if pk != keys.PRIVACY_PK]


@pytest.fixture
def marta(stack: Stack) -> dict[str, str]:
    """Marta in three events; others around her. Returns event id -> her registration id."""
    ids: dict[str, str] = {}
    open_workshop(stack, FULL, capacity=1)
    ids[FULL] = register(stack, FULL, *PERSON, key="marta-full").registration_id
    register(stack, FULL, "Piotr Nowak", "piotr@krakow.pl")  # waits for the one place
    open_workshop(stack, WAITING, capacity=1)
    register(stack, WAITING, "Jan Peeters", "jan@gent.be")
    ids[WAITING] = register(stack, WAITING, *PERSON).registration_id
    open_workshop(stack, PAST, capacity=10)
    ids[PAST] = register(stack, PAST, *PERSON).registration_id
    register(stack, PAST, "Jan Peeters", "jan@gent.be")
    move_to_past(stack, PAST, 20)
    return ids


def statuses(stack: Stack, event_id: str) -> dict[str, str]:
    return {("(anonymised)" if r.anonymised else r.email): r.status.value
            for r in stack.repo.iter_registrations(event_id)}


def snapshots(stack: Stack) -> dict[str, list[dict[str, Any]]]:
    return {e: stack.snapshot(e) for e in (FULL, WAITING, PAST, DEMO_EVENT)}


def test_erasure_removes_the_person_from_every_event(
    stack: Stack, client: Client, reports_service: ModuleType, notifications_service: ModuleType,
    marta: dict[str, str], caplog: pytest.LogCaptureFixture,
) -> None:
    notifications_service.on_table_change({"Records": stream_records(stack)}, LambdaContext())
    mails_before = len(stack.sent_messages())
    seen = len(stream_records(stack))
    assert sorted(by_email(stack, NORM)) == sorted(keys.event_pk(e) for e in (FULL, WAITING, PAST))
    assert prefixes(stack, FULL)["IDEM"] == 1
    before = snapshots(stack)
    caplog.set_level(logging.INFO)

    with dynamodb_calls() as calls:
        response = ask(client, "  marta.KOWALSKA@Krakow.pl ")  # normalised as registration does

    # The API records the request with one PutItem and changes nothing else.
    assert response.status_code == 202
    assert calls == [("PutItem", None)]
    assert snapshots(stack) == before
    view = response.json_body["erasure"]
    url = f"{settings().public_url}/reports{ERASURES}/{view['id']}"
    assert view == {"id": view["id"], "status": "pending", "requested_at": view["requested_at"], "url": url}
    assert response.headers["Location"] == url and response.headers["Retry-After"] == "2"
    assert "krakow" not in response.body.decode().lower()
    pending = status(client, view["id"])
    assert pending.status_code == 200 and pending.json_body == {"erasure": view}
    assert pending.headers["Retry-After"] == "2" and pending.headers["Cache-Control"] == "no-store"
    # Until done, the request holds the normalised address (so ByEmail shows it beside her registrations).
    assert request_item(stack, view["id"])["email_norm"] == NORM
    assert keys.PRIVACY_PK in by_email(stack, NORM)

    inserted = stream_records(stack)[seen:]
    assert [(r["eventName"], r["dynamodb"]["Keys"]["PK"]["S"]) for r in inserted] == [("INSERT", keys.PRIVACY_PK)]
    with dynamodb_calls() as calls:
        assert deliver(reports_service, inserted) == {"batchItemFailures": []}

    assert all(name != "Scan" for name, _ in calls) and ("Query", "ByEmail") in calls
    assert by_email(stack, NORM) == []
    for event_id in (FULL, WAITING, PAST):
        text = partition_text(stack, event_id)
        assert "Marta" not in text and "krakow.pl" not in text.replace("piotr@krakow.pl", "")
    # Places freed and given on: Piotr has Marta's place; the waiting event lost one in line.
    assert statuses(stack, FULL) == {"(anonymised)": "cancelled", "piotr@krakow.pl": "confirmed"}
    full = stack.repo.get_event(FULL)
    assert (full.registered_in_person, full.waitlisted) == (1, 0)
    assert statuses(stack, WAITING) == {"jan@gent.be": "confirmed", "(anonymised)": "cancelled"}
    assert stack.repo.get_event(WAITING).waitlisted == 0
    # The event that is over keeps her attendance for its statistics.
    assert statuses(stack, PAST) == {"(anonymised)": "confirmed", "jan@gent.be": "confirmed"}
    past = stack.repo.get_registration(PAST, marta[PAST])
    assert past is not None and past.country == "BE" and past.anonymised
    # Her guards and her idempotency record are gone; the others' stay.
    assert prefixes(stack, FULL).get("IDEM", 0) == 0
    assert [i["SK"]["S"] for i in stack.partition(PAST, keys.EMAIL_PREFIX)] == ["EMAIL#jan@gent.be"]
    assert stack.snapshot(DEMO_EVENT) == before[DEMO_EVENT]

    # The request's page shows the counts; the request item no longer holds the address.
    done = status(client, view["id"])
    assert done.status_code == 200 and "Retry-After" not in done.headers
    assert done.json_body["erasure"] == {
        **view, "status": "done", "done_at": done.json_body["erasure"]["done_at"],
        "found": True, "events": 3, "registrations": 3, "cancelled": 2, "promoted": 1, "message": FOUND}
    assert "krakow" not in done.body.decode().lower()
    stored = request_item(stack, view["id"])
    assert "email_norm" not in stored and "krakow" not in json.dumps(stored).lower()
    assert (stored["status"], stored["attempts"], stored["type"]) == ("done", 1, "erasure_request")
    requested = datetime.fromisoformat(view["requested_at"])
    assert stored["expires_at"] == int((requested + timedelta(days=30)).timestamp())  # TTL: gone in 30 days

    # Mail: Piotr hears of his place; Marta hears nothing (no cancellation mail to an erased person). The
    # request's own records (INSERT, then done) mean nothing to the notifier or to the reports' other handler.
    new_records = stream_records(stack)[seen:]
    assert reports_service.on_table_change({"Records": new_records}, LambdaContext()) == {"batchItemFailures": []}
    notifications_service.on_table_change({"Records": new_records}, LambdaContext())
    mails = stack.sent_emails()[mails_before:]
    assert [(str(m["To"]), str(m["Subject"]).split(":")[0]) for m in mails] == [
        ("Piotr Nowak <piotr@krakow.pl>", "A place for you")]
    # Logs: counts and the request id, never the address or the name.
    logged = caplog.text + " ".join(json.dumps(r.__dict__, default=str) for r in caplog.records)
    assert "marta" not in logged.lower() and "kowalska" not in logged.lower()
    assert any(getattr(r, "request", None) == view["id"] for r in caplog.records)


def test_a_redelivered_request_changes_nothing(
    stack: Stack, client: Client, reports_service: ModuleType, marta: dict[str, str]
) -> None:
    request_id, inserted = submit(stack, client, PERSON[1])
    assert deliver(reports_service, inserted) == {"batchItemFailures": []}
    before, stored, page = snapshots(stack), request_item(stack, request_id), status(client, request_id).json_body

    with dynamodb_calls() as calls:
        assert deliver(reports_service, inserted + inserted) == {"batchItemFailures": []}

    assert calls == [("GetItem", None), ("GetItem", None)]  # read back, found done: nothing run
    assert snapshots(stack) == before
    assert request_item(stack, request_id) == stored
    assert status(client, request_id).json_body == page


def test_the_stream_fixture_runs_the_erasure(
    stack: Stack, client: Client, reports_service: ModuleType, marta: dict[str, str]
) -> None:
    """The INSERT exactly as Lambda delivers it (tests/fixtures/events), for a request recorded as the API does."""
    event = load_event("dynamodb_stream_insert_erasure_request")
    (record,) = event["Records"]
    stack.client.put_item(TableName=stack.table, Item=record["dynamodb"]["NewImage"])

    assert reports_service.on_table_change(event, LambdaContext()) == {"batchItemFailures": []}

    assert by_email(stack, NORM) == []
    shown = status(client, record["dynamodb"]["NewImage"]["request_id"]["S"]).json_body["erasure"]
    assert (shown["status"], shown["events"], shown["registrations"], shown["cancelled"], shown["promoted"]) == (
        "done", 3, 3, 2, 1)


def test_other_records_are_ignored_without_a_dynamodb_call(
    stack: Stack, reports_service: ModuleType, marta: dict[str, str]
) -> None:
    """Neither an erasure request's nor a report's record (an event's closing is one: its final list)."""
    (request,) = load_event("dynamodb_stream_insert_erasure_request")["Records"]
    modified = {**request, "eventName": "MODIFY", "dynamodb": {**request["dynamodb"],
                                                               "OldImage": request["dynamodb"]["NewImage"]}}
    others = stream_records(stack) + load_event("dynamodb_stream_insert_registration")["Records"] + [modified]
    before = snapshots(stack)
    with dynamodb_calls() as calls:
        assert deliver(reports_service, others) == {"batchItemFailures": []}
    assert calls == []
    assert snapshots(stack) == before


def test_a_failed_record_is_reported_and_its_retry_finishes_the_erasure(
    stack: Stack, client: Client, reports_service: ModuleType, marta: dict[str, str]
) -> None:
    request_id, (inserted,) = submit(stack, client, PERSON[1])
    unrelated = stream_records(stack)[0]  # a record before it in the batch, not an erasure request

    with crash_on("TransactWriteItems", after=1):  # as if DynamoDB failed after the first event
        answer = deliver(reports_service, [unrelated, inserted])

    assert answer == {"batchItemFailures": [{"itemIdentifier": inserted["dynamodb"]["SequenceNumber"]}]}
    left = len(registrations_by_email(stack, NORM))
    assert 0 < left < 3
    page = status(client, request_id)
    assert page.json_body["erasure"]["status"] == "pending" and page.headers["Retry-After"] == "2"
    assert request_item(stack, request_id)["email_norm"] == NORM  # still needed by the retry

    assert deliver(reports_service, [inserted]) == {"batchItemFailures": []}  # Lambda's retry

    shown = status(client, request_id).json_body["erasure"]
    assert (shown["status"], shown["registrations"], shown["message"]) == ("done", left, FOUND + INTERRUPTED)
    assert by_email(stack, NORM) == []
    assert Counter(r.status for e in (FULL, WAITING) for r in stack.repo.iter_registrations(e)
                   if r.anonymised) == Counter({RegistrationStatus.CANCELLED: 2})


def test_a_crash_before_the_request_is_marked_done_is_retried_whole(
    stack: Stack, client: Client, reports_service: ModuleType, marta: dict[str, str]
) -> None:
    request_id, inserted = submit(stack, client, PERSON[1])

    # UpdateItem #1 counts the attempt, #2 would mark it done: the erasure itself went through.
    with crash_on("UpdateItem", after=1):
        answer = deliver(reports_service, inserted)
    # Lambda retries from the failed record.
    assert answer == {"batchItemFailures": [{"itemIdentifier": inserted[0]["dynamodb"]["SequenceNumber"]}]}

    assert registrations_by_email(stack, NORM) == []
    assert request_item(stack, request_id)["status"] == "pending"
    erased = snapshots(stack)
    assert deliver(reports_service, inserted) == {"batchItemFailures": []}
    assert snapshots(stack) == erased  # erase is idempotent: nothing left to change
    shown = status(client, request_id).json_body["erasure"]
    assert (shown["status"], shown["found"], shown["message"]) == ("done", False, NOTHING + INTERRUPTED)
    assert "email_norm" not in request_item(stack, request_id)


def test_asking_again_while_pending_records_another_request_that_finds_nothing_more(
    stack: Stack, client: Client, reports_service: ModuleType, marta: dict[str, str]
) -> None:
    seen = len(stream_records(stack))
    first, second = (ask(client, PERSON[1]).json_body["erasure"]["id"] for _ in range(2))
    assert first != second
    assert [status(client, r).json_body["erasure"]["status"] for r in (first, second)] == ["pending", "pending"]

    assert deliver(reports_service, stream_records(stack)[seen:]) == {"batchItemFailures": []}

    one, two = (status(client, r).json_body["erasure"] for r in (first, second))
    assert (one["status"], one["registrations"], one["cancelled"], one["promoted"]) == ("done", 3, 2, 1)
    assert (two["status"], two["found"], two["registrations"], two["message"]) == ("done", False, 0, NOTHING)
    assert by_email(stack, NORM) == []


def test_someone_else_is_untouched(
    stack: Stack, client: Client, reports_service: ModuleType, marta: dict[str, str]
) -> None:
    before = snapshots(stack)
    assert erase_now(stack, client, reports_service, "nobody@example.eu")["found"] is False
    assert snapshots(stack) == before
    erase_now(stack, client, reports_service, PERSON[1])
    assert sorted(by_email(stack, "jan@gent.be")) == sorted([keys.event_pk(WAITING), keys.event_pk(PAST)])


def test_a_plain_organiser_is_forbidden_on_both_routes(
    stack: Stack, client: Client, marta: dict[str, str]
) -> None:
    request_id, _ = submit(stack, client, PERSON[1])
    before = snapshots(stack)
    with dynamodb_calls() as calls:
        response = ask(client, PERSON[1], organiser())
        page = status(client, request_id, organiser())
    assert (response.status_code, page.status_code) == (403, 403)
    assert response.json_body == page.json_body == {"error": {
        "code": "forbidden", "message": "Only privacy officers can ask for an erasure."}}
    assert calls == []
    assert snapshots(stack) == before


def test_an_organiser_of_the_event_in_another_group_is_forbidden(stack: Stack, client: Client) -> None:
    token = issue_token(JWT_SECRET, DEMO_ORGANISER, groups=["organisers"])
    response = ask(client, PERSON[1], {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    assert response.status_code == 403


def test_without_a_token_it_is_401(stack: Stack, client: Client) -> None:
    response = client.http.post(ERASURES, headers={"Content-Type": "application/json"}, body="{}")
    assert response.status_code == 401
    assert client.http.get(f"{ERASURES}/01KB2Q8R3T5V7X9Z1C3E5G7J9M").status_code == 401


@pytest.mark.parametrize("request_id", ["01KB2Q8R3T5V7X9Z1C3E5G7J9M", "not-an-id", "01kb2q8r3t5v7x9z1c3e5g7j9m"])
def test_an_unknown_request_is_404(stack: Stack, client: Client, request_id: str) -> None:
    with dynamodb_calls() as calls:
        response = status(client, request_id)
    assert response.status_code == 404
    assert response.json_body["error"]["code"] == "erasure_not_found"
    assert calls == ([("GetItem", None)] if request_id.isupper() else [])  # a malformed id is not looked up


@pytest.mark.parametrize("body", ['{"email": "not-an-address"}', "{}", '{"email": "a@b.eu", "extra": 1}', "[]"])
def test_bad_input_is_400_json(stack: Stack, client: Client, body: str) -> None:
    with dynamodb_calls() as calls:
        response = client.http.post(ERASURES, headers=officer(), body=body)
    assert response.status_code == 400
    assert response.json_body["error"]["code"] == "validation_error"
    assert calls == []


def test_her_manage_link_shows_the_erasure_and_changes_nothing(
    stack: Stack, client: Client, reports_service: ModuleType, registration_service: ModuleType,
    marta: dict[str, str],
) -> None:
    from eventreg.links import manage_path

    erase_now(stack, client, reports_service, PERSON[1])
    path = manage_path(PAST, marta[PAST])
    with Client(registration_service.app) as site:
        page = site.http.get(path)
        assert page.status_code == 200
        body = page.body.decode()
        assert "The personal data of this registration has been erased." in body
        assert "Marta" not in body and 'name="action"' not in body  # nothing left to change or cancel
        api = path.replace("/manage?", "?")
        assert site.http.get(api).json_body["registration"]["anonymised"] is True
        refused = site.http.delete(api)
    assert refused.status_code == 409
    assert refused.json_body["error"]["code"] == "registration_not_changeable"
