"""The walking skeleton end to end: start the local stack as `make run` does, register over HTTP,
find the mail in the outbox and the row in the attendee CSV, stop it, and see nothing left running."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from local_stack_process import start_stack

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited; only its parent's wait is missing.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


def _request(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=15) as answer:  # noqa: S310
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    state = tmp_path_factory.mktemp("stack")
    started = start_stack(state)
    info = {**started.info, "_process": started.process, "_state": state, "_output": started.output,
            "_reader": started.reader}
    try:
        yield info
    finally:
        started.stop()


def test_register_mail_and_attendee_list(stack: dict[str, Any]) -> None:
    url = stack["url"]
    status, page = _request(stack["event_url"])
    assert status == 200
    assert b"European Week of Regions and Cities" in page and b'<form method="post"' in page

    # A browser's form post answers with the confirmation page.
    form = urllib.parse.urlencode([
        ("name", "Johannes Hahn"), ("email", "j.hahn@example.eu"), ("organisation", "European Commission"),
        ("organisation_type", "eu_institution"), ("country", "AT"), ("attendance_mode", "in_person"),
        ("sessions", "opening"), ("sessions", "city-diplomacy"), ("answers.interest", "Cohesion policy"),
        ("privacy_consent", "on"), ("form_token", "e2e-form-1"),
    ]).encode()
    status, body = _request(f"{url}/events/ewrc-demo/registrations", data=form,
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 201, body
    assert b"You are registered" in body

    # A JSON client gets 201 and the registration.
    person = {"name": "Elżbieta Bieńkowska", "email": "E.Bienkowska@example.eu",
              "organisation": "European Commission", "organisation_type": "eu_institution", "country": "PL",
              "attendance_mode": "online", "privacy_consent": True, "answers": {"interest": "Networking"}}
    status, body = _request(f"{url}/events/ewrc-demo/registrations", data=json.dumps(person).encode(),
                            headers={"Content-Type": "application/json"})
    assert status == 201, body
    registration = json.loads(body)["registration"]

    # The same person again: 409, nothing written.
    status, body = _request(f"{url}/events/ewrc-demo/registrations", data=json.dumps(person).encode(),
                            headers={"Content-Type": "application/json"})
    assert status == 409 and json.loads(body)["error"]["code"] == "already_registered"

    # The confirmation mail reaches the outbox through the stream and the notifications service.
    deadline = time.monotonic() + 30
    mails: list[dict[str, str]] = []
    while time.monotonic() < deadline:
        _, raw = _request(stack["outbox_url"], headers={"Accept": "application/json"})
        mails = [m for m in json.loads(raw)["mails"] if "E.Bienkowska@example.eu" in m["to"]]
        if mails:
            break
        time.sleep(0.3)
    assert len(mails) == 1, "exactly one confirmation mail for the registrant"
    assert "European Week of Regions and Cities" in mails[0]["subject"]
    assert registration["registration_id"] in mails[0]["text"]
    status, eml = _request(f"{stack['outbox_url']}/{mails[0]['id']}/eml")
    assert status == 200 and b"multipart/alternative" in eml
    assert mails[0]["attachments"] == ["invitation.ics"]
    status, ics = _request(f"{stack['outbox_url']}/{mails[0]['id']}/attachments/0")
    assert status == 200 and ics.startswith(b"BEGIN:VCALENDAR") and b"TZID=Europe/Brussels" in ics

    # The organiser's attendee list has both rows; without a token: 401.
    token = stack["organiser_token"]
    status, raw_csv = _request(stack["attendees_csv_url"], headers={"Authorization": f"Bearer {token}"})
    assert status == 200
    assert raw_csv.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw_csv.decode("utf-8-sig"))))
    assert {r["Email"] for r in rows} == {"j.hahn@example.eu", "E.Bienkowska@example.eu"}
    assert any(r["Name"] == "Elżbieta Bieńkowska" for r in rows)
    status, _ = _request(stack["attendees_csv_url"])
    assert status == 401

    # An organiser publishes a document: announced through the API, uploaded to S3, downloadable by all.
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    announce = {"document_id": "draft-agenda", "title": "Draft agenda", "content_type": "application/pdf"}
    status, body = _request(f"{url}/organiser/events/ewrc-demo/documents", data=json.dumps(announce).encode(),
                            headers=auth)
    assert status == 201, body
    upload = json.loads(body)
    put = urllib.request.Request(upload["upload_url"], data=b"%PDF-1.4 draft agenda", method="PUT",  # noqa: S310
                                 headers=upload["upload_headers"])
    with urllib.request.urlopen(put, timeout=15) as answer:  # noqa: S310 - the local S3 (moto) on loopback
        assert answer.status == 200
    status, pdf = _request(f"{url}/events/ewrc-demo/documents/draft-agenda")
    assert status == 200 and pdf == b"%PDF-1.4 draft agenda"
    _, page = _request(stack["event_url"])
    assert b"/events/ewrc-demo/documents/draft-agenda" in page

    # The manage link from the answer cancels; the deadline job runs on demand.
    manage = urllib.parse.urlsplit(registration["manage_url"])
    status, body = _request(f"{url}{manage.path}?{manage.query}", data=b"action=cancel&confirm=on",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and b"cancelled" in body.lower()
    status, body = _request(f"{url}/events/ewrc-demo")
    assert json.loads(body)["event"]["registered_online"] == 0
    status, body = _request(f"{stack['jobs_url']}/close-registrations", data=b"")
    assert status == 200 and json.loads(body)["runs"] >= 1

    # A privacy officer erases a person (an organiser may not); the retention job runs on demand.
    erase = json.dumps({"email": "J.Hahn@example.eu"}).encode()
    officer = {"Authorization": f"Bearer {stack['privacy_officer_token']}", "Content-Type": "application/json"}
    status, body = _request(f"{url}/reports/privacy/erasures", data=erase,
                            headers={**auth, "Content-Type": "application/json"})
    assert status == 403, body
    status, body = _request(f"{url}/reports/privacy/erasures", data=erase, headers=officer)
    assert status == 202, body
    request_url = json.loads(body)["erasure"]["url"]
    assert request_url.startswith(f"{url}/reports/privacy/erasures/")
    status, _ = _request(request_url, headers=auth)
    assert status == 403
    # The stack's stream reader hands the request's record to reports' on_table_change, as Lambda would.
    deadline = time.monotonic() + 30
    while True:
        status, body = _request(request_url, headers=officer)
        assert status == 200, body
        erasure = json.loads(body)["erasure"]
        if erasure["status"] == "done" or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert {k: erasure[k] for k in ("status", "found", "events", "registrations", "cancelled", "promoted")} == {
        "status": "done", "found": True, "events": 1, "registrations": 1, "cancelled": 1, "promoted": 0}
    assert b"hahn" not in body.lower()
    status, raw_csv = _request(stack["attendees_csv_url"], headers={"Authorization": f"Bearer {token}"})
    assert b"j.hahn@example.eu" not in raw_csv and b"Johannes" not in raw_csv
    status, body = _request(f"{stack['jobs_url']}/anonymise-expired-events", data=b"")
    assert status == 200 and json.loads(body)["runs"] >= 1


def test_the_outbox_still_answers_after_an_export_job(stack: dict[str, Any]) -> None:
    """An export streams its file into an S3 multipart upload; moto's whole-state dump (which the outbox
    used to read) answered 500 from then on, and so did the outbox."""
    url, token = stack["url"], stack["organiser_token"]
    person = {"name": "Corina Crețu", "email": "c.cretu@example.eu", "organisation": "European Commission",
              "organisation_type": "eu_institution", "country": "RO", "attendance_mode": "online",
              "privacy_consent": True, "answers": {"interest": "Networking"}}
    status, body = _request(f"{url}/events/ewrc-demo/registrations", data=json.dumps(person).encode(),
                            headers={"Content-Type": "application/json"})
    assert status == 201, body

    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    status, body = _request(f"{url}/reports/events/ewrc-demo/exports", data=b'{"format": "csv"}', headers=auth)
    assert status == 202, body
    export_url = f"{url}/reports/events/ewrc-demo/exports/{json.loads(body)['export']['export_id']}"
    deadline = time.monotonic() + 30
    while True:
        status, body = _request(export_url, headers=auth)
        assert status == 200, body
        if json.loads(body)["export"]["status"] == "done" or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert json.loads(body)["export"]["status"] == "done"  # a completed multipart upload exists in S3

    deadline = time.monotonic() + 30
    while True:
        status, raw = _request(stack["outbox_url"], headers={"Accept": "application/json"})
        assert status == 200, raw
        mails = [m for m in json.loads(raw)["mails"] if "c.cretu@example.eu" in m["to"]]
        if mails or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert len(mails) == 1
    status, page = _request(stack["outbox_url"])
    assert status == 200 and b"European Week of Regions and Cities" in page
    status, eml = _request(f"{stack['outbox_url']}/{mails[0]['id']}/eml")
    assert status == 200 and b"c.cretu@example.eu" in eml


def _smoke(url: str, **tokens: str) -> subprocess.CompletedProcess[str]:
    """tools/smoke.py as `make smoke` runs it: its own process, the tokens in its environment."""
    env = {**os.environ, **{f"SMOKE_{name.upper()}": value for name, value in tokens.items()}}
    return subprocess.run([sys.executable, str(ROOT / "tools" / "smoke.py"), "--url", url, "--timeout", "30"],
                          capture_output=True, text=True, env=env, timeout=120, check=False)


def test_the_smoke_test_passes_and_cleans_up(stack: dict[str, Any]) -> None:
    """`make smoke` against this stack: with a privacy officer's token it erases the test person; with an
    organiser's alone it retires the test event, and the next run makes a new one."""
    url, token, officer = stack["url"], stack["organiser_token"], stack["privacy_officer_token"]
    auth = {"Authorization": f"Bearer {token}"}

    erased = _smoke(url, token=token, officer_token=officer)
    assert erased.returncode == 0, erased.stdout + erased.stderr
    assert "confirmation mail sent" in erased.stdout and "test person erased (1 registration)" in erased.stdout
    event_id = erased.stdout.split("created the test event ")[1].split()[0]
    status, raw_csv = _request(f"{url}/reports/events/{event_id}/attendees.csv", headers=auth)
    assert status == 200 and b"smoke+" not in raw_csv  # erased: no address left in the list

    retired = _smoke(url, token=token)
    assert retired.returncode == 0, retired.stdout + retired.stderr
    assert f"using the test event {event_id}" in retired.stdout
    assert f"test event {event_id} marked cancelled" in retired.stdout
    status, body = _request(f"{url}/organiser/events/{event_id}", headers=auth)
    assert status == 200 and json.loads(body)["event"]["status"] == "cancelled"
    again = _smoke(url, token=token)
    assert again.returncode == 0 and "created the test event" in again.stdout, again.stdout + again.stderr


