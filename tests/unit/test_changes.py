"""eventreg.domain.changes (pure): cancel, change, approve, promote and seat as Transitions, and the
one TransactWriteItems each becomes (eventreg.adapters.dynamodb.transactions.transition_transaction)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from unit_helpers import build_event, build_registration, build_sessions

from eventreg.adapters.dynamodb import items
from eventreg.adapters.dynamodb.transactions import transition_transaction
from eventreg.domain import changes
from eventreg.domain.changes import ModificationClosed, NotChangeable, Transition, Waiters
from eventreg.domain.errors import EventFull, ValidationFailed
from eventreg.domain.models import AttendanceMode, Event, Registration, RegistrationStatus, Session
from eventreg.locale.errors import written_out

DURING = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # before the cutoff (20 March 2026)
AFTER_CUTOFF = datetime(2026, 3, 21, 8, 0, tzinfo=UTC)
TABLE = "eventreg-test"
PK = {"S": "EVENT#eu-workshop"}
IN_PERSON = AttendanceMode.IN_PERSON
ONLINE = AttendanceMode.ONLINE
CONFIRMED = RegistrationStatus.CONFIRMED
PENDING = RegistrationStatus.PENDING
WAITLISTED = RegistrationStatus.WAITLISTED
CANCELLED = RegistrationStatus.CANCELLED
REJECTED = RegistrationStatus.REJECTED
NOBODY: Waiters = {}


def full_event(**overrides: Any) -> Event:
    """The workshop's hall (capacity 2) is full; online is unlimited."""
    fields: dict[str, Any] = {"capacity_in_person": 2, "registered_in_person": 2, **overrides}
    return build_event(**fields)


def sessions(**counters: tuple[int | None, int]) -> dict[str, Session]:
    """The unit programme with (capacity, registered) set on some sessions."""
    found = build_sessions()
    for session_id, (capacity, registered) in counters.items():
        found[session_id] = found[session_id].model_copy(update={"capacity": capacity, "registered": registered})
    return found


def attendee(registration_id: str, **overrides: Any) -> Registration:
    fields: dict[str, Any] = {
        "registration_id": registration_id,
        "email": f"{registration_id.lower()}@example.eu",
        "email_norm": f"{registration_id.lower()}@example.eu",
        "name": f"Attendee {registration_id}",
        **overrides,
    }
    return build_registration(**fields)


def leaver(**overrides: Any) -> Registration:
    return attendee("01LEAVER", version=3, **overrides)


def waiter(registration_id: str = "01WAITER", **overrides: Any) -> Registration:
    fields: dict[str, Any] = {"status": WAITLISTED, "version": 1, **overrides}
    return attendee(registration_id, **fields)


def deltas(t: Transition) -> dict[str, int]:
    return {name: delta for name, delta in t.event_deltas.items() if delta}


def session_deltas(t: Transition) -> dict[str, dict[str, int]]:
    found = {sid: {n: d for n, d in counters.items() if d} for sid, counters in t.session_deltas.items()}
    return {sid: counters for sid, counters in found.items() if counters}


def put_of(t: Transition, registration_id: str) -> tuple[Registration, int]:
    (found,) = [(new, version) for new, version in t.puts if new.registration_id == registration_id]
    return found


# -- cancel ------------------------------------------------------------------------------------------


def test_cancel_with_nobody_waiting_gives_back_the_place_and_the_seats() -> None:
    registration = leaver(sessions=["plenary", "lab-a"])
    t = changes.cancel(full_event(), sessions(), registration, NOBODY, DURING)
    assert deltas(t) == {"registered_in_person": -1}
    assert session_deltas(t) == {"plenary": {"registered": -1}, "lab-a": {"registered": -1}}
    assert t.guard_deletes == [(registration.email_norm, registration.registration_id)]
    assert t.wait_puts == [] and t.wait_deletes == [] and t.promoted == []
    ((cancelled, version),) = t.puts
    assert version == 3
    assert cancelled.version == 4
    assert cancelled.status is CANCELLED
    assert cancelled.updated_at == DURING
    assert cancelled.sessions == ["plenary", "lab-a"]  # what they had is kept for the record


def test_cancel_online_counts_down_the_online_counter() -> None:
    t = changes.cancel(full_event(), sessions(), leaver(attendance_mode=ONLINE), NOBODY, DURING)
    assert deltas(t) == {"registered_online": -1}


