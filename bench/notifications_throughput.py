"""Notifications throughput: confirmation mails rendered and sent, against bare SES sends of the same bytes.

    .venv/bin/python bench/notifications_throughput.py [--n 6000] [--batch 100] [--warmup 300] [--profile]

Starts the local stack in-process without its stream dispatcher (DynamoDB Local, moto server; dispatch=False,
so this script drives the notifications handler itself), writes --n confirmed registrations for the demo event
(batch writes of the registration items, in en/nl/fr/de, in person and online, 0-3 workshops each), builds the
Lambda-shaped stream INSERT records for them and measures, in rounds of --batch records:

  1. the notifications path: the notifications service's handler (services/notifications/app.py
     on_table_change, as Lambda invokes it) over one stream batch: the send-log claims (conditional Puts in one
     TransactWriteItems per window of 25 records), per record the rendering (jinja2 subject, text and HTML in
     the registrant's language; the .ics) and the SESv2 SendEmail of the raw MIME bytes to the moto server;
  2. bare SES: the same SendEmail requests (the same raw bytes, recipient and tags, captured from 1 with a
     botocore hook) replayed on a plain boto3 client to the same moto endpoint.

A round runs batch k of 1 and the replay of batch k-1, in alternating order, so noise hits both sides and
every measured request is replayed exactly once. Prints mails/s for both, their ratio (time per mail,
notifications / bare; target <= 1.5), the pace per tenth, where a notification's time goes (timers around
the claim, the programme cache, the .ics, compose, the jinja2 renders, serialisation and the SES call), the
DynamoDB and SES calls per mail (botocore hooks; target: one TransactWriteItems per window of send-log claims,
the programme Query cached), and checks read back at the end: every mail accepted by SES exactly once (moto's
/moto-api/data.json), one send-log item per registration (a consistent Query), and a redelivered batch that
sends nothing. After set-up the bench's own data (every stream record) is frozen out of the garbage
collector's way (gc.freeze): a Lambda holds one batch. It also prints this process's CPU time per mail on
each side (all threads).
Timings are printed, never asserted: the exit status is 1 only if a check fails (2 if DynamoDB Local is
missing). --profile adds a cProfile of the measured notification batches.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import itertools
import json
import os
import platform
import pstats
import re
import statistics
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

import boto3
from icalendar import Calendar
from jinja2 import Template

from devstack.apps import load_service
from devstack.dispatcher import LambdaContextStub
from devstack.engines import EngineError, dynamodb_local_dir
from devstack.seed import DEMO_EVENT_ID
from devstack.stack import LocalStack
from eventreg.adapters import clients
from eventreg.adapters.dynamodb import items, keys
from eventreg.adapters.dynamodb.repository import Repository
from eventreg.adapters.ses import SesMailer
from eventreg.domain.models import (
    AttendanceMode,
    OrganisationType,
    Registration,
    RegistrationStatus,
    new_id,
    utc_now,
)
from eventreg.notify import batch, letters
from eventreg.notify.send import Notifier

if TYPE_CHECKING:
    from botocore.model import OperationModel
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import WriteRequestTypeDef
    from mypy_boto3_sesv2 import SESV2Client

RATIO_TARGET = 1.5
CLAIM_WINDOW = batch.WINDOW
# DynamoDB calls per mail: one TransactWriteItems per window of claims; the programme comes from the cache
CALLS_TARGET = 1 / CLAIM_WINDOW
FUNCTION = "eventreg-notifications"
LANGUAGES = ("en", "nl", "fr", "de")
NAMES = ("Elżbieta Bieńkowska", "Jürgen Müller", "Zoë Lefèvre", "Seán Ó Briain", "Ana Čović", "Mikko Häkkinen",
         "Ioana Popescu")
COUNTRIES = ("PL", "DE", "BE", "IE", "HR", "FI", "RO", "NL", "FR", "ES", "IT", "PT", "SE")
ORGANISATION_TYPES = ("region", "city", "city", "national_administration", "eu_institution", "ngo", "academia")
# Workshops of the demo event (devstack.seed) a registrant holds: none overlap; user-centric-label is
# in person only, so the online plans leave it out.
IN_PERSON_PLANS: tuple[tuple[str, ...], ...] = (
    ("opening",), ("opening", "connected-in-europe"), ("user-centric-label", "city-diplomacy"),
    ("open-data-lab", "connected-in-europe", "city-diplomacy"), (),
)
ONLINE_PLANS: tuple[tuple[str, ...], ...] = (("opening", "city-diplomacy"), ("open-data-lab",))
ONLINE_EVERY = 7  # ~15 % online
WRITE_BATCH = 25  # BatchWriteItem's limit
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.MULTILINE | re.IGNORECASE)


# -- the workload --------------------------------------------------------------------------------
def registrations(label: str, count: int, now: datetime) -> list[Registration]:
    """`count` confirmed registrations for the demo event, deterministic but for their ids."""
    found: list[Registration] = []
    for i in range(count):
        online = i % ONLINE_EVERY == ONLINE_EVERY - 1
        plans = ONLINE_PLANS if online else IN_PERSON_PLANS
        email = f"{label}-{i}@region{i % 13}.example.eu"
        found.append(Registration(
            registration_id=new_id(),
            event_id=DEMO_EVENT_ID,
            name=f"{NAMES[i % len(NAMES)]} {i}",
            email=email,
            email_norm=email,
            organisation=f"Region of Benchmarks {i % 13}",
            organisation_type=OrganisationType(ORGANISATION_TYPES[i % len(ORGANISATION_TYPES)]),
            country=COUNTRIES[i % len(COUNTRIES)],
            attendance_mode=AttendanceMode.ONLINE if online else AttendanceMode.IN_PERSON,
            sessions=list(plans[i % len(plans)]),
            preferred_language=LANGUAGES[i % len(LANGUAGES)],
            answers={"interest": "Networking"},
            status=RegistrationStatus.CONFIRMED,
            created_at=now,
        ))
    return found


def put_registrations(client: DynamoDBClient, table: str, found: list[Registration]) -> None:
    """The registration items in the table (BatchWriteItem, 25 at a time, unprocessed ones again)."""
    for start in range(0, len(found), WRITE_BATCH):
        requests: list[WriteRequestTypeDef] = [
            {"PutRequest": {"Item": items.registration_item(r)}} for r in found[start:start + WRITE_BATCH]
        ]
        while requests:
            answer = client.batch_write_item(RequestItems={table: requests})
            left = (answer.get("UnprocessedItems") or {}).get(table, [])
            requests = cast("list[WriteRequestTypeDef]", left)


def stream_batches(found: list[Registration], size: int, stream_arn: str, region: str,
                   first_sequence: int) -> list[dict[str, Any]]:
    """Lambda-shaped DynamoDB stream events of INSERT records (as tests/fixtures/events/
    dynamodb_stream_insert_registration.json), `size` records each."""
    records = []
    created = int(time.time())
    for offset, registration in enumerate(found):
        item = items.registration_item(registration)
        records.append({
            "eventID": uuid.uuid4().hex,
            "eventName": "INSERT",
            "eventVersion": "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": region,
            "dynamodb": {
                "ApproximateCreationDateTime": created,
                "Keys": {"PK": item["PK"], "SK": item["SK"]},
                "NewImage": item,
                "SequenceNumber": f"{first_sequence + offset:024d}",
                "SizeBytes": len(json.dumps(item)),
                "StreamViewType": "NEW_AND_OLD_IMAGES",
            },
            "eventSourceARN": stream_arn,
        })
    return [{"Records": records[i:i + size]} for i in range(0, len(records), size)]


# -- instruments -----------------------------------------------------------------------------------
@dataclass
class Stopwatch:
    """Timers wrapped around named callables (an instance's method, a class's method or a module's
    function), restored afterwards. Overhead: two perf_counter calls per wrapped call."""

    seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    calls: Counter[str] = field(default_factory=Counter)
    _restore: list[tuple[object, str, object | None]] = field(default_factory=list)

    def wrap(self, owner: object, attribute: str, name: str) -> None:
        original: Callable[..., Any] = getattr(owner, attribute)
        own = vars(owner).get(attribute) if hasattr(owner, "__dict__") else None

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - started
                self.calls[name] += 1

        self._restore.append((owner, attribute, own))
        setattr(owner, attribute, timed)

    def restore(self) -> None:
        for owner, attribute, own in reversed(self._restore):
            if own is None:
                delattr(owner, attribute)
            else:
                setattr(owner, attribute, own)
        self._restore.clear()

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()


@dataclass
class CallCounter:
    """botocore hooks on one client: API calls per operation (before-call) and HTTP attempts (before-send,
    so retries show)."""

    calls: Counter[str] = field(default_factory=Counter)
    sends: int = 0

    def on_call(self, model: OperationModel, **_: Any) -> None:
        self.calls[model.name] += 1

    def on_send(self, **_: Any) -> None:
        self.sends += 1

    def attach(self, client: Any, service: str) -> None:
        client.meta.events.register(f"before-call.{service}", self.on_call)
        client.meta.events.register(f"before-send.{service}", self.on_send)

    def reset(self) -> None:
        self.calls.clear()
        self.sends = 0

    def total(self) -> int:
        return sum(self.calls.values())

    def operations(self) -> str:
        return ", ".join(f"{op} {n}" for op, n in sorted(self.calls.items())) or "none"


@dataclass
class SesRecorder:
    """botocore hooks on the notifications' SESv2 client: the SendEmail requests as made (raw bytes,
    recipient, tags: the bare side replays them) and the MessageIds SES answered."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    message_ids: list[str] = field(default_factory=list)

    def on_params(self, params: dict[str, Any], **_: Any) -> None:
        self.requests.append(dict(params))

    def on_answer(self, parsed: dict[str, Any], **_: Any) -> None:
        if parsed.get("MessageId"):
            self.message_ids.append(parsed["MessageId"])

    def attach(self, client: SESV2Client) -> None:
        client.meta.events.register("provide-client-params.sesv2.SendEmail", self.on_params)
        client.meta.events.register("after-call.sesv2.SendEmail", self.on_answer)

    def take(self) -> list[dict[str, Any]]:
        taken, self.requests = self.requests, []
        return taken


