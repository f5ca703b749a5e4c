"""Messages to an event's registrants through the back-office, on moto: the form posts (CSRF), the message
recorded and queued on SQS, the notifications handler fed the queue's messages as Lambda would, each mail once
even when a batch comes again, and the progress page counting to the end."""

from __future__ import annotations

from types import ModuleType
from urllib.parse import urlencode

import pytest
from chalice.test import Client
from integration_support import LambdaContext, Stack, load_service
from test_back_office_sign_in import HTML, cookie_header, moderated_event_with, sign_in_locally

from devstack.queue_poller import create_queue, lambda_sqs_record
from devstack.seed import DEMO_EVENT_ID, DEMO_ORGANISER, DEMO_PARTNER
from eventreg.adapters import clients
from eventreg.config import settings
from eventreg.domain.broadcasts import MAX_RECEIVES

PATH = f"/organiser/events/{DEMO_EVENT_ID}/messages"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def services(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> tuple[ModuleType, ModuleType]:
    sqs = clients.sqs()
    dlq = sqs.create_queue(QueueName="eventreg-messages-dlq")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    monkeypatch.setenv("EVENTREG_MESSAGES_QUEUE_URL", create_queue(sqs, "eventreg-messages", arn, MAX_RECEIVES))
    settings.cache_clear()
    moderated_event_with(stack, [("Ana Duarte", "ana@porto.example.pt", "Câmara Municipal do Porto"),
                                 ("Bram de Vries", "bram@gent.example.be", "Stad Gent")])
    return load_service("registration"), load_service("notifications")


def token_of(page: str) -> str:
    return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def receive() -> list[dict[str, object]]:
    """The queue's messages in the shape Lambda hands them to the handler (they stay on the queue)."""
    answer = clients.sqs().receive_message(QueueUrl=settings().messages_queue_url, MaxNumberOfMessages=10,
                                           VisibilityTimeout=0, MessageSystemAttributeNames=["All"])
    return [lambda_sqs_record(m, "arn:aws:sqs:eu-west-1:123456789012:eventreg-messages", "eu-west-1")
            for m in answer.get("Messages", [])]


def test_a_message_is_previewed_sent_through_the_queue_once_each_and_counted(
        stack: Stack, services: tuple[ModuleType, ModuleType]) -> None:
    registration, notifications = services
    jar = sign_in_locally(DEMO_ORGANISER)
    with Client(registration.app) as client:
        compose = client.http.get(f"{PATH}/new", headers={**HTML, **cookie_header(jar)})
        assert compose.status_code == 200
        token = token_of(compose.body.decode())
        fields = {"csrf_token": token, "status": "pending", "subject_en": "Badges",
                  "body_en": "Bring an ID.\n\n<script>alert(1)</script>", "subject_nl": "", "body_nl": ""}
        forged = client.http.post(f"{PATH}/preview", headers={**FORM, **cookie_header(jar)},
                                  body=urlencode({**fields, "csrf_token": "forged"}))
        assert forged.status_code == 403
        incomplete = client.http.post(f"{PATH}/preview", headers={**FORM, **cookie_header(jar)},
                                      body=urlencode({**fields, "subject_en": ""}))
        assert incomplete.status_code == 400 and 'aria-describedby="subject_en-error"' in incomplete.body.decode()
        preview = client.http.post(f"{PATH}/preview", headers={**FORM, **cookie_header(jar)}, body=urlencode(fields))
        shown = preview.body.decode()
        assert preview.status_code == 200 and "Send to 2 registrants" in shown
        assert "<script>alert(1)</script>" not in shown  # escaped in the srcdoc and in the text
        message_id = shown.split('name="message_id" value="', 1)[1].split('"', 1)[0]
        send = {**fields, "message_id": message_id}
        sent = client.http.post(PATH, headers={**FORM, **cookie_header(jar)}, body=urlencode(send))
        again = client.http.post(PATH, headers={**FORM, **cookie_header(jar)}, body=urlencode(send))
        assert sent.status_code == again.status_code == 303
        progress_path = sent.headers["Location"]
        assert progress_path == again.headers["Location"] == f"{PATH}/{message_id}"
        running = client.http.get(progress_path, headers={**HTML, **cookie_header(jar)})
        assert "Sending: 0 of 2 sent so far." in running.body.decode() and running.headers.get("Refresh") == "5"

        records = receive()
        assert len(records) == 1  # the double post recorded and queued nothing more
        before = len(stack.sent_emails())
        answer = notifications.on_message_job({"Records": records}, LambdaContext())
        redelivered = notifications.on_message_job({"Records": records}, LambdaContext())
        assert answer == redelivered == {"batchItemFailures": []}
        mails = stack.sent_emails()[before:]
        assert sorted(str(m["To"]) for m in mails) == ["Ana Duarte <ana@porto.example.pt>",
                                                      "Bram de Vries <bram@gent.example.be>"]
        html = mails[0].get_body(("html",)).get_content()  # type: ignore[union-attr]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html

        done = client.http.get(progress_path, headers={**HTML, **cookie_header(jar)})
        listing = client.http.get(PATH, headers={**HTML, **cookie_header(jar)}).body.decode()
    assert "Finished: 2 of 2 sent, 0 failed." in done.body.decode() and "Refresh" not in done.headers
    assert "Badges" in listing and "Finished" in listing


def test_a_partner_cannot_write_to_other_sessions_nor_read_the_organisers_messages(
        stack: Stack, services: tuple[ModuleType, ModuleType]) -> None:
    registration, _ = services
    jar = sign_in_locally(DEMO_PARTNER)
    with Client(registration.app) as client:
        compose = client.http.get(f"{PATH}/new", headers={**HTML, **cookie_header(jar)}).body.decode()
        assert "connected-in-europe" in compose and 'value="opening"' not in compose
        fields = {"csrf_token": token_of(compose), "session": "opening", "subject_en": "Hi", "body_en": "Hello"}
        refused = client.http.post(f"{PATH}/preview", headers={**FORM, **cookie_header(jar)}, body=urlencode(fields))
        nobody = client.http.post(f"{PATH}/preview", headers={**FORM, **cookie_header(jar)},
                                  body=urlencode({**fields, "session": ""}))
        unknown = client.http.get(f"{PATH}/01KA3F7Q9MZ6T2X8WB4NRCDJAA", headers={**HTML, **cookie_header(jar)})
    assert refused.status_code == 403
    assert nobody.status_code == 400 and "No registrant matches these filters." in nobody.body.decode()
    assert unknown.status_code == 404
