"""Registering on the in-memory fakes of eventreg.ports: the Registrar's rules without moto. Its moto and
DynamoDB Local tests (tests/integration) stay: they check the transaction's items and conditions; these
check what the use case makes of a write that holds or is refused — the re-plan from a stale programme,
the waiting list, one registration per email, idempotent retries, delegations all or nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fakes import FakeStore
from unit_helpers import OPENS, build_event, build_registration, build_request, build_sessions

from eventreg.domain.changes import event_scope, session_scope
from eventreg.domain.errors import AlreadyRegistered, EventFull, EventNotFound, RegistrationClosed, ValidationFailed
from eventreg.domain.idempotency import IdempotencyKeyReused, idempotency
from eventreg.domain.models import AttendanceMode, DelegationRequest, EventStatus, Person, RegistrationStatus
from eventreg.register.registering import Registrar

NOW = OPENS + timedelta(days=9)
EVENT = "eu-workshop"


@pytest.fixture
def store() -> FakeStore:
    store = FakeStore()
    store.add_event(build_event(capacity_in_person=2, registered_in_person=0), build_sessions().values())
    return store


def person(name: str, **overrides: object) -> dict[str, object]:
    return {"name": name.title(), "email": f"{name}@example.eu", **overrides}


def test_a_registration_is_written_with_its_seats_and_email_guard(store: FakeStore) -> None:
    registration = Registrar(store).register(EVENT, build_request(**person("ana"), sessions=["plenary", "lab-a"]),
                                             NOW)
    assert registration.status is RegistrationStatus.CONFIRMED
    assert store.get_registration(EVENT, registration.registration_id) == registration
    assert store.get_event(EVENT).registered_in_person == 1
    assert [store.sessions[EVENT][s].registered for s in ("plenary", "lab-a", "lab-b")] == [1, 1, 0]
    assert store.guards[(EVENT, "ana@example.eu")] == registration.registration_id
    assert store.writes == [f"apply {EVENT}"]


def test_when_the_hall_is_full_the_next_person_waits_in_line(store: FakeStore) -> None:
    registrar = Registrar(store)
    for name in ("ana", "bram"):
        registrar.register(EVENT, build_request(**person(name)), NOW)
    carla = registrar.register(EVENT, build_request(**person("carla")), NOW)
    dirk = registrar.register(EVENT, build_request(**person("dirk")), NOW)
    assert (carla.status, dirk.status) == (RegistrationStatus.WAITLISTED, RegistrationStatus.WAITLISTED)
    event = store.get_event(EVENT)
    assert (event.registered_in_person, event.waitlisted) == (2, 2)
    assert store.waiting[(EVENT, event_scope(AttendanceMode.IN_PERSON))] == [carla.registration_id,
                                                                           dirk.registration_id]


def test_a_stale_programme_is_read_again_and_the_registration_planned_anew(store: FakeStore) -> None:
    registrar = Registrar(store)
    registrar.register(EVENT, build_request(**person("ana")), NOW)  # the cache now says: 1 of 2 taken
    # Meanwhile another instance of the service took the last place.
    store.add_registration(build_registration(registration_id="01KA3F7Q9MZ6T2X8WB4NRCDJ5Z", email="bram@example.eu",
                                              email_norm="bram@example.eu"))
    store.events[EVENT] = store.events[EVENT].model_copy(update={"registered_in_person": 2})
    carla = registrar.register(EVENT, build_request(**person("carla")), NOW)
    assert carla.status is RegistrationStatus.WAITLISTED  # refused as confirmed, re-planned as waiting
    assert store.writes == [f"apply {EVENT}", f"apply {EVENT}"]  # the refused write wrote nothing
    assert (store.get_event(EVENT).registered_in_person, store.get_event(EVENT).waitlisted) == (2, 1)


def test_a_capacity_raised_meanwhile_gives_a_seat_instead_of_the_waiting_list(store: FakeStore) -> None:
    registrar = Registrar(store)
    for name in ("ana", "bram"):
        registrar.register(EVENT, build_request(**person(name)), NOW)
    store.events[EVENT] = store.events[EVENT].model_copy(update={"capacity_in_person": 3})  # the cache says 2
    carla = registrar.register(EVENT, build_request(**person("carla")), NOW)
    assert carla.status is RegistrationStatus.CONFIRMED
    assert (store.get_event(EVENT).registered_in_person, store.get_event(EVENT).waitlisted) == (3, 0)


def test_refusing_to_wait_on_a_full_hall_is_event_full_and_writes_nothing(store: FakeStore) -> None:
    registrar = Registrar(store)
    for name in ("ana", "bram"):
        registrar.register(EVENT, build_request(**person(name)), NOW)
    with pytest.raises(EventFull):
        registrar.register(EVENT, build_request(**person("carla"), when_full="refuse"), NOW)
    assert (EVENT, "carla@example.eu") not in store.guards
    assert store.get_event(EVENT).waitlisted == 0


def test_a_full_session_puts_the_person_on_its_own_waiting_list(store: FakeStore) -> None:
    store.sessions[EVENT]["lab-a"] = store.sessions[EVENT]["lab-a"].model_copy(update={"registered": 20})
    ana = Registrar(store).register(EVENT, build_request(**person("ana"), sessions=["plenary", "lab-a"]), NOW)
    assert ana.status is RegistrationStatus.CONFIRMED
    assert (ana.sessions, ana.waitlisted_sessions) == (["plenary"], ["lab-a"])
    assert store.waiting[(EVENT, session_scope("lab-a"))] == [ana.registration_id]
    assert (store.sessions[EVENT]["lab-a"].registered, store.sessions[EVENT]["lab-a"].waitlisted) == (20, 1)


def test_the_same_email_twice_is_already_registered_whatever_its_case(store: FakeStore) -> None:
    registrar = Registrar(store)
    registrar.register(EVENT, build_request(**person("ana")), NOW)
    with pytest.raises(AlreadyRegistered) as refused:
        registrar.register(EVENT, build_request(name="Ana", email="ANA@example.eu"), NOW)
    assert refused.value.fields == {"email": "Already registered for this event."}
    assert store.get_event(EVENT).registered_in_person == 1


def test_a_retried_post_with_the_same_key_gets_the_first_registration_back(store: FakeStore) -> None:
    registrar = Registrar(store)
    body = person("ana")
    first = registrar.register(EVENT, build_request(**body), NOW, idempotency("retry-1", body))
    again = registrar.register(EVENT, build_request(**body), NOW, idempotency("retry-1", body))
    assert again == first
    assert store.get_event(EVENT).registered_in_person == 1
    other = person("bram")
    with pytest.raises(IdempotencyKeyReused):
        registrar.register(EVENT, build_request(**other), NOW, idempotency("retry-1", other))


def test_a_delegation_is_written_whole_or_not_at_all(store: FakeStore) -> None:
    store.events[EVENT] = store.events[EVENT].model_copy(update={"capacity_in_person": 10})
    registrar = Registrar(store)
    registrar.register(EVENT, build_request(**person("dirk")), NOW)
    members = [Person.model_validate(person(name)) for name in ("bram", "carla", "dirk")]
    with pytest.raises(AlreadyRegistered) as refused:
        registrar.register_delegation(EVENT, DelegationRequest(lead=build_request(**person("ana")), members=members),
                                      NOW)
    assert refused.value.details["emails"] == ["dirk@example.eu"]
    assert [r.email for r in store.iter_registrations(EVENT)] == ["dirk@example.eu"]
    assert store.get_event(EVENT).registered_in_person == 1
    written = registrar.register_delegation(
        EVENT, DelegationRequest(lead=build_request(**person("ana")), members=members[:2]), NOW)
    assert [r.email for r in written] == ["ana@example.eu", "bram@example.eu", "carla@example.eu"]
    assert store.get_event(EVENT).registered_in_person == 4


def test_an_event_closed_since_the_programme_was_cached_refuses_the_registration(store: FakeStore) -> None:
    registrar = Registrar(store)
    registrar.register(EVENT, build_request(**person("ana")), NOW)
    store.events[EVENT] = store.events[EVENT].model_copy(update={"status": EventStatus.CLOSED})
    with pytest.raises(RegistrationClosed):
        registrar.register(EVENT, build_request(**person("bram")), NOW)
    assert store.get_event(EVENT).registered_in_person == 1


def test_a_session_deleted_since_the_programme_was_cached_is_unknown(store: FakeStore) -> None:
    registrar = Registrar(store)
    registrar.register(EVENT, build_request(**person("ana")), NOW)
    del store.sessions[EVENT]["lab-b"]
    with pytest.raises(ValidationFailed) as refused:
        registrar.register(EVENT, build_request(**person("bram"), sessions=["lab-b"]), NOW)
    assert refused.value.fields == {"sessions": "No such session: lab-b."}


def test_an_event_deleted_since_the_programme_was_cached_is_not_found(store: FakeStore) -> None:
    registrar = Registrar(store)
    registrar.register(EVENT, build_request(**person("ana")), NOW)
    del store.events[EVENT]
    with pytest.raises(EventNotFound):
        registrar.register(EVENT, build_request(**person("bram")), NOW)
    with pytest.raises(EventNotFound):
        registrar.programmes.get(EVENT)  # forgotten, not served from the cache: read again, and gone
