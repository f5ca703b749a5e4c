"""A programme file read into rows of text cells (eventreg.domain.programme_rows checks them): CSV in UTF-8
(with or without a BOM; `;`, `,` or tab between cells, sniffed from the header line) or an Excel workbook
(.xlsx, its first sheet). Whatever a file holds, the answer is rows or an ImportRefused saying why: the size,
the kind, a zip bomb, too many rows or columns, cells too long to be a session's."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from typing import Any

from eventreg.domain.errors import N_, Message
from eventreg.domain.programme_rows import COLUMNS, MAX_CELL, MAX_ROWS, ImportRefused, Row, RowError, header_key

MAX_FILE_BYTES = 2 * 1024 * 1024  # 1,000 sessions with long descriptions fit; API Gateway's cap is 10 MB
MAX_UNZIPPED_BYTES = 40 * 1024 * 1024  # an .xlsx inflates ~10x; more is a zip bomb
MAX_COLUMNS = 40

FILE_TOO_LARGE = N_("The file is larger than %(mb)s MB: split the programme into smaller files.")
NOT_A_PROGRAMME = N_("This is not a CSV file (UTF-8) or an Excel workbook (.xlsx).")
OLD_EXCEL = N_("This is an old Excel file (.xls): save it as an Excel workbook (.xlsx) or as CSV UTF-8.")
NOT_UTF8 = N_("The CSV file is not UTF-8: in Excel, save it as “CSV UTF-8”.")
EMPTY = N_("The file holds no sessions.")
TOO_MANY_ROWS = N_("The file has more than %(max)s sessions: import at most %(max)s at once.")
UNKNOWN_COLUMN = N_("Unknown column “%(name)s”: the columns are %(columns)s.")
MISSING_COLUMN = N_("The column “%(name)s” is missing.")
DUPLICATE_COLUMN = N_("The column “%(name)s” appears twice.")
UNREADABLE_LINE = N_("Line %(line)s cannot be read: a quote is not closed, or a cell is too long.")
EXTRA_CELLS = N_("This line has more cells than the header has columns.")


class FileTooLarge(ImportRefused):
    status = 413


def refused(msgid: str, **params: object) -> ImportRefused:
    return ImportRefused(Message(msgid, **params))


def read_programme(data: bytes) -> tuple[list[Row], list[RowError]]:
    """The file's rows (numbered as a spreadsheet numbers them: the header is line 1) and the errors of
    lines that have more cells than the header."""
    if len(data) > MAX_FILE_BYTES:
        raise FileTooLarge(Message(FILE_TOO_LARGE, mb=MAX_FILE_BYTES // (1024 * 1024)))
    if data.startswith(b"PK\x03\x04"):
        return _rows(_xlsx_lines(data))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise refused(OLD_EXCEL)
    return _rows(_csv_lines(data))


def _csv_lines(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    if b"\x00" in data:
        raise refused(NOT_A_PROGRAMME)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refused(NOT_UTF8) from None
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise refused(UNREADABLE_LINE, line=line) from None
        yield line, cells
        line = reader.line_num + 1


def _xlsx_lines(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook  # 120 ms to import: only when a workbook comes

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise refused(NOT_A_PROGRAMME)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise refused(NOT_A_PROGRAMME) from None
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
            yield number, list(values)
    except (ValueError, KeyError, TypeError, zipfile.BadZipFile):
        raise refused(NOT_A_PROGRAMME) from None
    finally:
        workbook.close()


def _cell(value: Any, column: str) -> str:
    """A cell as text: spreadsheet dates and times as the columns write them, whole numbers without .0."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%H:%M") if column in ("start", "end") else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL + 1]  # too long: the row check says so


def _header(cells: Sequence[Any]) -> list[str]:
    names = [header_key(str(cell or "")) for cell in cells]
    while names and not names[-1]:
        names.pop()
    for name in names:
        if name not in COLUMNS:
            raise refused(UNKNOWN_COLUMN, name=name, columns=", ".join(COLUMNS))
        if names.count(name) > 1:
            raise refused(DUPLICATE_COLUMN, name=name)
    for name, required in COLUMNS.items():
        if required and name not in names:
            raise refused(MISSING_COLUMN, name=name)
    return names


def _rows(lines: Iterable[tuple[int, list[Any]]]) -> tuple[list[Row], list[RowError]]:
    header: list[str] | None = None
    rows: list[Row] = []
    errors: list[RowError] = []
    for line, cells in lines:
        if header is None:
            if not any(str(c or "").strip() for c in cells):
                continue  # blank lines above the header
            header = _header(cells)
            continue
        if not any(str(c).strip() for c in cells if c is not None):
            continue  # blank lines (a sheet's formatted but empty rows)
        if len(rows) == MAX_ROWS:
            raise refused(TOO_MANY_ROWS, max=MAX_ROWS)
        if any(str(c).strip() for c in cells[len(header):] if c is not None):
            errors.append(RowError(line, "", Message(EXTRA_CELLS)))
        rows.append(Row(line, {name: _cell(value, name) for name, value in zip(header, cells, strict=False)}))
    if not rows:
        raise refused(EMPTY)
    return rows, errors
