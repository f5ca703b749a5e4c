"""The TransactWriteItems of a registration plan: every counter under the condition that holds the
rules (status, window, mode, capacity), the registrations, their email guards and waiting-list entries.

Capacity conditions compare against the capacity the plan was made with (`capacity = :cap AND
registered <= :limit`, limit = cap - size): DynamoDB conditions cannot add, and this also fails
safely when an organiser changed the capacity meanwhile (the service re-plans from what it reads back).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventreg.adapters.dynamodb import items, keys
from eventreg.domain.changes import Transition, counter
from eventreg.domain.idempotency import KEEP_SECONDS, Idempotency
from eventreg.domain.registration import Plan
from eventreg.domain.types import AttendanceMode, iso

WINDOW = "#status = :open AND opens_at <= :now AND closes_at > :now AND contains(modes, :mode)"
# An organiser adding someone by hand: published and not over, the window aside (domain hand_rejection).
BY_HAND = "#status IN (:open, :closed) AND contains(modes, :mode)"


@dataclass(frozen=True)
class Part:
    """What one item of the transaction is, so a cancellation reason can be mapped back to it."""

    kind: str  # event | session | session_wait | registration | email | wait
    ref: str = ""


def _capacity_condition(attribute: str, counter: str, capacity: int | None, size: int) -> tuple[str, dict[str, Any]]:
    """Room for `size` more, against the capacity the plan was made with."""
    if capacity is None:
        return f"attribute_not_exists({attribute})", {}
    return f"{attribute} = :cap AND {counter} <= :limit", {":cap": capacity, ":limit": capacity - size}


def _full_condition(attribute: str, counter: str, capacity: int | None, size: int) -> tuple[str, dict[str, Any]]:
    """Still no room for `size` more: joining a waiting list is only right while the place is full (the
    plan may have been made from a cached programme)."""
    if capacity is None:
        return "attribute_not_exists(PK)", {}  # unlimited is never full: refuse, the service re-plans
    return f"{attribute} = :cap AND {counter} > :limit", {":cap": capacity, ":limit": capacity - size}


def registration_transaction(
    table: str, plan: Plan, now: datetime, idempotency: Idempotency | None = None
) -> tuple[list[Any], list[Part]]:
    pk = keys.event_pk(plan.event.event_id)
    mode = plan.mode
    size = plan.size
    counter = "registered_in_person" if mode is AttendanceMode.IN_PERSON else "registered_online"
    capacity_attr = "capacity_in_person" if mode is AttendanceMode.IN_PERSON else "capacity_online"
    names = {"#status": "status"}
    values: dict[str, Any] = {":open": "open", ":mode": mode.value, ":n": size}
    window = BY_HAND if plan.by_hand else WINDOW
    values.update({":closed": "closed"} if plan.by_hand else {":now": iso(now)})
    if plan.waitlisted:
        full, extra = _full_condition(capacity_attr, counter, plan.event.capacity(mode), size)
        update, condition = "SET waitlisted = waitlisted + :n", f"{window} AND {full}"
        values.update(extra)
    else:
        capacity, extra = _capacity_condition(capacity_attr, counter, plan.event.capacity(mode), size)
        update, condition = f"SET {counter} = {counter} + :n", f"{window} AND {capacity}"
        values.update(extra)
    transact: list[Any] = [
        {
            "Update": {
                "TableName": table,
                "Key": items.to_av({"PK": pk, "SK": keys.EVENT_SK}),
                "UpdateExpression": update,
                "ConditionExpression": condition,
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": items.to_av(values),
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            }
        }
    ]
    parts = [Part("event")]
    for session_id in plan.seated_sessions:
        capacity, extra = _capacity_condition("#capacity", "registered", plan.session_capacities[session_id], size)
        transact.append(_session_update(table, pk, session_id, "registered", capacity, extra, size))
        parts.append(Part("session", session_id))
    for session_id in plan.waiting_sessions:
        full, extra = _full_condition("#capacity", "registered", plan.session_capacities[session_id], size)
        transact.append(_session_update(table, pk, session_id, "waitlisted", full, extra, size))
        parts.append(Part("session_wait", session_id))
    for registration in plan.registrations:
        transact.append(_put(table, items.registration_item(registration)))
        parts.append(Part("registration", registration.registration_id))
        transact.append(_put(table, items.to_av({
            "PK": pk, "SK": keys.email_sk(registration.email_norm), "type": "email_guard",
            "registration_id": registration.registration_id,
        })))
        parts.append(Part("email", registration.email))
        scopes = [keys.wait_scope_event(mode.value)] if plan.waitlisted else []
        scopes += [keys.wait_scope_session(s) for s in plan.waiting_sessions]
        for scope in scopes:
            transact.append(_put(table, items.to_av({
                "PK": pk, "SK": keys.wait_sk(scope, registration.registration_id), "type": "wait",
                "registration_id": registration.registration_id, "scope": scope,
            })))
            parts.append(Part("wait", scope))
    if idempotency is not None:
        transact.append({"Put": {
            "TableName": table,
            "Item": items.to_av({
                "PK": pk, "SK": keys.idempotency_sk(idempotency.key_hash), "type": "idempotency",
                "fingerprint": idempotency.fingerprint,
                "registration_ids": [r.registration_id for r in plan.registrations],
                "expires_at": int(now.timestamp()) + KEEP_SECONDS,
            }),
            "ConditionExpression": "attribute_not_exists(PK)",
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }})
        parts.append(Part("idempotency"))
    return transact, parts


def _session_update(
    table: str, pk: str, session_id: str, counter: str, capacity: str | None, values: dict[str, Any], size: int
) -> dict[str, Any]:
    condition = "attribute_exists(PK)" + (f" AND {capacity}" if capacity else "")
    update: dict[str, Any] = {
        "TableName": table,
        "Key": items.to_av({"PK": pk, "SK": keys.session_sk(session_id)}),
        "UpdateExpression": f"SET {counter} = {counter} + :n",
        "ConditionExpression": condition,
        "ExpressionAttributeValues": items.to_av({":n": size, **values}),
        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
    }
    if capacity and "#capacity" in capacity:
        update["ExpressionAttributeNames"] = {"#capacity": "capacity"}
    return {"Update": update}


def _put(table: str, item: dict[str, Any]) -> dict[str, Any]:
    return {"Put": {"TableName": table, "Item": item, "ConditionExpression": "attribute_not_exists(PK)"}}


def transition_transaction(table: str, t: Transition) -> list[Any]:
    """One TransactWriteItems for a change: each item at most once (DynamoDB's rule), so every delta
    on the event or a session is merged into one update; seats taken carry capacity conditions."""
    pk = keys.event_pk(t.event.event_id)
    transact: list[Any] = []
    event_capacities = {
        counter(mode): ("capacity_in_person" if mode is AttendanceMode.IN_PERSON else "capacity_online",
                        t.event.capacity(mode))
        for mode in AttendanceMode
    }
    update = _counter_update(table, pk, keys.EVENT_SK, t.event_deltas, event_capacities, t.event_expect)
    if update:
        transact.append(update)
    for session_id, deltas in t.session_deltas.items():
        capacities = {"registered": ("#capacity", t.session_capacities.get(session_id))}
        update = _counter_update(table, pk, keys.session_sk(session_id), deltas, capacities,
                                 t.session_expect.get(session_id, {}))
        if update:
            transact.append(update)
    for registration, version in t.puts:
        transact.append({"Put": {
            "TableName": table,
            "Item": items.registration_item(registration),
            "ConditionExpression": "version = :v",
            "ExpressionAttributeValues": items.to_av({":v": version}),
        }})
    for scope, registration_id in t.wait_puts:
        transact.append(_put(table, items.to_av({
            "PK": pk, "SK": keys.wait_sk(scope, registration_id), "type": "wait",
            "registration_id": registration_id, "scope": scope,
        })))
    for scope, registration_id in t.wait_deletes:
        transact.append({"Delete": {
            "TableName": table,
            "Key": items.to_av({"PK": pk, "SK": keys.wait_sk(scope, registration_id)}),
            "ConditionExpression": "attribute_exists(PK)",
        }})
    for email_norm, registration_id in t.guard_deletes:
        transact.append({"Delete": {
            "TableName": table,
            "Key": items.to_av({"PK": pk, "SK": keys.email_sk(email_norm)}),
            "ConditionExpression": "registration_id = :rid",
            "ExpressionAttributeValues": items.to_av({":rid": registration_id}),
        }})
    return transact


def _counter_update(
    table: str, pk: str, sk: str, deltas: dict[str, int], capacities: dict[str, tuple[str, int | None]],
    expect: dict[str, int] | None = None,
) -> dict[str, Any] | None:
    changes = {name: delta for name, delta in deltas.items() if delta}
    if not changes:
        return None
    sets, conditions = [], ["attribute_exists(PK)"]
    values: dict[str, Any] = {}
    names: dict[str, str] = {}
    for index, (name, delta) in enumerate(sorted(changes.items())):
        sets.append(f"{name} = {name} + :d{index}")
        values[f":d{index}"] = delta
        if delta > 0 and name in capacities:
            attribute, capacity = capacities[name]
            if attribute.startswith("#"):
                names[attribute] = attribute[1:]
            if capacity is None:
                conditions.append(f"attribute_not_exists({attribute})")
            else:
                conditions.append(f"{attribute} = :cap{index} AND {name} <= :limit{index}")
                values[f":cap{index}"] = capacity
                values[f":limit{index}"] = capacity - delta
        elif delta < 0:
            conditions.append(f"{name} >= :min{index}")  # counters never go below zero
            values[f":min{index}"] = -delta
    for index, (name, seen) in enumerate(sorted((expect or {}).items())):
        conditions.append(f"{name} = :seen{index}")
        values[f":seen{index}"] = seen
    update: dict[str, Any] = {
        "TableName": table,
        "Key": items.to_av({"PK": pk, "SK": sk}),
        "UpdateExpression": "SET " + ", ".join(sets),
        "ConditionExpression": " AND ".join(conditions),
        "ExpressionAttributeValues": items.to_av(values),
    }
    if names:
        update["ExpressionAttributeNames"] = names
    return {"Update": update}
