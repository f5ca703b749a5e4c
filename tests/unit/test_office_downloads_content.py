"""What the back-office's downloads page says, decided without I/O: which delegations an event has (from a
projected read of its registrations) and whether its final list can be downloaded yet."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from fakes import FakeStore
from unit_helpers import build_event, build_registration

from eventreg.domain.models import EventStatus, RegistrationStatus
from eventreg.report.attendees.final_list import FAILED, FINAL_SK, NOT_YET, READY, WRITING, availability
from eventreg.report.trips.delegations import Delegation, delegations


class FinalItems:
    """An ExportStore holding one FINAL item (or none); only get() is read by availability()."""

    def __init__(self, item: dict[str, Any] | None) -> None:
        self.item = item

    def create(self, event_id: str, sk: str, fields: dict[str, Any]) -> bool:
        raise AssertionError("availability() only reads")

    def get(self, event_id: str, sk: str) -> dict[str, Any] | None:
        assert sk == FINAL_SK
        return self.item

    def update(self, event_id: str, sk: str, fields: dict[str, Any], condition: str = "",
               values: dict[str, Any] | None = None) -> bool:
        raise AssertionError("availability() only reads")

    def claim(self, event_id: str, sk: str, now: datetime, lease_until: datetime, claimable: tuple[str, ...],
              fields: dict[str, Any] | None = None, otherwise: str = "", values: dict[str, Any] | None = None) -> bool:
        raise AssertionError("availability() only reads")


def test_delegations_are_listed_with_their_lead_and_the_members_still_going() -> None:
    store = FakeStore()
    event = build_event()
    store.add_event(event)
    rows = [("01KA3F7Q9MZ6T2X8WB4NRCDJ51", "Anne de Vries", "D1", True, RegistrationStatus.CONFIRMED),
            ("01KA3F7Q9MZ6T2X8WB4NRCDJ52", "Bram Jansen", "D1", False, RegistrationStatus.CONFIRMED),
            ("01KA3F7Q9MZ6T2X8WB4NRCDJ53", "Chantal Bakker", "D1", False, RegistrationStatus.CANCELLED),
            ("01KA3F7Q9MZ6T2X8WB4NRCDJ54", "Solo Visitor", None, False, RegistrationStatus.CONFIRMED),
            ("01KA3F7Q9MZ6T2X8WB4NRCDJ55", "Member Without Lead", "D2", False, RegistrationStatus.WAITLISTED)]
    for registration_id, name, delegation_id, lead, status in rows:
        store.add_registration(build_registration(
            registration_id=registration_id, name=name, email=f"{registration_id}@example.eu",
            email_norm=f"{registration_id.lower()}@example.eu", delegation_id=delegation_id,
            delegation_lead=lead, status=status))
    assert delegations(store, event.event_id) == [Delegation("D1", "Anne de Vries", 2),
                                                   Delegation("D2", "", 1)]


@pytest.mark.parametrize("status, item, expected", [
    (EventStatus.OPEN, None, NOT_YET),
    (EventStatus.OPEN, {"status": "reopened"}, NOT_YET),  # registration reopened: no longer final
    (EventStatus.CLOSED, None, WRITING),  # the stream has not picked the closing up yet
    (EventStatus.CLOSED, {"status": "running"}, WRITING),
    (EventStatus.CLOSED, {"status": "stale"}, WRITING),  # an erasure since: written again
    (EventStatus.FINISHED, {"status": "done", "rows_done": 12}, READY),
    (EventStatus.CLOSED, {"status": "failed"}, FAILED),
])
def test_the_final_list_is_offered_only_when_written(status: EventStatus, item: dict[str, Any] | None,
                                                     expected: str) -> None:
    state, found = availability(FinalItems(item), build_event(status=status))
    assert state == expected and found == (item or {})
