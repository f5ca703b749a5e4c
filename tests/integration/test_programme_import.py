"""The back-office's programme (issue #12) through the registration app, on moto: a CSV uploaded, previewed,
imported, and imported again without a change; a write failing in the middle leaves nothing of the import
(transactions of 10 sessions here: moto takes seconds to Query a partition of 100+ sessions, which
tests/browser imports on DynamoDB Local); partners see and import only their own sessions; every post needs
the session's CSRF token; hostile files get a page saying why, never a 500; one session added through the form."""

from __future__ import annotations

import re
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

import pytest
from botocore.exceptions import ClientError
from integration_support import Stack
from test_back_office_sign_in import cookie_header, sign_in_locally

from devstack.sample_programme import sample_csv
from devstack.seed import DEMO_EVENT_ID, DEMO_ORGANISER, DEMO_PARTNER, OTHER_ORGANISER
from eventreg.adapters.dynamodb import keys

HTML = {"Accept": "text/html"}
BASE = f"/organiser/events/{DEMO_EVENT_ID}/programme"
BOUNDARY = "----eventregTestBoundary7MA4YWxk"


def multipart(token: str, data: bytes, filename: str = "programme.csv") -> tuple[dict[str, str], bytes]:
    body = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{BOUNDARY}--\r\n".encode()
    return {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}", **HTML}, body


class Browser:
    """One signed-in organiser's requests to the registration app, as the pages' forms send them."""

    def __init__(self, client: Any, who: str) -> None:
        self.client, self.cookie = client, cookie_header(sign_in_locally(who))

    def get(self, path: str) -> Any:
        return self.client.http.get(path, headers={**HTML, **self.cookie})

    def token(self, path: str = BASE + "/import") -> str:
        found = re.search(r'name="csrf_token" value="([^"]+)"', self.get(path).body.decode())
        assert found
        return found.group(1)

    def upload(self, data: bytes, token: str | None = None, filename: str = "programme.csv") -> Any:
        headers, body = multipart(self.token() if token is None else token, data, filename)
        return self.client.http.post(BASE + "/import", headers={**headers, **self.cookie}, body=body)

    def post(self, path: str, fields: dict[str, Any], token: str | None = None) -> Any:
        form = {"csrf_token": self.token() if token is None else token, **fields}
        return self.client.http.post(path, headers={**self.cookie, "Content-Type": "application/x-www-form-urlencoded"},
                                     body=urlencode(form, doseq=True))

    def apply(self, preview: Any, token: str | None = None) -> Any:
        found = re.search(r'action="([^"]+/programme/import/[0-9A-Z]{26})"', preview.body.decode())
        assert found, preview.body.decode()[:2000]
        return self.post(found.group(1), {}, token)


def first_day(stack: Stack) -> Any:
    event = stack.repo.get_event(DEMO_EVENT_ID)
    return event.starts_at.astimezone(event.tz).date()


def session_ids(stack: Stack) -> set[str]:
    return {item["SK"]["S"].removeprefix(keys.SESSION_PREFIX)
            for item in stack.partition(DEMO_EVENT_ID, keys.SESSION_PREFIX)}


@pytest.fixture(autouse=True)
def one_backup_per_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    """moto backs the table up (a deep copy, with its stream's records) once per ITEM of a TransactWriteItems,
    not once per transaction: 100 items took half a minute. Here each transaction copies each table once, as
    moto means to; what it does with the copy (restore it when the transaction fails) is unchanged."""
    from moto.dynamodb import models

    real_copy, real_transact = models.copy, models.DynamoDBBackend.transact_write_items
    copies: dict[int, Any] = {}

    class OncePerTransaction:
        @staticmethod
        def deepcopy(table: Any) -> Any:
            if id(table) not in copies:
                copies[id(table)] = real_copy.deepcopy(table)
            return copies[id(table)]

    def transact_write_items(backend: Any, transact_items: list[dict[str, Any]]) -> None:
        copies.clear()
        monkeypatch.setattr(models, "copy", OncePerTransaction)
        try:
            real_transact(backend, transact_items)
        finally:
            monkeypatch.setattr(models, "copy", real_copy)
            copies.clear()

    monkeypatch.setattr(models.DynamoDBBackend, "transact_write_items", transact_write_items)


@pytest.fixture
def client(registration_service: ModuleType) -> Any:
    from chalice.test import Client

    with Client(registration_service.app) as test_client:
        yield test_client


