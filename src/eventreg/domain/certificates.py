"""Sending every certificate of attendance at once (#15), pure: when an event's organisers may, who receives one,
and the send-log state that makes it one mail per person and event, however often the button is pressed or a job
is retried. A second press sends only to those not sent one yet (checked in since); with nobody left it is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from eventreg.domain.access import Access
from eventreg.domain.broadcasts import Audience
from eventreg.domain.errors import N_, DomainError, Forbidden, Message
from eventreg.domain.events import Event
from eventreg.domain.types import RegistrationStatus

# The send-log state of a person's certificate mail: keyed by event and person alone (not by the press that sent
# it), so a later press or a retried job finds it taken.
CLAIM = "certificate"
# Who may still receive one when it is sent: confirmed and not erased (checked in is read from the check-ins).
AUDIENCE = Audience(status=RegistrationStatus.CONFIRMED.value)


class CertificatesNotYet(DomainError):
    code = "certificates_not_yet"
    status = 409


class NobodyCheckedIn(DomainError):
    code = "nobody_checked_in"
    status = 409


class CertificatesAlreadySent(DomainError):
    code = "certificates_already_sent"
    status = 409


def check_may_send(event: Event, who: Access, now: datetime) -> None:
    """The event's own organisers send them (a partner's sessions are not the event), once it has ended."""
    if not who.full:
        raise Forbidden(Message(N_("Only the event's organisers send the certificates of attendance.")))
    if now < event.ends_at:
        raise CertificatesNotYet(Message(N_("Certificates of attendance can be sent once the event is over.")))


def attendees(checked_in: Iterable[str], registrations: Iterable[Mapping[str, Any]]) -> list[str]:
    """The registrations (their domain.broadcasts.AUDIENCE_FIELDS, in the store's order) checked in at the event
    and still in AUDIENCE: cancelled or erased since, they get nothing. NobodyCheckedIn when none is."""
    came = set(checked_in)
    found = [str(fields["registration_id"]) for fields in registrations
             if fields.get("registration_id") in came and AUDIENCE.includes(fields)]
    if not found:
        raise NobodyCheckedIn(Message(N_("Nobody was checked in at this event: there is no certificate to send.")))
    return found


def not_sent_yet(attended: list[str], sent: set[str]) -> list[str]:
    """Those of `attended` the send log does not name; CertificatesAlreadySent when that is nobody."""
    left = [registration_id for registration_id in attended if registration_id not in sent]
    if not left:
        raise CertificatesAlreadySent(Message(N_("Every person checked in has already been sent their certificate.")))
    return left
