"""The deadline job: close every open event whose registration cutoff has passed.

A Query of the sparse OpenByCutoff index (never a Scan) and a conditional update per event, so two
runs at once, or a run after an organiser closed the event by hand, change nothing twice. The cutoff
itself never waits for this job: the registration transaction enforces it to the second.
"""

from __future__ import annotations

import logging
from datetime import datetime

from eventreg.ports import EventStore

log = logging.getLogger(__name__)


def close_due_events(repo: EventStore, now: datetime) -> list[str]:
    closed = [event_id for event_id in repo.open_events_due(now) if repo.close_event(event_id, now)]
    if closed:
        log.info("closed registration of %d event(s): %s", len(closed), ", ".join(closed), extra={"events": closed})
    else:
        log.debug("no registration due to close")
    return closed