def test_upload_preview_import_and_the_same_file_again(stack: Stack, client: Any) -> None:
    anna = Browser(client, DEMO_ORGANISER)
    before = session_ids(stack)
    data = sample_csv(first_day(stack), count=12).encode()
    preview = anna.upload(data)
    page = preview.body.decode()
    assert preview.status_code == 200, page[:3000]
    assert "12 sessions will be created, 0 changed; 0 are unchanged." in page
    assert session_ids(stack) == before  # a preview writes no session
    done = anna.apply(preview)
    assert done.status_code == 303 and done.headers["Location"] == f"{BASE}?done=imported%3A12%3A0"
    assert len(session_ids(stack) - before) == 12
    shown = anna.get(BASE + "?done=imported%3A12%3A0").body.decode()
    assert "Imported: 12 sessions created, 0 changed." in shown and "Smart specialisation: workshop 1" in shown
    assert anna.apply(preview).status_code == 410  # the import is done: a second click does nothing

    again = anna.upload(data)
    assert "0 sessions will be created, 0 changed; 12 are unchanged." in again.body.decode()
    assert anna.apply(again).headers["Location"] == f"{BASE}?done=imported%3A0%3A0"
    assert len(session_ids(stack)) == len(before) + 12
    log = anna.get(f"/organiser/events/{DEMO_EVENT_ID}/activity").body.decode()
    assert log.count("Imported a programme") == 1  # neither the previews nor the import that changed nothing


class FailingSecondTransaction:
    """The DynamoDB client, except that the second TransactWriteItems of the import is refused (throttled)."""

    def __init__(self, real: Any) -> None:
        self.real, self.transactions = real, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def transact_write_items(self, **kwargs: Any) -> Any:
        if any("Put" in item or "Update" in item for item in kwargs["TransactItems"]):
            self.transactions += 1
            if self.transactions == 2:
                raise ClientError({"Error": {"Code": "InternalServerError", "Message": "refused"}},
                                  "TransactWriteItems")
        return self.real.transact_write_items(**kwargs)


