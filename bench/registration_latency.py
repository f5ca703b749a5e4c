"""Registration latency: the HTTP path against the bare DynamoDB transaction it wraps.

    .venv/bin/python bench/registration_latency.py [--n 300] [--warmup 150] [--no-quiet-line] [--profile]

Starts the local stack in-process (DynamoDB Local, moto server, the three apps on one HTTP origin, the
stream dispatcher) and, on the demo event, measures in interleaved rounds:

  1. a registration POST (application/json) over one keep-alive HTTP connection, request to last byte;
  2. the bare TransactWriteItems of the same three items (event counter under its condition, the
     registration, the email guard), planned and built by the registration path's own code, on a plain boto3 client;

then prints medians, p90, their ratio (target <= 1.5) and the DynamoDB calls made per registration on
the server's request path (counted with a botocore event hook; target 1). Figures are printed, never
asserted: the exit status is 0 whether the targets are met or not.

The run is repeated on a second, fresh stack without the stream dispatcher (dispatch=False): in the
first run the dispatcher sends a confirmation mail per registration in the same process (realistic,
as the local stack runs), which competes for the interpreter and for DynamoDB Local; the second line
isolates the request path. --profile adds a cProfile of the server's request handling (measured
rounds of the last run) to find where the HTTP path spends its time.
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import json
import os
import platform
import pstats
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import boto3

from devstack import gateway
from devstack.engines import EngineError, dynamodb_local_dir
from devstack.seed import DEMO_EVENT_ID
from devstack.stack import LocalStack
from eventreg.adapters import clients
from eventreg.adapters.dynamodb.transactions import registration_transaction
from eventreg.domain.models import Event, Session, utc_now
from eventreg.domain.parsing import parse_request
from eventreg.domain.registration import plan_registration
from eventreg.entrypoints.bootstrap import repository

if TYPE_CHECKING:
    from botocore.model import OperationModel
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

RATIO_TARGET = 1.5
CALLS_TARGET = 1
DEMO_CAPACITY = 6000
STREAM_THREAD = "eventreg-stream"  # devstack.dispatcher names its thread so
NAGLE_GAP_MS = 30  # a constant gap of ~40 ms per response is Nagle's algorithm meeting a delayed ACK


# -- counting DynamoDB calls in the server process -------------------------------------------------
@dataclass
class CallCounter:
    """botocore hooks on the process-wide DynamoDB client: API calls (before-call) and HTTP attempts
    (before-send, so retries show), split into the request path and the stream dispatcher."""

    calls: Counter[tuple[str, str]] = field(default_factory=Counter)
    sends: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @staticmethod
    def _where() -> str:
        name = threading.current_thread().name
        if name == STREAM_THREAD:
            return "dispatcher"
        return "main" if threading.current_thread() is threading.main_thread() else "request"

    def on_call(self, model: OperationModel, **_: Any) -> None:
        with self._lock:
            self.calls[(self._where(), model.name)] += 1

    def on_send(self, **_: Any) -> None:
        with self._lock:
            self.sends[self._where()] += 1

    def attach(self, client: DynamoDBClient) -> None:
        client.meta.events.register("before-call.dynamodb", self.on_call)
        client.meta.events.register("before-send.dynamodb", self.on_send)

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.sends.clear()

    def total(self, where: str) -> int:
        return sum(n for (w, _), n in self.calls.items() if w == where)

    def operations(self, where: str) -> str:
        found = sorted((op, n) for (w, op), n in self.calls.items() if w == where)
        return ", ".join(f"{op} {n}" for op, n in found) or "none"


# -- where the server spends a request ------------------------------------------------------------
class RequestProfiler:
    """cProfile around the local HTTP server's handling of each request (keep-alive: one thread per
    connection, so one profiler at a time is enough). A diagnostic: it slows what it measures."""

    def __init__(self) -> None:
        self.profile = cProfile.Profile()
        self.active = False
        self._original: Callable[[Any], None] | None = None

    def install(self) -> None:
        original = gateway._RequestHandler.handle_one_request
        self._original = original

        def handle_one_request(handler: Any) -> None:
            if not self.active:
                original(handler)
                return
            self.profile.enable()
            try:
                original(handler)
            finally:
                self.profile.disable()

        setattr(gateway._RequestHandler, "handle_one_request", handle_one_request)  # noqa: B010

    def uninstall(self) -> None:
        if self._original is not None:
            setattr(gateway._RequestHandler, "handle_one_request", self._original)  # noqa: B010

    def text(self, limit: int = 30) -> str:
        out = io.StringIO()
        stats = pstats.Stats(self.profile, stream=out)
        stats.sort_stats("cumulative").print_stats(limit)
        stats.sort_stats("tottime").print_stats(limit // 2)
        return out.getvalue()


# -- the bare transaction, exactly as the registration path builds it -----------------------------
def register_transaction(
    table: str, event: Event, sessions: dict[str, Session], body: dict[str, Any], now: datetime
) -> list[TransactWriteItemTypeDef]:
    """The TransactItems the HTTP side writes for this body (planned and built by the same code, so the
    bare side can never drift from it)."""
    plan = plan_registration(event, sessions, parse_request(body), now)
    transact, _ = registration_transaction(table, plan, now)
    if len(transact) != 3:
        raise SystemExit(f"expected a 3-item transaction, the plan built {len(transact)}")
    return cast("list[TransactWriteItemTypeDef]", transact)


def attendee(label: str, i: int) -> dict[str, Any]:
    return {
        "name": f"Bench Attendee {i}",
        "email": f"bench-{label}-{i}@region{i % 13}.example.eu",
        "organisation": "Region of Benchmarks",
        "organisation_type": "region",
        "country": "BE",
        "attendance_mode": "in_person",
        "privacy_consent": True,
        "answers": {"interest": "Networking"},
    }


# -- one measured run on one stack -----------------------------------------------------------------
@dataclass
class Result:
    label: str
    n: int
    http_ms: list[float]
    bare_ms: list[float]
    counter: CallCounter
    dispatcher_delivered: int | None
    seconds: float

    @property
    def ratio(self) -> float:
        return statistics.median(self.http_ms) / statistics.median(self.bare_ms)

    @property
    def calls_per_registration(self) -> float:
        return self.counter.total("request") / self.n


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[8]


def measure(label: str, dispatch: bool, n: int, warmup: int, profiler: RequestProfiler | None = None) -> Result:
    with tempfile.TemporaryDirectory(prefix="eventreg-bench-") as state, LocalStack(
        port=0, state_dir=Path(state), seed=True, dispatch=dispatch
    ) as stack:
        info = stack.info
        counter = CallCounter()
        counter.attach(clients.dynamodb())  # the client the served apps use (one per process)
        bare = boto3.session.Session().client(
            "dynamodb",
            endpoint_url=info["dynamodb_endpoint"],
            region_name=os.environ["AWS_DEFAULT_REGION"],  # credentials: the stack's dummy ones, from the env
            config=clients.RETRIES,
        )
        url = urllib.parse.urlsplit(info["url"])
        connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=30)
        path = f"/events/{DEMO_EVENT_ID}/registrations"
        headers = {"Content-Type": "application/json", "Accept": "application/json"}

        def post(i: int) -> float:
            body = json.dumps(attendee("http", i)).encode()
            started = time.perf_counter()
            connection.request("POST", path, body=body, headers=headers)
            answer = connection.getresponse()
            payload = answer.read()
            elapsed = time.perf_counter() - started
            if answer.status != 201:
                raise SystemExit(f"registration POST answered {answer.status}: {payload[:300]!r}")
            return elapsed * 1000

        event, session_list = repository().get_event_with_sessions(DEMO_EVENT_ID)
        sessions = {s.session_id: s for s in session_list}

        def transact(i: int) -> float:
            now = utc_now()
            items = register_transaction(info["table"], event, sessions, attendee("bare", i), now)
            started = time.perf_counter()
            bare.transact_write_items(TransactItems=items)
            return (time.perf_counter() - started) * 1000

        http_ms: list[float] = []
        bare_ms: list[float] = []
        started = time.perf_counter()
        for i in range(warmup + n):
            if i == warmup:
                counter.reset()
                if profiler is not None:
                    profiler.active = True
            # Alternate which side goes first, so neither always follows the other's stream records.
            if i % 2:
                one, two = post(i), transact(i)
            else:
                two, one = transact(i), post(i)
            if i >= warmup:
                http_ms.append(one)
                bare_ms.append(two)
        seconds = time.perf_counter() - started
        if profiler is not None:
            profiler.active = False
        connection.close()
        delivered = stack.dispatcher.delivered if stack.dispatcher is not None else None
        return Result(label, n, http_ms, bare_ms, counter, delivered, seconds)


# -- report --------------------------------------------------------------------------------------
def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def report(results: list[Result], n: int, warmup: int) -> str:
    try:
        engine = dynamodb_local_dir().name
    except EngineError:
        engine = "?"
    lines = [
        "eventreg bench: registration latency (HTTP path vs the bare transaction it wraps)",
        f"  engine {engine} (in memory), Python {platform.python_version()}, {os.cpu_count()} CPUs; "
        f"n={n} per side after {warmup} warm-up rounds, interleaved (alternating order)",
        f"  HTTP: POST /events/{DEMO_EVENT_ID}/registrations (application/json), one keep-alive connection",
        "  bare: TransactWriteItems of Repository.register's 3 items, plain boto3 client, same endpoint",
        "",
        f"  {'':44} {'median':>9} {'p90':>9} {'mean':>9}",
    ]
    for result in results:
        lines.append(f"  {result.label} ({result.seconds:.1f} s)")
        for name, values in (("HTTP registration POST", result.http_ms), ("bare TransactWriteItems", result.bare_ms)):
            lines.append(
                f"    {name:42} {statistics.median(values):7.2f}ms {p90(values):7.2f}ms "
                f"{statistics.fmean(values):7.2f}ms"
            )
        lines.append(
            f"    {'ratio of medians HTTP / bare':42} {result.ratio:9.2f}   target <= {RATIO_TARGET}: "
            f"{verdict(result.ratio <= RATIO_TARGET)}"
        )
        lines.append(
            f"    {'DynamoDB calls per registration':42} {result.calls_per_registration:9.2f}   target {CALLS_TARGET}: "
            f"{verdict(result.calls_per_registration <= CALLS_TARGET)}"
            f"  ({result.counter.operations('request')}; HTTP attempts {result.counter.sends['request']})"
        )
        gap = statistics.median(result.http_ms) - statistics.median(result.bare_ms)
        if gap > NAGLE_GAP_MS:
            lines.append(
                f"    note: the HTTP path adds {gap:.0f} ms per request; a constant ~40 ms is the signature of "
                "Nagle's algorithm meeting a delayed ACK (response headers and body sent as two writes)"
            )
        if result.dispatcher_delivered is not None:
            lines.append(
                f"    {'stream dispatcher, same process':42} {result.dispatcher_delivered} records delivered; "
                f"DynamoDB calls: {result.counter.operations('dispatcher')}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=300, help="measured registrations per side and run (300)")
    parser.add_argument("--warmup", type=int, default=150,
                        help="warm-up rounds per run, not measured (150: DynamoDB Local's JIT needs ~300 "
                        "transactions before its latency settles)")
    parser.add_argument("--no-quiet-line", action="store_true",
                        help="skip the second run without the stream dispatcher")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of the server's request handling (last run; slows it)")
    args = parser.parse_args(argv)
    if args.n < 10 or args.warmup < 0:
        parser.error("--n must be at least 10 and --warmup at least 0")
    if 2 * (args.n + args.warmup) > DEMO_CAPACITY:
        parser.error(f"both sides register on the demo event (capacity {DEMO_CAPACITY}): "
                     f"2 * (n + warmup) must not exceed it")

    runs = [("with stream dispatcher (realistic, as `make run`)", True)]
    if not args.no_quiet_line:
        runs.append(("without dispatcher (dispatch=False: request path only)", False))
    results: list[Result] = []
    profiler = RequestProfiler() if args.profile else None
    try:
        for number, (label, dispatch) in enumerate(runs, start=1):
            print(f"running: {label} …", file=sys.stderr, flush=True)
            last = profiler if number == len(runs) else None
            if last is not None:
                last.install()
            try:
                results.append(measure(label, dispatch, args.n, args.warmup, last))
            finally:
                if last is not None:
                    last.uninstall()
    except EngineError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    print(report(results, args.n, args.warmup))
    if profiler is not None:
        print(f"\ncProfile of the server's request handling ({runs[-1][0]}; profiled, so slower):")
        print(profiler.text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
