"""The frozen final list: a closed-status stream record (tests/fixtures/events) makes the reports service
write the full list to S3 as CSV and XLSX once, however often the record comes; organisers get it at
/events/{id}/final-list.csv|.xlsx."""

from __future__ import annotations

import copy
import io
from types import ModuleType
from typing import Any

import pytest
from fixtures import load_event
from integration_support import DEMO_EVENT, LambdaContext, Stack
from openpyxl import load_workbook
from report_support import EVENT, bucket_fixture, get, people_fixture, register, table

__all__ = ["bucket_fixture", "people_fixture"]  # fixtures used by this module's tests

from devstack.seed import DEMO_PARTNER
from eventreg.adapters import clients
from eventreg.adapters.dynamodb import items, keys

CSV_KEY = f"final-lists/{DEMO_EVENT}/20260920T215959Z/{DEMO_EVENT}-final-attendees.csv"
XLSX_KEY = f"final-lists/{DEMO_EVENT}/20260920T215959Z/{DEMO_EVENT}-final-attendees.xlsx"


def deliver(service: ModuleType, batch: dict[str, Any]) -> Any:
    return service.on_table_change(copy.deepcopy(batch), LambdaContext(function_name="eventreg-reports-dev"))


def final_item(stack: Stack) -> dict[str, Any] | None:
    answer = stack.client.get_item(TableName=stack.table, Key={"PK": {"S": keys.event_pk(DEMO_EVENT)},
                                                                 "SK": {"S": "FINAL"}})
    return items.from_av(answer["Item"]) if "Item" in answer else None


def s3_object(bucket: str, key: str) -> bytes:
    return bytes(clients.s3().get_object(Bucket=bucket, Key=key)["Body"].read())


def reopened_batch() -> dict[str, Any]:
    batch = load_event("dynamodb_stream_event_closed")
    record = batch["Records"][0]["dynamodb"]
    record["NewImage"], record["OldImage"] = record["OldImage"], record["NewImage"]
    record["SequenceNumber"] = "222900000000051525870999"
    return batch


def test_closing_freezes_the_final_list_once(stack: Stack, reports_service: ModuleType, people: dict[str, str],
                                             bucket: str) -> None:
    batch = load_event("dynamodb_stream_event_closed")
    assert deliver(reports_service, batch) == {"batchItemFailures": []}
    final = final_item(stack)
    assert final is not None
    assert (final["status"], final["rows_done"], final["items_read"]) == ("done", 5, 5)
    assert (final["csv_key"], final["xlsx_key"]) == (CSV_KEY, XLSX_KEY)
    listed = table(s3_object(bucket, CSV_KEY))
    assert sorted(r["Name"] for r in listed)[:2] == ["Anna Smet", "Elżbieta Bieńkowska"]
    assert {r["Main interest"] for r in listed} == {"Networking"}
    sheet = load_workbook(io.BytesIO(s3_object(bucket, XLSX_KEY))).active
    assert sheet.freeze_panes == "A2" and sheet.max_row == 6
    assert [c.value for c in sheet[1]][:2] == ["Reference", "Name"]

    # Redelivered (twice): the claim finds the list written; nothing is read or written again.
    with stack.record_calls() as calls:
        assert deliver(reports_service, batch) == {"batchItemFailures": []}
        assert deliver(reports_service, batch) == {"batchItemFailures": []}
    assert "Query" not in calls and "PutItem" not in calls
    assert final_item(stack) == final


def test_organisers_fetch_it_by_redirect_partners_do_not(stack: Stack, reports_service: ModuleType,
                                                          people: dict[str, str], bucket: str) -> None:
    closed = get(reports_service, f"{EVENT}/final-list.csv")
    assert closed.status_code == 404 and closed.json_body["error"]["code"] == "final_list_not_found"
    stack.update_event(status="closed")  # closed, the stream record not handled yet
    pending = get(reports_service, f"{EVENT}/final-list.xlsx")
    assert pending.status_code == 202 and pending.headers["Retry-After"] == "2"
    assert pending.json_body["final_list"]["status"] == "queued"

    deliver(reports_service, load_event("dynamodb_stream_event_closed"))
    for fmt, key in (("csv", CSV_KEY), ("xlsx", XLSX_KEY)):
        response = get(reports_service, f"{EVENT}/final-list.{fmt}")
        assert response.status_code == 302
        assert key in response.headers["Location"]
        assert response.headers["Cache-Control"] == "no-store"
        assert response.json_body["final_list"]["rows"] == 5
    partner = get(reports_service, f"{EVENT}/final-list.csv", DEMO_PARTNER)
    assert partner.status_code == 403
    assert get(reports_service, f"{EVENT}/final-list.csv", "org-someone-else").status_code == 403