def test_cancel_gives_the_place_to_the_first_in_line_seated_where_there_is_room() -> None:
    first = waiter(waitlisted_sessions=["plenary", "lab-a"])
    programme = sessions(**{"lab-a": (20, 20)})  # plenary has room, lab-a is full
    t = changes.cancel(full_event(waitlisted=2), programme, leaver(), {"EVENT#in_person": first}, DURING)
    assert deltas(t) == {"waitlisted": -1}  # the place changes hands: registered_in_person unchanged
    assert session_deltas(t) == {"plenary": {"registered": 1}, "lab-a": {"waitlisted": 1}}
    assert t.session_capacities == {"plenary": 50}
    assert t.wait_deletes == [("EVENT#in_person", first.registration_id)]
    assert t.wait_puts == [("SESSION#lab-a", first.registration_id)]
    promoted, version = put_of(t, first.registration_id)
    assert version == 1 and promoted.version == 2
    assert promoted.status is CONFIRMED
    assert promoted.sessions == ["plenary"]
    assert promoted.waitlisted_sessions == ["lab-a"]
    assert t.promoted == [promoted]
    assert put_of(t, "01LEAVER")[0].status is CANCELLED


def test_cancel_on_a_moderated_event_promotes_to_pending() -> None:
    t = changes.cancel(full_event(moderated=True, waitlisted=1), sessions(), leaver(status=PENDING),
                       {"EVENT#in_person": waiter()}, DURING)
    (promoted,) = t.promoted
    assert promoted.status is PENDING
    assert deltas(t) == {"waitlisted": -1}


def test_the_waiter_of_the_other_mode_is_not_promoted() -> None:
    online_waiter = waiter(attendance_mode=ONLINE)
    t = changes.cancel(full_event(), sessions(), leaver(), {"EVENT#online": online_waiter}, DURING)
    assert t.promoted == []
    assert deltas(t) == {"registered_in_person": -1}


def test_cancel_releases_a_session_seat_to_the_first_in_that_sessions_line() -> None:
    seated_elsewhere = attendee("01SEATWAIT", sessions=["plenary"], waitlisted_sessions=["lab-a"], version=5)
    programme = sessions(**{"lab-a": (20, 20)})
    waiters: Waiters = {"EVENT#in_person": None, "SESSION#lab-a": seated_elsewhere}
    t = changes.cancel(full_event(), programme, leaver(sessions=["lab-a"]), waiters, DURING)
    assert deltas(t) == {"registered_in_person": -1}
    assert session_deltas(t) == {"lab-a": {"waitlisted": -1}}  # the seat changes hands
    assert t.wait_deletes == [("SESSION#lab-a", seated_elsewhere.registration_id)]
    promoted, version = put_of(t, seated_elsewhere.registration_id)
    assert version == 5
    assert promoted.sessions == ["plenary", "lab-a"]
    assert promoted.waitlisted_sessions == []
    assert promoted.status is CONFIRMED
    assert t.promoted == [promoted]


def test_cancel_gives_up_the_sessions_it_was_waiting_for() -> None:
    registration = leaver(sessions=["plenary"], waitlisted_sessions=["lab-a"])
    t = changes.cancel(full_event(), sessions(), registration, NOBODY, DURING)
    assert session_deltas(t) == {"plenary": {"registered": -1}, "lab-a": {"waitlisted": -1}}
    assert t.wait_deletes == [("SESSION#lab-a", registration.registration_id)]


def test_cancel_of_a_waitlisted_registration_leaves_the_line_only() -> None:
    registration = leaver(status=WAITLISTED, waitlisted_sessions=["plenary"])
    t = changes.cancel(full_event(waitlisted=3), sessions(), registration, NOBODY, DURING)
    assert deltas(t) == {"waitlisted": -1}
    assert session_deltas(t) == {}  # it held no seats and stood in no session's line
    assert t.wait_deletes == [("EVENT#in_person", registration.registration_id)]
    assert t.guard_deletes == [(registration.email_norm, registration.registration_id)]
    assert t.promoted == []
    ((cancelled, _),) = t.puts
    assert cancelled.status is CANCELLED


def test_reject_is_a_cancel_with_another_status() -> None:
    t = changes.cancel(full_event(moderated=True), sessions(), leaver(status=PENDING), NOBODY, DURING, REJECTED)
    assert put_of(t, "01LEAVER")[0].status is REJECTED
    assert deltas(t) == {"registered_in_person": -1}


