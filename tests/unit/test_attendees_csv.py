"""Attendee CSV: UTF-8 with BOM, read back with the csv module; every text cell inert, answers included."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from report_helpers import DANGEROUS, PROBES, item, listing, probe_item
from unit_helpers import build_registration

from eventreg.report.attendees.cells import inert
from eventreg.report.attendees.csv_file import CsvEncoder, csv_chunks
from eventreg.report.attendees.filters import ListRequest
from eventreg.report.attendees.listing import ReadStats


def read_back(text: str) -> list[list[str]]:
    """What a spreadsheet-like consumer sees: the UTF-8 bytes read with utf-8-sig."""
    with io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def export(*stored: dict[str, object], request: ListRequest | None = None) -> str:
    attendee_list = listing(request=request)
    return "".join(csv_chunks(attendee_list.columns, attendee_list.rows([list(stored)], ReadStats())))


@pytest.mark.parametrize("value", [*PROBES, "-2+3", "+31 20 123", "@SUM(A1:A2)"])
def test_formula_like_cells_are_neutralised(value: str) -> None:
    assert inert(value) == "'" + value


@pytest.mark.parametrize("value", ["Bieńkowska", "", "a=b", "Ana-Maria", "user@example.eu", "'quoted"])
def test_ordinary_cells_are_unchanged(value: str) -> None:
    assert inert(value) == value


def test_bom_once_and_the_name_intact() -> None:
    text = export(item(), item(registration_id="R2", name="O'Brien, \"Séan\"\nJunior"))
    assert text.startswith("\ufeffReference,Name,Email,")
    assert text.count("\ufeff") == 1
    rows = read_back(text)
    assert rows[0][:3] == ["Reference", "Name", "Email"]  # no BOM left in the first cell
    assert rows[1][1] == "Elżbieta Bieńkowska"
    assert rows[2][1] == "O'Brien, \"Séan\"\nJunior"
    assert len(rows) == 3


def test_typed_values_in_text() -> None:
    stored = item(build_registration(list_consent=True, sessions=["plenary", "lab-a"],
                                     updated_at=datetime(2026, 7, 1, 22, 15, tzinfo=UTC),
                                     answers={"first-time": False, "topics": ["a", "b"]}))
    header, row = read_back(export(stored))
    cell = dict(zip(header, row, strict=True))
    assert cell["Registered at (Europe/Brussels)"] == "2026-03-05 09:30:00"
    assert cell["Changed at (Europe/Brussels)"] == "2026-07-02 00:15:00"
    assert cell["On participant list"] == "yes" and cell["Delegation lead"] == "no"
    assert cell["First time here"] == "no" and cell["Topics"] == "a; b" and cell["Remarks"] == ""
    assert cell["Sessions"] == "plenary; lab-a" and cell["Sessions booked"] == "2"


def test_header_only_for_an_empty_list() -> None:
    rows = read_back(export())
    assert len(rows) == 1 and rows[0][0] == "Reference"


@pytest.mark.parametrize("probe", PROBES)
def test_every_text_field_is_inert(probe: str) -> None:
    header, row = read_back(export(probe_item(probe)))
    for title, cell in zip(header, row, strict=True):
        assert not cell.startswith(DANGEROUS), (title, cell)
    quoted = [cell for cell in row if cell.startswith("'" + probe)]
    # every text column of the full list: all but the typed ones (count, booleans, datetimes, check-in time)
    assert len(quoted) == len(row) - 7, row


def test_every_preset_is_inert() -> None:
    from eventreg.report.attendees.presets import PRESETS

    for name in PRESETS:
        _, row = read_back(export(probe_item("=cmd|"), request=ListRequest(preset=name)))
        assert all(not cell.startswith(DANGEROUS) for cell in row), name


def test_the_encoder_gives_what_it_has_when_asked() -> None:
    attendee_list = listing()
    encoder = CsvEncoder(attendee_list.columns)
    first = encoder.take()
    assert first.startswith("\ufeffReference,") and first.endswith("\r\n")
    assert encoder.take() == ""
    (row,) = attendee_list.rows([[item()]], ReadStats())
    encoder.add(row)
    assert encoder.take().startswith("01KA3F7Q9MZ6T2X8WB4NRCDJ5E,")
