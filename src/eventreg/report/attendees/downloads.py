"""The reports service's request handling: scoped attendee lists, export jobs and the final list.

- `GET /events/{id}/attendees.csv|.xlsx` (and `/events/{id}/sessions/{sid}/attendees.csv|.xlsx`, or
  `?session=`): answered directly while the list is small (≤ direct_rows, estimated from the event's
  counters); above that — or if the list turns out longer than estimated — an export job is queued and
  the answer is 202 with its Location.
- `POST /events/{id}/exports` queues a job explicitly; `GET /events/{id}/exports/{eid}` shows its
  progress (JSON, or a page that refreshes itself for a browser) and, when done, a presigned URL.
- `GET /events/{id}/final-list.csv|.xlsx`: a redirect to the frozen final list, or 202 while it is
  being written.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

from chalice import Response

from eventreg.domain.access import Access, access
from eventreg.domain.errors import DomainError, ExportNotFound, Forbidden, ValidationFailed
from eventreg.domain.models import EventStatus, utc_now
from eventreg.http import JSON, Request, wants_html
from eventreg.report.attendees import csv_file, export_jobs, filters, final_list, xlsx_file
from eventreg.report.attendees.columns import Value
from eventreg.report.attendees.listing import AttendeeList, ReadStats, attendee_list, shows_attendance
from eventreg.report.attendees.presets import PRESETS
from eventreg.report.badges.export import PRESET as BADGES
from eventreg.report.badges.sheets import DEFAULT_SHEET, SHEETS
from eventreg.report.service import Reports
from eventreg.urls import FINAL_FORMATS, reports_url

FORMATS = ("csv", "xlsx")
RETRY_SECONDS = "2"


class FinalListNotFound(DomainError):
    code = "final_list_not_found"
    status = 404


class FinalListFailed(DomainError):
    code = "final_list_failed"
    status = 503


class _TooLong(Exception):
    """The list is longer than its estimate said: it goes to an export job after all."""


def _listing(reports: Reports, event_id: str, organiser_id: str, query: Mapping[str, Any] | None,
             session: str | None = None) -> tuple[AttendeeList, Access]:
    event, sessions = reports.repo.get_event_with_sessions(event_id)
    who = access(event, sessions, organiser_id)
    request = filters.parse(query, session)
    attendance = reports.attendance(event_id) if shows_attendance(request) else None
    return attendee_list(event, sessions, who, request, attendance), who


def attendees(reports: Reports, event_id: str, organiser_id: str, fmt: str,
              query: Mapping[str, Any] | None = None, session: str | None = None, html: bool = False) -> Response:
    """The list as a file; too long for that, an export job (202, or for a browser 303 to the job's page)."""
    listing, who = _listing(reports, event_id, organiser_id, query, session)
    if listing.estimate > reports.direct_rows:
        return _queued(reports, listing, who, fmt, html)
    stats = ReadStats()
    rows = _capped(listing.rows(reports.repo.registration_item_pages(event_id), stats), reports.direct_rows)
    try:
        if fmt == "csv":
            body: str | bytes = "".join(csv_file.csv_chunks(listing.columns, rows))
        else:
            buffer = io.BytesIO()
            xlsx_file.write_xlsx(listing.columns, rows, buffer, event_id)
            body = buffer.getvalue()
    except _TooLong:
        return _queued(reports, listing, who, fmt, html)
    content_type = csv_file.CONTENT_TYPE if fmt == "csv" else xlsx_file.CONTENT_TYPE
    return Response(body=body, status_code=200, headers={
        "Content-Type": content_type,
        "Content-Disposition": f'attachment; filename="{listing.filename(fmt)}"',
        "Cache-Control": "no-store",
        "X-Rows": str(stats.rows),
        "X-Items-Read": str(stats.items_read),
    })


def _capped(rows: Iterator[list[Value]], limit: int) -> Iterator[list[Value]]:
    for count, row in enumerate(rows, 1):
        if count > limit:
            raise _TooLong()
        yield row


def _queued(reports: Reports, listing: AttendeeList, who: Access, fmt: str, html: bool = False,
            sheet: str | None = None) -> Response:
    job = export_jobs.create_job(reports, listing, who, fmt, utc_now(), sheet)
    view = export_jobs.job_view(reports, job)
    if html:  # a browser follows a link: it goes on to the page that shows the progress, then the file
        return Response(body="", status_code=303, headers={
            "Location": reports_url(reports.public_url, view["url"]), "Cache-Control": "no-store"})
    return Response(body=json.dumps({"export": view}), status_code=202, headers={
        "Content-Type": JSON, "Location": reports_url(reports.public_url, view["url"]),
        "Retry-After": RETRY_SECONDS, "Cache-Control": "no-store",
    })


def badges(reports: Reports, event_id: str, organiser_id: str, query: Mapping[str, Any] | None = None,
           session: str | None = None, html: bool = False) -> Response:
    """GET /events/{id}/badges.pdf?sheet=a6|a4-2 (and a session's, and the lists' filters): the badges of the
    "badges" list as the organiser may see it, always made by an export job (thousands of QR codes and pages)."""
    fields = dict(query or {})
    sheet = fields.pop("sheet", None) or DEFAULT_SHEET
    if not isinstance(sheet, str) or sheet not in SHEETS:
        raise ValidationFailed("Unknown sheet.", fields={"sheet": "Choose " + " or ".join(SHEETS) + "."})
    if fields.setdefault("preset", BADGES) != BADGES:
        raise ValidationFailed("Badges are made from the badges list.", fields={"preset": f"Use {BADGES}."})
    listing, who = _listing(reports, event_id, organiser_id, fields, session)
    return _queued(reports, listing, who, "pdf", html, sheet)


def create_export(reports: Reports, event_id: str, organiser_id: str, body: dict[str, Any]) -> Response:
    """POST /events/{id}/exports: {"format": "csv"|"xlsx", "preset": ..., "status": [...], ...}."""
    fields = dict(body)
    fmt = fields.pop("format", "csv")
    if not isinstance(fmt, str) or fmt not in FORMATS:
        raise ValidationFailed("Unknown format.", fields={"format": "Choose csv or xlsx."})
    listing, who = _listing(reports, event_id, organiser_id, fields)
    return _queued(reports, listing, who, str(fmt))


def export_status(reports: Reports, event_id: str, organiser_id: str, export_id: str, request: Request) -> Response:
    """An export job's progress: JSON, or for a browser (wants_html) the page that refreshes itself."""
    event, sessions = reports.repo.get_event_with_sessions(event_id)
    access(event, sessions, organiser_id)
    job = reports.exports.get(event_id, export_jobs.export_sk(export_id))
    if job is None or job.get("type") != "export" or job.get("organiser_id") != organiser_id:
        raise ExportNotFound("There is no such export of this event.")
    view = export_jobs.job_view(reports, job)
    headers = {"Cache-Control": "no-store"}
    if view["status"] in ("queued", "running"):
        headers["Retry-After"] = RETRY_SECONDS
    if wants_html(request):
        from eventreg.report.attendees.export_page import progress_page  # jinja2 only on a browser's path

        return progress_page(view, event, sessions, request, headers)
    return Response(body=json.dumps({"export": view}), status_code=200, headers={**headers, "Content-Type": JSON})


def final(reports: Reports, event_id: str, organiser_id: str, fmt: str) -> Response:
    """The frozen final list: 302 to a presigned URL, or 202 (with Retry-After) while it is written."""
    if fmt not in FINAL_FORMATS:
        raise ValidationFailed("Unknown format.", fields={"format": "Choose csv or xlsx."})
    event, sessions = reports.repo.get_event_with_sessions(event_id)
    if not access(event, sessions, organiser_id).full:
        raise Forbidden("The final list is for the event's organisers; partners list their own sessions.")
    state = final_list.final_state(reports, event_id) or {}
    status = str(state.get("status", ""))
    if status == "done":
        url = reports.files.download_url(str(state[f"{fmt}_key"]), final_list.filename(event, fmt))
        body = {"final_list": {"status": "done", "rows": state.get("rows_done"), "written_at": state.get("written_at"),
                               "download_url": url}}
        return Response(body=json.dumps(body), status_code=302,
                        headers={"Location": url, "Content-Type": JSON, "Cache-Control": "no-store"})
    if status == "failed":
        raise FinalListFailed("Writing the final list failed; it is being retried.")
    if status == "running" or (not state and event.status in (EventStatus.CLOSED, EventStatus.FINISHED)):
        progress = {"status": status or "queued", "rows_done": int(state.get("rows_done", 0)),
                    "total_estimate": int(state.get("total_estimate", 0))}
        return Response(body=json.dumps({"final_list": progress}), status_code=202,
                        headers={"Content-Type": JSON, "Retry-After": RETRY_SECONDS, "Cache-Control": "no-store"})
    raise FinalListNotFound("The final list is written when registration closes.")


def presets() -> dict[str, Any]:
    return {"presets": [preset.describe() for preset in PRESETS.values()],
            "filters": {name: sorted(values) if values else "ISO 3166 two-letter country codes"
                        for name, values in filters.FILTERS.items()}}