@pytest.mark.parametrize("status", [CANCELLED, REJECTED])
def test_a_registration_that_is_no_longer_live_cannot_be_cancelled(status: RegistrationStatus) -> None:
    with pytest.raises(NotChangeable) as refused:
        changes.cancel(full_event(), sessions(), leaver(status=status), NOBODY, DURING)
    assert refused.value.code == "registration_not_changeable"
    assert refused.value.status == 409


def test_the_promoted_waiter_takes_the_session_seat_the_cancellation_frees() -> None:
    first = waiter(waitlisted_sessions=["lab-a"])
    programme = sessions(**{"lab-a": (1, 1)})  # the leaver holds lab-a's only seat
    waiters: Waiters = {"EVENT#in_person": first, "SESSION#lab-a": None}
    t = changes.cancel(full_event(waitlisted=1), programme, leaver(sessions=["lab-a"]), waiters, DURING)
    (promoted,) = t.promoted
    assert promoted.sessions == ["lab-a"]
    assert promoted.waitlisted_sessions == []
    assert session_deltas(t) == {}  # lab-a's seat changes hands
    assert t.wait_puts == []


def test_one_waiter_first_in_two_freed_sessions_is_put_once_with_both_seats() -> None:
    both = attendee("01BOTH", waitlisted_sessions=["plenary", "lab-a"], version=2)
    programme = sessions(plenary=(50, 50), **{"lab-a": (20, 20)})
    waiters: Waiters = {"EVENT#in_person": None, "SESSION#plenary": both, "SESSION#lab-a": both}
    t = changes.cancel(full_event(), programme, leaver(sessions=["plenary", "lab-a"]), waiters, DURING)
    ids = [new.registration_id for new, _ in t.puts]
    assert len(ids) == len(set(ids)), "one put per registration"
    promoted, version = put_of(t, "01BOTH")
    assert version == 2
    assert promoted.sessions == ["plenary", "lab-a"]
    assert promoted.waitlisted_sessions == []


# -- change ------------------------------------------------------------------------------------------


def test_change_of_mode_counts_the_new_place_and_frees_the_old_one() -> None:
    registration = leaver(dietary_needs="vegan")
    t = changes.change(full_event(), sessions(), registration, ONLINE, [], NOBODY, DURING)
    assert deltas(t) == {"registered_online": 1, "registered_in_person": -1}
    (changed, version), = t.puts
    assert version == 3 and changed.version == 4
    assert changed.attendance_mode is ONLINE
    assert changed.status is CONFIRMED
    assert changed.dietary_needs == ""  # no catering online
    assert t.guard_deletes == []


def test_change_of_mode_gives_the_old_place_to_the_first_in_line() -> None:
    first = waiter()
    t = changes.change(full_event(waitlisted=1), sessions(), leaver(), ONLINE, [],
                       {"EVENT#in_person": first}, DURING)
    assert deltas(t) == {"registered_online": 1, "waitlisted": -1}
    assert [p.registration_id for p in t.promoted] == [first.registration_id]
    assert t.wait_deletes == [("EVENT#in_person", first.registration_id)]


def test_a_change_of_mode_gives_the_promoted_waiter_the_seat_it_drops() -> None:
    first = waiter(waitlisted_sessions=["lab-a"])
    programme = sessions(**{"lab-a": (1, 1)})  # lab-a: in person only, its one seat is the leaver's
    waiters: Waiters = {"EVENT#in_person": first, "SESSION#lab-a": None}
    t = changes.change(full_event(waitlisted=1), programme, leaver(sessions=["lab-a"]), ONLINE, [], waiters, DURING)
    (promoted,) = t.promoted
    assert promoted.sessions == ["lab-a"] and promoted.waitlisted_sessions == []
    assert session_deltas(t) == {}  # lab-a's seat changes hands
    assert t.wait_puts == []


def test_change_to_a_mode_without_places_is_refused() -> None:
    event = full_event(capacity_online=10, registered_online=10)
    with pytest.raises(EventFull) as refused:
        changes.change(event, sessions(), leaver(), ONLINE, [], NOBODY, DURING)
    assert refused.value.code == "event_full"


