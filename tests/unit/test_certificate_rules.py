"""eventreg.domain.certificates: sending every certificate of attendance is the organisers', after the event; it goes
to those checked in who are still confirmed and not erased, and not to anyone the send log already names."""

from __future__ import annotations

from datetime import timedelta

import pytest
from unit_helpers import build_event

from eventreg.domain.access import Access
from eventreg.domain.certificates import (
    CertificatesAlreadySent,
    CertificatesNotYet,
    NobodyCheckedIn,
    attendees,
    check_may_send,
    not_sent_yet,
)
from eventreg.domain.errors import Forbidden

ORGANISER = Access("org", True, frozenset())
PARTNER = Access("partner", False, frozenset({"workshop"}))
ROWS = [{"registration_id": "A", "status": "confirmed"},
        {"registration_id": "B", "status": "confirmed"},  # not checked in
        {"registration_id": "C", "status": "cancelled"},  # checked in, cancelled since
        {"registration_id": "D", "status": "confirmed", "anonymised": True},  # checked in, erased since
        {"registration_id": "E", "status": "confirmed"}]


def test_only_the_organisers_and_only_once_the_event_is_over() -> None:
    event = build_event()
    with pytest.raises(CertificatesNotYet) as early:
        check_may_send(event, ORGANISER, event.ends_at - timedelta(seconds=1))
    assert early.value.code == "certificates_not_yet" and early.value.status == 409
    with pytest.raises(Forbidden):
        check_may_send(event, PARTNER, event.ends_at + timedelta(days=1))
    check_may_send(event, ORGANISER, event.ends_at)  # from the end on


def test_those_checked_in_who_are_still_confirmed_and_not_erased() -> None:
    assert attendees(["E", "C", "D", "A"], ROWS) == ["A", "E"]  # in the registrations' order
    with pytest.raises(NobodyCheckedIn) as nobody:
        attendees(["C", "D", "Z"], ROWS)
    assert nobody.value.code == "nobody_checked_in"


def test_only_those_not_sent_theirs_yet() -> None:
    assert not_sent_yet(["A", "E"], {"A"}) == ["E"]
    with pytest.raises(CertificatesAlreadySent) as sent:
        not_sent_yet(["A", "E"], {"A", "E"})
    assert sent.value.code == "certificates_already_sent" and sent.value.status == 409
