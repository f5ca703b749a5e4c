"""The use cases on the in-memory fakes of eventreg.ports (tests/unit/fakes.py): no moto, no DynamoDB.
The deadline job's moto tests (tests/integration/test_deadline_job.py) stay: they check the calls and items;
these check the rules. Manager: cancelling, promoting the first in line, losing a round to a concurrent change."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from fakes import FakeStore, FixedClock
from unit_helpers import build_event, build_registration

from eventreg.domain.changes import NotChangeable, event_scope
from eventreg.domain.errors import Unavailable
from eventreg.domain.models import AttendanceMode, Event, EventStatus, RegistrationStatus
from eventreg.register import managing
from eventreg.register.deadlines import close_due_events
from eventreg.register.managing import Manager
from eventreg.retry import Backoff

CLOCK = FixedClock()
NOW = CLOCK()
DUE = "due-workshop"  # open, cutoff passed: the job closes it
LATER = "later-workshop"  # open, cutoff to come
CLOSED = "closed-workshop"  # cutoff passed, closed by hand already


def workshop(event_id: str, closes_in: timedelta, status: EventStatus) -> Event:
    return build_event(event_id=event_id, status=status, registration_opens_at=NOW - timedelta(days=10),
                       registration_closes_at=NOW + closes_in, starts_at=NOW + timedelta(days=10),
                       ends_at=NOW + timedelta(days=10, hours=6), modes=[AttendanceMode.IN_PERSON],
                       capacity_in_person=50)


@pytest.fixture
def workshops() -> FakeStore:
    store = FakeStore()
    store.add_event(workshop(DUE, -timedelta(minutes=5), EventStatus.OPEN))
    store.add_event(workshop(LATER, timedelta(days=2), EventStatus.OPEN))
    store.add_event(workshop(CLOSED, -timedelta(days=1), EventStatus.CLOSED))
    return store


# -- the deadline job -----------------------------------------------------------------------------------
def test_the_job_closes_only_the_open_event_whose_cutoff_passed(workshops: FakeStore) -> None:
    before = dict(workshops.events)
    assert close_due_events(workshops, NOW) == [DUE]
    assert workshops.events[DUE].status is EventStatus.CLOSED
    assert workshops.events[LATER].status is EventStatus.OPEN
    assert workshops.events[CLOSED].status is EventStatus.CLOSED
    assert workshops.open_events_due(NOW) == []
    for event_id in (LATER, CLOSED):
        assert workshops.events[event_id] == before[event_id], event_id
    assert workshops.events[DUE].model_dump(exclude={"status"}) == before[DUE].model_dump(exclude={"status"})
    assert workshops.writes == [f"close_event {DUE}"]


def test_the_cutoff_counts_to_the_second(workshops: FakeStore) -> None:
    cutoff = workshops.events[LATER].registration_closes_at
    assert close_due_events(workshops, cutoff - timedelta(seconds=1)) == [DUE]
    assert close_due_events(workshops, cutoff) == [LATER]


def test_a_second_run_changes_nothing(workshops: FakeStore) -> None:
    close_due_events(workshops, NOW)
    before = dict(workshops.events)
    assert close_due_events(workshops, NOW) == []
    assert workshops.events == before
    assert workshops.writes == [f"close_event {DUE}"]


def test_nothing_due_means_no_write() -> None:
    store = FakeStore()
    store.add_event(workshop(LATER, timedelta(days=2), EventStatus.OPEN))
    assert close_due_events(store, NOW) == []
    assert store.writes == []


def test_the_job_logs_which_events_it_closed(workshops: FakeStore, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="eventreg")
    close_due_events(workshops, NOW)
    assert [r.getMessage() for r in caplog.records] == [f"closed registration of 1 event(s): {DUE}"]
    record: Any = caplog.records[0]
    assert record.events == [DUE]


# -- Manager: changing registrations ---------------------------------------------------------------------
HALL = "eu-workshop"


@pytest.fixture
def full_hall() -> FakeStore:
    """A hall of 1 place, taken by Ana; Bram waits first in line, Carla second."""
    store = FakeStore()
    store.add_event(build_event(event_id=HALL, capacity_in_person=1, registered_in_person=1, waitlisted=2))
    store.add_registration(build_registration(registration_id="01KA3F7Q9MZ6T2X8WB4NRCDJ5A", email="ana@example.eu",
                                              email_norm="ana@example.eu"))
    for rid, name in (("01KA3F7Q9MZ6T2X8WB4NRCDJ5B", "bram"), ("01KA3F7Q9MZ6T2X8WB4NRCDJ5C", "carla")):
        store.add_registration(build_registration(registration_id=rid, email=f"{name}@example.eu",
                                                  email_norm=f"{name}@example.eu",
                                                  status=RegistrationStatus.WAITLISTED),
                               waiting_in=[event_scope(AttendanceMode.IN_PERSON)])
    return store


ANA, BRAM, CARLA = "01KA3F7Q9MZ6T2X8WB4NRCDJ5A", "01KA3F7Q9MZ6T2X8WB4NRCDJ5B", "01KA3F7Q9MZ6T2X8WB4NRCDJ5C"


def test_a_cancellation_gives_the_place_to_the_first_in_line(full_hall: FakeStore) -> None:
    cancelled, promoted = Manager(full_hall, clock=CLOCK).cancel(HALL, ANA, NOW)
    assert cancelled.status is RegistrationStatus.CANCELLED and cancelled.version == 2
    assert [p.registration_id for p in promoted] == [BRAM]
    assert full_hall.get_registration(HALL, BRAM).status is RegistrationStatus.CONFIRMED  # type: ignore[union-attr]
    assert full_hall.get_registration(HALL, CARLA).status is RegistrationStatus.WAITLISTED  # type: ignore[union-attr]
    event = full_hall.get_event(HALL)
    assert (event.registered_in_person, event.waitlisted) == (1, 1)
    assert full_hall.first_waiting(HALL, event_scope(AttendanceMode.IN_PERSON)).registration_id == CARLA  # type: ignore[union-attr]
    assert (HALL, "ana@example.eu") not in full_hall.guards


def test_cancelling_twice_answers_the_cancelled_registration(full_hall: FakeStore) -> None:
    manager = Manager(full_hall, clock=CLOCK)
    first, _ = manager.cancel(HALL, ANA, NOW)
    again, promoted = manager.cancel(HALL, ANA, NOW)
    assert again == first and promoted == []
    assert full_hall.get_event(HALL).registered_in_person == 1  # Bram's place, not freed twice


def test_a_cancelled_registration_cannot_be_approved(full_hall: FakeStore) -> None:
    manager = Manager(full_hall, clock=CLOCK)
    manager.cancel(HALL, ANA, NOW)
    with pytest.raises(NotChangeable):
        manager.approve(HALL, ANA, NOW)


def test_a_lost_round_is_planned_again_after_a_jittered_pause(full_hall: FakeStore,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(managing, "LOST_ROUND_BACKOFF", Backoff(base=0.01, cap=0.2, sleep=pauses.append,
                                                                uniform=lambda low, high: high))
    full_hall.refuse_transitions = 3  # three concurrent changes got through first
    cancelled, promoted = Manager(full_hall, clock=CLOCK).cancel(HALL, ANA, NOW)
    assert cancelled.status is RegistrationStatus.CANCELLED and [p.registration_id for p in promoted] == [BRAM]
    assert pauses == pytest.approx([0.01, 0.02, 0.04])


def test_a_registration_always_lost_to_others_is_503_after_the_last_attempt(
        full_hall: FakeStore, monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(managing, "LOST_ROUND_BACKOFF", Backoff(base=0.01, cap=0.2, sleep=pauses.append))
    full_hall.refuse_transitions = managing.MAX_ATTEMPTS
    with pytest.raises(Unavailable):
        Manager(full_hall, clock=CLOCK).cancel(HALL, ANA, NOW)
    assert len(pauses) == managing.MAX_ATTEMPTS
    assert all(0 <= p <= 0.2 for p in pauses)
    assert full_hall.get_registration(HALL, ANA).status is RegistrationStatus.CONFIRMED  # type: ignore[union-attr]


def test_raising_the_capacity_fills_the_free_places_first_in_line_first(full_hall: FakeStore) -> None:
    event = full_hall.get_event(HALL)
    assert full_hall.update_event(event.model_copy(update={"capacity_in_person": 3}), event.status.value)
    promoted = Manager(full_hall, clock=CLOCK).fill_free_places(HALL, NOW)
    assert [p.registration_id for p in promoted] == [BRAM, CARLA]
    event = full_hall.get_event(HALL)
    assert (event.registered_in_person, event.waitlisted) == (3, 0)
