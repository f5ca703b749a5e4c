"""The stream and message handlers' entries: each builds what its flow needs (eventreg.entrypoints.bootstrap)
and hands it the batch with the stream adapter's decoder (adapters.dynamodb.stream.change_of), so the flows
read records as plain values (ports.Change), never the table's item form. The flows read top to bottom in
their folders: notify/batch and notify/bounces, report/stream (with privacy/erasure_stream)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from eventreg.adapters.dynamodb.stream import change_of
from eventreg.entrypoints.bootstrap import erasures, reports, repository

if TYPE_CHECKING:
    from eventreg.notify.send import Notifier
    from eventreg.ports import Change

# Cold start: each handler imports its flow itself (Powertools' batch utility, the mail composer, the final
# lists' writers), so that an app loads a flow when its first record comes, not at import.


def notifications(event: dict[str, Any], notifier: Notifier, context: Any = None) -> dict[str, Any]:
    """The table's stream → the mails (partial-batch failures)."""
    from eventreg.notify import batch

    return batch.handle_batch(event, notifier, change_of, context)


def ses_notification(message: str) -> str | None:
    """A bounce or complaint, published by SES's configuration set to SNS."""
    from eventreg.notify import bounces

    return bounces.handle_ses_notification(json.loads(message), repository())


def report_changes(event: dict[str, Any]) -> dict[str, Any]:
    """The table's stream → new export jobs, the final list of a closed event, and the erasure requests recorded
    by privacy officers, carried out: one consumer, so that the stream has two readers (infra/docs/stream.md)."""
    from eventreg.privacy import erasure_stream
    from eventreg.report import stream

    def handle(change: Change) -> object:
        if erasure_stream.request_id_of(change) is not None:
            return erasure_stream.handle_change(erasures(), change)
        return stream.handle_record(reports(), change)

    return stream.handle_batch(event, change_of, handle)
