"""Attendee list as CSV: UTF-8 with BOM (Excel shows "Bieńkowska" right), formula injection neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from eventreg.domain.models import Registration

COLUMNS = (
    ("registration_id", "Reference"),
    ("name", "Name"),
    ("email", "Email"),
    ("organisation", "Organisation"),
    ("country", "Country"),
    ("attendance_mode", "Attendance mode"),
    ("status", "Status"),
    ("created_at", "Registered at (UTC)"),
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: str) -> str:
    """A cell a spreadsheet will not evaluate: text starting like a formula gets a leading quote."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def csv_chunks(registrations: Iterable[Registration]) -> Iterator[str]:
    """The CSV as chunks of text (first the BOM and header), for streaming as rows arrive."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([title for _, title in COLUMNS])
    yield "\ufeff" + buffer.getvalue()
    for registration in registrations:
        buffer.seek(0)
        buffer.truncate()
        plain = registration.model_dump(mode="json")
        writer.writerow([inert(str(plain[key])) for key, _ in COLUMNS])
        yield buffer.getvalue()
