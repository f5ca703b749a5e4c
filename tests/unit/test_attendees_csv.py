"""eventreg.reports.attendees: inert cells and the streamed CSV (BOM, header, rows)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest

from eventreg.domain.models import AttendanceMode, Registration
from eventreg.reports.attendees import COLUMNS, csv_chunks, inert

HEADER = [
    "Reference",
    "Name",
    "Email",
    "Organisation",
    "Country",
    "Attendance mode",
    "Status",
    "Registered at (UTC)",
]


def read_back(chunks: list[str]) -> list[list[str]]:
    """What a spreadsheet-like consumer sees: the UTF-8 bytes read with utf-8-sig."""
    data = "".join(chunks).encode("utf-8")
    with io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="") as text:
        return list(csv.reader(text))


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+31 20 123", "-2+3", "@SUM(A1:A2)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://evil.example","x")'],
)
def test_formula_like_cells_are_neutralised(value: str) -> None:
    assert inert(value) == "'" + value


@pytest.mark.parametrize("value", ["Bieńkowska", "", "a=b", "Ana-Maria", "user@example.eu", "'quoted"])
def test_ordinary_cells_are_unchanged(value: str) -> None:
    assert inert(value) == value


def test_header_only_for_no_registrations() -> None:
    chunks = list(csv_chunks([]))
    assert chunks == ["\ufeff" + ",".join(HEADER) + "\r\n"]
    assert [title for _, title in COLUMNS] == HEADER


def test_bom_once_then_one_chunk_per_row(make_registration: Callable[..., Registration]) -> None:
    registrations = [
        make_registration(registration_id=f"01KA3F7Q9MZ6T2X8WB4NRCDJ5{n}", email_norm=f"{n}@example.eu")
        for n in range(3)
    ]
    chunks = list(csv_chunks(registrations))
    assert len(chunks) == 4
    assert chunks[0].startswith("\ufeffReference,")
    assert "".join(chunks).count("\ufeff") == 1
    assert all(chunk.endswith("\r\n") for chunk in chunks)
    assert chunks[1].startswith("01KA3F7Q9MZ6T2X8WB4NRCDJ50,")


def test_round_trip_with_utf8_sig(make_registration: Callable[..., Registration]) -> None:
    rows = read_back(
        list(
            csv_chunks(
                [
                    make_registration(),
                    make_registration(
                        registration_id="01KA3F7Q9MZ6T2X8WB4NRCDJ5F",
                        name='O\'Brien, "Séan"\nJunior',
                        email="sean@example.ie",
                        email_norm="sean@example.ie",
                        organisation="=HYPERLINK(\"http://evil.example\",\"click\")",
                        country="IE",
                        attendance_mode=AttendanceMode.ONLINE,
                    ),
                ]
            )
        )
    )
    assert rows[0] == HEADER  # no BOM left in the first cell
    assert rows[1] == [
        "01KA3F7Q9MZ6T2X8WB4NRCDJ5E",
        "Elżbieta Bieńkowska",
        "E.Bienkowska@example.eu",
        "European Commission",
        "PL",
        "in_person",
        "confirmed",
        "2026-03-05T08:30:00Z",
    ]
    assert rows[2][1] == 'O\'Brien, "Séan"\nJunior'
    assert rows[2][3] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert rows[2][5] == "online"
    assert len(rows) == 3


def test_every_formula_prefix_neutralised_in_the_file(make_registration: Callable[..., Registration]) -> None:
    prefixes = ["=", "+", "-", "@", "\t", "\r"]
    registrations = [
        make_registration(registration_id=f"R{n}", organisation=f"{p}SUM(1,2)") for n, p in enumerate(prefixes)
    ]
    rows = read_back(list(csv_chunks(registrations)))[1:]
    assert [row[3] for row in rows] == [f"'{p}SUM(1,2)" for p in prefixes]
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
