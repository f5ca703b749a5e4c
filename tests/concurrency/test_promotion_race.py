"""Promotions from the waiting list under real concurrency (Amazon DynamoDB Local): cancellations that
race each other promote exactly as many people as they free places, first in line first; racing with
new registrations they never overbook, and the counters always equal the items."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import pytest
from race_support import open_event

from eventreg.adapters.dynamodb import keys
from eventreg.adapters.dynamodb.repository import Repository
from eventreg.domain.changes import Transition
from eventreg.domain.errors import Unavailable
from eventreg.domain.models import (
    AttendanceMode,
    Registration,
    RegistrationStatus,
    Session,
    utc_now,
)
from eventreg.domain.parsing import parse_request
from eventreg.entrypoints.bootstrap import repository
from eventreg.register.managing import Manager
from eventreg.register.registering import Registrar

pytestmark = pytest.mark.dynamodb_local

T = TypeVar("T")
WORKSHOP = "workshop"



def workshop(now: datetime, capacity: int) -> Session:
    start = now + timedelta(days=30)
    return Session(session_id=WORKSHOP, title={"en": "Workshop"}, starts_at=start,
                   ends_at=start + timedelta(hours=1), capacity=capacity)


def register(registrar: Registrar, event_id: str, index: int, now: datetime, **extra: Any) -> Registration:
    request = parse_request({
        "name": f"Attendee {index}", "email": f"attendee{index}@region{index % 7}.example.eu",
        "organisation": "Region of Test", "organisation_type": "region", "country": "BE",
        "privacy_consent": True, **extra,
    })
    return registrar.register(event_id, request, now)


def fill(repo: Repository, event_id: str, now: datetime, people: int, **extra: Any) -> list[Registration]:
    registrar = Registrar(repo)
    return [register(registrar, event_id, i, now, **extra) for i in range(people)]


@dataclass(frozen=True)
class Failed:
    error: str  # the exception's class name


def race(jobs: Sequence[Callable[[], T]]) -> list[T | Failed]:
    """Every job on its own thread, all released together by a barrier; exceptions are kept as Failed."""
    barrier = threading.Barrier(len(jobs))

    def run(job: Callable[[], T]) -> T | Failed:
        barrier.wait(timeout=30)
        try:
            return job()
        except Exception as error:  # every outcome is counted and asserted on
            return Failed(type(error).__name__)

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def settle(outcomes: list[T | Failed], jobs: Sequence[Callable[[], T]]) -> tuple[list[T], int]:
    """What a client does after a 503: try again (once the crowd is gone). Returns every answer and how
    many had to be retried; any other failure fails the test."""
    failures = [o for o in outcomes if isinstance(o, Failed)]
    assert {f.error for f in failures} <= {Unavailable.__name__}, failures
    retried = [job for job, outcome in zip(jobs, outcomes, strict=True) if isinstance(outcome, Failed)]
    answers = [o for o in outcomes if not isinstance(o, Failed)]
    return answers + [job() for job in retried], len(retried)


def count_items(repo: Repository, event_id: str, prefix: str) -> int:
    kwargs: dict[str, Any] = {
        "TableName": repo.table,
        "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
        "ExpressionAttributeValues": {":pk": {"S": keys.event_pk(event_id)}, ":prefix": {"S": prefix}},
        "Select": "COUNT",
        "ConsistentRead": True,
    }
    total = 0
    while True:
        page = repo.client.query(**kwargs)
        total += page["Count"]
        if "LastEvaluatedKey" not in page:
            return total
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def wait_keys(repo: Repository, event_id: str) -> list[str]:
    answer = repo.client.query(
        TableName=repo.table, KeyConditionExpression="PK = :pk AND begins_with(SK, :prefix)",
        ExpressionAttributeValues={":pk": {"S": keys.event_pk(event_id)}, ":prefix": {"S": keys.WAIT_PREFIX}},
        ConsistentRead=True)
    return [item["SK"]["S"] for item in answer["Items"]]


def statuses(repo: Repository, event_id: str) -> dict[str, Registration]:
    return {r.registration_id: r for r in repo.iter_registrations(event_id)}


def assert_counters_equal_items(repo: Repository, event_id: str) -> Counter[str]:
    event, sessions = repo.get_event_with_sessions(event_id)
    registrations = list(repo.iter_registrations(event_id))
    by_status = Counter(r.status.value for r in registrations)
    assert event.registered_in_person == sum(
        1 for r in registrations if r.status.holds_place and r.attendance_mode is AttendanceMode.IN_PERSON)
    assert event.waitlisted == by_status["waitlisted"]
    assert count_items(repo, event_id, f"{keys.WAIT_PREFIX}EVENT#") == by_status["waitlisted"]
    live = sum(1 for r in registrations if r.status.live)
    assert count_items(repo, event_id, keys.EMAIL_PREFIX) == live
    for session in sessions:
        seated = [r for r in registrations if r.status.holds_place and session.session_id in r.sessions]
        waiting = [r for r in registrations if r.status.holds_place and session.session_id in r.waitlisted_sessions]
        assert session.registered == len(seated), session.session_id
        assert session.waitlisted == len(waiting), session.session_id
        assert count_items(repo, event_id, f"{keys.WAIT_PREFIX}SESSION#{session.session_id}#") == len(waiting)
        if session.capacity is not None:
            assert session.registered <= session.capacity
    return by_status


# -- cancellations racing each other ------------------------------------------------------------------------


def test_10_concurrent_cancellations_promote_the_first_10_in_line(repo: Repository, event_id: str) -> None:
    now = utc_now()
    repo.put_event(open_event(event_id, capacity=10, now=now), [workshop(now, capacity=10)])
    everyone = fill(repo, event_id, now, 30, sessions=[WORKSHOP])
    confirmed = [r for r in everyone if r.status is RegistrationStatus.CONFIRMED]
    waiting = [r for r in everyone if r.status is RegistrationStatus.WAITLISTED]
    assert (len(confirmed), len(waiting)) == (10, 20)
    line = sorted(r.registration_id for r in waiting)  # the waiting list's order (time-ordered ids)

    def cancel(registration: Registration) -> Callable[[], tuple[Registration, list[Registration]]]:
        return lambda: Manager(repository()).cancel(event_id, registration.registration_id, now)

    jobs = [cancel(r) for r in confirmed]
    answers, _ = settle(race(jobs), jobs)  # a 503, should one still come, is retried as a client would

    assert len(answers) == 10
    assert {mine.status for mine, _ in answers} == {RegistrationStatus.CANCELLED}
    promoted = Counter(p.registration_id for _, found in answers for p in found)
    assert set(promoted) == set(line[:10]) and set(promoted.values()) == {1}  # each once, FIFO
    found = statuses(repo, event_id)
    assert {rid for rid, r in found.items() if r.status is RegistrationStatus.CONFIRMED} == set(line[:10])
    assert {rid for rid, r in found.items() if r.status is RegistrationStatus.WAITLISTED} == set(line[10:])
    for rid in line[:10]:
        assert found[rid].sessions == [WORKSHOP] and found[rid].waitlisted_sessions == []
        assert found[rid].version == 2
    event, sessions = repo.get_event_with_sessions(event_id)
    assert (event.registered_in_person, event.waitlisted) == (10, 10)
    assert (sessions[0].registered, sessions[0].waitlisted) == (10, 0)
    assert sorted(wait_keys(repo, event_id)) == [f"WAIT#EVENT#in_person#{rid}" for rid in line[10:]]
    assert count_items(repo, event_id, keys.REG_PREFIX) == 30
    assert count_items(repo, event_id, keys.EMAIL_PREFIX) == 20
    assert assert_counters_equal_items(repo, event_id) == Counter({"confirmed": 10, "waitlisted": 10,
                                                                   "cancelled": 10})


def test_one_registration_cancelled_twice_at_once_frees_one_place(repo: Repository, event_id: str) -> None:
    now = utc_now()
    repo.put_event(open_event(event_id, capacity=1, now=now))
    first, *waiting = fill(repo, event_id, now, 3)
    assert first.status is RegistrationStatus.CONFIRMED

    jobs = [lambda: Manager(repository()).cancel(event_id, first.registration_id, now)] * 8
    answers, _ = settle(race(jobs), jobs)

    assert {mine.status for mine, _ in answers} == {RegistrationStatus.CANCELLED}
    promoted = [p.registration_id for _, found in answers for p in found]
    line = sorted(r.registration_id for r in waiting)
    assert promoted == [line[0]]
    event = repo.get_event(event_id)
    assert (event.registered_in_person, event.waitlisted) == (1, 1)
    assert assert_counters_equal_items(repo, event_id) == Counter({"cancelled": 1, "confirmed": 1, "waitlisted": 1})


# -- cancellations racing new registrations -------------------------------------------------------------------


def test_cancellations_racing_new_registrations_never_overbook(repo: Repository, event_id: str) -> None:
    now = utc_now()
    capacity = 10
    repo.put_event(open_event(event_id, capacity=capacity, now=now), [workshop(now, capacity=5)])
    everyone = fill(repo, event_id, now, 15, sessions=[WORKSHOP])
    confirmed = [r for r in everyone if r.status is RegistrationStatus.CONFIRMED]
    assert len(confirmed) == capacity

    seen: list[int] = []
    stop = threading.Event()

    def watch() -> None:
        watcher = repository()
        while not stop.is_set():
            event, sessions = watcher.get_event_with_sessions(event_id)
            seen.append(event.registered_in_person)
            assert sessions[0].registered <= 5

    def cancel(registration: Registration) -> Callable[[], str]:
        return lambda: Manager(repository()).cancel(event_id, registration.registration_id, now)[0].status.value

    def newcomer(index: int) -> Callable[[], str]:
        return lambda: register(Registrar(repository()), event_id, index, now, sessions=[WORKSHOP]).status.value

    jobs = [cancel(r) for r in confirmed] + [newcomer(100 + i) for i in range(20)]
    jobs = jobs[::2] + jobs[1::2]  # interleaved
    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        answers, _ = settle(race(jobs), jobs)
    finally:
        stop.set()
        watcher.join(timeout=30)
    outcomes = Counter(answers)

    assert outcomes["cancelled"] == capacity
    assert outcomes["confirmed"] + outcomes["waitlisted"] == 20, outcomes
    assert seen and max(seen) <= capacity
    event = repo.get_event(event_id)
    assert event.registered_in_person <= capacity
    by_status = assert_counters_equal_items(repo, event_id)
    assert by_status["cancelled"] == capacity
    assert sum(by_status.values()) == 35


class WriteInBetween(Repository):
    """A repository that runs the next of `meanwhile` right before each change it writes: a
    deterministic stand-in for other requests landing between a change's reads and its write."""

    def __init__(self, base: Repository, *meanwhile: Callable[[], object]) -> None:
        super().__init__(base.client, base.table)
        self.meanwhile = list(meanwhile)

    def apply_transition(self, transition: Transition) -> bool:
        if self.meanwhile:
            self.meanwhile.pop(0)()
        return super().apply_transition(transition)