# -- one run ---------------------------------------------------------------------------------------
@dataclass
class Side:
    seconds: list[float] = field(default_factory=list)  # per round
    mails: list[int] = field(default_factory=list)
    cpu_seconds: float = 0.0  # this process's CPU time (all threads) while the side ran

    @property
    def cpu_ms_per_mail(self) -> float:
        return self.cpu_seconds * 1000 / self.total_mails

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds)

    @property
    def total_mails(self) -> int:
        return sum(self.mails)

    @property
    def per_second(self) -> float:
        return self.total_mails / self.total_seconds

    @property
    def ms_per_mail(self) -> float:
        return self.total_seconds * 1000 / self.total_mails

    def per_mail_ms(self) -> list[float]:
        return [s * 1000 / m for s, m in zip(self.seconds, self.mails, strict=True) if m]

    def tenths(self) -> list[float]:
        """mails/s per tenth of the rounds (fewer parts when there are fewer rounds)."""
        parts = min(10, len(self.seconds))
        bounds = [round(i * len(self.seconds) / parts) for i in range(parts + 1)]
        return [sum(self.mails[a:b]) / sum(self.seconds[a:b]) for a, b in itertools.pairwise(bounds)]


@dataclass
class Checks:
    lines: list[tuple[str, bool]] = field(default_factory=list)

    def add(self, text: str, ok: bool) -> None:
        self.lines.append((text, ok))

    @property
    def ok(self) -> bool:
        return all(ok for _, ok in self.lines)


