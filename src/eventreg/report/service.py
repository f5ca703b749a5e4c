"""What the reports service's code works with: the events and registrations, its own items, the files, the
limits, on the ports (the adapters are built in eventreg.entrypoints.bootstrap)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime

from eventreg.domain.checkins import EVENT_SCOPE
from eventreg.ports import CheckinStore, ExportStore, Store
from eventreg.report.ports import ReportFiles

# Lists above this many rows (an estimate from the event's counters) are written to S3 by an export job
# instead of answering directly: API Gateway and Lambda cap a response at about 6 MB, and an organiser
# should see progress rather than a spinning request. EVENTREG_EXPORT_DIRECT_ROWS overrides it.
DIRECT_ROWS = 2000


@dataclass(frozen=True)
class Reports:
    repo: Store
    exports: ExportStore
    files: ReportFiles
    public_url: str
    checkins: CheckinStore  # attendance: the check-in column of the lists
    direct_rows: int = DIRECT_ROWS

    def attendance(self, event_id: str) -> dict[str, datetime]:
        """When each registration was checked in for the event (one Query of its check-ins' key range)."""
        return {c.registration_id: c.at for c in self.checkins.checkins(event_id, EVENT_SCOPE)}


def direct_rows() -> int:
    raw = os.environ.get("EVENTREG_EXPORT_DIRECT_ROWS", "").strip()
    return int(raw) if raw.isdigit() else DIRECT_ROWS

