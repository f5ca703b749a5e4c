"""EWRC-sized burst: 6,000 registrations for one event with 100 workshops, from 8 concurrent HTTP clients.

    .venv/bin/python bench/ewrc_burst.py [--n 6000] [--clients 8] [--no-dispatch] [--max-seconds 900]
                                         [--seed 2026] [--profile]

Starts the local stack in-process (DynamoDB Local, moto server, the three apps on one HTTP origin and, unless
--no-dispatch, the stream dispatcher), creates one event through the organiser API (hybrid: 5,000 places in
person, online unlimited; 100 workshops over 4 days x 5 time slots x 5 parallel rooms, 40-80 seats each), then
fires the registrations at it from concurrent clients (threads, each with its own keep-alive connection), each
registrant choosing 2-4 non-overlapping workshops with a skewed popularity so that the hall and the popular
workshops overflow into their waiting lists.

Prints wall time, registrations/s, latency percentiles, the outcomes (confirmed, confirmed but waiting for a
workshop, waitlisted, errors by code), the DynamoDB calls per registration on the server's request path
(botocore hooks on the served apps' client; the stream dispatcher's calls are listed apart) and, read back at
the end with Queries of the event partition (never Scans), the invariants: no overbooking, every counter equal
to the items it counts, one live registration per email. The exit status is 1 only if an invariant fails;
timings are printed, never asserted. --profile adds a cProfile of the server's request handling (one profiler
per server thread, merged).
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import itertools
import json
import os
import platform
import pstats
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import boto3

from devstack import gateway
from devstack.engines import EngineError, dynamodb_local_dir
from devstack.stack import LocalStack
from eventreg.adapters import clients
from eventreg.adapters.dynamodb import items, keys

if TYPE_CHECKING:
    from botocore.model import OperationModel
    from mypy_boto3_dynamodb import DynamoDBClient

EVENT_ID = "ewrc-burst"
TIMEZONE = "Europe/Brussels"
DAYS, SLOTS, ROOMS = 4, 5, 5  # 100 workshops; the 5 rooms of a slot run at the same time
SLOT_STARTS = ((9, 0), (10, 45), (12, 30), (14, 30), (16, 15))  # local time, 90 minutes each
SLOT_MINUTES = 90
SESSION_CAPACITY = (40, 80)
CAPACITY_IN_PERSON = 5000  # below the in-person demand of the default 6,000 registrations
ONLINE_SHARE = 0.15
SESSIONS_PER_PERSON = (2, 4)
POPULARITY_EXPONENT = 1.0  # Zipf: the k-th most popular workshop is wanted 1/k as often as the first
MODES = ("in_person", "online")
STREAM_THREAD = "eventreg-stream"  # devstack.dispatcher names its thread so
REGISTRATIONS_PATH = f"/events/{EVENT_ID}/registrations"
PRETIX = "15.6 orders/s with 8 clients, 139 ms per order (pretix + PostgreSQL on this machine kind, DESIGN.md)"

COUNTRIES = ("BE", "DE", "FR", "IT", "ES", "PL", "NL", "PT", "SE", "AT", "CZ", "GR", "HU", "RO", "IE", "FI",
             "DK", "SK", "HR", "LT")
ORGANISATION_TYPES = ("region", "region", "city", "city", "city", "national_administration", "eu_institution",
                      "ngo", "business", "academia")


# -- the workload (deterministic for a seed) -------------------------------------------------------
@dataclass(frozen=True)
class Workshop:
    session_id: str
    slot: int  # day * SLOTS + time slot: workshops with the same slot overlap
    room: int
    starts_at: datetime
    ends_at: datetime
    capacity: int
    weight: float  # popularity


def first_monday(today: date) -> date:
    """The event runs Monday to Thursday, four weeks or more from today."""
    start = today + timedelta(days=28)
    return start + timedelta(days=(7 - start.weekday()) % 7)


def programme(rng: random.Random, monday: date) -> list[Workshop]:
    tz = ZoneInfo(TIMEZONE)
    ranks = list(range(DAYS * SLOTS * ROOMS))
    rng.shuffle(ranks)
    workshops: list[Workshop] = []
    for day in range(DAYS):
        when = monday + timedelta(days=day)
        for slot, (hour, minute) in enumerate(SLOT_STARTS):
            starts = datetime(when.year, when.month, when.day, hour, minute, tzinfo=tz)
            for room in range(ROOMS):
                rank = ranks[len(workshops)]
                workshops.append(Workshop(
                    session_id=f"d{day + 1}-s{slot + 1}-r{room + 1}",
                    slot=day * SLOTS + slot,
                    room=room,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=SLOT_MINUTES),
                    capacity=rng.randint(*SESSION_CAPACITY),
                    weight=1 / (rank + 1) ** POPULARITY_EXPONENT,
                ))
    return workshops


def event_body(monday: date, now: datetime) -> dict[str, Any]:
    tz = ZoneInfo(TIMEZONE)
    last = monday + timedelta(days=DAYS - 1)
    return {
        "event_id": EVENT_ID,
        "title": "European Week of Regions and Cities (burst bench)",
        "timezone": TIMEZONE,
        "starts_at": datetime(monday.year, monday.month, monday.day, 8, 30, tzinfo=tz).isoformat(),
        "ends_at": datetime(last.year, last.month, last.day, 18, 30, tzinfo=tz).isoformat(),
        "registration_opens_at": (now - timedelta(days=1)).isoformat(),
        "registration_closes_at": (now + timedelta(days=14)).isoformat(),
        "status": "open",
        "modes": list(MODES),
        "capacity_in_person": CAPACITY_IN_PERSON,
        "capacity_online": None,
        "venue": {"name": "SQUARE Brussels Convention Centre", "address": "Mont des Arts, 1000 Brussels"},
        "organising_unit": "European Committee of the Regions",
    }


def session_body(workshop: Workshop) -> dict[str, Any]:
    return {
        "title": f"Workshop {workshop.session_id}",
        "starts_at": workshop.starts_at.isoformat(),
        "ends_at": workshop.ends_at.isoformat(),
        "room": f"Room {'ABCDE'[workshop.room]}",
        "capacity": workshop.capacity,
    }


@dataclass(frozen=True)
class Demand:
    bodies: list[bytes]
    online: int
    picks: Counter[str]


def attendees(rng: random.Random, workshops: list[Workshop], n: int) -> Demand:
    """n registration bodies: unique emails, ~15% online, 2-4 workshops in distinct slots, drawn by popularity."""
    cumulative = list(itertools.accumulate(w.weight for w in workshops))
    bodies: list[bytes] = []
    picks: Counter[str] = Counter()
    online = 0
    for i in range(n):
        wanted = rng.randint(*SESSIONS_PER_PERSON)
        chosen: dict[int, str] = {}  # slot -> session: never two overlapping workshops
        for _ in range(50 * wanted):
            workshop = rng.choices(workshops, cum_weights=cumulative)[0]
            chosen.setdefault(workshop.slot, workshop.session_id)
            if len(chosen) == wanted:
                break
        mode = "online" if rng.random() < ONLINE_SHARE else "in_person"
        online += mode == "online"
        picks.update(chosen.values())
        bodies.append(json.dumps({
            "name": f"Participant {i:05d}",
            "email": f"participant-{i:05d}@region{i % 97}.example.eu",
            "organisation": f"Region {i % 97}",
            "organisation_type": rng.choice(ORGANISATION_TYPES),
            "country": rng.choice(COUNTRIES),
            "attendance_mode": mode,
            "privacy_consent": True,
            "sessions": list(chosen.values()),
        }).encode())
    return Demand(bodies, online, picks)


# -- the server side: DynamoDB calls per request, refusals, optional profile -----------------------
class ServerTap:
    """botocore hooks on the process-wide DynamoDB client (the one the served apps use) and a wrapper around
    the local gateway's request handling: DynamoDB calls per registration request (a keep-alive connection is
    served by one thread, so a thread-local tally per request is exact), refused transactions by reason, and
    optionally one cProfile per server thread. The stream dispatcher's calls are kept apart."""

    def __init__(self, profile: bool = False) -> None:
        self.profiling = profile
        self.active = False
        self.calls: Counter[tuple[str, str]] = Counter()
        self.sends: Counter[str] = Counter()
        self.refusals: Counter[str] = Counter()
        self.per_request: Counter[int] = Counter()
        self.profiles: list[cProfile.Profile] = []
        self._local = threading.local()
        self._lock = threading.Lock()
        self._original: Callable[[Any], None] | None = None

    @staticmethod
    def _where() -> str:
        thread = threading.current_thread()
        if thread.name == STREAM_THREAD:
            return "dispatcher"
        return "main" if thread is threading.main_thread() else "request"

    def on_call(self, model: OperationModel, **_: Any) -> None:
        where = self._where()
        if where == "request":
            self._local.calls = getattr(self._local, "calls", 0) + 1
        with self._lock:
            self.calls[(where, model.name)] += 1

    def on_send(self, **_: Any) -> None:
        with self._lock:
            self.sends[self._where()] += 1

    def after_call(self, model: OperationModel, parsed: dict[str, Any], **_: Any) -> None:
        error = parsed.get("Error", {}).get("Code")
        if not error or self._where() != "request":
            return
        if error == "TransactionCanceledException":
            codes = sorted({r.get("Code", "None") for r in parsed.get("CancellationReasons") or []} - {"None"})
            error = "+".join(codes) or error
        with self._lock:
            self.refusals[f"{model.name}: {error}"] += 1

    def attach(self, client: DynamoDBClient) -> None:
        client.meta.events.register("before-call.dynamodb", self.on_call)
        client.meta.events.register("before-send.dynamodb", self.on_send)
        client.meta.events.register("after-call.dynamodb", self.after_call)

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.sends.clear()
            self.refusals.clear()
            self.per_request.clear()

    def _profile(self) -> cProfile.Profile:
        profile: cProfile.Profile | None = getattr(self._local, "profile", None)
        if profile is None:
            profile = self._local.profile = cProfile.Profile()
            with self._lock:
                self.profiles.append(profile)
        return profile

    def install(self) -> None:
        original = gateway._RequestHandler.handle_one_request
        self._original = original

        def handle_one_request(handler: Any) -> None:
            self._local.calls = 0
            profile = self._profile() if self.active and self.profiling else None
            if profile is not None:
                profile.enable()
            try:
                original(handler)
            finally:
                if profile is not None:
                    profile.disable()
            if self.active and handler.raw_requestline and handler.command == "POST" \
                    and handler.path == REGISTRATIONS_PATH:
                with self._lock:
                    self.per_request[self._local.calls] += 1

        setattr(gateway._RequestHandler, "handle_one_request", handle_one_request)  # noqa: B010

    def uninstall(self) -> None:
        if self._original is not None:
            setattr(gateway._RequestHandler, "handle_one_request", self._original)  # noqa: B010

    def total(self, where: str) -> int:
        return sum(n for (w, _), n in self.calls.items() if w == where)

    def operations(self, where: str) -> str:
        found = sorted((op, n) for (w, op), n in self.calls.items() if w == where)
        return ", ".join(f"{op} {n:,}" for op, n in found) or "none"

    def profile_text(self, limit: int = 30) -> str:
        if not self.profiles:
            return "(nothing profiled)"
        out = io.StringIO()
        stats = pstats.Stats(self.profiles[0], stream=out)
        for profile in self.profiles[1:]:
            stats.add(profile)
        stats.sort_stats("cumulative").print_stats(limit)
        stats.sort_stats("tottime").print_stats(limit // 2)
        return out.getvalue()


# -- the clients -----------------------------------------------------------------------------------
@dataclass
class ClientLog:
    latencies_ms: list[float] = field(default_factory=list)
    finished_at: list[float] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)  # confirmed, session-waitlisted, waitlisted, ...
    modes: Counter[str] = field(default_factory=Counter)  # status/mode of the 201s
    errors: Counter[str] = field(default_factory=Counter)  # "409 already_registered", "exception Timeout..."
    seats: int = 0
    session_waits: int = 0

    def merge(self, other: ClientLog) -> None:
        self.latencies_ms += other.latencies_ms
        self.finished_at += other.finished_at
        self.outcomes.update(other.outcomes)
        self.modes.update(other.modes)
        self.errors.update(other.errors)
        self.seats += other.seats
        self.session_waits += other.session_waits

    @property
    def created(self) -> int:
        return sum(self.modes.values())

    @property
    def transport_errors(self) -> int:
        return sum(n for code, n in self.errors.items() if code.startswith("exception"))