def test_change_to_a_mode_the_event_does_not_offer_is_400() -> None:
    event = full_event(modes=[IN_PERSON])
    with pytest.raises(ValidationFailed) as refused:
        changes.change(event, sessions(), leaver(), ONLINE, [], NOBODY, DURING)
    assert "attendance_mode" in refused.value.fields


def test_change_of_sessions_drops_and_adds_seats() -> None:
    next_in_line = attendee("01NEXT", waitlisted_sessions=["lab-a"])
    registration = leaver(sessions=["plenary", "lab-a"])
    programme = sessions(**{"lab-a": (20, 20)})
    t = changes.change(full_event(), programme, registration, IN_PERSON, ["plenary", "lab-b"],
                       {"SESSION#lab-a": next_in_line}, DURING)
    assert deltas(t) == {}
    assert session_deltas(t) == {"lab-a": {"waitlisted": -1}, "lab-b": {"registered": 1}}
    assert t.session_capacities == {"lab-b": None}  # lab-b is unlimited: must still be
    mine, _ = put_of(t, registration.registration_id)
    assert mine.sessions == ["plenary", "lab-b"]
    promoted, _ = put_of(t, next_in_line.registration_id)
    assert promoted.sessions == ["lab-a"] and promoted.waitlisted_sessions == []
    assert t.promoted == [promoted]


def test_change_of_sessions_with_nobody_waiting_counts_down() -> None:
    t = changes.change(full_event(), sessions(), leaver(sessions=["lab-a"]), IN_PERSON, ["plenary"], NOBODY, DURING)
    assert session_deltas(t) == {"lab-a": {"registered": -1}, "plenary": {"registered": 1}}
    assert t.session_capacities == {"plenary": 50}


def test_a_new_full_session_puts_the_registrant_on_its_waiting_list() -> None:
    programme = sessions(**{"lab-a": (20, 20)})
    registration = leaver(sessions=["plenary"])
    t = changes.change(full_event(), programme, registration, IN_PERSON, ["plenary", "lab-a"], NOBODY, DURING)
    assert session_deltas(t) == {"lab-a": {"waitlisted": 1}}
    assert t.wait_puts == [("SESSION#lab-a", registration.registration_id)]
    mine, _ = put_of(t, registration.registration_id)
    assert mine.sessions == ["plenary"] and mine.waitlisted_sessions == ["lab-a"]
    assert mine.status is CONFIRMED


def test_a_session_waited_for_and_kept_stays_waited_for() -> None:
    registration = leaver(sessions=["plenary"], waitlisted_sessions=["lab-a"])
    t = changes.change(full_event(), sessions(), registration, IN_PERSON, ["plenary", "lab-a"], NOBODY, DURING)
    assert session_deltas(t) == {} and t.wait_puts == [] and t.wait_deletes == []
    mine, _ = put_of(t, registration.registration_id)
    assert mine.waitlisted_sessions == ["lab-a"]


def test_a_session_waited_for_and_dropped_leaves_its_line() -> None:
    registration = leaver(sessions=["plenary"], waitlisted_sessions=["lab-a"])
    t = changes.change(full_event(), sessions(), registration, IN_PERSON, ["plenary"], NOBODY, DURING)
    assert session_deltas(t) == {"lab-a": {"waitlisted": -1}}
    assert t.wait_deletes == [("SESSION#lab-a", registration.registration_id)]


def test_overlapping_sessions_are_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        changes.change(full_event(), sessions(), leaver(), IN_PERSON, ["lab-a", "lab-b"], NOBODY, DURING)
    assert refused.value.details["overlapping"] == ["lab-a", "lab-b"]


def test_a_session_not_held_in_the_new_mode_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        changes.change(full_event(), sessions(), leaver(sessions=["lab-a"]), ONLINE, ["lab-a"], NOBODY, DURING)


def test_change_after_the_modification_deadline_is_refused() -> None:
    event = full_event(modification_deadline=datetime(2026, 3, 9, 22, 59, 59, tzinfo=UTC))
    with pytest.raises(ModificationClosed) as refused:
        changes.change(event, sessions(), leaver(), ONLINE, [], NOBODY, DURING)
    assert refused.value.code == "modification_closed" and refused.value.status == 409
    assert "you can still cancel" in written_out(refused.value).message
    assert "2026" in refused.value.message  # the deadline, shown in the event's timezone


