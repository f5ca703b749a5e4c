"""Attendee lists through the reports service on moto: scoping (partners see their sessions only), presets,
filters, XLSX, export jobs written to S3 by the reports' own stream handler (fed by the local dispatcher from
moto's stream), and their progress."""

from __future__ import annotations

import io
import json
import time
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from chalice.test import Client
from integration_support import DEMO_EVENT, LambdaContext, Stack
from openpyxl import load_workbook
from report_support import EVENT, PARTNER_SESSION, bucket_fixture, get, names, people_fixture, rows, table
from test_reports_api import bearer

from devstack.dispatcher import Consumer, StreamDispatcher
from devstack.seed import DEMO_PARTNER
from eventreg.adapters import clients
from eventreg.adapters.dynamodb import keys

__all__ = ["bucket_fixture", "people_fixture"]  # fixtures used by this module's tests


# -- scoping -----------------------------------------------------------------------------------------
def test_a_partner_sees_only_the_registrations_of_its_sessions(reports_service: ModuleType,
                                                                people: dict[str, str]) -> None:
    response = get(reports_service, f"{EVENT}/attendees.csv", DEMO_PARTNER)
    assert response.status_code == 200
    listed = table(response.body)
    assert sorted(r["Name"] for r in listed) == ["Elżbieta Bieńkowska", "Jan Peeters"]
    # nor which other sessions those people chose
    assert {r["Sessions"] for r in listed} == {PARTNER_SESSION}
    session = get(reports_service, f"{EVENT}/sessions/{PARTNER_SESSION}/attendees.csv", DEMO_PARTNER)
    assert names(session.body) == ["Elżbieta Bieńkowska", "Jan Peeters"]


def test_a_partner_cannot_list_someone_elses_session(reports_service: ModuleType, people: dict[str, str]) -> None:
    for path in (f"{EVENT}/sessions/opening/attendees.csv", f"{EVENT}/attendees.xlsx?session=opening"):
        response = get(reports_service, path, DEMO_PARTNER)
        assert response.status_code == 403
        assert response.json_body["error"]["code"] == "forbidden"
        assert b"Bie" not in response.body


def test_strangers_and_missing_tokens(reports_service: ModuleType, people: dict[str, str]) -> None:
    response = get(reports_service, f"{EVENT}/attendees.xlsx", "org-someone-else")
    assert response.status_code == 403
    with Client(reports_service.app) as client:
        assert client.http.get(f"{EVENT}/sessions/opening/attendees.csv").status_code == 401
        assert client.http.get(f"{EVENT}/final-list.csv").status_code == 401
        assert client.http.post(f"{EVENT}/exports", body="{}").status_code == 401


def test_the_organiser_lists_one_session(reports_service: ModuleType, people: dict[str, str]) -> None:
    response = get(reports_service, f"{EVENT}/sessions/opening/attendees.csv")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{DEMO_EVENT}-opening-attendees.csv"'
    assert names(response.body) == ["Anna Smet", "Elżbieta Bieńkowska"]
    assert names(get(reports_service, f"{EVENT}/attendees.csv?session=opening").body) == names(response.body)
    missing = get(reports_service, f"{EVENT}/sessions/no-such-session/attendees.csv")
    assert missing.status_code == 404 and missing.json_body["error"]["code"] == "session_not_found"


# -- filters and presets -----------------------------------------------------------------------------
def test_filters(reports_service: ModuleType, people: dict[str, str]) -> None:
    everyone = table(get(reports_service, f"{EVENT}/attendees.csv").body)
    assert len(everyone) == 5 and {r["Status"] for r in everyone} == {"confirmed", "cancelled"}
    assert names(get(reports_service, f"{EVENT}/attendees.csv?country=be").body) == ["Anna Smet", "Jan Peeters"]
    assert names(get(reports_service, f"{EVENT}/attendees.csv?status=cancelled").body) == ["Piet Gone"]
    assert names(get(reports_service, f"{EVENT}/attendees.csv?mode=online").body) == ["Mikko Virtanen"]
    assert names(get(reports_service, f"{EVENT}/attendees.csv?organisation_type=ngo&country=BE").body) \
        == ["Anna Smet"]
    repeated = get(reports_service, f"{EVENT}/attendees.csv?country=BE&country=NL&status=confirmed")
    assert names(repeated.body) == ["Anna Smet", "Jan Peeters"]


