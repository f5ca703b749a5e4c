"""The deadline job on moto: the registration service's scheduled handler `close_registrations`, fed the
EventBridge fixture, closes exactly the open events whose cutoff has passed, with a Query of the sparse
OpenByCutoff index (never a Scan) and one conditional update each; a second run changes nothing."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from types import ModuleType
from typing import Any

import pytest
from chalice.test import Client
from fixtures import load_event
from integration_support import DEMO_EVENT, LambdaContext, Stack

from eventreg.adapters.dynamodb import keys
from eventreg.domain.models import AttendanceMode, Event, EventStatus, utc_now

DUE = "due-workshop"  # open, cutoff passed: the job closes it
LATER = "later-workshop"  # open, cutoff to come
CLOSED = "closed-workshop"  # cutoff passed, closed by hand already


def workshop(event_id: str, closes_at: datetime, status: EventStatus) -> Event:
    now = utc_now()
    return Event(
        event_id=event_id,
        title={"en": f"Workshop {event_id}"},
        timezone="Europe/Brussels",
        starts_at=now + timedelta(days=10),
        ends_at=now + timedelta(days=10, hours=6),
        registration_opens_at=now - timedelta(days=10),
        registration_closes_at=closes_at,
        status=status,
        modes=[AttendanceMode.IN_PERSON],
        capacity_in_person=50,
        organiser_ids=["org-regio-b1"],
    )


@pytest.fixture
def events(stack: Stack) -> dict[str, Event]:
    now = utc_now()
    made = {
        DUE: workshop(DUE, now - timedelta(minutes=5), EventStatus.OPEN),
        LATER: workshop(LATER, now + timedelta(days=2), EventStatus.OPEN),
        CLOSED: workshop(CLOSED, now - timedelta(days=1), EventStatus.CLOSED),
    }
    for event in made.values():
        stack.repo.put_event(event)
    return made


def run_job(service: ModuleType) -> None:
    service.close_registrations(load_event("scheduled_event"), LambdaContext())


def open_by_cutoff(stack: Stack) -> list[str]:
    """The sparse index as the job sees it: open events, by cutoff."""
    answer = stack.client.query(
        TableName=stack.table, IndexName="OpenByCutoff", KeyConditionExpression="OPEN_PK = :open",
        ExpressionAttributeValues={":open": {"S": keys.OPEN_MARKER}})
    return [keys.event_id_of(item["PK"]["S"]) for item in answer["Items"]]


def snapshots(stack: Stack) -> dict[str, list[dict[str, Any]]]:
    return {event_id: stack.snapshot(event_id) for event_id in (DUE, LATER, CLOSED, DEMO_EVENT)}


def test_the_job_closes_only_the_open_event_whose_cutoff_passed(
    stack: Stack, registration_service: ModuleType, events: dict[str, Event]
) -> None:
    assert sorted(open_by_cutoff(stack)) == sorted([DUE, LATER, DEMO_EVENT])
    before = snapshots(stack)

    with stack.record_calls() as calls:
        run_job(registration_service)

    assert calls == ["Query", "UpdateItem"]  # the index, then one conditional update; no Scan
    assert stack.repo.get_event(DUE).status is EventStatus.CLOSED
    assert stack.repo.get_event(LATER).status is EventStatus.OPEN
    assert stack.repo.get_event(CLOSED).status is EventStatus.CLOSED
    assert stack.repo.get_event(DEMO_EVENT).status is EventStatus.OPEN
    assert sorted(open_by_cutoff(stack)) == sorted([LATER, DEMO_EVENT])
    after = snapshots(stack)
    for event_id in (LATER, CLOSED, DEMO_EVENT):
        assert after[event_id] == before[event_id], event_id
    (due_item,) = after[DUE]
    assert "OPEN_PK" not in due_item
    (due_before,) = before[DUE]
    unchanged = {k: v for k, v in due_item.items() if k != "status"}
    assert unchanged == {k: v for k, v in due_before.items() if k not in ("status", "OPEN_PK")}


def test_a_second_run_changes_nothing(
    stack: Stack, registration_service: ModuleType, events: dict[str, Event]
) -> None:
    run_job(registration_service)
    before = snapshots(stack)
    with stack.record_calls() as calls:
        run_job(registration_service)
    assert calls == ["Query"]
    assert snapshots(stack) == before


def test_registering_for_the_closed_event_is_409(
    stack: Stack, registration_service: ModuleType, events: dict[str, Event]
) -> None:
    run_job(registration_service)
    body = {"name": "Jan Peeters", "email": "jan.peeters@gent.be", "organisation": "Stad Gent",
            "organisation_type": "city", "country": "BE", "privacy_consent": True}
    with Client(registration_service.app) as client:
        before = stack.snapshot(DUE)
        closed = client.http.post(f"/events/{DUE}/registrations", headers={"Content-Type": "application/json"},
                                  body=json.dumps(body))
        open_one = client.http.post(f"/events/{LATER}/registrations", headers={"Content-Type": "application/json"},
                                    body=json.dumps(body))
    assert closed.status_code == 409
    assert closed.json_body["error"]["code"] == "registration_closed"
    assert stack.snapshot(DUE) == before
    assert open_one.status_code == 201


def test_nothing_due_means_one_query_and_no_write(stack: Stack, registration_service: ModuleType) -> None:
    before = stack.snapshot()
    with stack.record_calls() as calls:
        run_job(registration_service)
    assert calls == ["Query"]
    assert stack.snapshot() == before
