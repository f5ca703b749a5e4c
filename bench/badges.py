"""Badges for an EWRC-sized event (#15) against a bare paginated Query of the same registrations.

    .venv/bin/python bench/badges.py [--n 6000] [--rounds 3] [--events 20] [--seed 2026]

Starts Amazon DynamoDB Local (in memory) and fills it as bench/attendee_exports.py does (the same seed: one event
with --n registrations of realistic, often non-ASCII names, and 19 smaller events). Then, interleaved (the order
rotates every round), for the big event:
- bare Query: a paginated Query of its registrations on a plain boto3 client, items only collected;
- badges A6 and badges 2 per A4: what the export job does (report/attendees/export_runs.run_job) minus S3: the
  event, the organiser's scope, the "badges" list with every status and mode selected (one badge per person),
  the rows read page by page, a check-in code and QR symbol per person, the PDF (each badge front and back)
  written into memory.
It also times the QR symbols alone (segno, the same codes) to show where a badge's time goes. It prints medians
and badges ÷ Query. Timings are reported, never asserted; the exit status is 1 only if the PDF does not hold one
badge (front and back) per registration.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.attendee_exports import (  # noqa: E402
    BIG_EVENT,
    ORGANISER,
    TABLE,
    Side,
    bare_query,
    on_dynamodb_local,
    seeded_table,
)
from eventreg.adapters.dynamodb.repository import Repository  # noqa: E402
from eventreg.domain.access import access  # noqa: E402
from eventreg.domain.models import AttendanceMode, RegistrationStatus  # noqa: E402
from eventreg.links import checkin_code  # noqa: E402
from eventreg.report.attendees import filters  # noqa: E402
from eventreg.report.attendees.listing import ReadStats, attendee_list  # noqa: E402
from eventreg.report.badges.export import PRESET, write_badges  # noqa: E402

EVERYONE = {"preset": PRESET, "status": ",".join(s.value for s in RegistrationStatus),
            "mode": ",".join(m.value for m in AttendanceMode)}


class MemoryUpload:
    """The export's Upload port, into memory (the job streams to S3)."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()

    @property
    def size(self) -> int:
        return self.buffer.tell()

    def write(self, data: bytes | bytearray | memoryview, /) -> int:
        return self.buffer.write(data)

    def flush(self) -> None:
        """Nothing buffered beyond memory."""


def badges(repo: Repository, sheet: str, stats: ReadStats) -> bytes:
    event, sessions = repo.get_event_with_sessions(BIG_EVENT)
    listing = attendee_list(event, sessions, access(event, sessions, ORGANISER), filters.parse(EVERYONE))
    upload = MemoryUpload()
    write_badges(listing, listing.rows(repo.registration_item_pages(BIG_EVENT), stats), upload, sheet)
    return upload.buffer.getvalue()


def qr_symbols(repo: Repository) -> int:
    """Only the QR symbols of the same people (segno: encoding and choosing the mask), no PDF."""
    from eventreg.qr_codes import modules

    return sum(len(modules(checkin_code(BIG_EVENT, r["registration_id"])).runs)
               for r in repo.registration_fields(BIG_EVENT, ["registration_id"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=6000, help="registrations of the big event (6000)")
    parser.add_argument("--events", type=int, default=20, help="events in the table (20)")
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds, interleaved (3)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    return on_dynamodb_local(lambda endpoint: run(endpoint, args))


def run(endpoint: str, args: argparse.Namespace) -> int:
    client, _, seconds = seeded_table(endpoint, args,
                                      {"EVENTREG_LINK_KEY": os.environ.get("EVENTREG_LINK_KEY", "bench-key")})
    print(f"seeded in {seconds:.1f} s", file=sys.stderr, flush=True)
    repo = Repository(client, TABLE)
    made: dict[str, bytes] = {}
    stats: dict[str, ReadStats] = {}

    def sheet_side(sheet: str) -> Side:
        def go() -> None:
            stats[sheet] = ReadStats()
            made[sheet] = badges(repo, sheet, stats[sheet])
        return Side(f"badges {sheet} (PDF)", go)

    sides = [Side("bare Query", lambda: bare_query(client, BIG_EVENT)), sheet_side("a6"), sheet_side("a4-2"),
             Side("QR symbols only (segno)", lambda: qr_symbols(repo))]
    bare_query(client, BIG_EVENT)  # warm-up of DynamoDB Local's JIT; the badge sides are long enough not to need it
    for index in range(args.rounds):
        order = sides[index % len(sides):] + sides[:index % len(sides)]
        for side in order:
            print(f"  round {index + 1}: {side.name} …", file=sys.stderr, flush=True)
            began = time.perf_counter()
            side.run()
            side.seconds.append(time.perf_counter() - began)

    from pypdf import PdfReader

    pages = {sheet: len(PdfReader(io.BytesIO(pdf)).pages) for sheet, pdf in made.items()}
    ok = stats["a6"].rows == stats["a4-2"].rows == args.n and pages == {"a6": 2 * args.n, "a4-2": 2 * (-(-args.n // 2))}
    query = sides[0]
    print(f"\nbadges — {args.n} people of one event in a table of {args.events} events (DynamoDB Local, "
          f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs), medians of "
          f"{args.rounds} interleaved rounds")
    for side in sides:
        spread = f"{min(side.seconds):.2f}–{max(side.seconds):.2f}"
        print(f"  {side.name:<26} {side.median:8.2f} s   (range {spread} s)")
    for side in sides[1:]:
        print(f"  {side.name + ' ÷ bare Query':<40} {side.median / query.median:7.1f}")
    per_badge = sides[1].median / args.n * 1000
    print(f"  per badge (A6): {per_badge:.1f} ms, of which the QR symbol {sides[3].median / args.n * 1000:.1f} ms")
    for sheet, pdf in made.items():
        print(f"  {sheet}: {pages[sheet]} pages, {len(pdf) / 1e6:.1f} MB")
    print(f"  one badge per person, front and back: {'ok' if ok else 'MISMATCH'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
