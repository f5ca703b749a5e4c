"""Retention job on a large event: anonymise 6,000 registrations against DynamoDB Local.

    .venv/bin/python bench/retention_job.py [--n 6000] [--events 20]

Starts DynamoDB Local (in memory), creates the table from eventreg.schema, writes `--events` events
(one of them ended 100 days ago with `--n` registrations, each with its email guard and a send-log
item; the others still within their retention period, 300 registrations each), then measures:

  1. a bare paginated Query of the due event's registrations (pages of 100), the floor of any pass;
  2. the retention job (eventreg.privacy.retention) on the same table, with the calls it makes;
  3. a second run (nothing due any more).

and prints the times, their ratio, the calls by operation and items written per second. Figures are
printed, never asserted; the exit status is 0 either way.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from devstack.engines import DynamoDBLocal
from eventreg.adapters import clients
from eventreg.adapters.dynamodb import items, keys
from eventreg.adapters.dynamodb.privacy import PrivacyStore
from eventreg.adapters.dynamodb.repository import Repository
from eventreg.domain.models import AttendanceMode, Event, EventStatus, Registration, RegistrationStatus, utc_now
from eventreg.privacy.retention import anonymise_expired_events
from eventreg.schema import create_table_kwargs

TABLE = "eventreg-bench-retention"
DUE = "due-event"


def event(event_id: str, ended_days_ago: int) -> Event:
    end = utc_now() - timedelta(days=ended_days_ago)
    return Event(event_id=event_id, title={"en": event_id}, timezone="Europe/Brussels",
                 starts_at=end - timedelta(days=3), ends_at=end, registration_opens_at=end - timedelta(days=60),
                 registration_closes_at=end - timedelta(days=5), status=EventStatus.FINISHED,
                 modes=[AttendanceMode.IN_PERSON], organiser_ids=["org-bench"])


def people(event_id: str, n: int) -> list[Registration]:
    base = event(event_id, 0).registration_opens_at
    return [Registration(registration_id=f"01KB{event_id[:4].upper():0<4}{i:018d}", event_id=event_id,
                         name=f"Person {i}", email=f"person{i}@{event_id}.example.eu",
                         email_norm=f"person{i}@{event_id}.example.eu", organisation="Organisation",
                         job_title="Officer", country="BE", attendance_mode=AttendanceMode.IN_PERSON,
                         status=RegistrationStatus.CONFIRMED, sessions=["s1", "s2"], created_at=base,
                         dietary_needs="Vegetarian") for i in range(n)]


def load(store: PrivacyStore, repo: Repository, n: int, events: int) -> None:
    repo.put_event(event(DUE, 100))
    due = people(DUE, n)
    store.write(puts=due)
    pk = keys.event_pk(DUE)
    extra: list[Any] = [{"PutRequest": {"Item": items.to_av({
        "PK": pk, "SK": keys.email_sk(r.email_norm), "type": "email_guard", "registration_id": r.registration_id,
    })}} for r in due]
    extra += [{"PutRequest": {"Item": items.to_av({
        "PK": pk, "SK": keys.sent_sk(r.registration_id, "confirmed#v1"), "type": "sent",
        "sent_at": "2026-01-01T00:00:00Z",
    })}} for r in due]
    for start in range(0, len(extra), 25):
        store.client.batch_write_item(RequestItems={TABLE: extra[start:start + 25]})
    for index in range(events - 1):
        other = f"kept-{index:02d}"
        repo.put_event(event(other, 10))
        store.write(puts=people(other, 300))


def bare_query(store: PrivacyStore) -> int:
    kwargs: dict[str, Any] = {"TableName": TABLE, "KeyConditionExpression": "PK = :pk AND begins_with(SK, :p)",
                              "ExpressionAttributeValues": {":pk": {"S": keys.event_pk(DUE)},
                                                            ":p": {"S": keys.REG_PREFIX}},
                              "Limit": 100, "ConsistentRead": True}
    read = 0
    while True:
        page = store.client.query(**kwargs)
        read += len(page["Items"])
        if "LastEvaluatedKey" not in page:
            return read
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=6000)
    parser.add_argument("--events", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as state, (Path(state) / "dynamodb.log").open("wb") as log:
        engine = DynamoDBLocal(log=log)
        engine.start()
        try:
            os.environ.update({"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local",
                               "AWS_DEFAULT_REGION": "eu-west-1", "EVENTREG_TABLE": TABLE,
                               "EVENTREG_DYNAMODB_ENDPOINT": engine.endpoint})
            from eventreg.config import settings

            settings.cache_clear()
            clients.reset()
            client = clients.dynamodb()
            client.create_table(**create_table_kwargs(TABLE))
            repo = Repository(client, TABLE)
            store = PrivacyStore(repo)
            started = time.perf_counter()
            load(store, repo, args.n, args.events)
            print(f"loaded {args.n} registrations (+ guards, send log) and {args.events - 1} other events "
                  f"in {time.perf_counter() - started:.1f} s")

            started = time.perf_counter()
            read = bare_query(store)
            bare = time.perf_counter() - started

            calls: Counter[str] = Counter()
            client.meta.events.register("before-call.dynamodb", lambda model, **_: calls.update([model.name]))
            started = time.perf_counter()
            run = anonymise_expired_events(store, utc_now())
            job = time.perf_counter() - started
            again_started = time.perf_counter()
            second = anonymise_expired_events(store, utc_now())
            again = time.perf_counter() - again_started

            print(f"bare paginated Query of {read} registrations: {bare:.2f} s")
            print(f"retention job: {job:.2f} s for {run.anonymised} registrations anonymised and {run.deleted} "
                  f"items deleted ({(run.anonymised + run.deleted) / job:.0f} items written/s); "
                  f"job / bare query = {job / bare:.1f}")
            print(f"  calls: {dict(sorted(calls.items()))}")
            print(f"  finished {run.finished}, unfinished {run.unfinished}")
            print(f"second run: {again * 1000:.0f} ms, finished {second.finished} (nothing due)")
        finally:
            engine.stop()


if __name__ == "__main__":
    main()