def test_a_cancellation_that_keeps_losing_the_first_in_line_still_goes_through(
    repo: Repository, event_id: str
) -> None:
    now = utc_now()
    repo.put_event(open_event(event_id, capacity=10, now=now))
    everyone = fill(repo, event_id, now, 20)
    target, *others = [r for r in everyone if r.status is RegistrationStatus.CONFIRMED]
    line = sorted(r.registration_id for r in everyone if r.status is RegistrationStatus.WAITLISTED)

    def other_cancels(registration: Registration) -> Callable[[], object]:
        return lambda: Manager(repository()).cancel(event_id, registration.registration_id, now)

    contended = WriteInBetween(repo, *[other_cancels(r) for r in others[:7]])

    mine, promoted = Manager(contended).cancel(event_id, target.registration_id, now)

    assert mine.status is RegistrationStatus.CANCELLED
    assert [p.registration_id for p in promoted] == [line[7]]  # the 7 others took the first 7
    event = repo.get_event(event_id)
    assert (event.registered_in_person, event.waitlisted) == (10, 2)


def test_a_place_freed_while_someone_joins_the_line_goes_to_them(repo: Repository, event_id: str) -> None:
    now = utc_now()
    repo.put_event(open_event(event_id, capacity=2, now=now))
    leaving, _ = fill(repo, event_id, now, 2)
    newcomer: list[Registration] = []

    def join_the_line() -> None:
        newcomer.append(register(Registrar(repository()), event_id, 99, now))
        assert newcomer[0].status is RegistrationStatus.WAITLISTED  # the hall was still full

    Manager(WriteInBetween(repo, join_the_line)).cancel(event_id, leaving.registration_id, now)

    (late,) = newcomer
    event = repo.get_event(event_id)
    found = repo.get_registration(event_id, late.registration_id)
    assert found is not None
    assert (event.registered_in_person, event.waitlisted) == (2, 0)
    assert found.status is RegistrationStatus.CONFIRMED
