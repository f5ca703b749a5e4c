"""Running an export job (see export_jobs for the job's life): the stream handler's side, which reads the list
page by page and writes the file. A module of its own because only the reports' stream handler runs jobs: the
writers (openpyxl, and for badges fpdf2 and segno) stay out of the bundles that only queue or show jobs, such as
the registration service's back-office (tools/import_graph.py counts lazy imports too)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from eventreg.domain.access import access
from eventreg.domain.errors import DomainError
from eventreg.domain.models import Event, Session, iso, utc_now
from eventreg.report.attendees import csv_file, xlsx_file
from eventreg.report.attendees.export_jobs import CONTENT_TYPES, LEASE, export_key, export_sk
from eventreg.report.attendees.filters import ListRequest
from eventreg.report.attendees.listing import AttendeeList, ReadStats, attendee_list, shows_attendance
from eventreg.report.ports import Upload
from eventreg.report.service import Reports

log = logging.getLogger(__name__)


def write(listing: AttendeeList, job: dict[str, Any], rows: Any, upload: Upload) -> None:
    fmt = str(job["format"])
    if fmt == "pdf":
        from eventreg.report.badges.export import write_badges  # fpdf2 and segno: badge exports only

        write_badges(listing, rows, upload, str(job["sheet"]))
    elif fmt == "csv":
        for chunk in csv_file.csv_chunks(listing.columns, rows):
            upload.write(chunk.encode("utf-8"))
    else:
        xlsx_file.write_xlsx(listing.columns, rows, upload, listing.event.event_id)


def run_job(reports: Reports, event_id: str, export_id: str, now: datetime | None = None) -> bool:
    """Run a queued job once. False if there is nothing to do (unknown, claimed elsewhere, or done)."""
    now = now or utc_now()
    sk = export_sk(export_id)
    store = reports.exports
    job = store.get(event_id, sk)
    if job is None or not store.claim(event_id, sk, now, now + LEASE, ("queued",),
                                      {"started_at": iso(now)}):
        return False
    try:
        event, sessions = reports.repo.get_event_with_sessions(event_id)
        listing = _listing(reports, event, sessions, job)
        stats = ReadStats()

        def progress(done: ReadStats) -> None:
            store.update(event_id, sk, {"rows_done": done.rows, "items_read": done.items_read, "pages": done.pages})

        rows = listing.rows(reports.repo.registration_item_pages(event_id), stats, progress)
        key = export_key(event_id, export_id, str(job["filename"]))
        with reports.files.upload(key, CONTENT_TYPES[job["format"]]) as upload:
            write(listing, job, rows, upload)
        store.update(event_id, sk, {"status": "done", "key": key, "size": upload.size, "rows_done": stats.rows,
                                    "items_read": stats.items_read, "pages": stats.pages,
                                    "finished_at": iso(utc_now()), "lease_until": None})
    except DomainError as error:  # the organiser lost access, the session is gone: retrying will not help
        store.update(event_id, sk, {"status": "failed", "error": error.code, "message": error.message,
                                    "finished_at": iso(utc_now()), "lease_until": None})
        return True
    except Exception:
        store.update(event_id, sk, {"status": "queued", "lease_until": None})  # the stream's retry runs it
        raise
    log.info("export written", extra={"event": event_id, "export": export_id, "rows": stats.rows,
                                      "items_read": stats.items_read})
    return True


def _listing(reports: Reports, event: Event, sessions: list[Session], job: dict[str, Any]) -> AttendeeList:
    """The list as the job's organiser may see it now (access is checked again when the job runs)."""
    who = access(event, sessions, str(job["organiser_id"]))
    request = ListRequest.from_dict(job["request"])
    attendance = reports.attendance(event.event_id) if shows_attendance(request) else None
    return attendee_list(event, sessions, who, request, attendance)
