"""The scheduled reminder: one mail to each confirmed attendee, `reminder_days` before an event starts."""

from __future__ import annotations

from datetime import datetime, timedelta

from eventreg.notify.send import Notifier
from eventreg.ports import EventStore

MAX_REMINDER_DAYS = 60


def send_reminders(repo: EventStore, notifier: Notifier, now: datetime) -> list[str]:
    """The scheduled reminder: events whose start is within their reminder_days get one mail per
    confirmed attendee (a Query of the sparse UpcomingByStart index; harmless when run twice)."""
    reminded = []
    for event_id in repo.events_starting_before(now + timedelta(days=MAX_REMINDER_DAYS)):
        event = repo.get_event(event_id)
        if event.reminder_days is None or now < event.starts_at - timedelta(days=event.reminder_days):
            continue
        if now < event.starts_at:
            notifier.tell_registrants(event, "reminder", "once", confirmed_only=True)
            reminded.append(event_id)
        repo.reminder_done(event_id)
    return reminded
