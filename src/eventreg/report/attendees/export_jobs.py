"""Export jobs: attendee lists too large to answer directly are written to S3.

The request puts an EXPORT#<id> item in the event partition (status "queued", a row estimate, a TTL
of a week) and answers 202. The reports service's stream handler sees the new item and runs the job:
a paginated Query of the partition, rows streamed into a multipart upload, progress (rows_done,
items_read) written after every page. The job's page then shows a short-lived presigned link.

A redelivered stream record finds the job claimed or done and does nothing; a failed run gives its
claim back (status "queued") so the stream's retry runs it again; a crashed run's lease lapses.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from eventreg.domain.access import Access
from eventreg.domain.models import iso, new_id
from eventreg.report.attendees import csv_file, xlsx_file
from eventreg.report.attendees.listing import AttendeeList
from eventreg.report.service import Reports
from eventreg.urls import export_path

log = logging.getLogger(__name__)

CONTENT_TYPES = {"csv": csv_file.CONTENT_TYPE, "xlsx": xlsx_file.CONTENT_TYPE, "pdf": "application/pdf"}
KEEP = timedelta(days=7)  # the job item and its file (an S3 lifecycle rule on exports/ in infra/)
LEASE = timedelta(minutes=15)  # a Lambda's longest run
EXPORT_PREFIX = "EXPORT#"  # the job item's sort key in the event partition


def export_sk(export_id: str) -> str:
    return EXPORT_PREFIX + export_id


def export_key(event_id: str, export_id: str, filename: str) -> str:
    return f"exports/{event_id}/{export_id}/{filename}"


def create_job(reports: Reports, listing: AttendeeList, who: Access, fmt: str, now: datetime,
               sheet: str | None = None) -> dict[str, Any]:
    """A queued job; `sheet`: the label sheet of a badge export (format "pdf", report/badges)."""
    export_id = new_id()
    event_id = listing.event.event_id
    job = {
        "type": "export", "export_id": export_id, "event_id": event_id, "organiser_id": who.organiser_id,
        "format": fmt, "request": listing.request.as_dict(), "status": "queued", "rows_done": 0,
        "items_read": 0, "pages": 0, "total_estimate": listing.estimate, "filename": listing.filename(fmt),
        "created_at": iso(now), "expires_at": int((now + KEEP).timestamp()),
    }
    if sheet is not None:
        job["sheet"] = sheet
    reports.exports.create(event_id, export_sk(export_id), job)
    log.info("export queued", extra={"event": event_id, "export": export_id, "format": fmt})
    return job


def job_view(reports: Reports, job: dict[str, Any]) -> dict[str, Any]:
    """What the job's page shows: progress, and when done a presigned link (valid a few minutes)."""
    status = str(job["status"])
    done, estimate = int(job.get("rows_done", 0)), int(job.get("total_estimate", 0))
    percent = 100 if status == "done" else min(99, done * 100 // estimate) if estimate else 0
    view: dict[str, Any] = {
        "export_id": job["export_id"], "event_id": job["event_id"], "status": status, "format": job["format"],
        **job["request"], "rows_done": done, "items_read": int(job.get("items_read", 0)),
        "total_estimate": estimate, "percent": percent, "created_at": job["created_at"],
        "finished_at": job.get("finished_at"), "filename": job["filename"], "sheet": job.get("sheet"),
        "url": reports_path(job),
    }
    if status == "done":
        view["download_url"] = reports.files.download_url(str(job["key"]), str(job["filename"]))
        view["download_expires_in"] = reports.files.download_seconds
        view["size"] = int(job.get("size", 0))
    if status == "failed":
        view["error"] = {"code": job.get("error"), "message": job.get("message")}
    return view


def reports_path(job: dict[str, Any]) -> str:
    return export_path(str(job["event_id"]), str(job["export_id"]))
