"""The retention job on moto, through the reports service's scheduled handler `anonymise_expired_events`: it
finds due events with a Query of the sparse RetentionDue index (never a Scan), anonymises their
registrations (statistics fields kept), deletes the email guards and idempotency records, sends no mail,
changes nothing on a second run, and picks up where a crash or its time limit stopped it."""

from __future__ import annotations

import math
from collections import Counter
from types import ModuleType

import pytest
from fixtures import load_event
from integration_support import DEMO_EVENT, LambdaContext, Stack
from privacy_support import (
    by_email,
    crash_on,
    dynamodb_calls,
    move_to_past,
    open_workshop,
    partition_text,
    prefixes,
    register,
    stream_records,
)
from report_support import bucket_fixture

from eventreg.adapters.dynamodb import items, keys
from eventreg.adapters.dynamodb.privacy import PrivacyStore
from eventreg.domain.models import AttendanceMode, Registration, RegistrationStatus, utc_now
from eventreg.privacy.retention import anonymise_expired_events
from eventreg.register.managing import Manager

__all__ = ["bucket_fixture"]  # the S3 bucket: the job deletes the files made from registrations
pytestmark = pytest.mark.usefixtures("bucket")

DUE = "ended-long-ago"  # ended 100 days ago, kept 90 days: due
RECENT = "ended-recently"  # ended 10 days ago, kept 90 days: not yet
KEPT_LONGER = "kept-longer"  # ended 100 days ago, kept 365 days: not yet
PEOPLE = [("Eva De Smet", "eva@gent.be"), ("Luca Rossi", "luca@comune.torino.it"), ("Ana Silva", "ana@porto.pt")]


def run_job(service: ModuleType, remaining_ms: int = 29_000) -> None:
    service.anonymise_expired_events(load_event("scheduled_event"), LambdaContext(remaining_ms=remaining_ms))


def retention_index(stack: Stack) -> list[str]:
    answer = stack.client.query(TableName=stack.table, IndexName="RetentionDue",
                                KeyConditionExpression="RETAIN_PK = :m",
                                ExpressionAttributeValues={":m": {"S": keys.RETAIN_MARKER}})
    return sorted(keys.event_id_of(item["PK"]["S"]) for item in answer["Items"])


def registrations(stack: Stack, event_id: str) -> list[Registration]:
    return list(stack.repo.iter_registrations(event_id))


@pytest.fixture
def events(stack: Stack) -> dict[str, list[Registration]]:
    """Three past events with people in them, one of whom cancelled and one of whom waits; the demo event."""
    made: dict[str, list[Registration]] = {}
    for event_id, ended, kept in ((DUE, 100, 90), (RECENT, 10, 90), (KEPT_LONGER, 100, 365)):
        open_workshop(stack, event_id, retention_days=kept, capacity=2)
        people = [register(stack, event_id, name, email, key=f"key-{event_id}-{n}", sessions=[],
                           answers={}) for n, (name, email) in enumerate(PEOPLE)]
        made[event_id] = people
        move_to_past(stack, event_id, ended)
    Manager(stack.repo).cancel(DUE, made[DUE][0].registration_id, utc_now())  # Eva cancels; Ana is promoted
    return made


def test_the_job_anonymises_only_due_events_found_through_the_index(
    stack: Stack, reports_service: ModuleType, events: dict[str, list[Registration]]
) -> None:
    assert retention_index(stack) == sorted([DUE, RECENT, KEPT_LONGER, DEMO_EVENT])
    before = {event_id: stack.snapshot(event_id) for event_id in (RECENT, KEPT_LONGER, DEMO_EVENT)}
    stats_before = [(r.registration_id, r.status, r.attendance_mode, r.country, r.organisation_type, r.sessions,
                     r.waitlisted_sessions, r.created_at, r.delegation_id) for r in registrations(stack, DUE)]
    assert prefixes(stack, DUE)["IDEM"] == 3 and prefixes(stack, DUE)["EMAIL"] == 2  # Eva's guard left with her

    with dynamodb_calls() as calls:
        run_job(reports_service)

    assert ("Scan", None) not in calls
    assert calls[0] == ("Query", "RetentionDue")
    assert {index for _, index in calls} == {"RetentionDue", None}  # then only the due event's own partition
    # Statistics keep what they count; the people are gone from the partition.
    after = registrations(stack, DUE)
    assert [(r.registration_id, r.status, r.attendance_mode, r.country, r.organisation_type, r.sessions,
             r.waitlisted_sessions, r.created_at, r.delegation_id) for r in after] == stats_before
    assert Counter(r.status for r in after) == Counter({RegistrationStatus.CONFIRMED: 2,
                                                       RegistrationStatus.CANCELLED: 1})
    assert all(r.anonymised and r.anonymised_at and r.name == "" for r in after)
    text = partition_text(stack, DUE)
    for name, email in PEOPLE:
        assert name not in text and email not in text
    for trace in ("Stad Gent", "Policy officer", "Vegetarian", "Hearing loop"):
        assert trace not in text
    counts = prefixes(stack, DUE)
    assert "EMAIL" not in counts and "IDEM" not in counts  # guards and idempotency records deleted
    assert counts["REG"] == 3
    event = stack.repo.get_event(DUE)
    assert event.anonymised_at is not None
    assert (event.registered_in_person, event.waitlisted) == (2, 0)  # the counters are statistics too
    assert retention_index(stack) == sorted([RECENT, KEPT_LONGER, DEMO_EVENT])
    # The others are untouched, and the ByEmail index finds the person only where they still are.
    assert {event_id: stack.snapshot(event_id) for event_id in before} == before
    assert sorted(by_email(stack, "luca@comune.torino.it")) == sorted(
        [keys.event_pk(RECENT), keys.event_pk(KEPT_LONGER)])