@dataclass
class Result:
    n: int
    batch: int
    warmup: int
    setup_seconds: float
    notifications: Side
    bare: Side
    stopwatch: Stopwatch
    dynamodb: CallCounter
    ses: CallCounter
    checks: Checks
    profile: cProfile.Profile | None

    @property
    def ratio(self) -> float:
        return self.notifications.ms_per_mail / self.bare.ms_per_mail

    def round_ratios(self) -> list[float]:
        # batch k against its own replay (made in the next round)
        return [a / b for a, b in zip(self.notifications.per_mail_ms(), self.bare.per_mail_ms(), strict=True)]


def measure(n: int, batch: int, warmup: int, profile: bool) -> Result:
    with tempfile.TemporaryDirectory(prefix="eventreg-bench-") as state, LocalStack(
        port=0, state_dir=Path(state), seed=True, dispatch=False, schedule_seconds=0
    ) as stack:
        info = stack.info
        region = os.environ["AWS_DEFAULT_REGION"]
        service: ModuleType = load_service("notifications")  # the module the stack loaded, with its handler
        handler: Callable[[dict[str, Any], Any], Any] = service.on_table_change
        notifier: Notifier = service.wired.notifier
        mailer, repo = cast(SesMailer, notifier.mailer), cast(Repository, notifier.repo)  # the adapters, measured
        plain = boto3.session.Session()  # credentials: the stack's dummy ones, from the env
        table_client = plain.client("dynamodb", endpoint_url=info["dynamodb_endpoint"], region_name=region,
                                    config=clients.RETRIES)
        bare = plain.client("sesv2", endpoint_url=info["aws_endpoint"], region_name=region, config=clients.RETRIES)

        # Set-up (not measured): the registrations in the table and their stream records.
        started = time.perf_counter()
        now = utc_now()
        warm = registrations("warmup", warmup, now)
        measured = registrations("attendee", n, now)
        put_registrations(table_client, info["table"], warm + measured)
        warm_batches = stream_batches(warm, batch, info["stream_arn"], region, 1)
        batches = stream_batches(measured, batch, info["stream_arn"], region, warmup + 1)
        setup_seconds = time.perf_counter() - started
        # The bench's own data (every stream record, kept for the checks) out of the collector's way: a Lambda
        # holds one batch, so full collections over 6,000 records' objects would be an artefact of the bench.
        gc.collect()
        gc.freeze()

        recorder = SesRecorder()
        recorder.attach(mailer.client)
        dynamodb, ses = CallCounter(), CallCounter()
        dynamodb.attach(repo.client, "dynamodb")
        ses.attach(mailer.client, "sesv2")
        stopwatch = Stopwatch()
        stopwatch.wrap(repo, "claim_sends", "claim")
        stopwatch.wrap(repo.client, "transact_write_items", "put_call")
        stopwatch.wrap(notifier.programmes, "get", "programme")
        stopwatch.wrap(letters, "calendar", "calendar")
        stopwatch.wrap(Calendar, "add_missing_timezones", "vtimezone")
        stopwatch.wrap(letters, "compose", "compose")
        stopwatch.wrap(Template, "render", "jinja2")
        stopwatch.wrap(mailer, "send", "ses_send")
        stopwatch.wrap(mailer.client, "send_email", "ses_call")
        stopwatch.wrap(bare, "send_email", "bare_call")
        profiler = cProfile.Profile() if profile else None
        failures: list[Any] = []

        cpu = [0.0, 0.0]  # the last notify_batch's and replay's CPU seconds

        def notify_batch(event: dict[str, Any], profiled: bool) -> tuple[float, list[dict[str, Any]]]:
            context = LambdaContextStub(FUNCTION)
            cpu[0] = time.process_time()
            began = time.perf_counter()
            if profiled and profiler is not None:
                profiler.enable()
            try:
                answer = handler(event, context)
            finally:
                if profiler is not None:
                    profiler.disable()
            elapsed = time.perf_counter() - began
            cpu[0] = time.process_time() - cpu[0]
            failures.extend((answer or {}).get("batchItemFailures", []))
            return elapsed, recorder.take()

        def replay(requests: list[dict[str, Any]]) -> tuple[float, list[str]]:
            cpu[1] = time.process_time()
            began = time.perf_counter()
            answers = [bare.send_email(**request) for request in requests]
            elapsed = time.perf_counter() - began
            cpu[1] = time.process_time() - cpu[1]
            return elapsed, [a["MessageId"] for a in answers]

        try:
            # Warm-up: the same two sides, not measured (DynamoDB Local's JIT, moto, jinja2's template cache).
            for event in warm_batches:
                replay(notify_batch(event, False)[1])
            stopwatch.reset()
            dynamodb.reset()
            ses.reset()
            recorder.message_ids.clear()
            failures.clear()

            # Measured rounds: round k runs batch k and the replay of batch k-1, in alternating order.
            notifications, plain_side = Side(), Side()
            sent: list[dict[str, Any]] = []
            bare_ids: list[str] = []
            previous: list[dict[str, Any]] | None = None
            for k in range(len(batches) + 1):
                replayed: list[dict[str, Any]] | None = previous
                if k % 2 and replayed is not None:
                    seconds, ids = replay(replayed)
                    plain_side.seconds.append(seconds)
                    plain_side.mails.append(len(replayed))
                    plain_side.cpu_seconds += cpu[1]
                    bare_ids.extend(ids)
                    replayed = None
                if k < len(batches):
                    seconds, requests = notify_batch(batches[k], True)
                    notifications.seconds.append(seconds)
                    notifications.mails.append(len(requests))
                    notifications.cpu_seconds += cpu[0]
                    sent.extend(requests)
                    previous = requests
                if replayed is not None:
                    seconds, ids = replay(replayed)
                    plain_side.seconds.append(seconds)
                    plain_side.mails.append(len(replayed))
                    plain_side.cpu_seconds += cpu[1]
                    bare_ids.extend(ids)
            timers = Stopwatch(defaultdict(float, stopwatch.seconds), Counter(stopwatch.calls))
            calls = CallCounter(Counter(dynamodb.calls), dynamodb.sends)
            ses_calls = CallCounter(Counter(ses.calls), ses.sends)
            notification_ids = list(recorder.message_ids)

            # Checks, read back.
            checks = Checks()
            checks.add(f"handler: {len(batches)} batches, {len(failures)} batchItemFailures", not failures)
            recipients = Counter(r["Destination"]["ToAddresses"][0] for r in sent)
            expected = {r.email for r in measured}
            checks.add(f"SendEmail requests made: {len(sent)} for {n} registrations, {len(recipients)} distinct "
                       f"recipients, none twice", len(sent) == n and set(recipients) == expected
                       and max(recipients.values()) == 1)
            headers = Counter(m.group(1) for r in sent if (m := MESSAGE_ID.search(r["Content"]["Raw"]["Data"])))
            checks.add(f"distinct Message-ID headers: {len(headers)}",
                       len(headers) == n and max(headers.values()) == 1)
            again = notify_batch(batches[0], False)[1]
            checks.add(f"redelivery of the first batch ({len(batches[0]['Records'])} records, as an at-least-once "
                       f"stream may): {len(again)} mails sent again", not again and not failures)
            stored = moto_raw_messages(info["aws_endpoint"])
            stored_ids = Counter(m["id"] for m in stored)
            accepted = sum(1 for i in set(notification_ids) if stored_ids[i] == 1)
            checks.add(f"SES accepted (moto data.json RawMessage): {accepted} of the notifications' {n} MessageIds, "
                       f"each once; {len(set(bare_ids))} bare", accepted == len(notification_ids) == n
                       and len(set(bare_ids)) == n)
            total = 2 * (warmup + n)
            checks.add(f"moto holds {len(stored)} raw messages = 2 x ({warmup} warm-up + {n}): nothing extra",
                       len(stored) == total)
            logged = count_prefix(table_client, info["table"], keys.event_pk(DEMO_EVENT_ID), keys.SENT_PREFIX)
            checks.add(f"send log (consistent Query of SENT# items): {logged} = {warmup} warm-up + {n}",
                       logged == warmup + n)
        finally:
            stopwatch.restore()
            gc.unfreeze()
        return Result(n, batch, warmup, setup_seconds, notifications, plain_side, timers, calls, ses_calls,
                      checks, profiler)