def test_a_write_failing_in_the_middle_leaves_nothing_of_the_import(
        stack: Stack, client: Any, registration_service: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    anna = Browser(client, DEMO_ORGANISER)
    before = {item["SK"]["S"]: item for item in stack.partition(DEMO_EVENT_ID, keys.SESSION_PREFIX)}
    rows = sample_csv(first_day(stack), count=25).splitlines()
    # A change to an existing session (in the first transaction) and 25 new sessions: three transactions.
    opening = "opening;Opening, renamed;{day};14:30;16:00;JDE 52;Cohesion;Elisa Ferreira;in_person;400;;"
    data = "\r\n".join([rows[0], opening.format(day=first_day(stack)), *rows[1:]]).encode()
    preview = anna.upload(data)
    assert "25 sessions will be created, 1 changed" in preview.body.decode()
    imports = registration_service.wired.programme_import.imports
    monkeypatch.setattr(imports, "transaction_items", 10)
    failing = FailingSecondTransaction(imports.client)
    monkeypatch.setattr(imports, "client", failing)
    refused = anna.apply(preview)
    assert refused.status_code == 409 and "Nothing was imported" in refused.body.decode()
    assert failing.transactions >= 3  # the first written, the second refused, then the first undone
    after = {item["SK"]["S"]: item for item in stack.partition(DEMO_EVENT_ID, keys.SESSION_PREFIX)}
    assert after == before  # not one of the 25, and the opening as it was
    monkeypatch.setattr(imports, "client", failing.real)
    assert anna.apply(preview).status_code == 303  # the same preview can be imported once it works
    assert len(session_ids(stack)) == len(before) + 25


def test_partners_see_and_import_only_their_own_sessions(stack: Stack, client: Any) -> None:
    pieter = Browser(client, DEMO_PARTNER)
    page = pieter.get(BASE).body.decode()
    assert "#connectedinEurope" in page and "Opening session" not in page
    assert "Add a session" not in page
    assert pieter.get(BASE + "/sessions/new").status_code == 403
    assert pieter.get(BASE + "/sessions/opening/edit").status_code == 404
    day = first_day(stack)
    own = f"connected-in-europe;#connectedinEurope, renamed;{day};11:30;13:00;JDE 70;Digital;VVSG;in_person;90;;"
    other = f"opening;Taken over;{day};14:30;16:00;JDE 52;Cohesion;;in_person;350;;"
    header = "session_id;title;day;start;end;room;track;speakers;modes;capacity;partner_id;description"
    refused = pieter.upload("\r\n".join([header, own, other]).encode())
    assert refused.status_code == 422
    assert re.search(r"<td[^>]*>3</td><td>session_id</td><td>Partners change only the sessions they run.</td>",
                     refused.body.decode())
    allowed = pieter.upload("\r\n".join([header, own]).encode())
    assert "0 sessions will be created, 1 changed" in allowed.body.decode()
    assert pieter.apply(allowed).status_code == 303
    saved = stack.repo.get_event_with_sessions(DEMO_EVENT_ID)[1]
    renamed = next(s for s in saved if s.session_id == "connected-in-europe")
    assert renamed.title["en"] == "#connectedinEurope, renamed" and renamed.partner_id == DEMO_PARTNER
    assert renamed.title["nl"].startswith("#connectedinEurope: digitalisering")  # its other language stays
    marta = Browser(client, OTHER_ORGANISER)
    assert marta.get(BASE).status_code == 403


def test_every_post_needs_the_sessions_csrf_token_and_the_uploader(stack: Stack, client: Any) -> None:
    anna = Browser(client, DEMO_ORGANISER)
    data = sample_csv(first_day(stack), count=3).encode()
    assert anna.upload(data, token="forged").status_code == 403
    headers, body = multipart("", data)
    assert client.http.post(BASE + "/import", headers={**headers, **anna.cookie}, body=body).status_code == 403
    preview = anna.upload(data)
    assert anna.apply(preview, token="forged").status_code == 403
    assert anna.post(BASE + "/sessions/new", {"session_id": "x"}, token="forged").status_code == 403
    other = Browser(client, DEMO_PARTNER)  # signed in, with its own token, but not the uploader
    assert other.apply(preview, token=other.token(BASE)).status_code == 403
    assert anna.apply(preview).status_code == 303


HOSTILE = [
    (b"x" * (2 * 1024 * 1024 + 100), "big.csv", 413, "larger than 2 MB"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.csv", 422, "not a CSV file"),
    (b"PK\x03\x04garbage", "programme.xlsx", 422, "not a CSV file"),
    (b"", "empty.csv", 400, "Choose a CSV or XLSX file"),
    (b"=cmd|' /C calc'!A0;title\r\n", "formula.csv", 422, "Unknown column"),
]


def test_hostile_files_get_a_page_saying_why(stack: Stack, client: Any) -> None:
    anna = Browser(client, DEMO_ORGANISER)
    for data, filename, status, says in HOSTILE:
        answer = anna.upload(data, filename=filename)
        assert (answer.status_code, filename) == (status, filename)
        assert says in answer.body.decode() and 'role="alert"' in answer.body.decode()


def test_ten_thousand_rows_and_formula_cells(stack: Stack, client: Any) -> None:
    anna = Browser(client, DEMO_ORGANISER)
    too_many = anna.upload(sample_csv(first_day(stack), count=10_000).encode()[: 2 * 1024 * 1024])
    assert too_many.status_code == 422 and "more than 1000 sessions" in too_many.body.decode()
    rows = sample_csv(first_day(stack), count=2).splitlines()
    formula = rows[1].replace("Smart specialisation: workshop 1", '"=HYPERLINK(""http://evil.example"")"')
    answer = anna.upload("\r\n".join([rows[0], formula, rows[2]]).encode())
    assert answer.status_code == 422 and "Formulas are not accepted" in answer.body.decode()


def test_one_session_through_the_form(stack: Stack, client: Any) -> None:
    anna = Browser(client, DEMO_ORGANISER)
    day = first_day(stack).isoformat()
    empty = anna.get(BASE + "/sessions/new").body.decode()
    assert '<label for="field-session_id">Session id</label>' in empty and 'value="in_person" checked' in empty
    fields = {"session_id": "side-event", "title": "A side event", "day": day, "start": "18:00", "end": "17:00",
              "capacity": "lots", "modes": ["in_person"], "speakers": "A; B"}
    wrong = anna.post(BASE + "/sessions/new", fields)
    page = wrong.body.decode()
    assert wrong.status_code == 400
    assert 'aria-describedby="capacity-error' in page and 'id="capacity-error">Must be a whole number' in page
    assert 'id="end-error">Must be after the start (18:00).' in page
    saved = anna.post(BASE + "/sessions/new", {**fields, "end": "19:00", "capacity": "25"})
    assert saved.status_code == 303 and saved.headers["Location"].startswith(f"{BASE}?done=saved")
    assert "side-event" in session_ids(stack)
    taken = anna.post(BASE + "/sessions/new", {**fields, "end": "19:00", "capacity": "25"})
    assert taken.status_code == 409 and "exists already" in taken.body.decode()
    edit = anna.get(BASE + "/sessions/side-event/edit").body.decode()
    assert 'value="A side event"' in edit and 'value="25"' in edit
    changed = anna.post(BASE + "/sessions/side-event/edit", {**fields, "end": "19:00", "capacity": "30"})
    assert changed.status_code == 303
    assert next(s for s in stack.repo.get_event_with_sessions(DEMO_EVENT_ID)[1]
                if s.session_id == "side-event").capacity == 30
