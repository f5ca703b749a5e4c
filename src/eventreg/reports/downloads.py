"""The reports service's request handling: scoped organiser downloads."""

from __future__ import annotations

from chalice import Response

from eventreg.auth import require_organiser_of
from eventreg.reports.attendees import csv_chunks
from eventreg.storage.repository import Repository


def attendees_csv(repo: Repository, event_id: str, organiser_id: str) -> Response:
    event = repo.get_event(event_id)
    require_organiser_of(event, organiser_id)
    body = "".join(csv_chunks(repo.iter_registrations(event_id)))
    return Response(
        body=body,
        status_code=200,
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{event_id}-attendees.csv"',
            "Cache-Control": "no-store",
        },
    )
