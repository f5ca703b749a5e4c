"""Helpers for the retention, erasure and trip report tests (moto in-process): events that ran some days
ago, people registered through the real use case, the table's stream as Lambda delivers it, and the
DynamoDB calls made (with the index each Query used)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from integration_support import Stack

from eventreg.adapters import clients
from eventreg.adapters.dynamodb import items, keys
from eventreg.domain.idempotency import idempotency
from eventreg.domain.models import AttendanceMode, Event, EventStatus, Registration, RegistrationRequest, utc_now
from eventreg.register.registering import Registrar

ORGANISER = "org-regio-b1"


def open_workshop(stack: Stack, event_id: str, retention_days: int = 90, capacity: int | None = 50) -> Event:
    """An open one-day workshop in ten days (people can register now)."""
    now = utc_now()
    event = Event(
        event_id=event_id, title={"en": f"Workshop {event_id}", "nl": f"Workshop {event_id} (nl)"},
        timezone="Europe/Brussels", starts_at=now + timedelta(days=10), ends_at=now + timedelta(days=10, hours=6),
        registration_opens_at=now - timedelta(days=1), registration_closes_at=now + timedelta(days=9),
        status=EventStatus.OPEN, modes=[AttendanceMode.IN_PERSON, AttendanceMode.ONLINE],
        capacity_in_person=capacity, retention_days=retention_days, organiser_ids=[ORGANISER],
    )
    stack.repo.put_event(event)
    return event


def move_to_past(stack: Stack, event_id: str, ended_days_ago: int) -> Event:
    """The event as if it ran and ended `ended_days_ago` days ago (finished: no mail announces the move)."""
    end = utc_now() - timedelta(days=ended_days_ago)
    return stack.update_event(event_id, starts_at=end - timedelta(hours=6), ends_at=end,
                              registration_opens_at=end - timedelta(days=30),
                              registration_closes_at=end - timedelta(days=2), status=EventStatus.FINISHED)


def request(name: str, email: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "email": email, "organisation": "Stad Gent", "organisation_type": "city", "country": "BE",
            "job_title": "Policy officer", "dietary_needs": "Vegetarian", "accessibility_needs": "Hearing loop",
            "privacy_consent": True, "answers": {}, **extra}


def register(stack: Stack, event_id: str, name: str, email: str, key: str | None = None,
             **extra: Any) -> Registration:
    """Through the registration use case (guards, counters, waiting lists), optionally with an
    Idempotency-Key (which stores an idempotency record)."""
    data = request(name, email, **extra)
    once = idempotency(key, data) if key else None
    return Registrar(stack.repo).register(event_id, RegistrationRequest.model_validate(data), utc_now(), once)


def partition_text(stack: Stack, event_id: str) -> str:
    """Every item of an event's partition as one text, to look for any trace of a person."""
    return json.dumps([items.from_av(item) for item in stack.partition(event_id)], ensure_ascii=False)


def by_email(stack: Stack, email_norm: str) -> list[str]:
    """What the ByEmail index holds for an address (the erasure's own Query, done by hand)."""
    answer = stack.client.query(TableName=stack.table, IndexName="ByEmail",
                                KeyConditionExpression="email_norm = :e",
                                ExpressionAttributeValues={":e": {"S": email_norm}})
    return [item["PK"]["S"] for item in answer["Items"]]


def prefixes(stack: Stack, event_id: str) -> dict[str, int]:
    counted: dict[str, int] = {}
    for item in stack.partition(event_id):
        prefix = item["SK"]["S"].split("#")[0]
        counted[prefix] = counted.get(prefix, 0) + 1
    return counted


@contextmanager
def dynamodb_calls() -> Iterator[list[tuple[str, str | None]]]:
    """(operation, index name) of every DynamoDB call on the app's client inside the block."""
    calls: list[tuple[str, str | None]] = []

    def hook(params: dict[str, Any], model: Any, **_: Any) -> None:
        calls.append((model.name, params.get("IndexName")))

    events = clients.dynamodb().meta.events
    events.register("before-parameter-build.dynamodb", hook, unique_id="privacy-call-recorder")
    try:
        yield calls
    finally:
        events.unregister("before-parameter-build.dynamodb", unique_id="privacy-call-recorder")


@contextmanager
def crash_on(operation: str, after: int) -> Iterator[None]:
    """The `after`+1-th call of `operation` fails, as if the Lambda died there."""
    seen = [0]

    def hook(**_: Any) -> None:
        seen[0] += 1
        if seen[0] > after:
            raise RuntimeError(f"simulated crash at {operation} #{seen[0]}")

    events = clients.dynamodb().meta.events
    events.register(f"before-call.dynamodb.{operation}", hook, unique_id="privacy-crash")
    try:
        yield
    finally:
        events.unregister(f"before-call.dynamodb.{operation}", unique_id="privacy-crash")


def stream_records(stack: Stack) -> list[dict[str, Any]]:
    """Everything moto's table stream holds, as Lambda's event source mapping delivers it."""
    return stack.stream_records()


def registration_keys(stack: Stack, event_id: str) -> list[str]:
    return [item["SK"]["S"] for item in stack.partition(event_id, keys.REG_PREFIX)]
