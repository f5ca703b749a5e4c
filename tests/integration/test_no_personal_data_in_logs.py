"""Personal data never goes into logs (DESIGN.md, "Contracts that must hold"). A whole registration runs in-process
on moto as on Lambda, at DEBUG: registered, its confirmation mailed by the notifications stream handler, the
manage page, a change, a refused second registration and a refused form, a wrong link, an organiser's attendee
list, a bounce reported by SES, the cancellation and its mail. Every record of every logger (whatever its
handlers) and everything printed (JSON log lines, EMF metrics) is searched for the attendee's address, names,
organisation, job title, phone number, needs and manage token, as written and as JSON or URLs escape them."""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Iterator
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, quote, quote_plus, urlencode, urlsplit

import pytest
from chalice.test import Client
from integration_support import DEMO_EVENT, LambdaContext, Stack, load_service
from observability_support import as_on_lambda, emitted_metrics, log_lines, stream_batch
from test_reports_api import bearer

from eventreg.domain.events import Question, QuestionKind

__all__ = ["as_on_lambda"]  # the fixture used by this module's tests

FIRST, LAST = "Zofia", "Wiśniewska-Kołodziej"
PERSON = {
    "name": f"{FIRST} {LAST}",
    "email": "Zofia.Wisniewska@gmina-przykladowo.example.pl",
    "organisation": "Urząd Gminy Przykładowo",
    "job_title": "Sekretarz Gminy Przykładowo",
    "accessibility_needs": "Wózek inwalidzki, wejście bez schodów",
    "organisation_type": "city",
    "country": "PL",
    "attendance_mode": "in_person",
    "privacy_consent": True,
    "answers": {"interest": "Networking", "phone": "+48 601 234 567"},
}
JSON_HEADERS = {"Content-Type": "application/json"}
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}
REGISTRATIONS = f"/events/{DEMO_EVENT}/registrations"
# moto stands in for AWS here: what it logs about the calls it serves is not the functions' logging.
FAKE_AWS_LOGGERS = ("moto",)


def spellings(value: str) -> set[str]:
    """A value as a log line could hold it: as is, lower-cased (normalised addresses), JSON-escaped, in a URL."""
    return {form for text in (value, value.lower()) for form in
            (text, json.dumps(text)[1:-1], quote(text), quote_plus(text), quote(text, safe=""))}


def rendered(record: logging.LogRecord) -> str:
    """All a record holds: its message with arguments, every attribute (the `extra` fields), its traceback."""
    parts = [record.getMessage(), repr(vars(record))]
    if record.exc_info and record.exc_info[1] is not None:
        parts.append("".join(traceback.format_exception(record.exc_info[1])))
    return "\n".join(parts)


@pytest.fixture
def every_record(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[logging.LogRecord]]:
    """Each record any logger lets through its level, caught before its handlers (so none is missed by a
    handler's own level, a filter, or a logger that does not propagate), with the root logger at DEBUG."""
    records: list[logging.LogRecord] = []
    call_handlers = logging.Logger.callHandlers

    def catch(self: logging.Logger, record: logging.LogRecord) -> None:
        records.append(record)
        call_handlers(self, record)

    monkeypatch.setattr(logging.Logger, "callHandlers", catch)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    yield records
    root.setLevel(level)


def services(stack: Stack) -> dict[str, ModuleType]:
    """The three apps, loaded in the test itself: Powertools' handler writes to the stdout of its creation."""
    event = stack.repo.get_event(DEMO_EVENT)
    phone = Question(question_id="phone", kind=QuestionKind.TEXT, label={"en": "Phone number"})
    stack.update_event(questions=[*event.questions, phone])
    return {name: load_service(name) for name in ("registration", "notifications", "reports")}


def mail_the_changes(stack: Stack, notifications: ModuleType) -> None:
    answer = notifications.on_table_change(stream_batch(stack), LambdaContext(function_name="notifications"))
    assert answer == {"batchItemFailures": []}


