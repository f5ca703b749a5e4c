"""The frozen final attendee list: when an event's registration closes (its status goes from open to
closed on the stream), the full list is written once to S3 as CSV and XLSX, and recorded in the event
partition's FINAL item. Organisers fetch it at /events/{id}/final-list.csv|.xlsx.

The S3 keys are derived from the event and its registration cutoff, and the work is claimed under a
condition on the FINAL item: a redelivered record finds it done and writes nothing. Reopening the event
marks the list superseded, so the next closing writes it again. An erasure request marks it stale: the
stream then brings that change back here and the list is written again, without the erased person, over
the same keys (the bucket's lifecycle expires the old versions). Both files come from ONE paginated
Query: each item is read once and feeds the CSV and the XLSX row.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from eventreg.domain.access import Access
from eventreg.domain.models import Event, iso, utc_now
from eventreg.ports import ExportStore
from eventreg.report.attendees import csv_file, xlsx_file
from eventreg.report.attendees.columns import Value
from eventreg.report.attendees.export_jobs import LEASE
from eventreg.report.attendees.filters import ListRequest
from eventreg.report.attendees.listing import ReadStats, attendee_list
from eventreg.report.service import Reports

log = logging.getLogger(__name__)

STALE = "stale"  # written, but an erasure has happened since: to be written again
FINAL_SK = "FINAL"  # the list's item in the event partition


def stamp(event: Event) -> str:
    """Which closing this list belongs to: the registration cutoff, compact (20260520T215959Z)."""
    return iso(event.registration_closes_at).replace("-", "").replace(":", "")


def final_key(event: Event, fmt: str) -> str:
    return f"final-lists/{event.event_id}/{stamp(event)}/{filename(event, fmt)}"


def filename(event: Event, fmt: str) -> str:
    return f"{event.event_id}-final-attendees.{fmt}"


def freeze(reports: Reports, event: Event, now: datetime | None = None) -> bool:
    """Write the final list of a closed event, unless it is written (or being written) already."""
    return _freeze(reports, event, stamp(event), {fmt: final_key(event, fmt) for fmt in ("csv", "xlsx")}, now)


def rewrite(reports: Reports, event_id: str, final: dict[str, Any], now: datetime | None = None) -> bool:
    """Write a stale list again (an erasure happened), over the same keys and for the same closing."""
    keys = {"csv": str(final["csv_key"]), "xlsx": str(final["xlsx_key"])}
    return _freeze(reports, reports.repo.get_event(event_id), str(final["stamp"]), keys, now)


def _freeze(reports: Reports, event: Event, mark: str, keys: dict[str, str], now: datetime | None) -> bool:
    now = now or utc_now()
    store, event_id = reports.exports, event.event_id
    claimed = store.claim(
        event_id, FINAL_SK, now, now + LEASE, ("failed", "reopened", STALE),
        {"type": "final_list", "stamp": mark, "csv_key": keys["csv"], "xlsx_key": keys["xlsx"], "rows_done": 0,
         "total_estimate": event.registered_in_person + event.registered_online + event.waitlisted,
         "started_at": iso(now)},
        otherwise="attribute_not_exists(PK) OR stamp <> :stamp", values={":stamp": mark},
    )
    if not claimed:
        return False
    try:
        stats = _write(reports, event, keys)
    except Exception:
        store.update(event_id, FINAL_SK, {"status": "failed", "lease_until": None})  # the stream retries
        raise
    log.info("final list written", extra={"event": event_id, "rows": stats.rows, "items_read": stats.items_read})
    return True


def _write(reports: Reports, event: Event, keys: dict[str, str]) -> ReadStats:
    repo, store, files = reports.repo, reports.exports, reports.files
    _, sessions = repo.get_event_with_sessions(event.event_id)
    everything = Access("final-list", True, frozenset(s.session_id for s in sessions))
    listing = attendee_list(event, sessions, everything, ListRequest())
    stats = ReadStats()
    encoder = csv_file.CsvEncoder(listing.columns)
    with files.upload(keys["csv"], csv_file.CONTENT_TYPE) as csv_upload, \
            files.upload(keys["xlsx"], xlsx_file.CONTENT_TYPE) as xlsx_upload:

        def progress(done: ReadStats) -> None:
            csv_upload.write(encoder.take().encode("utf-8"))
            store.update(event.event_id, FINAL_SK, {"rows_done": done.rows, "items_read": done.items_read})

        def both(rows: Iterator[list[Value]]) -> Iterator[list[Value]]:
            for row in rows:
                encoder.add(row)
                yield row

        rows = listing.rows(repo.registration_item_pages(event.event_id), stats, progress)
        xlsx_file.write_xlsx(listing.columns, both(rows), xlsx_upload, event.event_id)
        csv_upload.write(encoder.take().encode("utf-8"))
    store.update(event.event_id, FINAL_SK, {
        "status": "done", "rows_done": stats.rows, "items_read": stats.items_read, "pages": stats.pages,
        "csv_size": csv_upload.size, "xlsx_size": xlsx_upload.size, "written_at": iso(utc_now()),
        "lease_until": None,
    })
    return stats


def mark_stale(exports: ExportStore, event_id: str) -> bool:
    """A person was erased from the event: its written list names them. False if there is none (yet)."""
    return exports.update(event_id, FINAL_SK, {"status": STALE},
                          "attribute_exists(PK) AND #status = :done", {":done": "done"})


def reopened(reports: Reports, event_id: str) -> bool:
    """The event took registrations again: its final list is no longer final."""
    return reports.exports.update(event_id, FINAL_SK, {"status": "reopened"},
                                  "attribute_exists(PK) AND #status = :done", {":done": "done"})


def final_state(reports: Reports, event_id: str) -> dict[str, Any] | None:
    return reports.exports.get(event_id, FINAL_SK)


READY, WRITING, FAILED, NOT_YET = "ready", "writing", "failed", "not_yet"  # what a downloads page says of it


def availability(exports: ExportStore, event: Event) -> tuple[str, dict[str, Any]]:
    """Whether the final list can be downloaded now, as GET final-list.* will answer it: ready (the files are
    written), writing (registration closed, or an erasure made it stale: being written), failed (the stream is
    retrying) or not_yet (it is frozen when registration closes); and its FINAL item ({} if none)."""
    state = exports.get(event.event_id, FINAL_SK) or {}
    status = str(state.get("status", ""))
    if status == "done":
        return READY, state
    if status == "failed":
        return FAILED, state
    closed = event.status.value in ("closed", "finished")
    if status in ("running", STALE) or closed:
        return WRITING, state
    return NOT_YET, state