def test_bad_filter_values_are_a_clear_400(reports_service: ModuleType, people: dict[str, str]) -> None:
    response = get(reports_service, f"{EVENT}/attendees.csv?status=confirmd&country=XX&preset=vip&colour=red")
    assert response.status_code == 400
    error = response.json_body["error"]
    assert error["code"] == "validation_error"
    assert set(error["fields"]) == {"status", "country", "preset", "colour"}
    assert "confirmed" in error["fields"]["status"]


def test_badge_and_catering_presets(reports_service: ModuleType, people: dict[str, str]) -> None:
    badges = rows(get(reports_service, f"{EVENT}/attendees.csv?preset=badges").body)
    assert badges[0] == ["Name", "Job title", "Organisation", "Country name", "Role", "Reference"]
    # confirmed and in person by default: not Mikko (online), not Piet (cancelled)
    assert sorted((r[0], r[3]) for r in badges[1:]) == [
        ("Anna Smet", "Belgium"), ("Elżbieta Bieńkowska", "Finland"), ("Jan Peeters", "Belgium")]
    catering = table(get(reports_service, f"{EVENT}/attendees.csv?preset=catering").body)
    assert {r["Name"]: r["Dietary needs"] for r in catering}["Elżbieta Bieńkowska"] == "Vegetarian"
    online = table(get(reports_service, f"{EVENT}/attendees.csv?preset=online").body)
    assert [(r["Name"], r["Email"]) for r in online] == [("Mikko Virtanen", "mikko@example.fi")]
    presets = get(reports_service, "/attendee-presets").json_body
    assert [p["preset"] for p in presets["presets"]] == ["full", "badges", "security", "catering", "online"]