def test_change_after_the_cutoff_without_a_deadline_is_refused_but_cancel_works() -> None:
    with pytest.raises(ModificationClosed):
        changes.change(full_event(), sessions(), leaver(), ONLINE, [], NOBODY, AFTER_CUTOFF)
    t = changes.cancel(full_event(), sessions(), leaver(), NOBODY, AFTER_CUTOFF)
    assert put_of(t, "01LEAVER")[0].status is CANCELLED


@pytest.mark.parametrize("status", [WAITLISTED, CANCELLED, REJECTED])
def test_only_confirmed_or_pending_registrations_can_be_changed(status: RegistrationStatus) -> None:
    with pytest.raises(NotChangeable):
        changes.change(full_event(), sessions(), leaver(status=status), ONLINE, [], NOBODY, DURING)


# -- approve, promote, seat ------------------------------------------------------------------------------


def test_approve_confirms_a_pending_registration_without_moving_counters() -> None:
    t = changes.approve(full_event(moderated=True), leaver(status=PENDING), DURING)
    ((approved, version),) = t.puts
    assert approved.status is CONFIRMED and version == 3 and approved.version == 4
    assert deltas(t) == {} and session_deltas(t) == {} and t.guard_deletes == []


@pytest.mark.parametrize("status", [CONFIRMED, WAITLISTED, CANCELLED])
def test_only_pending_registrations_can_be_approved(status: RegistrationStatus) -> None:
    with pytest.raises(NotChangeable):
        changes.approve(full_event(), leaver(status=status), DURING)


def test_promote_takes_a_free_place_for_the_first_in_line() -> None:
    event = full_event(capacity_in_person=3, waitlisted=1)
    first = waiter(waitlisted_sessions=["plenary", "lab-a"])
    t = changes.promote(event, sessions(**{"lab-a": (20, 20)}), first, DURING)
    assert deltas(t) == {"registered_in_person": 1, "waitlisted": -1}
    assert session_deltas(t) == {"plenary": {"registered": 1}, "lab-a": {"waitlisted": 1}}
    (promoted,) = t.promoted
    assert promoted.status is CONFIRMED
    assert promoted.sessions == ["plenary"] and promoted.waitlisted_sessions == ["lab-a"]
    assert t.wait_deletes == [("EVENT#in_person", first.registration_id)]
    assert t.wait_puts == [("SESSION#lab-a", first.registration_id)]


def test_promote_refuses_a_registration_that_is_not_waiting() -> None:
    with pytest.raises(NotChangeable):
        changes.promote(full_event(), sessions(), leaver(), DURING)


def test_seat_gives_a_free_session_seat_to_its_first_in_line() -> None:
    programme = sessions(**{"lab-a": (21, 20)})
    first = attendee("01NEXT", sessions=["plenary"], waitlisted_sessions=["lab-a"])
    t = changes.seat(full_event(), programme["lab-a"], first, DURING)
    assert session_deltas(t) == {"lab-a": {"registered": 1, "waitlisted": -1}}
    assert t.session_capacities == {"lab-a": 21}
    (promoted,) = t.promoted
    assert promoted.sessions == ["plenary", "lab-a"] and promoted.waitlisted_sessions == []
    assert t.wait_deletes == [("SESSION#lab-a", first.registration_id)]


# -- freed_scopes ------------------------------------------------------------------------------------


def test_freed_scopes_of_a_cancellation_are_the_place_and_every_seat() -> None:
    registration = leaver(sessions=["plenary", "lab-a"], waitlisted_sessions=["webinar"])
    assert changes.freed_scopes(registration) == ["EVENT#in_person", "SESSION#plenary", "SESSION#lab-a"]


def test_freed_scopes_of_a_waitlisted_registration_are_none() -> None:
    assert changes.freed_scopes(leaver(status=WAITLISTED, waitlisted_sessions=["plenary"])) == []


def test_freed_scopes_of_a_change_are_the_old_mode_and_the_dropped_seats() -> None:
    registration = leaver(sessions=["plenary", "lab-a"])
    assert changes.freed_scopes(registration, IN_PERSON, ["plenary", "lab-a"]) == []
    assert changes.freed_scopes(registration, IN_PERSON, ["plenary"]) == ["SESSION#lab-a"]
    assert changes.freed_scopes(registration, ONLINE, ["plenary"]) == ["EVENT#in_person", "SESSION#lab-a"]


# -- transition_transaction ----------------------------------------------------------------------------


