"""The reports service's reaction to the table's stream: run new export jobs, freeze the final list when
registration closes, and mark it superseded when an event reopens. The service's one stream consumer also
carries out erasure requests (privacy/erasure_stream); entrypoints/streams routes each record to its flow.

Records are handled in stream order; the first that fails is reported (ReportBatchItemFailures), so
Lambda retries from there and never repeats the ones before it. Every action is idempotent (claims
under conditions), so a redelivered record changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from eventreg.domain.models import Event
from eventreg.ports import Change, Decode
from eventreg.report.attendees import export_runs, final_list
from eventreg.report.service import Reports

log = logging.getLogger(__name__)


def handle_record(reports: Reports, change: Change) -> str | None:
    """What this record made the service do, if anything ("export", "final_list", "reopened")."""
    new, old = change.new or {}, change.old or {}
    kind = new.get("type")
    if kind == "export" and change.event_name == "INSERT":
        return "export" if export_runs.run_job(reports, str(new["event_id"]), str(new["export_id"])) else None
    if kind == "final_list" and new.get("status") == final_list.STALE and old.get("status") == "done":
        return "final_list" if final_list.rewrite(reports, str(change.event_id), new) else None
    if kind == "event" and old:
        if new.get("status") == "closed" and old.get("status") == "open":
            event = Event.model_validate({k: v for k, v in new.items() if k in Event.model_fields})
            return "final_list" if final_list.freeze(reports, event) else None
        if new.get("status") == "open" and old.get("status") == "closed":
            return "reopened" if final_list.reopened(reports, str(new["event_id"])) else None
    return None


def handle_batch(event: dict[str, Any], decode: Decode, handle: Callable[[Change], object]) -> dict[str, Any]:
    """A Lambda DynamoDB stream batch, each record read by `decode` (the stream adapter's, from the entry point)
    and given to `handle` in stream order; the answer lists the first failed record, if one failed.

    The log names the error's type only: a DynamoDB error's text may quote a key, and keys can hold an address."""
    for record in event.get("Records") or []:
        try:
            handle(decode(record))
        except Exception as error:
            log.warning("reports: a stream record failed; the stream retries from it",
                        extra={"event_id": record.get("eventID"), "error": type(error).__name__})
            sequence = (record.get("dynamodb") or {}).get("SequenceNumber")
            return {"batchItemFailures": [{"itemIdentifier": sequence}]}
    return {"batchItemFailures": []}
