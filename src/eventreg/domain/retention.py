"""Retention and erasure, pure: which fields of a registration are personal data, and what an
anonymised registration keeps so that the statistics still add up.

Every field of Registration is in exactly one of KEPT and PERSONAL (a unit test holds this), so a new
field cannot slip through unclassified.
"""

from __future__ import annotations

from datetime import datetime

from eventreg.domain.events import Event
from eventreg.domain.registrations import Registration

# What statistics (by status, mode, country, organisation type, sessions, over time) and the delegation
# report's counts need, plus the bookkeeping of the item itself.
KEPT = frozenset({
    "registration_id", "event_id", "status", "attendance_mode", "country", "organisation_type", "sessions",
    "waitlisted_sessions", "created_at", "updated_at", "delegation_id", "delegation_lead", "version",
})
# Who the person is, how to reach them, what they told us about themselves.
PERSONAL = frozenset({
    "name", "email", "email_norm", "organisation", "job_title", "preferred_language", "accessibility_needs",
    "dietary_needs", "list_consent", "answers", "email_status", "role",
})
MARKERS = frozenset({"anonymised", "anonymised_at"})


def anonymised(registration: Registration, at: datetime) -> Registration:
    """The registration without its personal data (blank defaults; storage leaves them out of the item).
    Anonymising twice changes nothing: the first time's result is returned as it is."""
    if registration.anonymised:
        return registration
    blanks = {name: Registration.model_fields[name].get_default(call_default_factory=True) for name in PERSONAL}
    return registration.model_copy(update={
        **blanks, "anonymised": True, "anonymised_at": at, "version": registration.version + 1, "updated_at": at,
    })


def due(event: Event, now: datetime) -> bool:
    """The event's retention period is over and its personal data not yet anonymised."""
    return event.anonymised_at is None and now >= event.purge_after
