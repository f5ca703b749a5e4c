"""eventreg.register.organising on the in-memory fakes of eventreg.ports: which registrations an organiser and a
partner see, page by page, and what a partner may not do. The HTTP side (cursors, JSON) is tested through the
organiser API in tests/integration/test_organiser_api.py."""

from __future__ import annotations

import pytest
from fakes import FakeStore
from unit_helpers import build_event, build_registration, build_sessions

from eventreg.domain.errors import Forbidden, ValidationFailed
from eventreg.domain.models import Registration, RegistrationStatus
from eventreg.programme import ProgrammeCache
from eventreg.register.managing import Manager
from eventreg.register.organising import Organising

ORGANISER = "org-regio-b1"
PARTNER = "partner-lab-a"


@pytest.fixture
def organising() -> Organising:
    store = FakeStore()
    sessions = build_sessions()
    sessions["lab-a"] = sessions["lab-a"].model_copy(update={"partner_id": PARTNER})
    store.add_event(build_event(), list(sessions.values()))
    for index, chosen in enumerate((["plenary"], ["lab-a"], ["plenary", "lab-a"], ["plenary"], ["lab-a"])):
        store.add_registration(build_registration(registration_id=f"01KA3F7Q9MZ6T2X8WB4NRCDJ5{index}",
                                                  email_norm=f"person{index}@example.eu", sessions=chosen))
    programmes = ProgrammeCache(store)
    return Organising(store, programmes, Manager(store, programmes))


def _ids(registrations: list[Registration]) -> list[str]:
    """The last character of each id: the registrations' order of the fixture."""
    return [r.registration_id[-1] for r in registrations]


def test_the_organiser_pages_through_every_registration(organising: Organising) -> None:
    _, who = organising.programme("eu-workshop", ORGANISER)
    first = organising.registrations(who, "eu-workshop", 2, None)
    assert _ids(first.registrations) == ["0", "1"]
    second = organising.registrations(who, "eu-workshop", 2, first.cursor)
    assert _ids(second.registrations) == ["2", "3"]
    last = organising.registrations(who, "eu-workshop", 2, second.cursor)
    assert _ids(last.registrations) == ["4"] and last.cursor is None


def test_a_partner_sees_only_the_registrations_for_its_sessions(organising: Organising) -> None:
    _, who = organising.programme("eu-workshop", PARTNER)
    assert not who.full and who.sessions == frozenset({"lab-a"})
    listing = organising.registrations(who, "eu-workshop", 50, None)
    assert _ids(listing.registrations) == ["1", "2", "4"] and listing.cursor is None
    with pytest.raises(Forbidden):
        organising.filters(who, None, "plenary")
    with pytest.raises(ValidationFailed):
        organising.filters(who, "maybe", None)
    organising.filters(who, RegistrationStatus.CONFIRMED.value, "lab-a")


def test_a_partner_changes_only_its_own_sessions(organising: Organising) -> None:
    with pytest.raises(Forbidden):
        organising.put_session(PARTNER, "eu-workshop", "plenary", {"capacity": 10})
    with pytest.raises(Forbidden):
        organising.put_session(PARTNER, "eu-workshop", "lab-a", {"partner_id": "someone-else"})
    with pytest.raises(Forbidden):
        organising.update_event(PARTNER, "eu-workshop", {"title": {"en": "Renamed"}})
    with pytest.raises(Forbidden):
        organising.moderate(PARTNER, "eu-workshop", "01KA3F7Q9MZ6T2X8WB4NRCDJ51", "approve")
