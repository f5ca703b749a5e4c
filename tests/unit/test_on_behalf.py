"""The back-office acting for attendees (eventreg.register.on_behalf and the pure rules it uses): partners act only
on registrations for their own sessions and only on those sessions, organisers add people by hand outside the
registration window (never to a draft, and capacity still holds), move them after the attendees' deadline, and
see the waiting lists in the order first_waiting hands them out. On the in-memory fakes of eventreg.ports."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fakes import FakeStore
from unit_helpers import WINTER_CUTOFF, build_event, build_registration, build_request, build_sessions

from eventreg.domain import access as rules
from eventreg.domain.changes import ModificationClosed, change, session_scope
from eventreg.domain.errors import Forbidden, RegistrationClosed
from eventreg.domain.models import AttendanceMode, EventStatus, RegistrationStatus
from eventreg.domain.registration import NotAddable, hand_rejection, plan_registration
from eventreg.programme import ProgrammeCache
from eventreg.register.managing import Manager
from eventreg.register.on_behalf import OnBehalf
from eventreg.register.organising import Organising, Wanted
from eventreg.register.registering import Registrar

ORGANISER = "org-regio-b1"
PARTNER = "partner-lab-a"
AFTER_CUTOFF = WINTER_CUTOFF + timedelta(days=1)


def on_behalf(store: FakeStore) -> OnBehalf:
    programmes = ProgrammeCache(store)
    manager = Manager(store, programmes)
    return OnBehalf(Organising(store, programmes, manager), Registrar(store, programmes))


@pytest.fixture
def store() -> FakeStore:
    store = FakeStore()
    sessions = build_sessions()
    sessions["lab-a"] = sessions["lab-a"].model_copy(update={"partner_id": PARTNER, "capacity": 1})
    store.add_event(build_event(), list(sessions.values()))
    return store


def test_partners_act_only_on_their_own_sessions() -> None:
    partner = rules.Access(PARTNER, False, frozenset({"lab-a"}))
    own = build_registration(sessions=["lab-a"])
    mixed = build_registration(sessions=["lab-a", "plenary"])
    rules.may_cancel(partner, own)
    with pytest.raises(Forbidden):
        rules.may_cancel(partner, mixed)  # it would cancel someone else's session too
    rules.may_move(partner, mixed, AttendanceMode.IN_PERSON, ["plenary"])  # drops only its own session
    with pytest.raises(Forbidden):
        rules.may_move(partner, mixed, AttendanceMode.IN_PERSON, ["lab-a"])  # drops the plenary
    with pytest.raises(Forbidden):
        rules.may_move(partner, own, AttendanceMode.ONLINE, ["lab-a"])
    with pytest.raises(Forbidden):
        rules.may_see(partner, build_registration(sessions=["plenary"]))
    rules.may_add(partner, ["lab-a"])
    for chosen in ([], ["plenary"], ["lab-a", "plenary"]):
        with pytest.raises(Forbidden):
            rules.may_add(partner, chosen)
    organiser = rules.Access(ORGANISER, True, frozenset())
    rules.may_cancel(organiser, mixed)
    rules.may_move(organiser, mixed, AttendanceMode.ONLINE, [])


def test_by_hand_the_window_does_not_bind_but_the_status_does() -> None:
    sessions = build_sessions()
    event = build_event(status=EventStatus.CLOSED)
    with pytest.raises(RegistrationClosed):
        plan_registration(event, sessions, build_request(), AFTER_CUTOFF)
    plan = plan_registration(event, sessions, build_request(), AFTER_CUTOFF, by_hand=True)
    assert plan.by_hand and plan.registrations[0].status is RegistrationStatus.CONFIRMED
    for status in (EventStatus.DRAFT, EventStatus.FINISHED, EventStatus.CANCELLED):
        assert isinstance(hand_rejection(build_event(status=status), AttendanceMode.IN_PERSON), NotAddable)
    assert hand_rejection(build_event(modes=[AttendanceMode.ONLINE]), AttendanceMode.IN_PERSON) is not None


def test_organisers_move_people_after_the_attendees_deadline() -> None:
    sessions = build_sessions()
    event = build_event()
    registration = build_registration(sessions=["plenary"])
    late = event.modification_closes_at + timedelta(hours=1)
    with pytest.raises(ModificationClosed):
        change(event, sessions, registration, AttendanceMode.IN_PERSON, ["lab-b"], {}, late)
    moved = change(event, sessions, registration, AttendanceMode.IN_PERSON, ["lab-b"], {}, late, by_organiser=True)
    assert moved.puts[0][0].sessions == ["lab-b"]


def test_adding_by_hand_to_a_closed_event_still_counts_places(store: FakeStore) -> None:
    desk = on_behalf(store)
    store.events["eu-workshop"] = store.events["eu-workshop"].model_copy(update={"status": EventStatus.CLOSED})
    first = desk.add(ORGANISER, "eu-workshop", build_request(email="first@example.eu", sessions=["lab-a"]))
    second = desk.add(PARTNER, "eu-workshop", build_request(email="second@example.eu", sessions=["lab-a"]))
    assert first.sessions == ["lab-a"] and second.waitlisted_sessions == ["lab-a"]  # one seat: the second waits
    with pytest.raises(Forbidden):
        desk.add(PARTNER, "eu-workshop", build_request(email="third@example.eu", sessions=["plenary"]))


def test_the_waiting_lists_follow_first_waiting_and_cancelling_promotes_the_first(store: FakeStore) -> None:
    desk = on_behalf(store)
    people = [desk.add(ORGANISER, "eu-workshop", build_request(email=f"p{n}@example.eu", name=f"Person {n}",
                                                               sessions=["lab-a"])) for n in range(3)]
    _, _, lists = desk.waiting_lists(ORGANISER, "eu-workshop")
    (lab,) = [line for line in lists if line.key == "lab-a"]
    assert [(n, r.name) for n, r in lab.people] == [(1, "Person 1"), (2, "Person 2")]
    assert store.first_waiting("eu-workshop", session_scope("lab-a")).name == "Person 1"  # type: ignore[union-attr]
    assert [line.kind for line in lists][:2] == ["mode", "mode"]  # the event's lists first, as they are served
    _, promoted = desk.cancel(PARTNER, "eu-workshop", people[0].registration_id)
    assert [r.name for r in promoted] == ["Person 1"]
    _, _, partner_lists = desk.waiting_lists(PARTNER, "eu-workshop")
    assert {line.key for line in partner_lists if line.kind == "session"} == {"lab-a"}


def test_bulk_decisions_report_each_and_partners_may_not(store: FakeStore) -> None:
    store.events["eu-workshop"] = store.events["eu-workshop"].model_copy(update={"moderated": True})
    desk = on_behalf(store)
    pending = desk.add(ORGANISER, "eu-workshop", build_request(email="p@example.eu"))
    confirmed = build_registration(registration_id="01KA3F7Q9MZ6T2X8WB4NRCDJ5Z", email_norm="c@example.eu")
    store.add_registration(confirmed)
    decided = desk.decide_many(ORGANISER, "eu-workshop", [pending.registration_id, confirmed.registration_id],
                               "approve")
    assert [(d.registration_id, d.error is None) for d in decided] == [(pending.registration_id, True),
                                                                        (confirmed.registration_id, False)]
    assert decided[0].registration is not None and decided[0].registration.status is RegistrationStatus.CONFIRMED
    with pytest.raises(Forbidden):
        desk.decide_many(PARTNER, "eu-workshop", [pending.registration_id], "approve")


def test_sorting_reads_the_filtered_result_in_order(store: FakeStore) -> None:
    for n, (name, country) in enumerate((("Zoe", "DE"), ("Ana", "PT"), ("Mia", "DE"))):
        store.add_registration(build_registration(registration_id=f"01KA3F7Q9MZ6T2X8WB4NRCDJ5{n}", name=name,
                                                  country=country, email_norm=f"{n}@example.eu"))
    organising = on_behalf(store).organising
    _, who = organising.programme("eu-workshop", ORGANISER)
    page, total = organising.sorted_registrations("eu-workshop", Wanted(who, country="DE"), "name", False, 0, 1)
    assert [r.name for r in page] == ["Mia"] and total == 2
    page, _ = organising.sorted_registrations("eu-workshop", Wanted(who), "name", True, 1, 5)
    assert [r.name for r in page] == ["Mia", "Ana"]
