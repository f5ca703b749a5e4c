"""The stream batch: items handled side by side, each item's records in stream order, a failure
holding back that item's later records (reported for retry) but nobody else's."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from eventreg.adapters.dynamodb.stream import change_of
from eventreg.notify.batch import handle_batch
from eventreg.notify.decide import Announcement, Claim
from eventreg.ports import Change


def record(item: str, sequence: str, status: str) -> dict[str, Any]:
    keys = {"PK": {"S": "EVENT#e"}, "SK": {"S": f"REG#{item}"}}
    return {"eventID": sequence, "eventName": "MODIFY", "eventSource": "aws:dynamodb", "awsRegion": "eu-west-1",
            "eventSourceARN": "arn:aws:dynamodb:eu-west-1:0:table/t/stream/s",
            "dynamodb": {"Keys": keys, "SequenceNumber": sequence, "StreamViewType": "NEW_AND_OLD_IMAGES",
                         "NewImage": {**keys, "item": {"S": item}, "status": {"S": status}}}}


class Recorder:
    def __init__(self, failing: set[tuple[str, str]]) -> None:
        self.failing = failing
        self.seen: list[tuple[str, str]] = []
        self.threads: set[int] = set()
        self.lock = threading.Lock()

    def claim(self, mails: Sequence[Announcement]) -> set[Claim]:
        return {news.claim for news in mails}

    def release(self, held: Sequence[Announcement], claimed: set[Claim]) -> None:
        pass

    def handle(self, change: Change, claimed: set[Claim] | None = None) -> bool:
        new = change.new or {}
        with self.lock:
            self.seen.append((new["item"], new["status"]))
            self.threads.add(threading.get_ident())
        if (new["item"], new["status"]) in self.failing:
            raise RuntimeError("SES throttled")
        return True


def test_one_items_records_stay_in_order_and_a_failure_holds_its_later_ones() -> None:
    batch = {"Records": [record("a", "1", "confirmed"), record("b", "2", "confirmed"),
                         record("a", "3", "cancelled"), record("c", "4", "waitlisted")]}
    notifier = Recorder(failing={("a", "confirmed")})
    answer = handle_batch(batch, notifier, change_of)  # type: ignore[arg-type]
    assert answer == {"batchItemFailures": [{"itemIdentifier": "1"}, {"itemIdentifier": "3"}]}
    assert ("a", "cancelled") not in notifier.seen  # never before its confirmation went out
    assert sorted(notifier.seen) == [("a", "confirmed"), ("b", "confirmed"), ("c", "waitlisted")]


def test_items_are_handled_side_by_side() -> None:
    batch = {"Records": [record(f"r{i}", str(i), "confirmed") for i in range(40)]}
    notifier = Recorder(failing=set())
    assert handle_batch(batch, notifier, change_of) == {"batchItemFailures": []}  # type: ignore[arg-type]
    assert len(notifier.seen) == 40 and len(notifier.threads) > 1
