"""A sample programme of an EWRC-sized week (120 sessions over four days, 10 rooms, 5 tracks), as a CSV file
the back-office imports (Programme → Import). The days are the event's, so the file is made for an event:

    python -m devstack.sample_programme 2027-10-11 > programme.csv        # the week's first day
    python -m devstack.sample_programme 2027-10-11 --partner org-vvsg     # a few sessions run by a partner

tests/fixtures/programmes/ewrc-2027-programme.csv is this file for the week of 11 October 2027."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from datetime import date, timedelta

TRACKS = ("Cohesion", "Green transition", "Digital transition", "Governance", "Young Europeans")
TOPICS = ("Smart specialisation", "Urban mobility", "Energy communities", "Open data", "Rural services",
          "Skills for the twin transition", "Cross-border cooperation", "Housing", "Water resilience",
          "Citizen participation", "Circular economy", "Health systems")
SLOTS = (("09:30", "11:00"), ("11:30", "13:00"), ("14:30", "16:00"))
ROOMS = tuple(f"JDE {51 + number}" for number in range(10))
COLUMNS = ("session_id", "title", "day", "start", "end", "room", "track", "speakers", "modes", "capacity",
           "partner_id", "description")


def sample_rows(first_day: date, count: int = 120, days: int = 4, partner: str = "") -> list[list[str]]:
    """The header and `count` sessions: slots of 10 rooms, three a day, over `days` days (more rooms are
    used when they do not fit). Every fifth session is run by `partner`, if one is given."""
    rows: list[list[str]] = [list(COLUMNS)]
    for number in range(count):
        day, rest = divmod(number, len(SLOTS) * len(ROOMS))
        slot, room = divmod(rest, len(ROOMS))
        start, end = SLOTS[slot]
        topic = TOPICS[number % len(TOPICS)]
        rows.append([
            f"workshop-{number + 1:03d}", f"{topic}: workshop {number + 1}",
            (first_day + timedelta(days=day % days)).isoformat(), start, end, ROOMS[room],
            TRACKS[number % len(TRACKS)], f"Speaker {number + 1}A; Speaker {number + 1}B",
            "in_person;online" if number % 3 else "in_person", str(40 + (number % 5) * 20),
            partner if partner and number % 5 == 4 else "",
            f"Regions and cities on {topic.lower()}." if number % 2 else "",
        ])
    return rows


def sample_csv(first_day: date, count: int = 120, partner: str = "") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(sample_rows(first_day, count, partner=partner))
    return "\ufeff" + out.getvalue()  # as Excel saves "CSV UTF-8" in Europe: a BOM and semicolons


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first_day", type=date.fromisoformat, help="the event's first day, YYYY-MM-DD")
    parser.add_argument("--count", type=int, default=120)
    parser.add_argument("--partner", default="", help="a partner of the event, to run every fifth session")
    arguments = parser.parse_args(argv)
    sys.stdout.write(sample_csv(arguments.first_day, arguments.count, arguments.partner))


if __name__ == "__main__":
    main()