def operations(t: Transition) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for operation in transition_transaction(TABLE, t):
        ((kind, body),) = operation.items()
        found.append((kind, body))
    return found


def sort_key(kind: str, body: dict[str, Any]) -> str:
    key = body["Item"] if kind == "Put" else body["Key"]
    assert key["PK"] == PK
    return str(key["SK"]["S"])


def values(body: dict[str, Any]) -> dict[str, Any]:
    return items.from_av(body["ExpressionAttributeValues"])


def test_a_cancellation_with_a_promotion_is_one_transaction_touching_each_item_once() -> None:
    first = waiter(waitlisted_sessions=["plenary"])
    next_in_line = attendee("01NEXT", waitlisted_sessions=["lab-a"])
    registration = leaver(sessions=["lab-a"])
    waiters: Waiters = {"EVENT#in_person": first, "SESSION#lab-a": next_in_line}
    t = changes.cancel(full_event(waitlisted=1), sessions(**{"lab-a": (20, 20)}), registration, waiters, DURING)
    found = operations(t)
    keys = [sort_key(kind, body) for kind, body in found]
    assert len(keys) == len(set(keys)), "DynamoDB refuses two operations on one item in a transaction"
    assert sorted(keys) == sorted([
        "EVENT", "EVENT#SESSION#plenary", "EVENT#SESSION#lab-a",
        "REG#01LEAVER", "REG#01WAITER", "REG#01NEXT",
        "WAIT#EVENT#in_person#01WAITER", "WAIT#SESSION#lab-a#01NEXT", "EMAIL#01leaver@example.eu",
    ])
    kinds = {sort_key(kind, body): kind for kind, body in found}
    assert kinds["EMAIL#01leaver@example.eu"] == "Delete"
    assert kinds["WAIT#EVENT#in_person#01WAITER"] == "Delete"


def test_event_deltas_are_merged_into_one_update_with_capacity_and_floor_conditions() -> None:
    event = full_event(capacity_online=30)
    t = changes.change(event, sessions(), leaver(), ONLINE, [], NOBODY, DURING)
    updates = [body for kind, body in operations(t) if kind == "Update"]
    (update,) = updates
    assert update["Key"] == {"PK": PK, "SK": {"S": "EVENT"}}
    assert update["UpdateExpression"] == (
        "SET registered_in_person = registered_in_person + :d0, registered_online = registered_online + :d1")
    # ... and "nobody waits for in-person" holds at the write: the waiting counter is as read
    assert update["ConditionExpression"] == (
        "attribute_exists(PK) AND registered_in_person >= :min0"
        " AND capacity_online = :cap1 AND registered_online <= :limit1 AND waitlisted = :seen0")
    assert values(update) == {":d0": -1, ":min0": 1, ":d1": 1, ":cap1": 30, ":limit1": 29,
                              ":seen0": event.waitlisted}
    assert "ExpressionAttributeNames" not in update


def test_a_seat_taken_in_an_unlimited_mode_requires_it_to_stay_unlimited() -> None:
    t = changes.change(full_event(), sessions(), leaver(), ONLINE, [], NOBODY, DURING)
    (update,) = [body for kind, body in operations(t) if kind == "Update"]
    assert "attribute_not_exists(capacity_online)" in update["ConditionExpression"]


def test_session_deltas_carry_the_session_capacity_on_seats_taken() -> None:
    registration = leaver(sessions=["lab-a"])
    t = changes.change(full_event(), sessions(), registration, IN_PERSON, ["plenary"], NOBODY, DURING)
    updates = {sort_key(kind, body): body for kind, body in operations(t) if kind == "Update"}
    assert set(updates) == {"EVENT#SESSION#lab-a", "EVENT#SESSION#plenary"}  # the event item is untouched
    plenary, lab_a = updates["EVENT#SESSION#plenary"], updates["EVENT#SESSION#lab-a"]
    assert plenary["UpdateExpression"] == "SET registered = registered + :d0"
    assert plenary["ConditionExpression"] == "attribute_exists(PK) AND #capacity = :cap0 AND registered <= :limit0"
    assert plenary["ExpressionAttributeNames"] == {"#capacity": "capacity"}
    assert values(plenary) == {":d0": 1, ":cap0": 50, ":limit0": 49}
    assert lab_a["ConditionExpression"] == "attribute_exists(PK) AND registered >= :min0 AND waitlisted = :seen0"
    assert values(lab_a) == {":d0": -1, ":min0": 1, ":seen0": sessions()["lab-a"].waitlisted}