def bounce(registration_id: str) -> dict[str, Any]:
    """SES's bounce notification as SNS hands it to Lambda: it names the address."""
    message = {"notificationType": "Bounce",
               "bounce": {"bounceType": "Permanent", "bouncedRecipients": [{"emailAddress": PERSON["email"]}]},
               "mail": {"destination": [PERSON["email"]],
                        "tags": {"event": [DEMO_EVENT], "registration": [registration_id]}}}
    return {"Records": [{"EventSource": "aws:sns", "Sns": {
        "MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e", "Message": json.dumps(message), "Subject": None,
        "MessageAttributes": {}, "TopicArn": "arn:aws:sns:eu-west-1:123456789012:eventreg-ses-events",
        "Timestamp": "2026-05-04T09:20:00.000Z"}}]}


@pytest.mark.usefixtures("as_on_lambda")
def test_a_whole_registration_logs_no_personal_data(
    stack: Stack, every_record: list[logging.LogRecord], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("POWERTOOLS_LOG_LEVEL", "DEBUG")
    loaded = services(stack)
    registration_app, notifications, reports = (loaded[n] for n in ("registration", "notifications", "reports"))
    with Client(registration_app.app) as client:
        created = client.http.post(REGISTRATIONS, headers=JSON_HEADERS, body=json.dumps(PERSON))
        assert created.status_code == 201, created.body
        registration = created.json_body["registration"]
        token = parse_qs(urlsplit(registration["manage_url"]).query)["token"][0]
        mail_the_changes(stack, notifications)  # the confirmation

        path = f"{REGISTRATIONS}/{registration['registration_id']}"
        query = urlencode({"token": token})
        assert client.http.get(f"{path}/manage?{query}").status_code == 200
        assert client.http.get(f"{path}?{query}").status_code == 200
        changed = client.http.post(f"{path}/manage?{query}", headers=FORM_HEADERS,
                                   body=urlencode({"action": "change", "attendance_mode": "online"}))
        assert changed.status_code == 200
        mail_the_changes(stack, notifications)  # the change

        refused = client.http.post(REGISTRATIONS, headers=JSON_HEADERS, body=json.dumps(PERSON))
        assert refused.status_code == 409  # the same address again
        invalid = {**PERSON, "email": "Zofia.Wisniewska@", "privacy_consent": False}
        assert client.http.post(REGISTRATIONS, headers=FORM_HEADERS,
                                body=urlencode(invalid)).status_code in (400, 422)
        assert client.http.get(f"{path}/manage?{urlencode({'token': token[:-4] + 'AAAA'})}").status_code in (403, 404)

    with Client(reports.app) as organiser:
        listing = organiser.http.get(f"/events/{DEMO_EVENT}/attendees.csv", headers=bearer())
        assert listing.status_code == 200 and LAST in listing.body.decode()

    notifications.on_ses_event(bounce(registration["registration_id"]), LambdaContext(function_name="ses-events"))

    with Client(registration_app.app) as client:
        assert client.http.delete(f"{path}?{query}").status_code == 200
    mail_the_changes(stack, notifications)  # the cancellation

    assert len(stack.sent_messages()) == 3  # confirmed, changed, cancelled: the journey ran
    printed = capsys.readouterr()
    documents = [json.loads(line) for line in printed.out.splitlines() if line.startswith("{")]
    assert {"mail sent", "email marked undeliverable"} <= {line.get("message") for line in log_lines(documents)}
    assert {m["Name"] for d in emitted_metrics(documents) for m in d["_aws"]["CloudWatchMetrics"][0]["Metrics"]} \
        >= {"RegistrationsConfirmed", "RegistrationsCancelled", "MailsSent", "MailsBounced", "ExportsMade"}
    assert any(r.levelno == logging.DEBUG for r in every_record)  # DEBUG was on: the search saw the most

    secrets = {form: field for field, value in {
        "email": PERSON["email"], "first name": FIRST, "last name": LAST, "organisation": PERSON["organisation"],
        "job title": PERSON["job_title"], "phone": PERSON["answers"]["phone"],
        "accessibility needs": PERSON["accessibility_needs"], "manage token": token,
    }.items() for form in spellings(value)}
    ours = [(r.name, rendered(r)) for r in every_record if not r.name.startswith(FAKE_AWS_LOGGERS)]
    leaks = sorted({(field, name) for name, text in ours for form, field in secrets.items() if form in text})
    assert leaks == [], f"personal data in log records (field, logger): {leaks}"
    for stream, text in (("stdout", printed.out), ("stderr", printed.err)):
        leaked = sorted({field for form, field in secrets.items() if form in text})
        assert leaked == [], f"personal data printed to {stream}: {leaked}"
