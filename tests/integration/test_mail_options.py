"""Per-event mail options: sender name and Reply-To, organisers' own wording in jinja2's sandbox (an
unsafe template falls back to the standard mail), and SES bounces/complaints marking the address."""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

import pytest
from fixtures import load_event
from integration_support import MAIL_FROM, Stack
from test_notifications_stream import REGISTRATION_ID, context, deliver

from eventreg.domain.errors import ValidationFailed
from eventreg.domain.events import MailOverride
from eventreg.domain.organising import updated_event
from eventreg.notify.overrides import check


def with_options(stack: Stack, **changes: Any) -> None:
    stack.update_event(mail_sender_name="EWRC 2026", reply_to="ewrc@cor.example.eu", **changes)


def test_sender_name_and_reply_to_come_from_the_event(stack: Stack, notifications_service: ModuleType) -> None:
    with_options(stack)
    deliver(notifications_service, load_event("dynamodb_stream_insert_registration"))
    (message,) = stack.sent_emails()
    assert str(message["From"]) == f"EWRC 2026 <{MAIL_FROM}>"
    assert str(message["Reply-To"]) == "ewrc@cor.example.eu"


def test_an_organisers_wording_replaces_the_standard_mail(stack: Stack, notifications_service: ModuleType) -> None:
    override = MailOverride(subject="Welcome to {{ event_title }}, {{ name }}!",
                            body="Dear {{ name }},\n\nsee you on {{ event_start }}.\n\nManage: {{ manage_url }}")
    with_options(stack, mail_overrides={"confirmed": override})
    deliver(notifications_service, load_event("dynamodb_stream_insert_registration"))
    (message,) = stack.sent_emails()
    assert message["Subject"] == "Welcome to European Week of Regions and Cities, Elżbieta Bieńkowska!"
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert text is not None and html is not None
    assert "Dear Elżbieta Bieńkowska," in text.get_content() and "/manage?token=" in text.get_content()
    assert "<p>Dear Elżbieta Bieńkowska,</p>" in html.get_content()


def test_an_unsafe_template_falls_back_to_the_standard_mail(stack: Stack, notifications_service: ModuleType) -> None:
    sneaky = MailOverride(subject="{{ name.__class__.__mro__[1].__subclasses__() }}", body="x")
    with_options(stack, mail_overrides={"confirmed": sneaky})
    deliver(notifications_service, load_event("dynamodb_stream_insert_registration"))
    (message,) = stack.sent_emails()
    assert message["Subject"] == "Registration confirmed: European Week of Regions and Cities"
    assert "subclasses" not in message.as_string()


def test_broken_templates_are_refused_when_the_organiser_saves_them(stack: Stack) -> None:
    event = stack.repo.get_event("ewrc-demo")
    with pytest.raises(ValidationFailed) as refused:
        updated_event(event, {"mail_overrides": {"confirmed": {"subject": "{{ name", "body": ""}}}, check_mail=check)
    assert "mail_overrides.confirmed" in refused.value.fields
    with pytest.raises(ValidationFailed) as unknown:
        updated_event(event, {"mail_overrides": {"confirmed": {"subject": "{{ password }}", "body": ""}}},
                      check_mail=check)
    assert "password" in unknown.value.fields["mail_overrides.confirmed"]
    with pytest.raises(ValidationFailed):
        updated_event(event, {"mail_overrides": {"birthday": {"subject": "hi", "body": ""}}}, check_mail=check)


def ses_notification(kind: str, bounce_type: str = "Permanent") -> dict[str, Any]:
    body: dict[str, Any] = {
        "notificationType": kind,
        "mail": {"messageId": "m-1", "destination": ["E.Bienkowska@example.eu"],
                 "tags": {"event": ["ewrc-demo"], "registration": [REGISTRATION_ID]}},
    }
    if kind == "Bounce":
        body["bounce"] = {"bounceType": bounce_type, "bouncedRecipients": [{"emailAddress": "E.Bienkowska@example.eu"}]}
    return {"Records": [{"EventSource": "aws:sns", "EventVersion": "1.0", "EventSubscriptionArn": "arn:aws:sns:x",
                         "Sns": {"Type": "Notification", "MessageId": "n-1", "TopicArn": "arn:aws:sns:eu-west-1:0:t",
                                 "Subject": None, "Message": json.dumps(body), "Timestamp": "2026-11-23T12:00:00Z",
                                 "MessageAttributes": {}}}]}


@pytest.mark.parametrize(("kind", "bounce_type", "status"), [
    ("Bounce", "Permanent", "bounced"), ("Complaint", "", "complained"), ("Bounce", "Transient", "ok"),
])
def test_bounces_and_complaints_mark_the_address(
    stack: Stack, notifications_service: ModuleType, kind: str, bounce_type: str, status: str
) -> None:
    batch = load_event("dynamodb_stream_insert_registration")
    stack.client.put_item(TableName=stack.table, Item=batch["Records"][0]["dynamodb"]["NewImage"])
    deliver(notifications_service, batch)
    version = stack.repo.get_registration("ewrc-demo", REGISTRATION_ID)
    assert version is not None
    notifications_service.on_ses_event(ses_notification(kind, bounce_type), context())
    marked = stack.repo.get_registration("ewrc-demo", REGISTRATION_ID)
    assert marked is not None and marked.email_status == status
    assert marked.version == version.version  # no new version: no mail about the mail
