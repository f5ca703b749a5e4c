"""The participant directory's rules (domain.directory) and its use case on the fakes (register.directory): who
is listed (confirmed, consented, not anonymised), who may look (a confirmed attendee), the filters a query string
may carry, and pages that add up to everyone listed, each once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fakes import FakeStore
from unit_helpers import build_event, build_registration

from eventreg.domain.changes import NotChangeable, list_consent
from eventreg.domain.directory import DirectoryClosed, Entry, Filters, listed, parse_filters
from eventreg.domain.errors import ValidationFailed
from eventreg.domain.ids import GENERATED
from eventreg.domain.models import OrganisationType, Registration, RegistrationStatus, new_id
from eventreg.domain.retention import anonymised
from eventreg.register.directory import listing
from eventreg.register.managing import Manager

AT = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)


def person(number: int, **overrides: object) -> Registration:
    fields: dict[str, object] = {"registration_id": f"01KA3F7Q9MZ6T2X8WB4NRCD{number:03d}", "name": f"Person {number}",
                                 "email": f"p{number}@example.eu", "email_norm": f"p{number}@example.eu",
                                 "list_consent": True}
    fields.update(overrides)
    return build_registration(**fields)


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


def add(store: FakeStore, *registrations: Registration) -> None:
    for registration in registrations:
        store.add_registration(registration)


def test_only_confirmed_people_who_agreed_are_listed_and_never_their_email(store: FakeStore) -> None:
    reader = person(0, list_consent=False)
    listed_one = person(1, organisation="Gmina Gdańsk", organisation_type=OrganisationType.CITY)
    add(store, reader, listed_one,
        person(2, list_consent=False),
        person(3, status=RegistrationStatus.WAITLISTED),
        person(4, status=RegistrationStatus.PENDING),
        person(5, status=RegistrationStatus.CANCELLED),
        anonymised(person(6), AT))
    found = listing(store, reader, Filters())
    assert found.entries == [Entry("Person 1", "Gmina Gdańsk", "city", "PL", None)]
    assert found.next_after is None


@pytest.mark.parametrize("status", [RegistrationStatus.WAITLISTED, RegistrationStatus.PENDING,
                                    RegistrationStatus.CANCELLED])
def test_someone_not_confirmed_may_not_look(store: FakeStore, status: RegistrationStatus) -> None:
    add(store, person(1))
    with pytest.raises(DirectoryClosed) as refused:
        listing(store, person(0, status=status), Filters())
    assert (refused.value.code, refused.value.status) == ("directory_for_confirmed", 403)


def test_an_anonymised_reader_may_not_look(store: FakeStore) -> None:
    add(store, person(1))
    with pytest.raises(DirectoryClosed):
        listing(store, anonymised(person(0), AT), Filters())


def test_filters_by_country_and_organisation_type(store: FakeStore) -> None:
    add(store, person(1, country="BE", organisation_type=OrganisationType.CITY),
        person(2, country="BE", organisation_type=OrganisationType.NGO),
        person(3, country="FR", organisation_type=OrganisationType.CITY))
    reader = person(0)
    names = lambda filters: [e.name for e in listing(store, reader, filters).entries]  # noqa: E731
    assert names(Filters(country="BE")) == ["Person 1", "Person 2"]
    assert names(Filters(organisation_type="city")) == ["Person 1", "Person 3"]
    assert names(Filters(country="BE", organisation_type="city")) == ["Person 1"]
    assert names(Filters(country="DE")) == []


def test_pages_cover_everyone_listed_once_and_the_last_says_so(store: FakeStore) -> None:
    people = [person(n) for n in range(1, 8)]
    add(store, *people)
    reader, seen, after, pages = people[0], [], None, 0
    while True:
        found = listing(store, reader, Filters(after=after), limit=3)
        seen += [e.name for e in found.entries]
        pages += 1
        if found.next_after is None:
            break
        after = found.next_after
    assert seen == [p.name for p in people]
    assert pages == 3
    exact = listing(store, reader, Filters(), limit=7)  # exactly one page full: no empty next page
    assert len(exact.entries) == 7 and exact.next_after is None


def test_delegation_roles_are_shown_without_the_delegation_id(store: FakeStore) -> None:
    delegation = new_id()
    add(store, person(1, delegation_id=delegation, delegation_lead=True), person(2, delegation_id=delegation))
    entries = listing(store, person(0), Filters()).entries
    assert [e.delegation for e in entries] == ["lead", "member"]


def test_a_query_string_becomes_filters() -> None:
    after = new_id()
    assert parse_filters({"country": " be ", "organisation_type": "ngo", "after": after}) == \
        Filters("BE", "ngo", after)
    assert parse_filters({"country": "", "organisation_type": "", "token": "x"}) == Filters()
    assert GENERATED.fullmatch(after)


@pytest.mark.parametrize("query, field", [
    ({"country": "XX"}, "country"), ({"country": "B" * 5000}, "country"),
    ({"organisation_type": "spy_agency"}, "organisation_type"),
    ({"after": "REG#' OR 1=1"}, "after"), ({"after": "x" * 300}, "after"),
])
def test_what_the_form_cannot_send_is_refused_with_codes(query: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_filters(query)
    assert list(refused.value.fields) == [field]
    assert refused.value.status == 400


def test_the_rule_reads_stored_values() -> None:
    values = {"status": "confirmed", "list_consent": True, "country": "BE", "organisation_type": "city"}
    assert listed(values, Filters(country="BE"))
    assert not listed({**values, "list_consent": False}, Filters())
    assert not listed({k: v for k, v in values.items() if k != "list_consent"}, Filters())  # anonymised
    assert not listed({**values, "status": "waitlisted"}, Filters())


# -- one's own consent, given or withdrawn through the manage link ------------------------------------------
def test_a_registrant_gives_and_withdraws_their_own_consent_after_the_deadline_too(store: FakeStore) -> None:
    event = build_event(event_id="eu-workshop")
    store.add_event(event)
    reader, other = person(0), person(1, list_consent=False)
    add(store, reader, other)
    past_deadline = event.modification_closes_at + timedelta(days=1)
    manager = Manager(store)
    changed = manager.set_list_consent("eu-workshop", other.registration_id, True, past_deadline)
    assert changed.list_consent is True and changed.version == other.version + 1
    assert [e.name for e in listing(store, reader, Filters()).entries] == ["Person 0", "Person 1"]
    manager.set_list_consent("eu-workshop", other.registration_id, False, past_deadline)
    assert [e.name for e in listing(store, reader, Filters()).entries] == ["Person 0"]


def test_a_cancelled_registration_has_no_consent_to_change(store: FakeStore) -> None:
    with pytest.raises(NotChangeable):
        list_consent(build_event(), person(1, status=RegistrationStatus.CANCELLED), True, AT)
