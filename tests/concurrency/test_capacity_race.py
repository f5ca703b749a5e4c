"""The registration transaction under real concurrency (Amazon DynamoDB Local): no overbooking of the
event or of a session, one live registration per person per event, waiting lists that match their
counters, and delegations that are seated or waitlisted whole, however many attempts race."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any, TypeVar

import pytest
from race_support import open_event

from eventreg.adapters.dynamodb import keys
from eventreg.adapters.dynamodb.repository import Repository
from eventreg.domain.errors import AlreadyRegistered, EventFull
from eventreg.domain.models import (
    DelegationRequest,
    Registration,
    RegistrationRequest,
    Session,
    utc_now,
)
from eventreg.domain.parsing import parse_delegation, parse_request
from eventreg.domain.registration import normalise_email
from eventreg.entrypoints.bootstrap import repository
from eventreg.register.registering import Registrar

pytestmark = pytest.mark.dynamodb_local

WORKERS = 16
Outcome = str  # the status of the registration(s) written, or the name of the exception raised
T = TypeVar("T")



def workshops(now: datetime, capacity: int) -> list[Session]:
    start = now + timedelta(days=30)
    return [
        Session(session_id="small-workshop", title={"en": "Small workshop"}, starts_at=start,
                ends_at=start + timedelta(hours=1), capacity=capacity),
        Session(session_id="plenary", title={"en": "Plenary"}, starts_at=start + timedelta(hours=2),
                ends_at=start + timedelta(hours=3)),  # unlimited
    ]


def person(email: str, index: int, **extra: Any) -> dict[str, Any]:
    return {"name": f"Attendee {index}", "email": email, "organisation": "Region of Test",
            "organisation_type": "region", "country": "BE", "privacy_consent": True, **extra}


def attempt(email: str, index: int, **extra: Any) -> RegistrationRequest:
    return parse_request(person(email, index, **extra))


def delegation(index: int, **extra: Any) -> DelegationRequest:
    city = f"city{index}.example.eu"
    return parse_delegation({
        "lead": person(f"mayor@{city}", index, **extra),
        "members": [{"name": f"Official {m}", "email": f"official{m}@{city}"} for m in range(4)],
    })


def race(event_id: str, attempts: Sequence[T], register: Callable[[Registrar, T], list[Registration]]) -> list[Outcome]:
    """Every attempt through a Registrar (one per thread, as each Lambda container has its own), WORKERS
    threads released together by a barrier once their programme cache is warm, so that the threads
    really overlap on the engine's transactions."""
    barrier = threading.Barrier(WORKERS)
    slices = [attempts[i::WORKERS] for i in range(WORKERS)]

    def run(mine: Sequence[T]) -> list[Outcome]:
        registrar = Registrar(repository())
        registrar.programmes.get(event_id)
        barrier.wait(timeout=30)
        outcomes: list[Outcome] = []
        for request in mine:
            try:
                written = register(registrar, request)
                statuses = {r.status.value for r in written}
                outcomes.append(statuses.pop() if len(statuses) == 1 else f"mixed {sorted(statuses)}")
            except Exception as error:  # every outcome is counted and asserted on
                outcomes.append(type(error).__name__)
        return outcomes

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return [outcome for outcomes in pool.map(run, slices) for outcome in outcomes]


def register_one(event_id: str, now: datetime) -> Callable[[Registrar, RegistrationRequest], list[Registration]]:
    return lambda registrar, request: [registrar.register(event_id, request, now)]


def register_delegation(event_id: str, now: datetime) -> Callable[[Registrar, DelegationRequest], list[Registration]]:
    return lambda registrar, request: registrar.register_delegation(event_id, request, now)


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


def by_status(repo: Repository, event_id: str) -> Counter[str]:
    return Counter(r.status.value for r in repo.iter_registrations(event_id))


# -- the hall --------------------------------------------------------------------------------------


def test_400_attempts_at_capacity_100_book_exactly_100(repo: Repository, event_id: str) -> None:
    now = utc_now()
    repo.put_event(open_event(event_id, capacity=100, now=now))
    attempts = [attempt(f"attendee{i}@region{i % 7}.example.eu", i, when_full="refuse") for i in range(400)]

    outcomes = Counter(race(event_id, attempts, register_one(event_id, now)))

    assert outcomes == Counter({"confirmed": 100, EventFull.__name__: 300})
    event = repo.get_event(event_id)
    assert (event.registered_in_person, event.registered_online, event.waitlisted) == (100, 0, 0)
    assert count_items(repo, event_id, keys.REG_PREFIX) == 100
    assert count_items(repo, event_id, keys.EMAIL_PREFIX) == 100
    assert count_items(repo, event_id, keys.WAIT_PREFIX) == 0
    registered = {r.email_norm for r in repo.iter_registrations(event_id)}
    assert len(registered) == 100 and registered <= {normalise_email(a.email) for a in attempts}


