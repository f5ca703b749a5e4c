"""The reports service's erasure worker: its stream handler on_table_change carries out the erasure
requests that the API recorded (eventreg.privacy.officers), with the write rights the API must not hold.

Only INSERTs of erasure request items matter here (the handler's filter, on AWS and locally, lets only
these and the reports' own records through; anything else is ignored without a DynamoDB call). Each is
idempotent: the request is read back, and only a pending one is run (each run counted in `attempts`);
`erase` finds nothing left of what an interrupted run did; the pending -> done step is conditional,
and removes the address.
A failed record is reported (report/stream.handle_batch, ReportBatchItemFailures) and retried by Lambda.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from eventreg.domain.models import utc_now
from eventreg.ports import ERASURE_REQUEST_TYPE, Change, ExportStore
from eventreg.privacy.erasure import erase
from eventreg.privacy.ports import ERASURE_PENDING, ErasureRequests, ErasureStore
from eventreg.register.managing import Manager
from eventreg.report.attendees import final_list

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Erasures:
    """What carrying out a request works with (built in eventreg.entrypoints.bootstrap)."""

    requests: ErasureRequests
    store: ErasureStore
    manager: Manager  # cancels live registrations, so their places go to the first in line
    exports: ExportStore  # the frozen final lists, marked stale


def request_id_of(change: Change) -> str | None:
    """The request a stream record announces, if it is a new erasure request."""
    if change.event_name != "INSERT" or (change.new or {}).get("type") != ERASURE_REQUEST_TYPE:
        return None
    return str((change.new or {})["request_id"])


def carry_out(erasures: Erasures, request_id: str, now: datetime | None = None) -> bool:
    """Run a pending request and mark it done. False if there was nothing to do (done already, or gone)."""
    requests = erasures.requests
    request = requests.get(request_id)
    if request is None or request.get("status") != ERASURE_PENDING or not request.get("email_norm"):
        return False
    if not requests.start(request_id):
        return False
    now = now or utc_now()
    result = erase(erasures.store, erasures.manager, str(request["email_norm"]), now)
    for event_id in sorted(result.events):  # their frozen final lists name the person: written again
        final_list.mark_stale(erasures.exports, event_id)
    if not requests.finish(request_id, result.counts(), now):
        return False  # another delivery finished it meanwhile (its erase and this one found the same)
    log.info("erasure request done", extra={"request": request_id, **result.counts()})
    return True


def handle_change(erasures: Erasures, change: Change) -> bool:
    """Carry out the erasure request a stream record announces. False if it announces none, or there was
    nothing to do; raises if the run failed (the stream retries the record)."""
    request_id = request_id_of(change)
    if request_id is None:
        return False
    try:
        return carry_out(erasures, request_id)
    except Exception as error:
        # The type only: a DynamoDB error's text may quote a key, and keys can hold an address.
        log.warning("erasure request failed; the stream retries it",
                    extra={"request": request_id, "error": type(error).__name__})
        raise
