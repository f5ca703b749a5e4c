"""The reports of an EWRC-sized event on DynamoDB Local: its statistics against a bare paginated Query
of the same registrations, and its agenda rendered as HTML, .ics and PDF.

    .venv/bin/python bench/statistics_agenda.py [--n 6000] [--events 20] [--rounds 5] [--seed 2026]

The table holds `--events` events of `--n` registrations' worth in total for the measured one plus
300 registrations in each other event (the Query must only read its own partition). Figures are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import boto3

from devstack.engines import DynamoDBLocal
from eventreg.adapters.dynamodb import items, keys
from eventreg.adapters.dynamodb.repository import Repository
from eventreg.domain.access import Access
from eventreg.domain.models import (
    AttendanceMode,
    Event,
    EventStatus,
    OrganisationType,
    Registration,
    RegistrationStatus,
    Session,
    new_id,
)
from eventreg.report.agenda.content import build
from eventreg.report.agenda.links import agenda_links
from eventreg.report.agenda.views import FORMATS
from eventreg.report.statistics.content import FIELDS, compute
from eventreg.report.statistics.views import report_sections
from eventreg.schema import create_table_kwargs
from eventreg.templates import environment

TABLE = "eventreg-bench"
DAYS, SLOTS, ROOMS = 4, 5, 5
COUNTRIES = ["BE", "FR", "DE", "PL", "NL", "IT", "ES", "FI", "SE", "PT", "GR", "CZ", "HU", "RO", "AT", "IE"]
KINDS = ["city", "region", "national_administration", "eu_institution", "ngo", "business", "academia"]


def programme(event_id: str, first: datetime) -> tuple[Event, list[Session]]:
    def at(day: int, slot: int, minutes: int = 0) -> datetime:
        return first + timedelta(days=day, hours=2 * slot, minutes=minutes)

    sessions = [
        Session(session_id=f"w{day}{slot}{room}", title={"en": f"Workshop {day}.{slot}.{room}: cohesion in Łódź",
                                                          "fr": f"Atelier {day}.{slot}.{room} : cohésion à Łódź"},
                description={"en": "How cities and regions make cohesion policy work on the ground. " * 3},
                starts_at=at(day, slot), ends_at=at(day, slot, 90),
                room=f"JDE {50 + room}", track=["Cohesion", "Digital", "Green", "Governance", "Youth"][room],
                speakers=["Elżbieta Bieńkowska", f"Speaker {day}{slot}{room}"], capacity=60)
        for day in range(DAYS) for slot in range(SLOTS) for room in range(ROOMS)
    ]
    event = Event(event_id=event_id, title={"en": "European Week of Regions and Cities"}, timezone="Europe/Brussels",
                  starts_at=first, ends_at=first + timedelta(days=DAYS), status=EventStatus.OPEN,
                  registration_opens_at=first - timedelta(days=60), registration_closes_at=first - timedelta(days=1),
                  modes=[AttendanceMode.IN_PERSON, AttendanceMode.ONLINE], capacity_in_person=5000,
                  organiser_ids=["org-bench"])
    return event, sessions


def registrations(event: Event, sessions: list[Session], n: int, rng: random.Random) -> list[dict[str, Any]]:
    opened = event.registration_opens_at
    out = []
    for i in range(n):
        slots = rng.sample(range(DAYS * SLOTS), k=rng.randint(2, 4))
        chosen = [sessions[slot * ROOMS + rng.randrange(ROOMS)].session_id for slot in slots]
        status = rng.choices(["confirmed", "waitlisted", "cancelled", "pending"], [85, 5, 8, 2])[0]
        waiting = status == "waitlisted"
        registration = Registration(
            registration_id=new_id(), event_id=event.event_id, name=f"Participant {i} Bieńkowska",
            email=f"p{i}@example.eu", email_norm=f"p{i}@example.eu", organisation="City of Łódź",
            organisation_type=OrganisationType(rng.choice(KINDS)), country=rng.choice(COUNTRIES),
            attendance_mode=AttendanceMode(rng.choices(["in_person", "online"], [85, 15])[0]),
            sessions=[] if waiting else chosen, waitlisted_sessions=chosen if waiting else [],
            status=RegistrationStatus(status), answers={"interest": "Networking", "first-time": True},
            accessibility_needs="", dietary_needs="Vegetarian" if i % 7 == 0 else "",
            created_at=opened + timedelta(minutes=int(rng.random() ** 2 * 59 * 24 * 60)),
        )
        out.append(items.registration_item(registration))
    return out


def load(client: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 25):
        request = {TABLE: [{"PutRequest": {"Item": item}} for item in rows[start:start + 25]]}
        while request:
            request = client.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}


def bare_query(client: Any, event_id: str, fields: tuple[str, ...] = ()) -> int:
    """The floor: every registration item of the partition (or only `fields` of it), paginated, on a
    plain client, nothing done with it."""
    kwargs: dict[str, Any] = {
        "TableName": TABLE, "KeyConditionExpression": "PK = :pk AND begins_with(SK, :p)",
        "ExpressionAttributeValues": {":pk": {"S": keys.event_pk(event_id)}, ":p": {"S": keys.REG_PREFIX}},
    }
    if fields:
        kwargs["ProjectionExpression"] = ", ".join(f"#f{i}" for i in range(len(fields)))
        kwargs["ExpressionAttributeNames"] = {f"#f{i}": name for i, name in enumerate(fields)}
    count = 0
    while True:
        page = client.query(**kwargs)
        count += int(page["Count"])
        if "LastEvaluatedKey" not in page:
            return count
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def median_of(rounds: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=6000)
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    first = datetime(2026, 10, 12, 7, 0, tzinfo=UTC)
    with DynamoDBLocal() as engine:
        client = boto3.client("dynamodb", endpoint_url=engine.endpoint, region_name="eu-west-1",
                              aws_access_key_id="bench", aws_secret_access_key="bench")  # noqa: S106
        client.create_table(**create_table_kwargs(TABLE))
        repo = Repository(client, TABLE)
        started = time.perf_counter()
        for number in range(args.events):
            event, sessions = programme(f"ewrc-{number:02d}", first)
            repo.put_event(event, sessions)
            load(client, registrations(event, sessions, args.n if number == 0 else 300, rng))
        print(f"loaded {args.events} events ({args.n} registrations in the measured one) "
              f"in {time.perf_counter() - started:.1f} s")
        event, sessions = repo.get_event_with_sessions("ewrc-00")
        read = {"items": 0, "queries": 0}

        def count(parsed: dict[str, Any], model: Any, **_: Any) -> None:
            if model.name == "Query":
                read["items"] += parsed.get("Count", 0)
                read["queries"] += 1

        client.meta.events.register("after-call.dynamodb", count)

        def figures() -> dict[str, Any]:
            event_now, programme_now = repo.get_event_with_sessions("ewrc-00")
            scope = Access("org-bench", True, frozenset(s.session_id for s in programme_now))
            return compute(event_now, programme_now, repo.registration_fields("ewrc-00", FIELDS), scope, "en")

        def report() -> str:
            result = figures()
            return environment().get_template("reports/statistics.html").render(
                lang="en", title=event.title_in("en"), figures=result,
                sections=report_sections(result, event.timezone, "en"), scope_note=None, number=str, generated="")

        sides: dict[str, Callable[[], Any]] = {
            "bare": lambda: bare_query(client, "ewrc-00"),
            "bare_projected": lambda: bare_query(client, "ewrc-00", FIELDS),
            "stats": figures,
        }
        times: dict[str, list[float]] = {name: [] for name in sides}
        for work in sides.values():  # DynamoDB Local's JIT warms up on the first Queries
            work()
        stats_read: dict[str, int] = {}
        total = 0
        for round_number in range(args.rounds):  # interleaved, rotating which goes first
            names = list(sides)[round_number % 3:] + list(sides)[:round_number % 3]
            for name in names:
                read.update(items=0, queries=0)
                took, result = median_of(1, sides[name])
                times[name].append(took)
                if name == "stats":
                    stats_read, total = dict(read), result["total"]
        html_time, page = median_of(args.rounds, report)
        bare, projected, stats = (statistics.median(times[name]) for name in ("bare", "bare_projected", "stats"))
        print(f"bare paginated Query of {args.n} registrations (whole items): {bare * 1000:.0f} ms "
              f"(median of {args.rounds})")
        print(f"the same Query with the statistics' projection:              {projected * 1000:.0f} ms")
        print(f"statistics JSON figures (event Query + registrations Query): {stats * 1000:.0f} ms  "
              f"ratio {stats / bare:.2f} to whole items, {stats / projected:.2f} to projected")
        print(f"statistics HTML report (figures + SVG):                      {html_time * 1000:.0f} ms, "
              f"{len(page.encode()):,} bytes")
        print(f"items read / registrations counted: {stats_read['items'] - 1 - len(sessions)} / {total} "
              f"({stats_read['queries']} Query pages incl. the event's own)")

        agenda = build(event, sessions, "fr")
        links = agenda_links(event, "fr", "http://127.0.0.1:8000", datetime.now(UTC))
        for fmt in ("html", "ics", "pdf"):
            render = FORMATS[fmt].render
            took, body = median_of(args.rounds, partial(render, event, agenda, links))
            size = len(body if isinstance(body, bytes) else body.encode())
            print(f"agenda {fmt:4} of {len(sessions)} sessions: {took * 1000:6.0f} ms, {size:>9,} bytes")
        took, _ = median_of(args.rounds, lambda: build(event, sessions, "fr"))
        print(f"agenda grouping (build): {took * 1000:.1f} ms")
    imported = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import eventreg.report.agenda.pdf"],
        capture_output=True, text=True, check=True).stderr.splitlines()[-1]
    print(f"fresh import of the PDF module (fpdf2, fontTools, Pillow): {int(imported.split('|')[1]) / 1e6:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
