"""The registration transaction under real concurrency (Amazon DynamoDB Local): no overbooking, and one
live registration per person per event, however many attempts race for the last places."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest

from eventreg.domain.errors import AlreadyRegistered, EventFull
from eventreg.domain.models import AttendanceMode, Event, EventStatus, Registration, utc_now
from eventreg.domain.registration import new_registration, parse_request
from eventreg.storage import keys
from eventreg.storage.repository import Repository, repository

pytestmark = pytest.mark.dynamodb_local

WORKERS = 16
Outcome = str  # "ok" or the name of the exception raised


def open_event(event_id: str, capacity: int, now: datetime) -> Event:
    return Event(
        event_id=event_id,
        title="Capacity race",
        timezone="Europe/Brussels",
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=30, hours=8),
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=now + timedelta(days=20),
        status=EventStatus.OPEN,
        capacity=capacity,
        modes=[AttendanceMode.IN_PERSON, AttendanceMode.ONLINE],
    )


def attempt(event_id: str, email: str, index: int, now: datetime) -> Registration:
    request = parse_request(
        {"name": f"Attendee {index}", "email": email, "organisation": "Region of Test", "country": "BE"}
    )
    return new_registration(event_id, request, now)


def race(attempts: Sequence[Registration], now: datetime) -> list[Outcome]:
    """Every attempt through repository().register, WORKERS threads released together by a barrier
    (the registrations are built beforehand, so the threads really overlap on the engine)."""
    barrier = threading.Barrier(WORKERS)
    slices = [attempts[i::WORKERS] for i in range(WORKERS)]

    def run(mine: Sequence[Registration]) -> list[Outcome]:
        register: Callable[[Registration, datetime], Registration] = repository().register
        barrier.wait(timeout=30)
        outcomes: list[Outcome] = []
        for registration in mine:
            try:
                register(registration, now)
                outcomes.append("ok")
            except Exception as error:  # every outcome is counted and asserted on
                outcomes.append(type(error).__name__)
        return outcomes

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return [outcome for outcomes in pool.map(run, slices) for outcome in outcomes]


def count_items(repo: Repository, event_id: str, prefix: str) -> int:
    """Items of the event partition whose sort key starts with prefix (a paginated Query, no Scan)."""
    kwargs = {
        "TableName": repo.table,
        "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
        "ExpressionAttributeValues": {":pk": {"S": keys.event_pk(event_id)}, ":prefix": {"S": prefix}},
        "Select": "COUNT",
        "ConsistentRead": True,
    }
    total = 0
    while True:
        page = repo.client.query(**kwargs)  # type: ignore[arg-type]
        total += page["Count"]
        if "LastEvaluatedKey" not in page:
            return total
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def test_400_attempts_at_capacity_100_book_exactly_100(repo: Repository, event_id: str) -> None:
    now = utc_now()
    repo.put_event(open_event(event_id, capacity=100, now=now))
    attempts = [attempt(event_id, f"attendee{i}@region{i % 7}.example.eu", i, now) for i in range(400)]

    outcomes = Counter(race(attempts, now))

    assert outcomes == Counter({"ok": 100, EventFull.__name__: 300})
    assert repo.get_event(event_id).registered_count == 100
    assert count_items(repo, event_id, keys.REG_PREFIX) == 100
    assert count_items(repo, event_id, keys.EMAIL_PREFIX) == 100
    registered = {r.email_norm for r in repo.iter_registrations(event_id)}
    assert len(registered) == 100 and registered <= {a.email_norm for a in attempts}


def test_50_attempts_with_one_email_register_once(repo: Repository, event_id: str) -> None:
    now = utc_now()
    repo.put_event(open_event(event_id, capacity=100, now=now))
    spellings = [
        "Anna.Kowalska@Region.example.eu",
        "  anna.kowalska@region.example.eu",
        "ANNA.KOWALSKA@REGION.EXAMPLE.EU  ",
        "\tAnna.KOWALSKA@region.EXAMPLE.eu\n",
        "anna.kowalska@REGION.example.EU",
    ]
    attempts = [attempt(event_id, spellings[i % len(spellings)], i, now) for i in range(50)]
    assert len({a.email_norm for a in attempts}) == 1
    assert len({a.registration_id for a in attempts}) == 50

    outcomes = Counter(race(attempts, now))

    assert outcomes == Counter({"ok": 1, AlreadyRegistered.__name__: 49})
    assert repo.get_event(event_id).registered_count == 1
    assert count_items(repo, event_id, keys.REG_PREFIX) == 1
    assert count_items(repo, event_id, keys.EMAIL_PREFIX) == 1