def test_the_smoke_test_fails_loudly(stack: dict[str, Any]) -> None:
    refused = _smoke(stack["url"], token="not-a-token")
    assert refused.returncode == 1
    assert "smoke: FAILED: GET /organiser/events: expected 200, got 401" in refused.stderr


def test_ctrl_c_stops_everything_cleanly(stack: dict[str, Any]) -> None:
    """Ctrl-C in a terminal signals the whole foreground process group (make, the stack, and whatever
    shares its group): one line after it, no traceback, nothing left running."""
    process: subprocess.Popen[str] = stack["_process"]
    lines: list[str] = stack["_output"]
    settle = time.monotonic() + 10  # let what the earlier tests set off finish logging (not an assertion)
    seen = -1
    while seen != len(lines) and time.monotonic() < settle:
        seen = len(lines)
        time.sleep(1)
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=60)
    stack["_reader"].join(timeout=10)
    output, after = "".join(lines), "".join(lines[seen:])
    assert process.returncode == 0, output
    assert "Traceback" not in after, after
    assert after.splitlines() == ["eventreg: stopped; nothing left running."], after
    for name, pid in stack["pids"].items():
        if name != "stack":
            assert not _alive(pid), f"{name} (pid {pid}) still running after the stack stopped"
    assert not (stack["_state"] / "stack.json").exists()
    assert "nothing left running" in output
