"""Invisible controls in exported cells (issue 10): NUL, ESC, bidirectional overrides and isolates,
zero-width characters and the BOM never reach a CSV or XLSX cell, whatever was stored; a formula hidden
behind them is still neutralised. Answers to the organiser's questions follow the rules of names."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook
from report_helpers import QUESTIONS, item, listing

from eventreg.domain.errors import ValidationFailed
from eventreg.domain.registration import check_answers
from eventreg.report.attendees.cells import inert, visible
from eventreg.report.attendees.csv_file import csv_chunks
from eventreg.report.attendees.listing import ReadStats
from eventreg.report.attendees.xlsx_file import write_xlsx

CONTROLS = ["\x00", "\x1b", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
            "\u2069", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff", "\u061c", "\x7f", "\x85"]


def stored_with(control: str) -> dict[str, Any]:
    """A registration stored by other means (before the rules, or imported) with controls everywhere."""
    stored = item(answers={"interest": "Digital"})
    stored["name"] = {"S": f"Ana{control} Pereira"}
    stored["organisation"] = {"S": f"{control}=HYPERLINK(\"http://evil.example\")"}
    stored["answers"] = {"M": {"remarks": {"S": f"txt{control}.exe\nline two"}}}
    return stored


def csv_rows(*stored: dict[str, Any]) -> list[dict[str, str]]:
    attendees = listing()
    text = "".join(csv_chunks(attendees.columns, attendees.rows([list(stored)], ReadStats())))
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def xlsx_rows(*stored: dict[str, Any]) -> list[dict[str, Any]]:
    attendees = listing()
    buffer = io.BytesIO()
    write_xlsx(attendees.columns, attendees.rows([list(stored)], ReadStats()), buffer, "controls")
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_csv_cells_carry_no_invisible_controls(control: str) -> None:
    (row,) = csv_rows(stored_with(control))
    assert row["Name"] == "Ana Pereira"
    assert row["Organisation"] == "'=HYPERLINK(\"http://evil.example\")"  # the formula is still made inert
    assert row["Remarks"] == "txt.exe\nline two"
    assert not any(control in cell for cell in row.values())


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_xlsx_cells_carry_no_invisible_controls(control: str) -> None:
    (row,) = xlsx_rows(stored_with(control))
    assert row["Name"] == "Ana Pereira"
    assert row["Organisation"] == "=HYPERLINK(\"http://evil.example\")"  # a string cell with quotePrefix
    assert row["Remarks"] == "txt.exe\nline two"
    assert not any(isinstance(cell, str) and control in cell for cell in row.values())


def test_visible_keeps_ordinary_text() -> None:
    text = "Bieńkowska\tشهرداری تهران\nΘεσσαλονίκη 🇪🇺"
    assert visible(text) == text
    assert inert("\u202e@SUM(A1)") == "'@SUM(A1)"


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_text_answers_follow_the_rules_of_names(control: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_answers(QUESTIONS, {"remarks": f"see{control}attached"}, "en")
    assert set(refused.value.fields) == {"answers.remarks"}


def test_text_answers_may_span_lines() -> None:
    assert check_answers(QUESTIONS, {"remarks": "first line\n\tsecond line"}, "en")["remarks"] \
        == "first line\n\tsecond line"
