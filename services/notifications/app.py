"""Notifications service: reacts to the table's stream and sends the mails. Handlers only."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from chalice import Chalice
from chalice.app import DynamoDBEvent

from eventreg.config import settings
from eventreg.mail.ses import SesMailer
from eventreg.notify import Notifier, handle_batch
from eventreg.storage import clients
from eventreg.storage.repository import repository

app = Chalice(app_name="eventreg-notifications")

# On AWS infra/ wires the trigger itself (Chalice cannot resolve a stream ARN made in the same stack).
STREAM_ARN = os.environ.get(
    "EVENTREG_STREAM_ARN", "arn:aws:dynamodb:eu-west-1:000000000000:table/eventreg/stream/local"
)


@lru_cache(maxsize=1)
def notifier() -> Notifier:
    config = settings()
    return Notifier(repository(), SesMailer(clients.sesv2()), config.mail_from, config.public_url)


@app.on_dynamodb_record(stream_arn=STREAM_ARN, batch_size=100, starting_position="TRIM_HORIZON")
def on_table_change(event: DynamoDBEvent) -> dict[str, Any]:
    return handle_batch(event.to_dict(), notifier(), event.context)