class Feed:
    """Hands out body indexes to the clients until all are sent or the time budget is spent."""

    def __init__(self, total: int, deadline: float) -> None:
        self.total = total
        self.deadline = deadline
        self.sent = 0
        self._lock = threading.Lock()

    def next(self) -> int | None:
        with self._lock:
            if self.sent >= self.total or time.perf_counter() > self.deadline:
                return None
            self.sent += 1
            return self.sent - 1


def client(host: str, port: int, bodies: list[bytes], feed: Feed, log: ClientLog) -> None:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    connection = http.client.HTTPConnection(host, port, timeout=60)
    try:
        while (index := feed.next()) is not None:
            started = time.perf_counter()
            try:
                connection.request("POST", REGISTRATIONS_PATH, body=bodies[index], headers=headers)
                answer = connection.getresponse()
                payload = answer.read()
            except (OSError, http.client.HTTPException) as error:
                log.errors[f"exception {type(error).__name__}"] += 1
                connection.close()  # reconnects on the next request
                continue
            finished = time.perf_counter()
            log.latencies_ms.append((finished - started) * 1000)
            log.finished_at.append(finished)
            try:
                data = json.loads(payload)
            except ValueError:
                data = {}
            if answer.status != 201:
                code = data.get("error", {}).get("code", "?") if isinstance(data, dict) else "?"
                log.errors[f"{answer.status} {code}"] += 1
                continue
            registration = data["registration"]
            status = registration["status"]
            waiting = registration.get("waitlisted_sessions") or []
            log.modes[f"{status}/{registration['attendance_mode']}"] += 1
            if status == "confirmed" and waiting:
                log.outcomes["session-waitlisted"] += 1
            else:
                log.outcomes[status] += 1
            if status != "waitlisted":
                log.seats += len(registration.get("sessions") or [])
                log.session_waits += len(waiting)
    finally:
        connection.close()