def moto_raw_messages(endpoint: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{endpoint}/moto-api/data.json", timeout=120) as answer:  # noqa: S310 - loopback
        data: dict[str, Any] = json.load(answer)
    found: list[dict[str, Any]] = data.get("ses", {}).get("RawMessage", [])
    return found


def count_prefix(client: DynamoDBClient, table: str, pk: str, prefix: str) -> int:
    count = 0
    kwargs: dict[str, Any] = {
        "TableName": table, "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
        "ExpressionAttributeValues": {":pk": {"S": pk}, ":prefix": {"S": prefix}},
        "Select": "COUNT", "ConsistentRead": True,
    }
    while True:
        page = client.query(**kwargs)
        count += page["Count"]
        if "LastEvaluatedKey" not in page:
            return count
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


# -- report --------------------------------------------------------------------------------------
def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[8] if len(values) > 1 else values[0]


def breakdown(result: Result) -> Iterator[str]:
    """Mean ms per mail of each timed part of the notifications path, and its share of the whole."""
    seconds, n = result.stopwatch.seconds, result.n
    whole = result.notifications.total_seconds

    def line(label: str, value: float, depth: int = 0) -> str:
        return f"    {'  ' * depth}{label:{58 - 2 * depth}} {value * 1000 / n:7.2f} {100 * value / whole:6.1f} %"

    timed = ("claim", "programme", "calendar", "compose", "ses_send")
    yield f"    {'notifications path, whole handler invocation':58} {whole * 1000 / n:7.2f}  100.0 %"
    yield line("send-log claims: Repository.claim_sends (per window)", seconds["claim"], 1)
    yield line("of which TransactWriteItems (boto3 -> DynamoDB Local)", seconds["put_call"], 2)
    yield line("programme: ProgrammeCache.get (cached)", seconds["programme"], 1)
    yield line(".ics: calendar()", seconds["calendar"], 1)
    yield line("of which VTIMEZONE: Calendar.add_missing_timezones", seconds["vtimezone"], 2)
    yield line("compose(): MIME message from templates", seconds["compose"], 1)
    yield line("of which jinja2 Template.render (subject, text, HTML)", seconds["jinja2"], 2)
    yield line("of which building the email.message (headers, parts)", seconds["compose"] - seconds["jinja2"], 2)
    yield line("SES: SesMailer.send", seconds["ses_send"], 1)
    yield line("of which message.as_bytes() (MIME serialisation)", seconds["ses_send"] - seconds["ses_call"], 2)
    yield line("of which SendEmail call (boto3 -> moto server)", seconds["ses_call"], 2)
    yield line("the rest: Powertools batch, image -> Registration, texts",
               whole - sum(seconds[k] for k in timed), 1)
    yield line("bare side, for comparison: the same SendEmail calls", seconds["bare_call"], 1)


def report(result: Result, cpus: int | None) -> str:
    try:
        engine = dynamodb_local_dir().name
    except EngineError:
        engine = "?"
    a, b = result.notifications, result.bare
    ratios = result.round_ratios()
    lines = [
        "eventreg bench: notifications throughput (confirmation mails rendered and sent vs bare SES sends)",
        f"  engines {engine} (in memory) + moto {version('moto')} server; Python {platform.python_version()}, "
        f"{cpus} CPUs; n={result.n} mails per side in batches of {result.batch}, after {result.warmup} warm-up "
        "mails; rounds alternate which side goes first",
        "  notifications: services/notifications on_table_change(stream batch of INSERTs) -> Notifier: claim "
        "(TransactWriteItems per 25) + render (jinja2 text+HTML, localised; .ics) + SESv2 SendEmail (raw)",
        "  bare: the same SendEmail requests (raw bytes, recipient, tags) on a plain boto3 client, same endpoint",
        f"  set-up (not measured): {result.n + result.warmup} registration items written and their "
        f"stream records built in {result.setup_seconds:.1f} s",
        "",
        f"  {'':34} {'mails/s':>8} {'ms/mail':>8} {'wall s':>8}   per-round ms/mail: {'median':>7} {'p90':>7}"
        f"   {'CPU ms/mail (this process)':>26}",
    ]
    for name, side in (("notifications path", a), ("bare SES SendEmail", b)):
        lines.append(
            f"  {name:34} {side.per_second:8.1f} {side.ms_per_mail:8.2f} {side.total_seconds:8.1f}   "
            f"{'':19}{statistics.median(side.per_mail_ms()):7.2f} {p90(side.per_mail_ms()):7.2f}"
            f"   {side.cpu_ms_per_mail:26.2f}"
        )
    median_ratio = f"{statistics.median(ratios):.2f}" if ratios else "-"
    lines += [
        f"  ratio (time per mail) notifications / bare: {result.ratio:.2f}   target <= {RATIO_TARGET}: "
        f"{verdict(result.ratio <= RATIO_TARGET)}   (median of per-round ratios {median_ratio})",
        "  pace per tenth, mails/s: notifications " + " ".join(f"{v:.0f}" for v in a.tenths()),
        "                           bare          " + " ".join(f"{v:.0f}" for v in b.tenths()),
        "",
        f"  where a notification's time goes (timers around the calls) {'ms/mail':>7}  share",
        *breakdown(result),
        "",
    ]
    claims = result.dynamodb.calls["TransactWriteItems"]
    per_mail = result.dynamodb.total() / result.n
    lines += [
        f"  DynamoDB calls per mail {per_mail:.3f}   target {CALLS_TARGET:.2f} (a window's claims in one "
        f"TransactWriteItems): {verdict(per_mail <= CALLS_TARGET + 0.02 and claims * CLAIM_WINDOW >= result.n)}   "
        f"({result.dynamodb.operations()}; "
        f"HTTP attempts {result.dynamodb.sends}; a Query is the programme re-read when its cache expires)",
        f"  SES calls per mail {result.ses.total() / result.n:.3f}   ({result.ses.operations()}; "
        f"HTTP attempts {result.ses.sends})",
        "",
        "  checks",
        *(f"    {'ok  ' if ok else 'FAIL'} {text}" for text, ok in result.checks.lines),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=6000, help="measured confirmation mails per side (6000)")
    parser.add_argument("--batch", type=int, default=100,
                        help="stream records per handler invocation (100, the trigger's batch size)")
    parser.add_argument("--warmup", type=int, default=300,
                        help="warm-up mails per side, not measured (300: DynamoDB Local's JIT)")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of the measured notification batches (slows them)")
    args = parser.parse_args(argv)
    if args.n < 2 * args.batch or args.batch < 1 or args.batch > 10000 or args.warmup < 0:
        parser.error("--batch must be 1 to 10000, --n at least two batches and --warmup at least 0")
    print(f"running: {args.n} mails per side in batches of {args.batch} …", file=sys.stderr, flush=True)
    try:
        result = measure(args.n, args.batch, args.warmup, args.profile)
    except EngineError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    print(report(result, os.cpu_count()))
    if result.profile is not None:
        out = io.StringIO()
        stats = pstats.Stats(result.profile, stream=out)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(20)
        print("\ncProfile of the measured notification batches (profiled, so slower):")
        print(out.getvalue())
    return 0 if result.checks.ok else 1


if __name__ == "__main__":
    sys.exit(main())
