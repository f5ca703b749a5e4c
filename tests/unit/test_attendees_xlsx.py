"""Attendee XLSX, read back with openpyxl (types, frozen header, autofilter, widths, inert text) and, where
LibreOffice is installed, converted to CSV by `soffice --headless` as a real client would open it."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from report_helpers import PROBES, item, listing, probe_item
from unit_helpers import build_registration

from eventreg.report.attendees.filters import ListRequest
from eventreg.report.attendees.listing import ReadStats
from eventreg.report.attendees.xlsx_file import sheet_title, write_xlsx


def export(*stored: dict[str, Any], request: ListRequest | None = None) -> bytes:
    attendee_list = listing(request=request)
    buffer = io.BytesIO()
    count = write_xlsx(attendee_list.columns, attendee_list.rows([list(stored)], ReadStats()), buffer, "eu-workshop")
    assert count == len(stored)
    return buffer.getvalue()


def sheet(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data)).active


def test_typed_cells_frozen_header_autofilter_widths() -> None:
    stored = item(build_registration(list_consent=True, sessions=["plenary", "lab-a"],
                                     answers={"first-time": True, "topics": ["a", "b"]}))
    ws = sheet(export(stored, item(registration_id="R2", name="Mikko")))
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Reference", "Name", "Email"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(header)).column_letter}3"
    assert ws.column_dimensions["B"].width == 28
    row = {title: cell for title, cell in zip(header, ws[2], strict=True)}
    assert row["Name"].value == "Elżbieta Bieńkowska" and row["Name"].data_type == "s"
    created = row["Registered at (Europe/Brussels)"]
    assert created.is_date and created.value == datetime(2026, 3, 5, 9, 30)  # 08:30 UTC in Brussels
    assert created.number_format == "yyyy-mm-dd hh:mm"
    assert row["Changed at (Europe/Brussels)"].value is None
    assert row["On participant list"].value is True and row["On participant list"].data_type == "b"
    assert row["First time here"].value is True
    assert row["Sessions booked"].value == 2 and row["Sessions booked"].data_type == "n"
    assert row["Topics"].value == "a; b"


@pytest.mark.parametrize("probe", PROBES)
def test_formula_like_text_stays_text(probe: str) -> None:
    data = export(probe_item(probe))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml  # not a single formula in the sheet
    ws = sheet(data)
    header = [c.value for c in ws[1]]
    texts = [(title, cell) for title, cell in zip(header, ws[2], strict=True) if isinstance(cell.value, str)]
    assert len(texts) == len(header) - 7  # every text column carries the probe (not the typed ones: 7 with check-in)
    for title, cell in texts:
        assert cell.data_type == "s", title
        assert cell.quotePrefix, title  # Excel keeps it text even when the cell is edited
        # The stdlib XML parser reads a bare CR back as a line feed, lxml (there when python-docx is) as a CR;
        # the text is otherwise as stored
        assert cell.value.replace("\r", "\n").startswith(probe.replace("\r", "\n")), title


def test_error_codes_and_control_characters() -> None:
    ws = sheet(export(item(name="#N/A", organisation="Bell\x07 Inc", job_title="#DIV/0!")))
    header = [c.value for c in ws[1]]
    row = {title: cell for title, cell in zip(header, ws[2], strict=True)}
    assert row["Name"].value == "#N/A" and row["Name"].data_type == "s"
    assert row["Job title"].data_type == "s"
    assert row["Organisation"].value == "Bell Inc"  # XML cannot carry BEL: dropped, not a broken file


def test_sheet_titles_are_what_excel_allows() -> None:
    assert sheet_title("ewrc: demo/2026 [final]?") == "ewrc  demo 2026  final"
    assert len(sheet_title("x" * 40)) == 31


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_workbook_as_written(tmp_path: Path) -> None:
    probes = [item(registration_id=f"R{n}", name=probe, organisation="Bieńkowska & Co")
              for n, probe in enumerate(["=1+1", '=HYPERLINK("http://evil.example","x")', "+1", "-2", "@SUM(A1)"])]
    dated = item(build_registration(registration_id="R9", created_at=datetime(2026, 7, 1, 8, 30, tzinfo=UTC),
                                    list_consent=True))
    source = tmp_path / "attendees.xlsx"
    source.write_bytes(export(*probes, dated))
    profile = tmp_path / "profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )
    with (tmp_path / "attendees.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    header = rows[0]
    name, organisation = header.index("Name"), header.index("Organisation")
    created, consent = header.index("Registered at (Europe/Brussels)"), header.index("On participant list")
    # Formulas were not evaluated: "=1+1" is not 2, HYPERLINK is not "x".
    assert [r[name] for r in rows[1:6]] == ["=1+1", '=HYPERLINK("http://evil.example","x")', "+1", "-2", "@SUM(A1)"]
    assert {r[organisation] for r in rows[1:7]} == {"Bieńkowska & Co", "European Commission"}
    assert rows[6][created] == "2026-07-01 10:30"  # a real date, shown in the event's timezone
    assert rows[6][consent] == "TRUE"
