"""The retention job: anonymise the personal data of every event whose retention period is over.

Due events come from a Query of the sparse RetentionDue index (never a Scan). Per event, in SK order:
  1. EMAIL#  the uniqueness guards (their keys are email addresses): deleted;
  2. IDEM#   idempotency records (a hash of the posted form): deleted;
  3. CHECKIN# check-ins: rewritten without the staff who made them (when and for what stay: attendance);
  4. REG#    registrations: rewritten anonymised, a page at a time, 25 per BatchWriteItem; after each
             page the SK reached is saved on the event (retention_cursor).
Then the event leaves the index (anonymised_at set). WAIT# and SENT# items hold registration ids and
states only, and stay (they keep the counters and the mail send log consistent).

Resumable and idempotent: a run stopped by its time budget, or a crash, leaves the event in the index
with its cursor; the next run goes on from there (a page redone is harmless: anonymising an anonymised
registration writes nothing). A finished event is no longer in the index, so a second run changes nothing.

Why BatchWriteItem and not conditional transactions: the event ended retention_days ago and its
registrations are frozen in practice; a transaction per 25 registrations costs twice the write
capacity. A change racing with the job at worst loses that change, never re-adds personal data: the
put is the anonymised item, and Manager refuses to change anonymised registrations.

No mail: an anonymised registration's stream record keeps its status, mode and sessions, and the
notifier ignores anonymised items outright (eventreg.notify.decide.mail_state).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from eventreg.domain.retention import anonymised
from eventreg.ports import FileStore, PersonalItems
from eventreg.privacy.ports import RetentionStore

log = logging.getLogger(__name__)

PAGE = 100  # registrations per Query page (4 BatchWriteItem calls)
DELETE_PAGE = 500  # keys of guards or idempotency records per Query page (20 BatchWriteItem calls)
MARGIN_SECONDS = 10.0  # a page takes well under a second on DynamoDB; stop with this much time to spare
DELETED: tuple[PersonalItems, ...] = ("guards", "idempotency")
# S3 prefixes of files holding an event's personal data (see reports.final_list and reports.export_jobs).
FILE_PREFIXES = ("final-lists/{event_id}/", "exports/{event_id}/")


def unlimited() -> float:
    return math.inf


@dataclass
class RetentionRun:
    finished: list[str] = field(default_factory=list)  # events anonymised completely in this run
    unfinished: list[str] = field(default_factory=list)  # left for the next run (time budget)
    anonymised: int = 0  # registrations written anonymised in this run
    deleted: int = 0  # guard and idempotency items deleted in this run
    checkins: int = 0  # check-ins written without the staff who made them
    files_deleted: int = 0  # S3 objects made from registrations (final lists, exports) deleted in this run

    def summary(self) -> dict[str, object]:
        """What the job logs: ids and counts, never personal data."""
        return {"finished": self.finished, "unfinished": self.unfinished, "anonymised": self.anonymised,
                "deleted": self.deleted, "checkins": self.checkins, "files_deleted": self.files_deleted}


def anonymise_expired_events(store: RetentionStore, now: datetime, time_left: Callable[[], float] = unlimited,
                             page_size: int = PAGE, delete_page_size: int = DELETE_PAGE,
                             files: FileStore | None = None) -> RetentionRun:
    """Anonymise every due event, as far as the time budget (`time_left`, in seconds) allows."""
    run = RetentionRun()
    due = store.events_due(now)
    for position, event_id in enumerate(due):
        if not anonymise_event(store, event_id, now, time_left, run, page_size, delete_page_size, files):
            run.unfinished += due[position:]
            break
        run.finished.append(event_id)
    if run.finished or run.unfinished:
        log.info("retention: anonymised %d event(s) (%s): %d registration(s), %d item(s) and %d file(s) deleted; "
                 "%d event(s) left for the next run", len(run.finished), ", ".join(run.finished) or "none",
                 run.anonymised, run.deleted, run.files_deleted, len(run.unfinished), extra=run.summary())
    else:
        log.debug("retention: no event due for anonymisation")
    return run


def anonymise_event(store: RetentionStore, event_id: str, now: datetime, time_left: Callable[[], float],
                    run: RetentionRun, page_size: int = PAGE, delete_page_size: int = DELETE_PAGE,
                    files: FileStore | None = None) -> bool:
    """One event, from where an earlier run stopped. False if the time budget ran out first. The files made
    from its registrations (frozen final lists, exports: names and emails) are deleted last, before the
    event is marked done, so a run that stops midway deletes them next time."""
    event, cursor = store.event_and_cursor(event_id)
    if now < event.purge_after:  # an organiser extended the retention (or moved the event) meanwhile
        return True
    if cursor is None:  # the deleting phases are done once the registrations' phase has begun
        for kind in DELETED:
            while True:
                if time_left() < MARGIN_SECONDS:
                    return False
                deleted, more = store.delete_page(event_id, kind, delete_page_size)
                run.deleted += deleted
                if not more:
                    break
        after: str | None = None
        while True:  # check-ins: a page redone after a stop rewrites the same items
            if time_left() < MARGIN_SECONDS:
                return False
            rewritten, after = store.anonymise_checkins(event_id, after, delete_page_size)
            run.checkins += rewritten
            if after is None:
                break
    while True:
        if time_left() < MARGIN_SECONDS:
            return False
        registrations, last = store.registrations_after(event_id, cursor, page_size)
        changed = [anonymised(r, now) for r in registrations if not r.anonymised]
        run.anonymised += store.write(puts=changed)
        if last is None:
            break
        cursor = last
        store.save_cursor(event_id, cursor)
    if files is not None:
        run.files_deleted += sum(files.delete_prefix(prefix.format(event_id=event_id)) for prefix in FILE_PREFIXES)
    store.finish(event_id, now)
    return True