def test_anonymised_registrations_still_load_for_organisers(
    stack: Stack, reports_service: ModuleType, registration_service: ModuleType,
    events: dict[str, list[Registration]]
) -> None:
    from chalice.test import Client
    from test_reports_api import bearer

    run_job(reports_service)
    with Client(registration_service.app) as client:
        response = client.http.get(f"/organiser/events/{DUE}/registrations", headers=bearer("org-regio-b1"))
    assert response.status_code == 200
    listed = response.json_body["registrations"]
    assert len(listed) == 3
    for row in listed:
        assert row["anonymised"] is True and "name" not in row and "manage_url" not in row
        assert row["country"] == "BE" and row["organisation_type"] == "city"


def test_a_second_run_changes_nothing(
    stack: Stack, reports_service: ModuleType, events: dict[str, list[Registration]]
) -> None:
    run_job(reports_service)
    first = {event_id: stack.snapshot(event_id) for event_id in (DUE, RECENT, KEPT_LONGER, DEMO_EVENT)}
    with dynamodb_calls() as calls:
        run_job(reports_service)
    assert calls == [("Query", "RetentionDue")]  # nothing is due any more
    assert {event_id: stack.snapshot(event_id) for event_id in first} == first


def test_no_mail_for_anonymised_registrations(
    stack: Stack, reports_service: ModuleType, notifications_service: ModuleType,
    events: dict[str, list[Registration]]
) -> None:
    notifications_service.on_table_change({"Records": stream_records(stack)}, LambdaContext())
    mails_before = len(stack.sent_messages())
    assert mails_before > 0  # the registrations themselves were announced
    seen = len(stream_records(stack))

    run_job(reports_service)

    new_records = stream_records(stack)[seen:]
    kinds = Counter((r["eventName"], r["dynamodb"]["Keys"]["SK"]["S"].split("#")[0]) for r in new_records)
    assert kinds[("MODIFY", "REG")] >= 3 and kinds[("REMOVE", "EMAIL")] == 2 and kinds[("REMOVE", "IDEM")] == 3
    answer = notifications_service.on_table_change({"Records": new_records}, LambdaContext())
    assert answer == {"batchItemFailures": []}
    assert len(stack.sent_messages()) == mails_before
    assert not stack.partition(DUE, keys.SENT_PREFIX + "EVENT")  # no organisers' notice either


def test_a_crash_midway_is_finished_by_the_next_run(stack: Stack, reports_service: ModuleType) -> None:
    open_workshop(stack, DUE, capacity=None)
    people = [register(stack, DUE, f"Person {n}", f"p{n}@example.eu") for n in range(23)]
    move_to_past(stack, DUE, 100)
    store = PrivacyStore(stack.repo)

    # Pages of 5: 5 batches delete the 23 guards, then the crash hits the 3rd page of registrations.
    with crash_on("BatchWriteItem", after=5 + 2), pytest.raises(RuntimeError):
        anonymise_expired_events(store, utc_now(), page_size=5, delete_page_size=5)

    halfway = registrations(stack, DUE)
    assert sum(r.anonymised for r in halfway) == 10
    assert prefixes(stack, DUE).get("EMAIL", 0) == 0
    cursor = items.from_av(stack.client.get_item(TableName=stack.table, Key={
        "PK": {"S": keys.event_pk(DUE)}, "SK": {"S": keys.EVENT_SK}})["Item"])["retention_cursor"]
    assert cursor == keys.registration_sk(people[9].registration_id)  # after the second page
    assert DUE in retention_index(stack)

    run_job(reports_service)

    done = registrations(stack, DUE)
    assert all(r.anonymised for r in done)
    assert [r.version for r in done] == [2] * 23  # each anonymised exactly once
    assert DUE not in retention_index(stack)
    assert "p0@example.eu" not in partition_text(stack, DUE)


