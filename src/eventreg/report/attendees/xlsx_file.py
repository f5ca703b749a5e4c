"""Attendee lists as XLSX (openpyxl, imported here only: other handlers never load it).

A write-only workbook, rows appended as they arrive: typed cells (datetimes as real dates in the timezone
named in the header, booleans, numbers), a bold frozen header row, an autofilter over the table and
column widths from the column definitions. Text that a spreadsheet would take for a formula ("=…", "+…",
"-…", "@…") or an error code ("#N/A") is written as an explicit string cell with Excel's quotePrefix
flag, so it stays text even when someone edits it; characters XML cannot carry are dropped.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from typing import IO, Any, Protocol

from eventreg.report.attendees.cells import formula_like, visible
from eventreg.report.attendees.columns import Column, Kind, Value

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


class Writable(Protocol):
    """Where a workbook goes: a binary file, or a streamed upload (zipfile needs only write)."""

    def write(self, data: bytes, /) -> int: ...


def sheet_title(text: str) -> str:
    return (text.translate(_SHEET_FORBIDDEN).strip() or "Attendees")[:31]


def write_xlsx(columns: Sequence[Column], rows: Iterable[Sequence[Value]], target: IO[bytes] | Writable | str,
               title: str = "Attendees") -> int:
    """Write the workbook to `target` (a path or a binary file); returns the number of data rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet: Any = book.create_sheet(sheet_title(title))
    for index, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def header(text: str) -> Any:
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", visible(text)))
        cell.data_type = "s"
        cell.font = bold
        return cell

    def literal(text: str) -> Any:
        cell = WriteOnlyCell(sheet, value="")
        cell.value = text if text else None
        cell.data_type = "s"  # never "f" (formula) or "e" (error), whatever it starts with
        cell.quotePrefix = True
        return cell

    def text_cell(value: Value) -> Any:
        if value is None or value == "":
            return None
        cell = visible(value if isinstance(value, str) else str(value))
        if ILLEGAL_CHARACTERS_RE.search(cell):
            cell = ILLEGAL_CHARACTERS_RE.sub("", cell)
        if formula_like(cell) or cell in ERROR_CODES:
            return literal(cell)
        return cell

    def dated(value: Value) -> Any:
        if value is None:
            return None
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell

    try:
        sheet.append([header(column.title) for column in columns])
        converters = [text_cell if c.kind is Kind.TEXT else dated if c.kind is Kind.DATETIME else None
                      for c in columns]
        count = 0
        for row in rows:
            sheet.append([value if convert is None else convert(value)
                          for convert, value in zip(converters, row, strict=True)])
            count += 1
        last = get_column_letter(max(len(columns), 1))
        sheet.auto_filter.ref = f"A1:{last}{count + 1}"
        book.save(target)  # zipfile writes to any object with write(): a streamed upload works
    except BaseException:
        _abandon(sheet)
        raise
    return count


def _abandon(sheet: Any) -> None:
    """A write that failed half-way: close the sheet's row writer and remove its temporary file now,
    rather than leave them to the garbage collector (which would write to a closed file)."""
    with contextlib.suppress(Exception):
        if sheet._rows is not None:
            sheet._rows.close()
    writer = sheet._writer
    if writer is not None:
        with contextlib.suppress(Exception):
            writer.close()
        with contextlib.suppress(Exception):
            writer.cleanup()
