"""Bounces and complaints that SES publishes (through SNS): a registration's address marked undeliverable."""

from __future__ import annotations

import logging
from typing import Any

from eventreg.domain.models import utc_now
from eventreg.ports import RegistrationStore

log = logging.getLogger(__name__)


def handle_ses_notification(notification: dict[str, Any], repo: RegistrationStore) -> str | None:
    """SES (through SNS) says a mail bounced for good or drew a complaint: mark the registration's
    address, so organisers see it. Transient bounces change nothing. Returns the status set, if any."""
    kind = notification.get("notificationType") or notification.get("eventType")
    if kind == "Bounce" and (notification.get("bounce") or {}).get("bounceType") == "Permanent":
        status = "bounced"
    elif kind == "Complaint":
        status = "complained"
    else:
        return None
    tags = (notification.get("mail") or {}).get("tags") or {}
    event_id, registration_id = (tags.get("event") or [None])[0], (tags.get("registration") or [None])[0]
    if not event_id or not registration_id:
        log.warning("an SES %s without eventreg tags", kind)
        return None
    repo.mark_email_status(event_id, registration_id, status, utc_now())
    log.info("email marked undeliverable", extra={"registration": registration_id, "status": status})
    return status