# -- set-up through the organiser API --------------------------------------------------------------
def organiser_setup(url: str, token: str, monday: date, workshops: list[Workshop], now: datetime) -> None:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    headers = {"Content-Type": "application/json", "Accept": "application/json", "Authorization": f"Bearer {token}"}

    def send(method: str, path: str, body: dict[str, Any], expected: int) -> None:
        connection.request(method, path, body=json.dumps(body).encode(), headers=headers)
        answer = connection.getresponse()
        payload = answer.read()
        if answer.status != expected:
            raise SystemExit(f"{method} {path} answered {answer.status}: {payload[:400]!r}")

    try:
        send("POST", "/organiser/events", event_body(monday, now), 201)
        for workshop in workshops:
            send("PUT", f"/organiser/events/{EVENT_ID}/sessions/{workshop.session_id}", session_body(workshop), 200)
    finally:
        connection.close()


# -- read back: the invariants ---------------------------------------------------------------------
@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def query(client: DynamoDBClient, table: str, prefix: str) -> Iterator[dict[str, Any]]:
    """Items of the event partition whose sort key starts with prefix: a paginated, consistent Query."""
    kwargs: dict[str, Any] = {
        "TableName": table,
        "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
        "ExpressionAttributeValues": {":pk": {"S": keys.event_pk(EVENT_ID)}, ":prefix": {"S": prefix}},
        "ConsistentRead": True,
    }
    while True:
        page = client.query(**kwargs)
        for item in page.get("Items", []):
            yield items.from_av(dict(item))
        if "LastEvaluatedKey" not in page:
            return
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def invariants(client: DynamoDBClient, table: str, log: ClientLog) -> tuple[list[Check], str]:
    started = time.perf_counter()
    head = list(query(client, table, keys.EVENT_SK))  # the event item, then its sessions
    event = next(i for i in head if i["SK"] == keys.EVENT_SK)
    sessions = {i["SK"].removeprefix(keys.SESSION_PREFIX): i for i in head if i["SK"].startswith(keys.SESSION_PREFIX)}
    registrations = list(query(client, table, keys.REG_PREFIX))
    guards = list(query(client, table, keys.EMAIL_PREFIX))
    waits = [i["SK"] for i in query(client, table, keys.WAIT_PREFIX)]
    read = (f"read back with {len(head) + len(registrations) + len(guards) + len(waits):,} items by Query "
            f"(ConsistentRead) in {time.perf_counter() - started:.1f} s")

    holding = [r for r in registrations if r["status"] in ("confirmed", "pending")]
    live = [r for r in registrations if r["status"] in ("confirmed", "pending", "waitlisted")]
    in_person = sum(r["attendance_mode"] == "in_person" for r in holding)
    online = sum(r["attendance_mode"] == "online" for r in holding)
    waitlisted = sum(r["status"] == "waitlisted" for r in registrations)
    capacity = event.get("capacity_in_person")
    checks = [Check(
        "in-person places held <= capacity",
        capacity is None or (in_person <= capacity and event["registered_in_person"] <= capacity),
        f"{in_person:,} registrations, counter {event['registered_in_person']:,}, capacity {capacity}",
    )]
    counters = {"registered_in_person": in_person, "registered_online": online, "waitlisted": waitlisted}
    wrong = {name: (event.get(name, 0), n) for name, n in counters.items() if event.get(name, 0) != n}
    checks.append(Check(
        "event counters = registration items", not wrong,
        ", ".join(f"{name} {n:,}" for name, n in counters.items()) if not wrong
        else "; ".join(f"{name}: counter {c:,} vs {n:,} items" for name, (c, n) in wrong.items()),
    ))

    seated: Counter[str] = Counter(s for r in holding for s in r.get("sessions") or [])
    over = [sid for sid, s in sessions.items() if s.get("capacity") is not None and s["registered"] > s["capacity"]]
    full = sum(1 for s in sessions.values() if s.get("capacity") is not None and s["registered"] >= s["capacity"])
    checks.append(Check(
        "each workshop: seats taken <= capacity", not over,
        f"{len(sessions)} workshops, {full} full, {sum(s['registered'] for s in sessions.values()):,} seats taken"
        if not over else f"overbooked: {', '.join(over[:5])}",
    ))
    mismatched = [sid for sid, s in sessions.items() if s["registered"] != seated[sid]]
    checks.append(Check(
        "each workshop: counter = registrations seated", not mismatched,
        f"{sum(seated.values()):,} seats held by registrations" if not mismatched
        else "; ".join(f"{sid}: counter {sessions[sid]['registered']} vs {seated[sid]}" for sid in mismatched[:5]),
    ))
    session_waits: Counter[str] = Counter()
    event_prefixes = tuple(keys.wait_sk(keys.wait_scope_event(m), "") for m in MODES)  # "WAIT#EVENT#<mode>#"
    event_waits = sum(1 for sk in waits if sk.startswith(event_prefixes))
    for sid in sessions:
        prefix = keys.wait_sk(keys.wait_scope_session(sid), "")  # "WAIT#SESSION#<sid>#"
        session_waits[sid] = sum(1 for sk in waits if sk.startswith(prefix))
    mismatched = [sid for sid, s in sessions.items() if s.get("waitlisted", 0) != session_waits[sid]]
    checks.append(Check(
        "each workshop: waitlisted = WAIT#SESSION#<sid># items", not mismatched,
        f"{sum(session_waits.values()):,} entries on {sum(1 for n in session_waits.values() if n)} waiting lists"
        if not mismatched
        else "; ".join(f"{sid}: counter {sessions[sid].get('waitlisted', 0)} vs {session_waits[sid]}"
                       for sid in mismatched[:5]),
    ))
    checks.append(Check(
        "event waitlisted = WAIT#EVENT# items", event.get("waitlisted", 0) == event_waits,
        f"counter {event.get('waitlisted', 0):,}, items {event_waits:,}",
    ))
    emails = Counter(r["email_norm"] for r in live)
    twice = [e for e, n in emails.items() if n > 1]
    by_id = {r["registration_id"]: r for r in live}
    stray = [g for g in guards if by_id.get(g.get("registration_id", ""), {}).get("email_norm")
             != g["SK"].removeprefix(keys.EMAIL_PREFIX)]
    checks.append(Check(
        "no email registered twice (EMAIL# guards = live registrations)",
        not twice and not stray and len(guards) == len(live),
        f"{len(guards):,} guards, {len(live):,} live registrations, {len(emails):,} distinct emails"
        + (f"; {len(twice)} emails twice" if twice else "") + (f"; {len(stray)} stray guards" if stray else ""),
    ))
    lost = log.transport_errors  # a request whose answer never came may or may not have been written
    checks.append(Check(
        "registration items = 201 answers",
        log.created <= len(registrations) <= log.created + lost,
        f"{len(registrations):,} items, {log.created:,} answered 201"
        + (f" (+ up to {lost} unanswered)" if lost else ""),
    ))
    return checks, read


