"""Every certificate of attendance sent from the back-office (#15), on moto: the organiser's button (CSRF) after the
event, the press recorded once and queued on the certificates' SQS queue, the reports handler fed the queue's
messages as Lambda would; each person checked in gets one mail in their language with their PDF, a repeated press
or a redelivered job sends nothing twice, and a later press sends only to those checked in since. Refused before
the end, with nobody left to send to, and for a partner; people not checked in, or cancelled since, get nothing."""

from __future__ import annotations

import io
from types import ModuleType
from typing import Any

import pytest
from chalice.test import Client
from integration_support import LambdaContext, Stack, load_service
from privacy_support import move_to_past
from pypdf import PdfReader
from test_back_office_registrations import Office, person

from devstack.queue_poller import create_queue, lambda_sqs_record
from devstack.seed import DEMO_EVENT_ID, DEMO_ORGANISER, DEMO_PARTNER
from eventreg.adapters import clients
from eventreg.adapters.dynamodb import keys
from eventreg.config import settings
from eventreg.domain.broadcasts import MAX_RECEIVES
from eventreg.domain.models import Registration, new_id
from eventreg.links import checkin_code

MESSAGES = f"/organiser/events/{DEMO_EVENT_ID}/messages"
CERTIFICATES = f"/organiser/events/{DEMO_EVENT_ID}/certificates"
DESK = f"/organiser/events/{DEMO_EVENT_ID}/check-in"


@pytest.fixture
def services(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> tuple[ModuleType, ModuleType]:
    sqs = clients.sqs()
    dlq = sqs.create_queue(QueueName="eventreg-certificates-dlq")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    monkeypatch.setenv("EVENTREG_CERTIFICATES_QUEUE_URL",
                       create_queue(sqs, "eventreg-certificates", arn, MAX_RECEIVES))
    settings.cache_clear()
    return load_service("registration"), load_service("reports")


def take_jobs() -> list[dict[str, Any]]:
    """The queue's messages in the shape Lambda hands them over, taken off the queue."""
    url = settings().certificates_queue_url
    answer = clients.sqs().receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"])
    records = [lambda_sqs_record(m, "arn:aws:sqs:eu-west-1:123456789012:eventreg-certificates", "eu-west-1")
               for m in answer.get("Messages", [])]
    for record in records:
        clients.sqs().delete_message(QueueUrl=url, ReceiptHandle=record["receiptHandle"])
    return records


def check_in(office: Office, registration: Registration, scope: str = "") -> None:
    answer = office.post(DESK, {"session": scope, "code": checkin_code(DEMO_EVENT_ID, registration.registration_id)})
    assert answer.status_code == 200 and "Checked in" in answer.body.decode()


def cancel(stack: Stack, registration: Registration) -> None:
    """Cancelled after the event (the rule under test is the sender's, not how the cancellation came about)."""
    stack.client.update_item(TableName=settings().table_name, Key={
        "PK": {"S": keys.event_pk(DEMO_EVENT_ID)}, "SK": {"S": keys.registration_sk(registration.registration_id)}},
        UpdateExpression="SET #s = :c", ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":c": {"S": "cancelled"}})


def press(office: Office, send_id: str | None = None) -> Any:
    return office.post(CERTIFICATES, {"send_id": send_id or new_id()})


def pdf_text(mail: Any) -> str:
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"{DEMO_EVENT_ID}-certificate-fr.pdf"
    return " ".join(PdfReader(io.BytesIO(attachment.get_content())).pages[0].extract_text().split())


def test_each_person_checked_in_gets_one_mail_with_their_certificate(
        stack: Stack, services: tuple[ModuleType, ModuleType]) -> None:
    registration, reports = services
    ana = person(stack, "Ana Duarte", sessions=("opening",), preferred_language="fr")
    bo, cy = person(stack, "Bo Berg"), person(stack, "Cy Coste")
    with Client(registration.app) as client:
        office = Office(client, DEMO_ORGANISER)
        for who, scope in ((ana, ""), (ana, "opening"), (cy, "")):
            check_in(office, who, scope)
        page = office.get(MESSAGES).body.decode()
        assert "Send all certificates" in page and 'name="csrf_token"' in page
        send_id = page.split('name="send_id" value="', 1)[1].split('"', 1)[0]

        early = press(office, send_id)
        assert early.status_code == 409
        assert "Certificates of attendance can be sent once the event is over." in early.body.decode()
        assert take_jobs() == []

        move_to_past(stack, DEMO_EVENT_ID, 1)
        cancel(stack, cy)
        assert press(office, send_id).status_code == 303
        again = press(office, send_id)  # the same form posted twice
        assert again.status_code == 303
        progress = again.headers["Location"]
        assert progress == f"{MESSAGES}/{send_id}"
        running = office.get(progress).body.decode()
        assert "Certificates of attendance" in running and "Sending: 0 of 1 sent so far." in running

        jobs = take_jobs()
        assert len(jobs) == 1  # the double post queued nothing more; Bo (absent) and Cy (cancelled) are not in it
        before = len(stack.sent_emails())
        assert reports.on_certificate_job({"Records": jobs}, LambdaContext()) == {"batchItemFailures": []}
        assert reports.on_certificate_job({"Records": jobs}, LambdaContext()) == {"batchItemFailures": []}
        mails = stack.sent_emails()[before:]
        assert [str(m["To"]) for m in mails] == ["Ana Duarte <ana@office-regs.example.eu>"]
        assert str(mails[0]["Subject"]).startswith("Votre attestation de participation : ")
        body = mails[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert "Votre attestation de participation est jointe à ce message (PDF)." in body
        text = pdf_text(mails[0])
        assert "Attestation de participation" in text and "Ana Duarte" in text and "Séance d'ouverture" in text
        done = office.get(progress).body.decode()
        assert "Finished: 1 of 1 sent, 0 failed." in done and "Everyone checked in" in done

        refused = press(office)  # everybody checked in has theirs
        assert refused.status_code == 409
        assert "Every person checked in has already been sent their certificate." in refused.body.decode()
        assert take_jobs() == []

        check_in(office, bo)  # checked in late, from the paper list
        later = press(office)
        assert later.status_code == 303
        jobs = take_jobs()
        assert len(jobs) == 1 and bo.registration_id in jobs[0]["body"] and ana.registration_id not in jobs[0]["body"]
        before = len(stack.sent_emails())
        reports.on_certificate_job({"Records": jobs}, LambdaContext())
        assert [str(m["To"]) for m in stack.sent_emails()[before:]] == ["Bo Berg <bo@office-regs.example.eu>"]
        listing = office.get(MESSAGES).body.decode()
    assert listing.count("Certificates of attendance") >= 3  # the section's heading and the two sends


def test_refused_when_nobody_came_and_for_a_partner(stack: Stack, services: tuple[ModuleType, ModuleType]) -> None:
    registration, _ = services
    person(stack, "Bo Berg")
    move_to_past(stack, DEMO_EVENT_ID, 1)
    with Client(registration.app) as client:
        nobody = press(Office(client, DEMO_ORGANISER))
        partner = Office(client, DEMO_PARTNER)
        assert "Send all certificates" not in partner.get(MESSAGES).body.decode()
        forbidden = press(partner)
    assert nobody.status_code == 409
    assert "Nobody was checked in at this event: there is no certificate to send." in nobody.body.decode()
    assert forbidden.status_code == 403
    assert take_jobs() == []
