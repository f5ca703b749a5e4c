"""Notifications service: reacts to the table's stream and sends the mails. Handlers only."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Any

from chalice import Chalice, Rate
from chalice.app import DynamoDBEvent, SNSEvent

from eventreg.adapters import clients
from eventreg.adapters.dynamodb.repository import repository
from eventreg.adapters.ses import SesMailer
from eventreg.config import settings
from eventreg.domain.models import utc_now
from eventreg.notify.batch import handle_batch
from eventreg.notify.bounces import handle_ses_notification
from eventreg.notify.reminders import send_reminders
from eventreg.notify.send import Notifier

app = Chalice(app_name="eventreg-notifications")

# On AWS infra/ wires the trigger itself (Chalice cannot resolve a stream ARN made in the same stack).
STREAM_ARN = os.environ.get(
    "EVENTREG_STREAM_ARN", "arn:aws:dynamodb:eu-west-1:000000000000:table/eventreg/stream/local"
)


@lru_cache(maxsize=1)
def notifier() -> Notifier:
    config = settings()
    mailer = SesMailer(clients.sesv2(), config.ses_configuration_set)
    return Notifier(repository(), mailer, config.mail_from, config.public_url)


@app.on_dynamodb_record(stream_arn=STREAM_ARN, batch_size=100, starting_position="TRIM_HORIZON")
def on_table_change(event: DynamoDBEvent) -> dict[str, Any]:
    return handle_batch(event.to_dict(), notifier(), event.context)


@app.on_sns_message(topic=settings().ses_events_topic)
def on_ses_event(event: SNSEvent) -> None:
    """Bounces and complaints, published by SES's configuration set to SNS."""
    handle_ses_notification(json.loads(event.message), repository())


@app.schedule(Rate(1, unit=Rate.HOURS))
def send_event_reminders(event: Any) -> None:
    send_reminders(repository(), notifier(), utc_now())
