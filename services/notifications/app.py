"""Notifications service: reacts to the table's stream and sends the mails. Handlers only."""

from __future__ import annotations

import gc

gc.disable()  # cold start: no collections while the app loads (see the end of this file)

import os
from typing import Any

from chalice import Chalice, Rate
from chalice.app import DynamoDBEvent, SNSEvent, SQSEvent

from eventreg.config import settings
from eventreg.entrypoints import jobs, queues, rotation, snapshot
from eventreg.entrypoints.bootstrap.notifications import Notifications
from eventreg.entrypoints.observability import observe
from eventreg.entrypoints.streams import notifications as streams

app = observe(Chalice(app_name="eventreg-notifications"))
wired = Notifications()  # built on first use, once per container

# On AWS infra/ wires the trigger itself (Chalice cannot resolve a stream ARN made in the same stack).
STREAM_ARN = os.environ.get(
    "EVENTREG_STREAM_ARN", "arn:aws:dynamodb:eu-west-1:000000000000:table/eventreg/stream/local"
)


@app.on_dynamodb_record(stream_arn=STREAM_ARN, batch_size=100, starting_position="TRIM_HORIZON")
def on_table_change(event: DynamoDBEvent) -> dict[str, Any]:
    return streams.notifications(event.to_dict(), wired.notifier, event.context)


# Organisers' messages to their registrants, a page of recipients per job; on AWS infra/ wires the queue.
MESSAGES_QUEUE = os.environ.get("EVENTREG_MESSAGES_QUEUE_NAME", "eventreg-messages")


@app.on_sqs_message(queue=MESSAGES_QUEUE, batch_size=10)
def on_message_job(event: SQSEvent) -> dict[str, Any]:
    return queues.message_jobs(event.to_dict(), wired.delivery)


@app.on_sns_message(topic=settings().ses_events_topic)
def on_ses_event(event: SNSEvent) -> None:
    """Bounces and complaints, published by SES's configuration set to SNS."""
    streams.ses_notification(event.message)


@app.schedule(Rate(1, unit=Rate.HOURS))
def send_event_reminders(event: Any) -> None:
    jobs.send_reminders(wired.notifier)


@app.lambda_function(name="rotate_key")
def rotate_key(event: dict[str, Any], context: Any) -> None:
    """Secrets Manager's rotation of the link and session keys (one step per invocation)."""
    rotation.rotate_key(event)


# Lambda SnapStart, where infra turns it on (eventreg_infra.releases.SNAPSTARTED): what the first invocations would
# still load is loaded before the snapshot (eventreg.entrypoints.snapshot). Off Lambda this registers nothing.
snapshot.register(modules=("eventreg.notify.letters", "eventreg.notify.send", "eventreg.notify.batch",
                           "eventreg.adapters.ses", "aws_lambda_powertools.utilities.batch", "aws_xray_sdk.core"),
                  clients=("dynamodb", "sesv2", "secretsmanager"))

# Cold start: loading the app builds ~50,000 objects that live as long as the container, and the collector,
# run every 700 allocations, scanned them again and again (~100 ms of registration's import on this machine,
# one full collection included). Collection was off while loading; the loaded objects are now moved out of its
# sight (gc.freeze), so neither this nor later collections during requests scan them, and collection resumes.
gc.freeze()
gc.enable()
