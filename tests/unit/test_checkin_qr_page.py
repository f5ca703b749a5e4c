"""Which registrations the manage page shows a check-in QR code to (#15): a confirmed place of an event that goes
ahead, and nobody else (waiting, pending, cancelled, rejected, erased, or the event cancelled)."""

from __future__ import annotations

import pytest

from devstack.seed import demo_event
from eventreg.domain.models import EventStatus, Registration, RegistrationStatus
from eventreg.entrypoints.http.manage import checkin_qr
from eventreg.links import checkin_code
from eventreg.qr_codes import svg

EVENT, _ = demo_event()
pytestmark = pytest.mark.usefixtures("link_key")


def registration(status: RegistrationStatus, anonymised: bool = False) -> Registration:
    return Registration(registration_id="01JQRPAGE0000000000000000", event_id=EVENT.event_id, name="Ana Čović",
                        country="HR", attendance_mode="in_person", status=status, anonymised=anonymised,
                        created_at=EVENT.registration_opens_at)


def test_a_confirmed_place_gets_the_svg_of_its_own_code_named_in_the_readers_language() -> None:
    shown = checkin_qr(EVENT, registration(RegistrationStatus.CONFIRMED), "nl")
    assert shown == svg(checkin_code(EVENT.event_id, "01JQRPAGE0000000000000000"), "QR-code om in te checken")


@pytest.mark.parametrize("status", [s for s in RegistrationStatus if s is not RegistrationStatus.CONFIRMED])
def test_no_code_without_a_confirmed_place(status: RegistrationStatus) -> None:
    assert checkin_qr(EVENT, registration(status), "en") == ""


def test_no_code_once_erased_or_when_the_event_is_cancelled() -> None:
    assert checkin_qr(EVENT, registration(RegistrationStatus.CONFIRMED, anonymised=True), "en") == ""
    cancelled = EVENT.model_copy(update={"status": EventStatus.CANCELLED})
    assert checkin_qr(cancelled, registration(RegistrationStatus.CONFIRMED), "en") == ""
