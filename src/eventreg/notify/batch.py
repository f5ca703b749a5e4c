"""A stream batch as Lambda hands it over: windows of claims, items side by side on a few threads, each
item's records in stream order, and the failed records reported for retry (ReportBatchItemFailures)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from eventreg.notify.decide import Announcement, Claim, announcement
from eventreg.notify.send import Notifier
from eventreg.ports import Change, Decode

WORKERS = 4  # mails of one batch in flight at once: the waits on DynamoDB and SES overlap
WINDOW = 25  # records whose send-log items are claimed in one transaction (and at most the mails a crash loses)
RESERVE_MS = 20_000  # no new window when the invocation has less time left: its records are retried instead


class HeldBack(Exception):
    """Not attempted: an earlier change of the same item failed, and this one waits for its retry."""


class OutOfTime(Exception):
    """Not attempted: the invocation was close to its timeout. Reported as failed, so Lambda retries it."""


def handle_batch(event: dict[str, Any], notifier: Notifier, decode: Decode, context: Any = None) -> dict[str, Any]:
    """A stream batch, record by record (Powertools' batch utility): the answer lists the records that
    failed (ReportBatchItemFailures), so Lambda retries those and never repeats the ones that went out.
    If every record fails, it raises and the whole batch is retried.

    The records go in windows of WINDOW: the window's send-log items are claimed in one transaction, then
    records of different items are handled on a few threads at once, while the records of one item (say a
    registration confirmed, then cancelled) stay in stream order on one thread. A failed record holds back
    its item's later records (their claims are given back) and nobody else's. `decode` reads a record's images
    (the stream adapter's, from the entry point): inside the loop, so a record it cannot read fails alone."""
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    records = event.get("Records") or []
    outcome: dict[int, BaseException] = {}
    items_of = [json.dumps((raw.get("dynamodb") or {}).get("Keys") or {}, sort_keys=True) for raw in records]
    changes: dict[int, Change] = {}
    news: dict[int, Announcement] = {}
    for index, raw in enumerate(records):
        try:
            changes[index] = decode(raw)
            found = announcement(changes[index])
        except Exception as error:  # a poison record: reported alone, below
            outcome[index] = error
            continue
        if found is not None:
            news[index] = found
    failed_items = {items_of[index] for index in outcome}

    def hold_back(indexes: Sequence[int], error: BaseException, claimed: set[Claim]) -> None:
        """Later changes of a failed item wait for its retry, as the stream order asks."""
        for later in indexes:
            outcome.setdefault(later, error)
        notifier.release([news[i] for i in indexes if i in news], claimed)

    for start in range(0, len(records), WINDOW):
        window = [i for i in range(start, min(start + WINDOW, len(records))) if i not in outcome]
        held = [i for i in window if items_of[i] in failed_items]
        hold_back(held, HeldBack("an earlier change of this item failed"), set())
        window = [i for i in window if i not in held]
        if context is not None and context.get_remaining_time_in_millis() < RESERVE_MS:
            for index in range(start, len(records)):
                outcome.setdefault(index, OutOfTime("the invocation ran out of time"))
            break
        try:
            claimed = notifier.claim([news[i] for i in window if i in news])
        except Exception as error:  # DynamoDB throttled or down: the whole window is retried
            hold_back(window, error, set())
            failed_items.update(items_of[i] for i in window)
            continue
        groups: dict[str, list[int]] = {}
        for index in window:
            groups.setdefault(items_of[index], []).append(index)

        def run(group: list[int], claimed: set[Claim] = claimed) -> None:
            for position, index in enumerate(group):
                try:
                    notifier.handle(changes[index], claimed)
                except Exception as error:  # reported per record below
                    outcome[index] = error
                    hold_back(group[position + 1:], error, claimed)
                    failed_items.add(items_of[index])
                    return

        if len(groups) > 1:
            with ThreadPoolExecutor(max_workers=WORKERS) as pool:
                list(pool.map(run, groups.values()))
        else:
            for group in groups.values():
                run(group)
    position = {id(raw): index for index, raw in enumerate(records)}

    def report(record: Any) -> None:
        error = outcome.get(position.get(id(record.raw_event), -1))
        if error is not None:
            raise error

    processor = BatchProcessor(event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=True)
    return dict(process_partial_response(event=event, record_handler=report, processor=processor, context=context))