def test_400_attempts_at_capacity_100_seat_100_and_waitlist_300(repo: Repository, event_id: str) -> None:
    now = utc_now()
    repo.put_event(open_event(event_id, capacity=100, now=now))
    attempts = [attempt(f"attendee{i}@region{i % 7}.example.eu", i) for i in range(400)]  # when_full: waitlist

    outcomes = Counter(race(event_id, attempts, register_one(event_id, now)))

    assert outcomes == Counter({"confirmed": 100, "waitlisted": 300})
    event = repo.get_event(event_id)
    assert (event.registered_in_person, event.waitlisted) == (100, 300)
    assert by_status(repo, event_id) == Counter({"confirmed": 100, "waitlisted": 300})  # counters equal items
    assert count_items(repo, event_id, keys.REG_PREFIX) == 400
    assert count_items(repo, event_id, keys.EMAIL_PREFIX) == 400
    assert count_items(repo, event_id, keys.WAIT_PREFIX) == 300
    assert count_items(repo, event_id, f"{keys.WAIT_PREFIX}EVENT#in_person#") == 300


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
    attempts = [attempt(spellings[i % len(spellings)], i) for i in range(50)]
    assert len({normalise_email(a.email) for a in attempts}) == 1

    outcomes = Counter(race(event_id, attempts, register_one(event_id, now)))

    assert outcomes == Counter({"confirmed": 1, AlreadyRegistered.__name__: 49})
    assert repo.get_event(event_id).registered_in_person == 1
    assert count_items(repo, event_id, keys.REG_PREFIX) == 1
    assert count_items(repo, event_id, keys.EMAIL_PREFIX) == 1


# -- a session -------------------------------------------------------------------------------------


def test_200_attempts_for_a_session_of_20_seat_exactly_20(repo: Repository, event_id: str) -> None:
    now = utc_now()
    repo.put_event(open_event(event_id, capacity=1000, now=now), workshops(now, capacity=20))
    attempts = [attempt(f"attendee{i}@city{i % 5}.example.eu", i, sessions=["small-workshop", "plenary"])
                for i in range(200)]

    outcomes = Counter(race(event_id, attempts, register_one(event_id, now)))

    assert outcomes == Counter({"confirmed": 200})  # everyone has a place in the event
    event, sessions = repo.get_event_with_sessions(event_id)
    assert event.registered_in_person == 200 and event.waitlisted == 0
    counters = {s.session_id: (s.registered, s.waitlisted) for s in sessions}
    assert counters == {"small-workshop": (20, 180), "plenary": (200, 0)}
    registrations = list(repo.iter_registrations(event_id))
    seated = [r for r in registrations if "small-workshop" in r.sessions]
    waiting = [r for r in registrations if r.waitlisted_sessions == ["small-workshop"]]
    assert len(seated) == 20 and len(waiting) == 180
    assert all("plenary" in r.sessions for r in registrations)
    assert count_items(repo, event_id, f"{keys.WAIT_PREFIX}SESSION#small-workshop#") == 180
    assert count_items(repo, event_id, keys.WAIT_PREFIX) == 180


# -- delegations -----------------------------------------------------------------------------------


def delegations_by_id(repo: Repository, event_id: str) -> dict[str | None, list[Registration]]:
    groups: dict[str | None, list[Registration]] = defaultdict(list)
    for registration in repo.iter_registrations(event_id):
        groups[registration.delegation_id].append(registration)
    return groups


def test_30_delegations_of_5_at_capacity_50_seat_10_and_waitlist_the_rest_whole(
    repo: Repository, event_id: str
) -> None:
    now = utc_now()
    repo.put_event(open_event(event_id, capacity=50, now=now))
    attempts = [delegation(i) for i in range(30)]

    outcomes = Counter(race(event_id, attempts, register_delegation(event_id, now)))

    assert outcomes == Counter({"confirmed": 10, "waitlisted": 20})
    event = repo.get_event(event_id)
    assert (event.registered_in_person, event.waitlisted) == (50, 100)
    groups = delegations_by_id(repo, event_id)
    assert None not in groups and len(groups) == 30
    for members in groups.values():
        assert len(members) == 5
        assert len({r.status for r in members}) == 1, "never a partial delegation"
        assert sum(r.delegation_lead for r in members) == 1
    assert by_status(repo, event_id) == Counter({"confirmed": 50, "waitlisted": 100})
    assert count_items(repo, event_id, keys.WAIT_PREFIX) == 100


def test_30_delegations_of_5_at_capacity_50_refusing_to_wait_seat_exactly_10(
    repo: Repository, event_id: str
) -> None:
    now = utc_now()
    repo.put_event(open_event(event_id, capacity=50, now=now))
    attempts = [delegation(i, when_full="refuse") for i in range(30)]

    outcomes = Counter(race(event_id, attempts, register_delegation(event_id, now)))

    assert outcomes == Counter({"confirmed": 10, EventFull.__name__: 20})
    event = repo.get_event(event_id)
    assert (event.registered_in_person, event.waitlisted) == (50, 0)
    groups = delegations_by_id(repo, event_id)
    assert len(groups) == 10 and all(len(members) == 5 for members in groups.values())
    assert count_items(repo, event_id, keys.REG_PREFIX) == 50
    assert count_items(repo, event_id, keys.EMAIL_PREFIX) == 50
    assert count_items(repo, event_id, keys.WAIT_PREFIX) == 0