def test_while_written_it_shows_progress(stack: Stack, reports_service: ModuleType, people: dict[str, str],
                                          bucket: str) -> None:
    from eventreg.entrypoints.bootstrap.reports import reports

    reports().exports.create(DEMO_EVENT, "FINAL", {"type": "final_list", "status": "running", "rows_done": 2,
                                                   "total_estimate": 4})
    response = get(reports_service, f"{EVENT}/final-list.csv")
    assert response.status_code == 202
    assert response.json_body == {"final_list": {"status": "running", "rows_done": 2, "total_estimate": 4}}


def test_reopening_and_closing_again_writes_it_anew(stack: Stack, reports_service: ModuleType,
                                                    people: dict[str, str], bucket: str) -> None:
    deliver(reports_service, load_event("dynamodb_stream_event_closed"))
    deliver(reports_service, reopened_batch())
    assert final_item(stack)["status"] == "reopened"  # type: ignore[index]
    assert get(reports_service, f"{EVENT}/final-list.csv").status_code == 404  # open again: no final list
    register(stack, "Late Comer", "late@example.eu")
    deliver(reports_service, load_event("dynamodb_stream_event_closed"))
    assert final_item(stack)["rows_done"] == 6  # type: ignore[index]
    assert "Late Comer" in {r["Name"] for r in table(s3_object(bucket, CSV_KEY))}


def test_a_failed_write_is_retried_by_the_stream(stack: Stack, reports_service: ModuleType,
                                                 people: dict[str, str], bucket: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from eventreg.adapters.s3.uploads import MultipartUpload

    def broken(self: MultipartUpload, data: bytes) -> int:
        raise ConnectionError("S3 went away")

    monkeypatch.setattr(MultipartUpload, "write", broken)
    batch = load_event("dynamodb_stream_event_closed")
    sequence = batch["Records"][0]["dynamodb"]["SequenceNumber"]
    assert deliver(reports_service, batch) == {"batchItemFailures": [{"itemIdentifier": sequence}]}
    assert final_item(stack)["status"] == "failed"  # type: ignore[index]
    assert get(reports_service, f"{EVENT}/final-list.csv").status_code == 503
    monkeypatch.undo()
    assert deliver(reports_service, batch) == {"batchItemFailures": []}
    assert final_item(stack)["status"] == "done"  # type: ignore[index]


def test_an_erasure_has_the_written_list_written_again_without_the_person(
    stack: Stack, reports_service: ModuleType, people: dict[str, str], bucket: str
) -> None:
    """The frozen list is a copy of the registrations: an erased person must leave it too. The erasure marks
    it stale; the stream brings that change back to the reports service, which writes it again."""
    from eventreg.adapters.dynamodb.erasure_requests import ErasureRequests
    from eventreg.domain.models import utc_now
    from eventreg.entrypoints.bootstrap.reports import erasures
    from eventreg.privacy import erasure_stream

    deliver(reports_service, load_event("dynamodb_stream_event_closed"))
    assert "Jan Peeters" in s3_object(bucket, CSV_KEY).decode("utf-8-sig")
    request = ErasureRequests(stack.repo).create("jan@gent.example.be", "privacy-officer", utc_now())
    before = len(stack.stream_records())
    assert erasure_stream.carry_out(erasures(stack.repo), str(request["request_id"]))
    assert ErasureRequests(stack.repo).get(str(request["request_id"]))["registrations"] == 1  # type: ignore[index]
    assert final_item(stack)["status"] == "stale"  # type: ignore[index]

    # The reports service's own stream handler sees the FINAL item turn stale and writes the list again.
    changes = [r for r in stack.stream_records()[before:] if r["dynamodb"]["Keys"]["SK"]["S"] == "FINAL"]
    assert deliver(reports_service, {"Records": changes}) == {"batchItemFailures": []}
    final = final_item(stack)
    assert final is not None and final["status"] == "done"
    text = s3_object(bucket, CSV_KEY).decode("utf-8-sig")
    assert "Jan Peeters" not in text and "jan@gent.example.be" not in text and "Stad Gent" not in text
    assert "(anonymised)" in text and "Anna Smet" in text
    workbook = s3_object(bucket, XLSX_KEY)
    assert b"Jan Peeters" not in workbook
    assert all("Jan Peeters" not in str(c.value) for row in load_workbook(io.BytesIO(workbook)).active.iter_rows()
               for c in row)


def test_an_erasure_before_the_list_is_written_changes_no_list(
    stack: Stack, people: dict[str, str], bucket: str
) -> None:
    from eventreg.adapters.dynamodb.erasure_requests import ErasureRequests
    from eventreg.domain.models import utc_now
    from eventreg.entrypoints.bootstrap.reports import erasures
    from eventreg.privacy import erasure_stream

    request = ErasureRequests(stack.repo).create("jan@gent.example.be", "privacy-officer", utc_now())
    assert erasure_stream.carry_out(erasures(stack.repo), str(request["request_id"]))
    assert final_item(stack) is None  # nothing to mark: the list, when written, is written without Jan
