"""Which of the table's stream records each consumer needs: Lambda event filtering patterns (FilterCriteria, JSON,
on the record as Lambda delivers it: item images in attribute-value form).

One definition for both engines: infra/eventreg_infra/permissions.py puts them on the event source mapping, and the
local stack (devstack.stream_filter) applies the same patterns before it hands a batch to a consumer. The flows still
check each record themselves (report/stream.handle_record, privacy/erasure_stream.request_id_of, notify/decide): a
filter spares invocations (and keeps items out of a consumer that has no business reading them);
tests/unit/test_stream_filters.py checks that each lets through every record its consumer acts on.
"""

from __future__ import annotations

import json

from eventreg.ports import ERASURE_REQUEST_TYPE

EXPORT_TYPE = "export"  # report/attendees/export_jobs
FINAL_LIST_TYPE = "final_list"  # report/attendees/final_list
EVENT_TYPE = "event"
REGISTRATION_TYPE = "registration"


def _status_change(kind: str, old: str, new: str) -> str:
    return json.dumps({"eventName": ["MODIFY"], "dynamodb": {
        "NewImage": {"type": {"S": [kind]}, "status": {"S": [new]}}, "OldImage": {"status": {"S": [old]}}}})


# The reports service's one stream consumer (reports.on_table_change): new export jobs and erasure requests, a frozen
# final list marked stale by an erasure, and an event closing (freeze its final list) or reopening. Not the
# registrations, nor an event's counter updates (MODIFY with the status unchanged): the bulk of a burst.
# Lambda allows 5 filters per mapping by default; these are 4.
REPORT_RECORDS: tuple[str, ...] = (
    json.dumps({"eventName": ["INSERT"],
                "dynamodb": {"NewImage": {"type": {"S": [EXPORT_TYPE, ERASURE_REQUEST_TYPE]}}}}),
    _status_change(FINAL_LIST_TYPE, "done", "stale"),
    _status_change(EVENT_TYPE, "open", "closed"),
    _status_change(EVENT_TYPE, "closed", "open"),
)

# The notifications service's stream consumer (notifications.on_table_change): its mails follow registrations' and
# events' changes (notify/decide) and nothing else. Kept out: the back-office's session items, whose images carry
# Cognito's refresh token (adapters/dynamodb/office_sessions), export jobs, send-log and check-in items. An event's
# counter updates still pass: a move of its date or place is a MODIFY of the same item, told apart by the images.
NOTIFY_RECORDS: tuple[str, ...] = (
    json.dumps({"dynamodb": {"NewImage": {"type": {"S": [REGISTRATION_TYPE, EVENT_TYPE]}}}}),
)
