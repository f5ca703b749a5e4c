"""The SQS handlers' entries: a batch of queued jobs handed to its flow (notify/broadcast/delivery), organisers'
messages in the notifications service, certificates of attendance in the reports service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # built by bootstrap on the first job (cold start: the mail composer loads then)
    from eventreg.notify.broadcast.delivery import Delivery


def message_jobs(event: dict[str, Any], delivery: Delivery) -> dict[str, Any]:
    """Organisers' messages, a page of recipients per job (partial-batch failures: the failed jobs come back)."""
    return delivery.handle_batch(event)


def certificate_jobs(event: dict[str, Any], delivery: Delivery) -> dict[str, Any]:
    """Certificates of attendance, a page of attendees per job (the same delivery, with the certificates' letters)."""
    return delivery.handle_batch(event)
