"""Check-ins per second from 8 concurrent scanners: the desk's whole path against the bare conditional write.

    .venv/bin/python bench/checkins.py [--people 2000] [--scanners 8] [--rounds 3]

Starts Amazon DynamoDB Local (in memory; no AWS account), seeds an event with `--people` confirmed registrations
(batch writes, not measured), then measures, in alternating rounds, `--scanners` threads checking in distinct
people as fast as they can:

  1. desk: eventreg.register.checking_in.CheckInDesk.scan, as the check-in page calls it - who may scan (the
     programme from its 30 s cache), the QR code verified (HMAC), the registration read (GetItem, to show who it
     is), then the one TransactWriteItems (ConditionCheck on the registration + Put of the check-in under
     attribute_not_exists);
  2. bare: one conditional PutItem of the same check-in item (attribute_not_exists), nothing else.

It prints check-ins/s for each, their ratio (bare / desk), and the one-badge race: all scanners on one person at
once, repeated, counting check-ins made (must be exactly one per person). Figures are printed, never asserted;
the exit status is 0 whether targets are met or not (the race's count is checked: a wrong count exits 1).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from devstack.engines import DynamoDBLocal, EngineError
from eventreg import keys as link_keys
from eventreg.adapters import clients
from eventreg.adapters.dynamodb.checkins import checkin_item
from eventreg.adapters.dynamodb.privacy import PrivacyStore
from eventreg.config import settings
from eventreg.domain.checkins import EVENT_SCOPE, Checkin, Outcome
from eventreg.domain.models import AttendanceMode, Event, EventStatus, Registration, RegistrationStatus, utc_now
from eventreg.entrypoints.bootstrap import checkin_store, repository
from eventreg.links import checkin_code
from eventreg.programme import ProgrammeCache
from eventreg.register.checking_in import CheckInDesk, Staff
from eventreg.schema import create_table_kwargs

ORGANISER = "org-bench"
STAFF = Staff(ORGANISER, frozenset({"organisers"}), "Bench scanner")


def environment(endpoint: str, table: str) -> None:
    os.environ.update({"EVENTREG_DYNAMODB_ENDPOINT": endpoint, "EVENTREG_TABLE": table, "AWS_ACCESS_KEY_ID": "local",
                       "AWS_SECRET_ACCESS_KEY": "local", "AWS_DEFAULT_REGION": "eu-west-1",
                       "EVENTREG_LINK_KEY": os.environ.get("EVENTREG_LINK_KEY", "bench-link-key-0123456789abcdef")})
    for name in ("AWS_REGION", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        os.environ.pop(name, None)
    settings.cache_clear()
    link_keys.reset()
    clients.reset()


def seeded_event(people: int) -> tuple[str, list[str]]:
    """A fresh event partition with `people` confirmed registrations; their ids."""
    repo = repository()
    now = utc_now()
    event_id = f"bench-{uuid.uuid4().hex[:10]}"
    repo.put_event(Event(event_id=event_id, title={"en": "Check-in bench"}, timezone="Europe/Brussels",
                         starts_at=now, ends_at=now + timedelta(hours=8), registration_opens_at=now - timedelta(days=9),
                         registration_closes_at=now - timedelta(days=1), status=EventStatus.CLOSED,
                         modes=[AttendanceMode.IN_PERSON], organiser_ids=[ORGANISER]))
    people_ids = [f"01KBENCH{n:018d}" for n in range(people)]
    PrivacyStore(repo).write(puts=[Registration(
        registration_id=rid, event_id=event_id, name=f"Person {n}", email=f"p{n}@bench.example.eu",
        email_norm=f"p{n}@bench.example.eu", country="BE", attendance_mode=AttendanceMode.IN_PERSON,
        status=RegistrationStatus.CONFIRMED, created_at=now) for n, rid in enumerate(people_ids)])
    return event_id, people_ids


def rate(scanners: int, work: list[str], one: Callable[[str], object]) -> float:
    """Check-ins per second: `scanners` threads taking the next person from `work` until none is left."""
    lock, position = threading.Lock(), [0]

    def scanner() -> None:
        while True:
            with lock:
                if position[0] >= len(work):
                    return
                person = work[position[0]]
                position[0] += 1
            one(person)

    started = time.perf_counter()
    with ThreadPoolExecutor(scanners) as pool:
        for future in [pool.submit(scanner) for _ in range(scanners)]:
            future.result()
    return len(work) / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000, help="registrations per measured side and round")
    parser.add_argument("--scanners", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--races", type=int, default=50, help="people each checked in by all scanners at once")
    args = parser.parse_args()
    engine = DynamoDBLocal()
    try:
        engine.start(timeout=60)
    except EngineError as error:
        print(f"checkins: DynamoDB Local is not available: {error}")
        return 0
    try:
        table = f"eventreg-bench-{uuid.uuid4().hex[:8]}"
        environment(engine.endpoint, table)
        clients.dynamodb().create_table(**create_table_kwargs(table))
        repo, store = repository(), checkin_store()
        client = repo.client
        desk = CheckInDesk(ProgrammeCache(repo), repo, store)
        # warm-up: DynamoDB Local's JIT settles after a few hundred writes
        event_id, warm = seeded_event(600)
        rate(args.scanners, warm, lambda rid: desk.scan(STAFF, event_id, EVENT_SCOPE, checkin_code(event_id, rid),
                                                         utc_now()))
        desk_rates: list[float] = []
        bare_rates: list[float] = []
        for round_number in range(args.rounds):
            event_id, people = seeded_event(2 * args.people)
            codes = {rid: checkin_code(event_id, rid) for rid in people[: args.people]}

            def by_desk(rid: str, event_id: str = event_id, codes: dict[str, str] = codes) -> None:
                assert desk.scan(STAFF, event_id, EVENT_SCOPE, codes[rid], utc_now()).outcome is Outcome.CHECKED_IN

            def bare(rid: str, event_id: str = event_id) -> None:
                client.put_item(TableName=table, Item=checkin_item(Checkin(event_id, rid, EVENT_SCOPE, utc_now(),
                                                                           ORGANISER, STAFF.name)),
                                ConditionExpression="attribute_not_exists(PK)")

            sides = [("desk", by_desk, people[: args.people], desk_rates),
                     ("bare", bare, people[args.people:], bare_rates)]
            for _name, one, work, rates in (sides if round_number % 2 == 0 else sides[::-1]):
                rates.append(rate(args.scanners, work, one))
        # the one-badge race: every scanner on the same person, person after person
        event_id, people = seeded_event(args.races)
        start = threading.Barrier(args.scanners)

        def race(rid: str) -> Outcome:
            start.wait()
            return desk.scan(STAFF, event_id, EVENT_SCOPE, checkin_code(event_id, rid), utc_now()).outcome

        made = 0
        race_started = time.perf_counter()
        with ThreadPoolExecutor(args.scanners) as pool:
            for rid in people:
                made += sum(o is Outcome.CHECKED_IN for o in pool.map(race, [rid] * args.scanners))
        race_seconds = time.perf_counter() - race_started
        stored = sum(1 for c in store.checkins(event_id))
    finally:
        engine.stop()
    desk_median, bare_median = statistics.median(desk_rates), statistics.median(bare_rates)
    print(f"check-ins/s, {args.scanners} concurrent scanners, {args.people} people per side, {args.rounds} rounds "
          f"(DynamoDB Local, {os.cpu_count()} CPUs)")
    print(f"  desk (verify code, GetItem, TransactWriteItems): median {desk_median:7.1f}/s   "
          f"rounds {', '.join(f'{r:.1f}' for r in desk_rates)}")
    print(f"  bare (one conditional PutItem):                   median {bare_median:7.1f}/s   "
          f"rounds {', '.join(f'{r:.1f}' for r in bare_rates)}")
    print(f"  ratio bare/desk: {bare_median / desk_median:.2f}x")
    print(f"one-badge race: {args.races} people x {args.scanners} scanners at once -> {made} check-ins made, "
          f"{stored} stored ({args.races * args.scanners / race_seconds:.1f} scans/s)")
    if made != args.races or stored != args.races:
        print("checkins: FAILED: not exactly one check-in per person")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