def test_a_session_seat_that_changes_hands_moves_only_the_waiting_counter() -> None:
    next_in_line = attendee("01NEXT", waitlisted_sessions=["lab-a"])
    t = changes.cancel(full_event(), sessions(**{"lab-a": (20, 20)}), leaver(sessions=["lab-a"]),
                       {"SESSION#lab-a": next_in_line}, DURING)
    updates = {sort_key(kind, body): body for kind, body in operations(t) if kind == "Update"}
    lab_a = updates["EVENT#SESSION#lab-a"]
    assert lab_a["UpdateExpression"] == "SET waitlisted = waitlisted + :d0"
    assert lab_a["ConditionExpression"] == "attribute_exists(PK) AND waitlisted >= :min0"


def test_registration_puts_are_conditioned_on_the_version_read() -> None:
    first = waiter(version=7)
    t = changes.cancel(full_event(waitlisted=1), sessions(), leaver(), {"EVENT#in_person": first}, DURING)
    puts = {sort_key(kind, body): body for kind, body in operations(t) if kind == "Put"}
    assert set(puts) == {"REG#01LEAVER", "REG#01WAITER"}
    for key, version in (("REG#01LEAVER", 3), ("REG#01WAITER", 7)):
        assert puts[key]["ConditionExpression"] == "version = :v"
        assert values(puts[key]) == {":v": version}
        assert items.from_av(puts[key]["Item"])["version"] == version + 1


def test_wait_entries_are_put_only_if_new_and_deleted_only_if_there() -> None:
    first = waiter(waitlisted_sessions=["lab-a"])
    t = changes.cancel(full_event(waitlisted=1), sessions(**{"lab-a": (20, 20)}), leaver(),
                       {"EVENT#in_person": first}, DURING)
    found = {sort_key(kind, body): (kind, body) for kind, body in operations(t)}
    kind, put = found["WAIT#SESSION#lab-a#01WAITER"]
    assert kind == "Put" and put["ConditionExpression"] == "attribute_not_exists(PK)"
    assert items.from_av(put["Item"]) == {
        "PK": "EVENT#eu-workshop", "SK": "WAIT#SESSION#lab-a#01WAITER", "type": "wait",
        "registration_id": "01WAITER", "scope": "SESSION#lab-a"}
    kind, delete = found["WAIT#EVENT#in_person#01WAITER"]
    assert kind == "Delete" and delete["ConditionExpression"] == "attribute_exists(PK)"
    kind, guard = found["EMAIL#01leaver@example.eu"]
    assert kind == "Delete" and guard["ConditionExpression"] == "registration_id = :rid"
    assert values(guard) == {":rid": "01LEAVER"}


def test_an_approval_is_a_single_versioned_put() -> None:
    t = changes.approve(full_event(moderated=True), leaver(status=PENDING), DURING)
    ((kind, body),) = operations(t)
    assert kind == "Put" and body["ConditionExpression"] == "version = :v"


def test_an_empty_transition_writes_nothing() -> None:
    assert transition_transaction(TABLE, Transition(full_event())) == []


def test_a_cancellation_with_many_promotions_fits_one_transaction() -> None:
    start = datetime(2026, 6, 10, 6, 0, tzinfo=UTC)
    programme = {
        f"s{i}": Session(session_id=f"s{i}", title={"en": f"Workshop {i}"}, starts_at=start + timedelta(hours=i),
                         ends_at=start + timedelta(hours=i, minutes=50), capacity=1, registered=1)
        for i in range(40)
    }
    registration = leaver(sessions=[f"s{i}" for i in range(20)])  # MAX_SESSIONS seats
    waiters: Waiters = {"EVENT#in_person": waiter(waitlisted_sessions=[f"s{i}" for i in range(20, 40)])}
    for i in range(20):
        waiters[f"SESSION#s{i}"] = attendee(f"01SEAT{i:02d}", waitlisted_sessions=[f"s{i}"])
    t = changes.cancel(full_event(waitlisted=1), programme, registration, waiters, DURING)
    assert put_of(t, "01LEAVER")[0].status is CANCELLED
    assert len(transition_transaction(TABLE, t)) <= 100
    assert t.more_to_fill  # the places this transaction could not give are filled right after
