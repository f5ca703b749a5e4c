"""Attendee exports of an EWRC-sized event against a bare paginated Query of the same items.

    .venv/bin/python bench/attendee_exports.py [--n 6000] [--rounds 7] [--events 20] [--seed 2026] [--profile]

Starts Amazon DynamoDB Local (in memory), creates the table from eventreg.schema and fills it with 20
events: one with --n registrations (6,000: realistic names, many non-ASCII, 100 workshops, 2-4 sessions
each, answers to the event's questions, dietary and accessibility needs) and 19 smaller ones (100-400
registrations each), every registration with its email-uniqueness item beside it in the partition.

Then, in ONE run, interleaved (the order rotates every round), for the big event:
- bare Query: a paginated Query of its registrations (begins_with(SK, "REG#")) on a plain boto3 client,
  items only collected;
- CSV export: what the reports service does for GET /events/{id}/attendees.csv (the event and its
  programme, the organiser's scope, the full preset, the rows, the CSV text), the same client;
- XLSX export: the same for attendees.xlsx (openpyxl write-only workbook into memory);
- the model path: the previous implementation for reference (a pydantic Registration per item,
  model_dump, the CSV row): the "before" of the fast converter.
It prints the medians, export ÷ Query (target CSV ≤ 1.3) and items read ÷ rows exported (target 1.0),
read from the export's own counters. Timings are reported, never asserted; the exit status is 1 only if
the exported rows do not match the registrations. --profile adds a cProfile of one CSV export.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import os
import platform
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from devstack.engines import DynamoDBLocal, EngineError
from eventreg.adapters import clients
from eventreg.adapters.dynamodb import items, keys
from eventreg.adapters.dynamodb.repository import Repository
from eventreg.domain.access import access
from eventreg.domain.models import (
    AttendanceMode,
    Event,
    EventStatus,
    OrganisationType,
    Question,
    QuestionKind,
    Registration,
    RegistrationStatus,
    Session,
    new_id,
)
from eventreg.report.attendees import csv_file, filters, xlsx_file
from eventreg.report.attendees.cells import inert
from eventreg.report.attendees.listing import ReadStats, attendee_list
from eventreg.schema import create_table_kwargs

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

TABLE = "eventreg-bench-exports"
ORGANISER = "org-cor-regio"
BIG_EVENT = "ewrc-2026"
TARGET_CSV = 1.3

FIRST = ("Elżbieta", "Jiří", "Søren", "Åsa", "Zoë", "Γιώργος", "Mikko", "Ana", "Jean-Luc", "Małgorzata", "Dorothée",
         "Ioana", "Łukasz", "Joana", "Björn", "Niamh", "Péter", "Ştefan", "Dragoș", "Anna", "Jan", "Marie")
LAST = ("Bieńkowska", "Dvořák", "Kierkegaard", "Öberg", "Müller", "Παπαδόπουλος", "Virtanen", "Gonçalves",
        "Lefèvre", "Wiśniewska", "Fontaine-Dupré", "Popescu", "Żółkiewski", "Ó Súilleabháin", "Nagy", "Janssens",
        "De Smet", "O'Brien", "Kovačević", "García Márquez", "Van der Berg", "Lindqvist")
ORGANISATIONS = ("Région Hauts-de-France", "Città di Torino", "Województwo Małopolskie", "Stad Gent",
                 "Comunidad de Madrid", "Kraj Vysočina", "Helsingin kaupunki", "Région Bruxelles-Capitale",
                 "European Commission, DG REGIO", "Eurocities", "Universidade do Porto", "Δήμος Αθηναίων")
COUNTRIES = ("BE", "DE", "FR", "IT", "ES", "PL", "NL", "PT", "SE", "AT", "CZ", "GR", "HU", "RO", "IE", "FI")
DIETS = ("", "", "", "", "Vegetarian", "Vegan", "Halal", "No nuts, please", "Gluten-free; lactose-free")
QUESTIONS = [
    Question(question_id="first-time", kind=QuestionKind.CHECKBOX, label={"en": "First time at EWRC"}),
    Question(question_id="interest", kind=QuestionKind.SINGLE, label={"en": "Main interest"},
             options=["Cohesion policy", "Digital transition", "Green transition", "Networking"]),
    Question(question_id="remarks", kind=QuestionKind.TEXT, label={"en": "Remarks"}),
]


# -- the data --------------------------------------------------------------------------------------
def event_and_sessions(event_id: str, workshops: int, now: datetime) -> tuple[Event, list[Session]]:
    start = now + timedelta(days=60)
    event = Event(
        event_id=event_id, title={"en": f"Event {event_id}"}, timezone="Europe/Brussels",
        starts_at=start, ends_at=start + timedelta(days=3), registration_opens_at=now - timedelta(days=30),
        registration_closes_at=now + timedelta(days=30), status=EventStatus.OPEN,
        modes=[AttendanceMode.IN_PERSON, AttendanceMode.ONLINE], questions=QUESTIONS, organiser_ids=[ORGANISER],
    )
    sessions = [Session(session_id=f"w{n:03d}", title={"en": f"Workshop {n}"},
                        starts_at=start + timedelta(hours=2 * n), ends_at=start + timedelta(hours=2 * n + 1))
                for n in range(workshops)]
    return event, sessions


def people(rng: random.Random, event: Event, sessions: list[Session], n: int, now: datetime) -> list[Registration]:
    made = []
    ids = [s.session_id for s in sessions]
    for k in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        online = rng.random() < 0.15
        status = rng.choices(list(RegistrationStatus), weights=(85, 2, 6, 1, 6))[0]
        made.append(Registration(
            registration_id=new_id(), event_id=event.event_id, name=f"{first} {last}",
            email=f"person{k}@example{k % 97}.eu", email_norm=f"person{k}@example{k % 97}.eu",
            organisation=rng.choice(ORGANISATIONS), organisation_type=rng.choice(list(OrganisationType)),
            country=rng.choice(COUNTRIES), job_title=rng.choice(("", "Policy officer", "Mayor", "Head of unit")),
            attendance_mode=AttendanceMode.ONLINE if online else AttendanceMode.IN_PERSON,
            sessions=rng.sample(ids, rng.randint(2, 4)) if ids else [], status=status,
            preferred_language=rng.choice(("en", "fr", "de", "nl")), dietary_needs=rng.choice(DIETS),
            accessibility_needs="Wheelchair access" if rng.random() < 0.03 else "",
            list_consent=rng.random() < 0.6,
            answers={"first-time": rng.random() < 0.4, "interest": rng.choice(QUESTIONS[1].options),
                     "remarks": rng.choice(("", "", "Looking forward to it!", "=1+1 is not a formula here"))},
            created_at=now - timedelta(seconds=rng.randint(0, 30 * 86400)),
        ))
    return made


def write_all(client: DynamoDBClient, records: list[dict[str, Any]]) -> None:
    def batch(chunk: list[dict[str, Any]]) -> None:
        request: Any = {TABLE: [{"PutRequest": {"Item": item}} for item in chunk]}
        while request:
            request = client.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}

    chunks = [records[i:i + 25] for i in range(0, len(records), 25)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(batch, chunks))


def seed(client: DynamoDBClient, n: int, events: int, rng: random.Random) -> int:
    repo = Repository(client, TABLE)
    now = datetime.now(UTC).replace(microsecond=0)
    sizes = [n] + [rng.randint(100, 400) for _ in range(events - 1)]
    for index, size in enumerate(sizes):
        event_id = BIG_EVENT if index == 0 else f"event-{index:02d}"
        event, sessions = event_and_sessions(event_id, 100 if index == 0 else 10, now)
        registrations = people(rng, event, sessions, size, now)
        counted = {mode: sum(1 for r in registrations if r.attendance_mode is mode and r.status.holds_place)
                   for mode in AttendanceMode}
        event = event.model_copy(update={"registered_in_person": counted[AttendanceMode.IN_PERSON],
                                         "registered_online": counted[AttendanceMode.ONLINE],
                                         "waitlisted": sum(1 for r in registrations if r.status.value == "waitlisted")})
        repo.put_event(event, sessions)
        records = []
        for registration in registrations:
            records.append(items.registration_item(registration))
            records.append(items.to_av({"PK": keys.event_pk(event_id), "SK": keys.email_sk(registration.email_norm),
                                        "type": "email_guard", "registration_id": registration.registration_id}))
        write_all(client, records)
    return sum(sizes)


# -- the sides ---------------------------------------------------------------------------------------
def bare_query(client: DynamoDBClient, event_id: str) -> int:
    kwargs: dict[str, Any] = {
        "TableName": TABLE, "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
        "ExpressionAttributeValues": {":pk": {"S": keys.event_pk(event_id)}, ":prefix": {"S": keys.REG_PREFIX}},
    }
    found: list[dict[str, Any]] = []
    while True:
        page = client.query(**kwargs)
        found += page["Items"]
        if "LastEvaluatedKey" not in page:
            return len(found)
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def export(repo: Repository, event_id: str, fmt: str, stats: ReadStats) -> bytes:
    """What downloads.attendees does for the organiser, without HTTP around it."""
    event, sessions = repo.get_event_with_sessions(event_id)
    listing = attendee_list(event, sessions, access(event, sessions, ORGANISER), filters.parse({}))
    rows = listing.rows(repo.registration_item_pages(event_id), stats)
    if fmt == "csv":
        return "".join(csv_file.csv_chunks(listing.columns, rows)).encode("utf-8")
    buffer = io.BytesIO()
    xlsx_file.write_xlsx(listing.columns, rows, buffer, event_id)
    return buffer.getvalue()


MODEL_COLUMNS = ("registration_id", "name", "email", "job_title", "organisation", "organisation_type", "country",
                 "attendance_mode", "status", "sessions", "waitlisted_sessions", "preferred_language",
                 "accessibility_needs", "dietary_needs", "list_consent", "delegation_id", "delegation_lead",
                 "email_status", "created_at", "updated_at", "answers")


def model_path(repo: Repository, event_id: str) -> bytes:
    """The previous implementation's way (a Registration model per item, model_dump per row), same columns."""
    repo.get_event_with_sessions(event_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(MODEL_COLUMNS)
    for registration in repo.iter_registrations(event_id):
        plain = registration.model_dump(mode="json")
        writer.writerow([inert(str(plain[key])) for key in MODEL_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# -- measuring ---------------------------------------------------------------------------------------
@dataclass
class Side:
    name: str
    run: Callable[[], Any]
    seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=6000, help="registrations of the big event (6000)")
    parser.add_argument("--events", type=int, default=20, help="events in the table (20)")
    parser.add_argument("--rounds", type=int, default=7, help="measured rounds, interleaved (7)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one CSV export")
    args = parser.parse_args(argv)
    return on_dynamodb_local(lambda endpoint: run(endpoint, args))


# -- the local stack of the export benches (this one and bench/badges.py) -----------------------------
def on_dynamodb_local(run: Callable[[str], int]) -> int:
    """Start Amazon DynamoDB Local (in memory), `run` against its endpoint, stop it; 2 if it does not start."""
    try:
        engine = DynamoDBLocal()
        engine.start(timeout=60)
    except EngineError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    try:
        return run(engine.endpoint)
    finally:
        engine.stop()


def seeded_table(endpoint: str, args: argparse.Namespace,
                 env: dict[str, str] | None = None) -> tuple[DynamoDBClient, int, float]:
    """The app's clients pointed at DynamoDB Local's `endpoint` (and `env` set besides), the bench table made and
    seeded (`seed`: --events events, --n registrations in the big one): the client, how many registrations were
    seeded, and how many seconds the seeding took."""
    os.environ.update({"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local",
                       "AWS_DEFAULT_REGION": "eu-west-1", "EVENTREG_DYNAMODB_ENDPOINT": endpoint,
                       "EVENTREG_TABLE": TABLE, **(env or {})})
    os.environ.pop("AWS_REGION", None)
    clients.reset()
    client = clients.dynamodb()
    client.create_table(**create_table_kwargs(TABLE))
    while client.describe_table(TableName=TABLE)["Table"]["TableStatus"] != "ACTIVE":
        time.sleep(0.1)
    started = time.perf_counter()
    print(f"seeding {args.events} events ({args.n} registrations in the big one) …", file=sys.stderr, flush=True)
    total = seed(client, args.n, args.events, random.Random(args.seed))
    return client, total, time.perf_counter() - started


def run(endpoint: str, args: argparse.Namespace) -> int:
    client, total, seconds = seeded_table(endpoint, args)
    print(f"seeded {total} registrations (+ as many email items) in {seconds:.1f} s", file=sys.stderr, flush=True)
    repo = Repository(client, TABLE)
    stats: dict[str, ReadStats] = {}

    def exported(fmt: str) -> Callable[[], bytes]:
        def go() -> bytes:
            stats[fmt] = ReadStats()
            return export(repo, BIG_EVENT, fmt, stats[fmt])
        return go

    sides = [Side("bare Query", lambda: bare_query(client, BIG_EVENT)), Side("CSV export", exported("csv")),
             Side("XLSX export", exported("xlsx")),
             Side("model path CSV (before)", lambda: model_path(repo, BIG_EVENT))]
    for side in sides:  # warm-up: DynamoDB Local's JIT, imports, caches
        side.run()
    for index in range(args.rounds):
        order = sides[index % len(sides):] + sides[:index % len(sides)]
        for side in order:
            began = time.perf_counter()
            side.run()
            side.seconds.append(time.perf_counter() - began)

    # Checks: every registration exported once, and the CSV readable with its BOM.
    csv_body = export(repo, BIG_EVENT, "csv", ReadStats())
    with io.TextIOWrapper(io.BytesIO(csv_body), encoding="utf-8-sig", newline="") as text:
        table = list(csv.reader(text))
    queried = bare_query(client, BIG_EVENT)
    ok = len(table) - 1 == queried == args.n and stats["csv"].rows == stats["xlsx"].rows == args.n

    query, csv_side, xlsx_side, model = sides
    print(f"\nattendee exports — {args.n} registrations of one event in a table of {args.events} events "
          f"(DynamoDB Local, {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} CPUs), medians of {args.rounds} interleaved rounds")
    for side in sides:
        spread = f"{min(side.seconds) * 1000:.0f}–{max(side.seconds) * 1000:.0f}"
        print(f"  {side.name:<26} {side.median * 1000:8.0f} ms   (range {spread} ms)")
    csv_ratio, xlsx_ratio = csv_side.median / query.median, xlsx_side.median / query.median
    verdict = "PASS" if csv_ratio <= TARGET_CSV else "MISS"
    print(f"  CSV export ÷ bare Query      {csv_ratio:6.2f}   target ≤ {TARGET_CSV}: {verdict}")
    print(f"  XLSX export ÷ bare Query     {xlsx_ratio:6.2f}")
    print(f"  model path CSV ÷ bare Query  {model.median / query.median:6.2f}   (before: a pydantic model per row)")
    for fmt in ("csv", "xlsx"):
        s = stats[fmt]
        print(f"  items read ÷ rows exported ({fmt}) {s.items_read} ÷ {s.rows} = {s.reads_per_row:.3f} "
              f"in {s.pages} pages   target 1.0: {'PASS' if s.reads_per_row == 1.0 else 'MISS'}")
    print(f"  CSV {len(csv_body) / 1e6:.2f} MB, {len(table) - 1} rows read back with the BOM: "
          f"{'ok' if ok else 'MISMATCH'}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        export(repo, BIG_EVENT, "csv", ReadStats())
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(20)
        print("\ncProfile of one CSV export:\n" + out.getvalue())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