# -- one burst on one fresh stack -----------------------------------------------------------------
@dataclass
class Result:
    n: int
    clients: int
    dispatch: bool
    workshops: list[Workshop]
    demand: Demand
    sent: int
    seconds: float
    started: float
    log: ClientLog
    tap: ServerTap
    checks: list[Check]
    read: str
    delivered: int | None
    dispatcher_failures: int | None


def burst(n: int, clients_n: int, dispatch: bool, max_seconds: float, seed: int, tap: ServerTap) -> Result:
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    monday = first_monday(now.date())
    workshops = programme(rng, monday)
    demand = attendees(rng, workshops, n)
    with tempfile.TemporaryDirectory(prefix="eventreg-bench-") as state, LocalStack(
        port=0, state_dir=Path(state), seed=False, dispatch=dispatch, schedule_seconds=0
    ) as stack:
        info = stack.info
        tap.attach(clients.dynamodb())  # the client the served apps use (one per process)
        organiser_setup(info["url"], info["organiser_token"], monday, workshops, now)
        url = urllib.parse.urlsplit(info["url"])
        host, port = url.hostname or "127.0.0.1", url.port or 80
        log = ClientLog()
        logs = [ClientLog() for _ in range(clients_n)]
        tap.reset()
        tap.active = True
        started = time.perf_counter()
        feed = Feed(n, started + max_seconds)
        threads = [threading.Thread(target=client, args=(host, port, demand.bodies, feed, part), name=f"client-{i}")
                   for i, part in enumerate(logs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
        tap.active = False
        for part in logs:
            log.merge(part)
        reader = boto3.session.Session().client(
            "dynamodb",
            endpoint_url=info["dynamodb_endpoint"],
            region_name=os.environ["AWS_DEFAULT_REGION"],  # credentials: the stack's dummy ones, from the env
            config=clients.RETRIES,
        )
        checks, read = invariants(reader, info["table"], log)
        dispatcher = stack.dispatcher
        delivered = dispatcher.delivered if dispatcher is not None else None
        failures = dispatcher.failures if dispatcher is not None else None
        return Result(n, clients_n, dispatch, workshops, demand, feed.sent, seconds, started, log, tap, checks, read,
                      delivered, failures)


# -- report ----------------------------------------------------------------------------------------
def percentile(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def tenths(result: Result) -> str:
    """Registrations/s in each tenth of the answers (does the pace hold as the table grows?)."""
    done = sorted(result.log.finished_at)
    if len(done) < 20:
        return "-"
    rates: list[str] = []
    previous = result.started
    for k in range(1, 11):
        index = len(done) * k // 10 - 1
        count = index + 1 - (len(done) * (k - 1) // 10)
        rates.append(f"{count / max(done[index] - previous, 1e-9):.0f}")
        previous = done[index]
    return " ".join(rates)


def report(result: Result) -> str:
    try:
        engine = dynamodb_local_dir().name
    except EngineError:
        engine = "?"
    log, tap, workshops = result.log, result.tap, result.workshops
    seats = sum(w.capacity for w in workshops)
    picks = sum(result.demand.picks.values())
    top = result.demand.picks.most_common(1)[0] if result.demand.picks else ("-", 0)
    answered = len(log.latencies_ms)
    in_person_demand = result.n - result.demand.online
    dispatch = "with the stream dispatcher (same process)" if result.dispatch else "without the stream dispatcher"
    lines = [
        "eventreg bench: EWRC-sized registration burst (one event, 100 workshops, concurrent HTTP clients)",
        f"  engine {engine} (in memory), Python {platform.python_version()}, {os.cpu_count()} CPUs; "
        f"local stack in-process, {dispatch}",
        f"  clients: {result.clients} threads in the same process, one keep-alive http.client connection each, "
        f"POST {REGISTRATIONS_PATH} (application/json)",
        f"  event: in person {CAPACITY_IN_PERSON:,} places, online unlimited; {len(workshops)} workshops "
        f"({DAYS} days x {len(SLOT_STARTS)} slots x {ROOMS} parallel rooms), {SESSION_CAPACITY[0]}-"
        f"{SESSION_CAPACITY[1]} seats each, {seats:,} seats in all",
        f"  demand: {result.n:,} registrations ({in_person_demand:,} in person, {result.demand.online:,} online), "
        f"{picks:,} workshop picks ({SESSIONS_PER_PERSON[0]}-{SESSIONS_PER_PERSON[1]} each, Zipf "
        f"s={POPULARITY_EXPONENT}; most wanted {top[0]}: {top[1]:,})",
        "",
        f"  sent {result.sent:,} of {result.n:,}, answered {answered:,}, in {result.seconds:.1f} s (wall)",
        f"    {'registrations/s':34} {answered / result.seconds:8.1f}",
    ]
    if log.latencies_ms:
        lines.append(
            f"    {'latency p50 / p90 / p99 / max':34} {percentile(log.latencies_ms, 50):8.1f} / "
            f"{percentile(log.latencies_ms, 90):.1f} / {percentile(log.latencies_ms, 99):.1f} / "
            f"{max(log.latencies_ms):.1f} ms"
        )
    lines.append(f"    {'registrations/s by tenth of burst':34} {tenths(result)}")
    lines += [
        "  outcomes",
        f"    {'confirmed':34} {log.outcomes['confirmed']:8,}   every chosen workshop seated",
        f"    {'session-waitlisted':34} {log.outcomes['session-waitlisted']:8,}   confirmed, waiting for "
        f">= 1 workshop",
        f"    {'waitlisted':34} {log.outcomes['waitlisted']:8,}   on the event's waiting list (hall full)",
    ]
    for other, count in sorted(log.outcomes.items()):
        if other not in ("confirmed", "session-waitlisted", "waitlisted"):
            lines.append(f"    {other:34} {count:8,}")
    errors = ", ".join(f"{code} {n:,}" for code, n in sorted(log.errors.items())) or "none"
    lines.append(f"    {'errors':34} {sum(log.errors.values()):8,}   {errors}")
    modes = ", ".join(f"{key} {n:,}" for key, n in sorted(log.modes.items()))
    lines.append(f"    {'by status/mode':34} {modes}")
    lines.append(f"    {'workshop seats given / waits':34} {log.seats:8,} / {log.session_waits:,}")
    requests = sum(tap.per_request.values()) or answered or 1
    per_request = " ".join(f"{calls}:{n:,}" for calls, n in sorted(tap.per_request.items()))
    lines += [
        "  DynamoDB on the request path (botocore before-call hook, request threads only)",
        f"    {'calls per registration':34} {tap.total('request') / requests:8.2f}   "
        f"({tap.operations('request')}; HTTP attempts {tap.sends['request']:,})",
        f"    {'requests by number of calls':34} {per_request or '-'}",
    ]
    refusals = ", ".join(f"{why} {n:,}" for why, n in tap.refusals.most_common()) or "none"
    lines.append(f"    {'refused calls (re-planned)':34} {refusals}")
    if result.delivered is not None:
        lines.append(
            f"  stream dispatcher (same process): {result.delivered:,} records delivered by the end, "
            f"{result.dispatcher_failures} failures; DynamoDB calls: {tap.operations('dispatcher')}"
        )
    lines += [
        f"  reference, not measured here: pretix {PRETIX}",
        "",
        f"  invariants ({result.read})",
    ]
    for check in result.checks:
        lines.append(f"    {'PASS' if check.ok else 'FAIL'}  {check.name:62} {check.detail}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=6000, help="registrations to send (6000)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent HTTP clients (8)")
    parser.add_argument("--no-dispatch", action="store_true",
                        help="run the stack without the stream dispatcher (the request path alone)")
    parser.add_argument("--max-seconds", type=float, default=900,
                        help="time budget: no new request is sent after it (900)")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the workload (2026)")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of the server's request handling (slows it)")
    args = parser.parse_args(argv)
    if args.n < 1 or args.clients < 1 or args.max_seconds <= 0:
        parser.error("--n and --clients must be at least 1, --max-seconds positive")

    tap = ServerTap(profile=args.profile)
    tap.install()
    try:
        print(f"running: {args.n:,} registrations from {args.clients} clients …", file=sys.stderr, flush=True)
        result = burst(args.n, args.clients, not args.no_dispatch, args.max_seconds, args.seed, tap)
    except EngineError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    finally:
        tap.uninstall()
    print(report(result))
    if args.profile:
        print("\ncProfile of the server's request handling (all request threads merged; profiled, so slower):")
        print(tap.profile_text())
    return 0 if all(check.ok for check in result.checks) else 1


if __name__ == "__main__":
    sys.exit(main())
