"""The scheduled jobs' entries: each builds what its flow needs (eventreg.entrypoints.bootstrap) and runs it.
The jobs themselves read top to bottom in their flows: register/deadlines, notify/reminders, privacy/retention."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventreg.domain.models import utc_now
from eventreg.entrypoints.bootstrap import file_store, privacy_store, repository

if TYPE_CHECKING:
    from eventreg.notify.send import Notifier
    from eventreg.privacy.retention import RetentionRun

# Cold start: each job imports its flow itself; every service's app imports this module for one job of them.


def close_registrations() -> list[str]:
    """Every minute: close the open events whose cutoff has passed."""
    from eventreg.register.deadlines import close_due_events

    return close_due_events(repository(), utc_now())


def send_reminders(notifier: Notifier) -> list[str]:
    """Hourly: the reminders due `reminder_days` before each event."""
    # The mail flow (MIME, icalendar) loads with its first job.
    from eventreg.notify import reminders

    return reminders.send_reminders(repository(), notifier, utc_now())


def anonymise_expired_events(context: Any) -> RetentionRun:
    """Daily: the retention run, within the Lambda's time limit (what is left is done by the next run)."""
    from eventreg.privacy import retention

    def time_left() -> float:
        return float(context.get_remaining_time_in_millis()) / 1000.0

    return retention.anonymise_expired_events(privacy_store(), utc_now(), time_left, files=file_store())
