"""The stream consumers' filters (adapters/dynamodb/stream_filters, used by infra's FilterCriteria and the local
stream reader). The reports consumer's lets through every record the reports and erasure flows act on, and not the
bulk of a burst (registrations, an event's counter updates); the notifications consumer's every record a mail follows,
and not the back-office's sessions (a refresh token in their images), exports or check-ins. The
local matcher agrees with moto's EventBridge pattern matcher (the rules Lambda filtering shares) and refuses rules it
does not implement."""

from __future__ import annotations

from typing import Any

import pytest
from moto.events.models import EventPattern

from devstack.stream_filter import RecordFilter, UnsupportedPattern
from eventreg.adapters.dynamodb.items import to_av
from eventreg.adapters.dynamodb.stream import change_of
from eventreg.adapters.dynamodb.stream_filters import NOTIFY_RECORDS, REPORT_RECORDS
from eventreg.notify.decide import is_event_change, mail_state
from eventreg.privacy.erasure_stream import request_id_of

REPORTS = RecordFilter.of(REPORT_RECORDS)
NOTIFICATIONS = RecordFilter.of(NOTIFY_RECORDS)


def record(name: str, new: dict[str, Any] | None, old: dict[str, Any] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"SequenceNumber": "1", "Keys": to_av({"PK": "EVENT#e1", "SK": "X"})}
    if new is not None:
        data["NewImage"] = to_av({"PK": "EVENT#e1", "SK": "X", **new})
    if old is not None:
        data["OldImage"] = to_av({"PK": "EVENT#e1", "SK": "X", **old})
    return {"eventID": "1", "eventName": name, "eventSource": "aws:dynamodb", "dynamodb": data}


WANTED = [
    record("INSERT", {"type": "export", "export_id": "x1", "event_id": "e1"}),
    record("INSERT", {"type": "erasure_request", "request_id": "r1"}),
    record("MODIFY", {"type": "final_list", "status": "stale"}, {"type": "final_list", "status": "done"}),
    record("MODIFY", {"type": "event", "status": "closed"}, {"type": "event", "status": "open"}),
    record("MODIFY", {"type": "event", "status": "open"}, {"type": "event", "status": "closed"}),
]
NOT_WANTED = [
    record("INSERT", {"type": "registration", "status": "confirmed"}),
    record("MODIFY", {"type": "event", "status": "open", "registered": 2}, {"type": "event", "status": "open"}),
    record("MODIFY", {"type": "export", "status": "done"}, {"type": "export", "status": "running"}),
    record("MODIFY", {"type": "erasure_request", "status": "done"}, {"type": "erasure_request"}),
    record("REMOVE", None, {"type": "event", "status": "closed"}),
    record("INSERT", {"type": "event", "status": "closed"}),
]


@pytest.mark.parametrize("wanted", WANTED)
def test_the_reports_filter_lets_through_what_the_flows_act_on(wanted: dict[str, Any]) -> None:
    assert REPORTS(wanted)


@pytest.mark.parametrize("other", NOT_WANTED)
def test_the_reports_filter_keeps_out_the_rest(other: dict[str, Any]) -> None:
    assert not REPORTS(other)


def test_erasure_requests_that_the_flow_runs_pass_the_filter() -> None:
    for candidate in WANTED + NOT_WANTED:
        if request_id_of(change_of(candidate)) is not None:
            assert REPORTS(candidate)


@pytest.mark.parametrize("candidate", WANTED + NOT_WANTED)
def test_the_local_matcher_agrees_with_moto_s_event_pattern_matcher(candidate: dict[str, Any]) -> None:
    assert REPORTS(candidate) == any(EventPattern.load(p).matches_event(candidate) for p in REPORT_RECORDS)
    assert NOTIFICATIONS(candidate) == any(EventPattern.load(p).matches_event(candidate) for p in NOTIFY_RECORDS)


MAILED = [
    record("INSERT", {"type": "registration", "status": "confirmed", "version": 1}),
    record("MODIFY", {"type": "registration", "status": "cancelled", "version": 2},
           {"type": "registration", "status": "confirmed", "version": 1}),
    record("MODIFY", {"type": "event", "status": "closed"}, {"type": "event", "status": "open"}),
    record("MODIFY", {"type": "event", "status": "open", "registered": 2}, {"type": "event", "status": "open"}),
]
NOT_MAILED = [
    record("INSERT", {"type": "office_session", "refresh_token": "secret"}),
    record("MODIFY", {"type": "office_session", "refresh_token": "secret"}, {"type": "office_session"}),
    record("REMOVE", None, {"type": "office_session", "refresh_token": "secret"}),
    record("INSERT", {"type": "export", "export_id": "x1", "event_id": "e1"}),
    record("INSERT", {"type": "checkin", "registration_id": "r1"}),
    record("INSERT", {"type": "sent", "state": "confirmed#v1"}),
    record("REMOVE", None, {"type": "registration", "status": "confirmed"}),
]


@pytest.mark.parametrize("wanted", MAILED)
def test_the_notifications_filter_lets_through_registrations_and_events(wanted: dict[str, Any]) -> None:
    assert NOTIFICATIONS(wanted)
    assert NOTIFICATIONS(wanted) == any(EventPattern.load(p).matches_event(wanted) for p in NOTIFY_RECORDS)


@pytest.mark.parametrize("other", NOT_MAILED)
def test_the_notifications_filter_keeps_out_sessions_and_the_rest(other: dict[str, Any]) -> None:
    assert not NOTIFICATIONS(other)
    assert not any(EventPattern.load(p).matches_event(other) for p in NOTIFY_RECORDS)


def test_every_record_that_calls_for_a_mail_passes_the_notifications_filter() -> None:
    """The filter may let through records that call for nothing, never keep out one that calls for a mail."""
    for candidate in MAILED + NOT_MAILED + WANTED + NOT_WANTED:
        change = change_of(candidate)
        if mail_state(change) is not None or is_event_change(change):  # an event's change: its notice decides
            assert NOTIFICATIONS(candidate)


def test_no_patterns_let_every_record_through() -> None:
    assert RecordFilter.of(())(NOT_WANTED[0])


@pytest.mark.parametrize("pattern", ['{"eventName": [{"prefix": "INS"}]}', '{"$or": []}', '{"eventName": "INSERT"}',
                                     "{}"])
def test_rules_the_local_matcher_does_not_implement_are_refused(pattern: str) -> None:
    with pytest.raises(UnsupportedPattern):
        RecordFilter.of([pattern])
