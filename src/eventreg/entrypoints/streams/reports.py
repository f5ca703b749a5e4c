"""The reports service's stream entry: export jobs, final lists and erasure requests from the table's changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventreg.adapters.dynamodb.stream import change_of
from eventreg.entrypoints.bootstrap.reports import erasures, reports

if TYPE_CHECKING:
    from eventreg.ports import Change


def report_changes(event: dict[str, Any]) -> dict[str, Any]:
    """The table's stream → new export jobs, the final list of a closed event, and the erasure requests recorded
    by privacy officers, carried out: one consumer, so that the stream has two readers (infra/docs/stream.md)."""
    # Lazy (cold start): the flows (Powertools' batch utility, the final lists' writers) load with the first
    # record, not at import.
    from eventreg.privacy import erasure_stream
    from eventreg.report import stream

    def handle(change: Change) -> object:
        if erasure_stream.request_id_of(change) is not None:
            return erasure_stream.handle_change(erasures(), change)
        return stream.handle_record(reports(), change)

    return stream.handle_batch(event, change_of, handle)