def test_a_time_limited_run_continues_next_time(stack: Stack, reports_service: ModuleType) -> None:
    open_workshop(stack, DUE, capacity=None)
    for n in range(12):
        register(stack, DUE, f"Person {n}", f"p{n}@example.eu", attendance_mode=AttendanceMode.ONLINE.value)
    move_to_past(stack, DUE, 100)
    store = PrivacyStore(stack.repo)
    # Time for the deleting phases (3 pages of guards, 1 empty page of idempotency records), 1 empty page of
    # check-ins and one page of registrations, then none.
    checks = iter([math.inf] * 6 + [0.0] * 100)

    first = anonymise_expired_events(store, utc_now(), lambda: next(checks), page_size=5, delete_page_size=5)

    assert first.finished == [] and first.unfinished == [DUE]
    assert sum(r.anonymised for r in registrations(stack, DUE)) == 5
    # Too little time left in the Lambda: the scheduled run does nothing and leaves the event due.
    before = stack.snapshot(DUE)
    run_job(reports_service, remaining_ms=5_000)
    assert stack.snapshot(DUE) == before
    # The next run with time enough finishes it.
    run_job(reports_service)
    assert all(r.anonymised for r in registrations(stack, DUE))
    assert DUE not in retention_index(stack)


def test_extending_the_retention_keeps_the_data(stack: Stack, reports_service: ModuleType) -> None:
    open_workshop(stack, DUE)
    register(stack, DUE, "Eva De Smet", "eva@gent.be")
    move_to_past(stack, DUE, 100)
    stack.update_event(DUE, retention_days=365)  # the organisers keep the data longer
    run_job(reports_service)
    assert "eva@gent.be" in partition_text(stack, DUE)
    assert DUE in retention_index(stack)


def test_hundreds_of_registrations_in_pages(stack: Stack, reports_service: ModuleType) -> None:
    """Many registrations: written directly (the registration path is tested elsewhere), anonymised in
    pages of 100, 25 per BatchWriteItem."""
    event = open_workshop(stack, DUE, capacity=None)
    people = [Registration(registration_id=f"01KA3F7Q9MZ6T2X8WB4NR{n:05d}", event_id=DUE, name=f"Person {n}",
                           email=f"p{n}@example.eu", email_norm=f"p{n}@example.eu", organisation="Org",
                           country="BE", attendance_mode=AttendanceMode.IN_PERSON,
                           status=RegistrationStatus.CONFIRMED, created_at=event.registration_opens_at)
              for n in range(610)]
    PrivacyStore(stack.repo).write(puts=people)
    move_to_past(stack, DUE, 100)

    with dynamodb_calls() as calls:
        run_job(reports_service)

    operations = Counter(operation for operation, _ in calls)
    assert operations["BatchWriteItem"] == 6 * 4 + 1  # 25 registrations per call
    assert operations["Query"] == 1 + 3 + 7  # the index, two (empty) deleting phases, the (empty) check-ins, 7 pages
    assert operations["UpdateItem"] == 6 + 1  # the cursor after each page but the last, then done
    assert operations["GetItem"] == 1 and "Scan" not in operations
    assert all(r.anonymised for r in registrations(stack, DUE))
    assert "example.eu" not in partition_text(stack, DUE)


def test_the_files_made_from_a_due_events_registrations_are_deleted(
    stack: Stack, reports_service: ModuleType, events: dict[str, list[Registration]], bucket: str
) -> None:
    """Frozen final lists and exports hold names and emails: they go with the registrations. Organisers'
    documents (the agenda's PDFs) and other events' files stay."""
    from eventreg.adapters import clients

    s3 = clients.s3()
    made = [f"final-lists/{DUE}/2026-01-01/list.csv", f"final-lists/{DUE}/2026-01-01/list.xlsx",
            f"exports/{DUE}/01EXPORT/attendees.csv", f"documents/{DUE}/agenda.pdf",
            f"final-lists/{RECENT}/2026-09-01/list.csv", f"final-lists/{DUE}-2/x/list.csv"]
    for key in made:
        s3.put_object(Bucket=bucket, Key=key, Body=b"Eva De Smet,eva@gent.be")
    run_job(reports_service)
    left = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []))
    assert left == sorted([f"documents/{DUE}/agenda.pdf", f"final-lists/{RECENT}/2026-09-01/list.csv",
                           f"final-lists/{DUE}-2/x/list.csv"])