def test_xlsx_download(reports_service: ModuleType, people: dict[str, str]) -> None:
    response = get(reports_service, f"{EVENT}/attendees.xlsx?preset=security",
                   Accept="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{DEMO_EVENT}-security.xlsx"'
    sheet = load_workbook(io.BytesIO(response.body)).active
    assert sheet.freeze_panes == "A2"
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["Name", "Organisation", "Organisation type", "Country name"]
    assert sorted(v[0] for v in values[1:]) == ["Anna Smet", "Elżbieta Bieńkowska", "Jan Peeters"]


def test_rows_exported_equal_items_read(stack: Stack, reports_service: ModuleType, people: dict[str, str]) -> None:
    with stack.record_calls() as calls:
        response = get(reports_service, f"{EVENT}/attendees.csv")
    assert response.headers["X-Rows"] == response.headers["X-Items-Read"] == "5"
    # the programme, the event's check-ins (the full list's check-in column), then the registrations
    assert "Scan" not in calls and calls.count("Query") == 3


# -- export jobs through S3 --------------------------------------------------------------------------
def dispatcher(stack: Stack, reports_service: ModuleType) -> StreamDispatcher:
    """The local stack's stream reader, reading moto's stream and invoking the reports' handler."""
    arn = stack.client.describe_table(TableName=stack.table)["Table"]["LatestStreamArn"]
    return StreamDispatcher(clients.dynamodb_streams(), arn, [Consumer("eventreg-reports",
                                                                       reports_service.on_table_change)])


def job_item(stack: Stack, export_id: str) -> dict[str, Any]:
    from eventreg.adapters.dynamodb import items

    item = stack.client.get_item(TableName=stack.table, Key={"PK": {"S": keys.event_pk(DEMO_EVENT)},
                                                               "SK": {"S": f"EXPORT#{export_id}"}})["Item"]
    return items.from_av(item)


def test_a_large_list_becomes_an_export_job_written_to_s3(
    stack: Stack, reports_service: ModuleType, people: dict[str, str], bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EVENTREG_EXPORT_DIRECT_ROWS", "3")  # the event counts 4 live registrations
    response = get(reports_service, f"{EVENT}/attendees.csv?preset=full")
    assert response.status_code == 202
    job = response.json_body["export"]
    assert response.headers["Location"] == f"http://127.0.0.1:8000/reports{EVENT}/exports/{job['export_id']}"
    assert response.headers["Retry-After"] == "2"
    assert (job["status"], job["rows_done"], job["total_estimate"], job["percent"]) == ("queued", 0, 4, 0)
    stored = job_item(stack, job["export_id"])
    assert stored["expires_at"] > stored["rows_done"]  # a TTL, in epoch seconds
    status = get(reports_service, f"{EVENT}/exports/{job['export_id']}")
    assert status.json_body["export"]["status"] == "queued" and status.headers["Retry-After"] == "2"

    feed = dispatcher(stack, reports_service)
    feed.poll_once()
    assert feed.failures == 0
    done = get(reports_service, f"{EVENT}/exports/{job['export_id']}").json_body["export"]
    assert (done["status"], done["rows_done"], done["items_read"], done["percent"]) == ("done", 5, 5, 100)
    link = urlsplit(done["download_url"])
    assert link.path.endswith(f"/exports/{DEMO_EVENT}/{job['export_id']}/{DEMO_EVENT}-attendees.csv")
    query = parse_qs(link.query)
    assert "Signature" in query or "X-Amz-Signature" in query  # presigned, and short-lived:
    if "X-Amz-Expires" in query:
        assert int(query["X-Amz-Expires"][0]) == 300
    else:
        assert 240 < int(query["Expires"][0]) - time.time() <= 300
    assert done["download_expires_in"] == 300
    body = clients.s3().get_object(Bucket=bucket, Key=job_item(stack, job["export_id"])["key"])["Body"].read()
    assert body.startswith(b"\xef\xbb\xbfReference,Name,")
    assert len(table(body)) == 5

    # The stream delivers the record again (or the dispatcher re-reads it): nothing is written twice.
    before = job_item(stack, job["export_id"])
    with stack.record_calls() as calls:
        feed2 = dispatcher(stack, reports_service)
        feed2.poll_once()
    assert "Query" not in calls and "PutItem" not in calls
    assert job_item(stack, job["export_id"]) == before


def test_a_posted_xlsx_export_with_filters_and_its_page(
    stack: Stack, reports_service: ModuleType, people: dict[str, str], bucket: str,
) -> None:
    body = json.dumps({"format": "xlsx", "preset": "badges", "country": ["BE"]})
    with Client(reports_service.app) as client:
        response = client.http.post(f"{EVENT}/exports", body=body,
                                    headers={**bearer(), "Content-Type": "application/json"})
        bad = client.http.post(f"{EVENT}/exports", body=json.dumps({"format": "pdf", "mode": "x"}),
                               headers={**bearer(), "Content-Type": "application/json"})
    assert response.status_code == 202
    assert bad.status_code == 400 and set(bad.json_body["error"]["fields"]) == {"format"}
    export_id = response.json_body["export"]["export_id"]
    assert response.json_body["export"]["filters"] == {"country": ["BE"], "mode": ["in_person"],
                                                       "status": ["confirmed"]}
    dispatcher(stack, reports_service).poll_once()
    view = get(reports_service, f"{EVENT}/exports/{export_id}").json_body["export"]
    assert (view["status"], view["rows_done"], view["items_read"]) == ("done", 2, 5)  # filtered: 2 of 5
    data = clients.s3().get_object(Bucket=bucket, Key=job_item(stack, export_id)["key"])["Body"].read()
    sheet = load_workbook(io.BytesIO(data)).active
    assert sorted(row[0].value for row in sheet.iter_rows(min_row=2)) == ["Anna Smet", "Jan Peeters"]
    page = get(reports_service, f"{EVENT}/exports/{export_id}", Accept="text/html")
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"The file is ready." in page.body and b"Download ewrc-demo-badges.xlsx" in page.body
    assert b"http-equiv" not in page.body  # done: it stops refreshing
    # another organiser of nothing, or a partner, does not see someone else's job
    assert get(reports_service, f"{EVENT}/exports/{export_id}", DEMO_PARTNER).status_code == 404
    assert get(reports_service, f"{EVENT}/exports/nope").status_code == 404


def test_a_running_job_shows_progress_and_a_refreshing_page(
    stack: Stack, reports_service: ModuleType, people: dict[str, str], bucket: str,
) -> None:
    from eventreg.entrypoints.bootstrap.reports import reports

    with Client(reports_service.app) as client:
        response = client.http.post(f"{EVENT}/exports", body="{}", headers={**bearer(),
                                                                          "Content-Type": "application/json"})
    export_id = response.json_body["export"]["export_id"]
    store = reports().exports
    store.update(DEMO_EVENT, f"EXPORT#{export_id}", {"status": "running", "rows_done": 2})
    view = get(reports_service, f"{EVENT}/exports/{export_id}").json_body["export"]
    assert (view["status"], view["rows_done"], view["percent"]) == ("running", 2, 50)
    page = get(reports_service, f"{EVENT}/exports/{export_id}", Accept="text/html").body
    assert b'<meta http-equiv="refresh" content="3">' in page and b"2 of about 4" in page
    assert b'max="100" value="50"' in page and b"Being written: 50 % done." in page


def test_a_job_fails_cleanly_when_its_organiser_lost_access(
    stack: Stack, reports_service: ModuleType, people: dict[str, str], bucket: str,
) -> None:
    with Client(reports_service.app) as client:
        response = client.http.post(f"{EVENT}/exports", body="{}",
                                    headers={**bearer(DEMO_PARTNER), "Content-Type": "application/json"})
    export_id = response.json_body["export"]["export_id"]
    stack.update_session(PARTNER_SESSION, partner_id=None)  # the workshop was taken back
    batch_answer = dispatcher(stack, reports_service)
    batch_answer.poll_once()
    assert batch_answer.failures == 0
    assert job_item(stack, export_id)["status"] == "failed"
    assert job_item(stack, export_id)["error"] == "forbidden"


def test_the_handler_reports_a_failed_record_for_retry(
    stack: Stack, reports_service: ModuleType, people: dict[str, str], bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from eventreg.adapters.s3.uploads import MultipartUpload

    with Client(reports_service.app) as client:
        response = client.http.post(f"{EVENT}/exports", body="{}", headers={**bearer(),
                                                                          "Content-Type": "application/json"})
    export_id = response.json_body["export"]["export_id"]
    item = stack.client.get_item(TableName=stack.table, Key={"PK": {"S": keys.event_pk(DEMO_EVENT)},
                                                               "SK": {"S": f"EXPORT#{export_id}"}})["Item"]
    record = {"eventID": "1", "eventName": "INSERT", "eventSource": "aws:dynamodb", "awsRegion": "eu-west-1",
              "eventSourceARN": "arn:aws:dynamodb:eu-west-1:0:table/t/stream/s",
              "dynamodb": {"Keys": {"PK": item["PK"], "SK": item["SK"]}, "NewImage": item, "SequenceNumber": "7",
                           "SizeBytes": 1, "StreamViewType": "NEW_AND_OLD_IMAGES"}}

    def broken(self: MultipartUpload, data: bytes) -> int:
        raise ConnectionError("S3 went away")

    monkeypatch.setattr(MultipartUpload, "write", broken)
    answer = reports_service.on_table_change({"Records": [record]}, LambdaContext())
    assert answer == {"batchItemFailures": [{"itemIdentifier": "7"}]}
    assert job_item(stack, export_id)["status"] == "queued"  # given back for the retry
    monkeypatch.undo()
    assert reports_service.on_table_change({"Records": [record]}, LambdaContext()) == {"batchItemFailures": []}
    assert job_item(stack, export_id)["status"] == "done"
