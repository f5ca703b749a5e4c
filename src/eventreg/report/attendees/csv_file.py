"""Attendee lists as CSV: UTF-8 with a BOM (so that Excel shows "Bieńkowska" right), CRLF lines, every
text cell made inert (see cells.py), datetimes as "YYYY-MM-DD HH:MM:SS" in the timezone named in the
header, booleans as yes/no. Produced as chunks of text while the rows arrive."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime

from eventreg.report.attendees.cells import inert
from eventreg.report.attendees.columns import Column, Kind, Value

CONTENT_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
ROWS_PER_CHUNK = 256


def _text(value: Value) -> str:
    if value is None:
        return ""
    return inert(value if isinstance(value, str) else str(value))


def _datetime(value: Value) -> str:
    return value.isoformat(" ") if isinstance(value, datetime) else ""


def _bool(value: Value) -> str:
    return "" if value is None else ("yes" if value else "no")


def _number(value: Value) -> str:
    return "" if value is None else str(value)


FORMATS: dict[Kind, Callable[[Value], str]] = {
    Kind.TEXT: _text, Kind.DATETIME: _datetime, Kind.BOOL: _bool, Kind.NUMBER: _number,
}


class CsvEncoder:
    """Rows in, CSV text out: the header (with the BOM) first, then whatever rows were added since."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")
        self._formats = [FORMATS[column.kind] for column in columns]
        self._writer.writerow([inert(column.title) for column in columns])
        self._started = False

    def add(self, row: Sequence[Value]) -> None:
        self._writer.writerow([fmt(value) for fmt, value in zip(self._formats, row, strict=True)])

    def take(self) -> str:
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        if not self._started:
            self._started = True
            return BOM + text
        return text


def csv_chunks(columns: Sequence[Column], rows: Iterable[Sequence[Value]]) -> Iterator[str]:
    """The CSV as chunks of text: first the BOM and the header, then a chunk per ROWS_PER_CHUNK rows."""
    encoder = CsvEncoder(columns)
    yield encoder.take()
    pending = 0
    for row in rows:
        encoder.add(row)
        pending += 1
        if pending == ROWS_PER_CHUNK:
            yield encoder.take()
            pending = 0
    if pending:
        yield encoder.take()
