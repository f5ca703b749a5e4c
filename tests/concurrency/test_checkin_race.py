"""Check-in at the door on the real engine (Amazon DynamoDB Local): eight scanners on one badge make exactly one
check-in and the other seven are told who was first; refusals (cancelled, waitlisted, pending, no seat in the
session, another event, a forged code); the one-minute undo; erasure removes a person's check-ins; and checking in
writes no registration item (no new version: no mail)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from race_support import open_event

from eventreg import keys as link_keys
from eventreg.adapters.dynamodb import items
from eventreg.adapters.dynamodb.checkins import CheckinTable
from eventreg.adapters.dynamodb.privacy import PrivacyStore
from eventreg.adapters.dynamodb.repository import Repository
from eventreg.config import settings
from eventreg.domain.access import CHECKIN_STAFF
from eventreg.domain.checkins import EVENT_SCOPE, Checkin, Outcome
from eventreg.domain.errors import Forbidden
from eventreg.domain.models import Registration, RegistrationStatus, Session, utc_now
from eventreg.domain.parsing import parse_request
from eventreg.links import checkin_code
from eventreg.privacy.erasure import erase
from eventreg.programme import ProgrammeCache
from eventreg.register.checking_in import CheckInDesk, Staff
from eventreg.register.managing import Manager
from eventreg.register.registering import Registrar

pytestmark = pytest.mark.dynamodb_local

ORGANISER = "org-race"
WORKSHOP, OTHER = "workshop", "other-workshop"
SCANNERS = 8


@pytest.fixture(autouse=True)
def _link_key(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("EVENTREG_LINK_KEY", "race-test-link-key-0123456789abcdef")
    settings.cache_clear()
    link_keys.reset()
    yield
    settings.cache_clear()
    link_keys.reset()


def staff(number: int = 0, organiser_id: str = ORGANISER) -> Staff:
    return Staff(organiser_id, frozenset({"organisers"}), f"Scanner {number}")


def session(session_id: str, now: datetime, partner: str | None = None) -> Session:
    start = now + timedelta(days=30)
    return Session(session_id=session_id, title={"en": session_id}, starts_at=start,
                   ends_at=start + timedelta(hours=1), capacity=50, partner_id=partner)


def seeded(repo: Repository, event_id: str, now: datetime, **event: object) -> CheckInDesk:
    base = open_event(event_id, 100, now).model_copy(update={"organiser_ids": [ORGANISER], **event})
    repo.put_event(base, [session(WORKSHOP, now, partner="org-partner"), session(OTHER, now)])
    return CheckInDesk(ProgrammeCache(repo), repo, CheckinTable(repo.client, repo.table))


def person(repo: Repository, event_id: str, now: datetime, index: int, **extra: object) -> Registration:
    request = parse_request({"name": f"Attendee {index}", "email": f"a{index}@city.example.eu",
                             "organisation": "City of Test", "organisation_type": "city", "country": "BE",
                             "privacy_consent": True, **extra})
    return Registrar(repo).register(event_id, request, now)


def test_eight_scanners_on_one_badge_make_one_checkin(repo: Repository, event_id: str) -> None:
    now = utc_now()
    desk = seeded(repo, event_id, now)
    someone = person(repo, event_id, now, 1)
    code = checkin_code(event_id, someone.registration_id)
    start = threading.Barrier(SCANNERS)

    def scan(number: int) -> tuple[Outcome, str]:
        start.wait()
        result = desk.scan(staff(number), event_id, EVENT_SCOPE, code, now)
        return result.outcome, result.checkin.by_name if result.checkin else ""

    with ThreadPoolExecutor(SCANNERS) as pool:
        results = list(pool.map(scan, range(SCANNERS)))
    outcomes = Counter(outcome for outcome, _ in results)
    assert outcomes == {Outcome.CHECKED_IN: 1, Outcome.ALREADY: SCANNERS - 1}
    first = next(name for outcome, name in results if outcome is Outcome.CHECKED_IN)
    assert {name for outcome, name in results if outcome is Outcome.ALREADY} == {first}  # "already … by <first>"
    assert len(list(desk.store.checkins(event_id))) == 1
    after = repo.get_registration(event_id, someone.registration_id)
    assert after is not None and after.version == someone.version  # the registration was not written: no mail


def test_session_checkins_are_their_own_and_need_a_seat(repo: Repository, event_id: str) -> None:
    now = utc_now()
    desk = seeded(repo, event_id, now)
    seated = person(repo, event_id, now, 1, sessions=[WORKSHOP])
    code = checkin_code(event_id, seated.registration_id)
    assert desk.scan(staff(), event_id, WORKSHOP, code, now).outcome is Outcome.CHECKED_IN
    assert desk.scan(staff(), event_id, EVENT_SCOPE, code, now).outcome is Outcome.CHECKED_IN
    refused = desk.scan(staff(), event_id, OTHER, code, now)
    assert refused.outcome is Outcome.NOT_IN_SESSION and refused.refused
    assert [c.session_id for c in desk.store.checkins(event_id, WORKSHOP)] == [WORKSHOP]


def with_status(repo: Repository, registration: Registration, status: RegistrationStatus) -> Registration:
    """The registration's item rewritten with another status, as a cancellation or a moderation leaves it."""
    changed = registration.model_copy(update={"status": status, "version": registration.version + 1})
    repo.client.put_item(TableName=repo.table, Item=items.registration_item(changed))
    return changed


@pytest.mark.parametrize("status", [RegistrationStatus.CANCELLED, RegistrationStatus.WAITLISTED,
                                    RegistrationStatus.PENDING, RegistrationStatus.REJECTED])
def test_only_confirmed_people_are_checked_in(repo: Repository, event_id: str, status: RegistrationStatus) -> None:
    now = utc_now()
    desk = seeded(repo, event_id, now)
    someone = with_status(repo, person(repo, event_id, now, 2), status)
    result = desk.scan(staff(), event_id, EVENT_SCOPE, checkin_code(event_id, someone.registration_id), now)
    assert result.outcome is Outcome.NOT_CONFIRMED
    assert result.registration is not None and result.registration.status is status
    assert list(desk.store.checkins(event_id)) == []


def test_the_write_itself_refuses_a_registration_cancelled_after_the_desk_read_it(
        repo: Repository, event_id: str) -> None:
    """The condition, not the read, is what holds: the store alone refuses a cancelled registration."""
    now = utc_now()
    desk = seeded(repo, event_id, now)
    someone = with_status(repo, person(repo, event_id, now, 3), RegistrationStatus.CANCELLED)
    stored = desk.store.check_in(Checkin(event_id, someone.registration_id, EVENT_SCOPE, now, ORGANISER, "Desk"))
    assert not stored.written and stored.existing is None
    assert stored.registration is not None and stored.registration.status is RegistrationStatus.CANCELLED
    missing = desk.store.check_in(Checkin(event_id, "01NOSUCHREGISTRATION00000", EVENT_SCOPE, now, ORGANISER, "D"))
    assert not missing.written and missing.registration is None
    assert list(desk.store.checkins(event_id)) == []


def test_codes_of_another_event_and_forged_codes_are_refused(repo: Repository, event_id: str) -> None:
    now = utc_now()
    desk = seeded(repo, event_id, now)
    someone = person(repo, event_id, now, 4)
    code = checkin_code(event_id, someone.registration_id)
    assert desk.scan(staff(), event_id, EVENT_SCOPE, checkin_code("another-event", someone.registration_id),
                     now).outcome is Outcome.NOT_THIS_EVENT
    assert desk.scan(staff(), event_id, EVENT_SCOPE, code[:-2] + "xx", now).outcome is Outcome.INVALID_CODE
    assert desk.scan(staff(), event_id, EVENT_SCOPE, "https://example.com/", now).outcome is Outcome.INVALID_CODE
    assert list(desk.store.checkins(event_id)) == []


def test_undo_within_the_minute_only(repo: Repository, event_id: str) -> None:
    now = utc_now()
    desk = seeded(repo, event_id, now)
    early, late = person(repo, event_id, now, 5), person(repo, event_id, now, 6)
    for someone in (early, late):
        desk.check_in(staff(), event_id, EVENT_SCOPE, someone.registration_id, now)
    assert desk.undo(staff(), event_id, EVENT_SCOPE, early.registration_id,
                     now + timedelta(seconds=59)).outcome is Outcome.UNDONE
    assert desk.undo(staff(), event_id, EVENT_SCOPE, late.registration_id,
                     now + timedelta(seconds=61)).outcome is Outcome.UNDO_EXPIRED
    assert desk.undo(staff(), event_id, EVENT_SCOPE, early.registration_id, now).outcome is Outcome.UNDO_EXPIRED
    assert [c.registration_id for c in desk.store.checkins(event_id)] == [late.registration_id]
    # the store's own condition holds the window, whatever the caller read before
    stale = desk.store.checkin(event_id, EVENT_SCOPE, late.registration_id)
    assert stale is not None and not desk.store.undo(stale, now + timedelta(seconds=1))
    again = desk.check_in(staff(), event_id, EVENT_SCOPE, early.registration_id, now)
    assert again.outcome is Outcome.CHECKED_IN  # an undone check-in can be made again


def test_who_may_check_people_in(repo: Repository, event_id: str) -> None:
    now = utc_now()
    desk = seeded(repo, event_id, now, checkin_staff=["door-1"])
    someone = person(repo, event_id, now, 7, sessions=[WORKSHOP])
    door = Staff("door-1", frozenset({CHECKIN_STAFF}), "Door one")
    assert desk.check_in(door, event_id, OTHER, someone.registration_id, now).outcome is Outcome.NOT_IN_SESSION
    assert desk.check_in(door, event_id, EVENT_SCOPE, someone.registration_id, now).outcome is Outcome.CHECKED_IN
    partner = staff(organiser_id="org-partner")
    assert desk.check_in(partner, event_id, WORKSHOP, someone.registration_id, now).outcome is Outcome.CHECKED_IN
    for who, scope in ((partner, EVENT_SCOPE), (partner, OTHER), (Staff("door-1", frozenset(), "x"), EVENT_SCOPE),
                       (Staff("door-2", frozenset({CHECKIN_STAFF}), "x"), EVENT_SCOPE)):
        with pytest.raises(Forbidden):
            desk.check_in(who, event_id, scope, someone.registration_id, now)


def test_search_by_name_finds_people_and_their_checkins(repo: Repository, event_id: str) -> None:
    now = utc_now()
    desk = seeded(repo, event_id, now)
    found = person(repo, event_id, now, 8, name="Zoë Müller-Lüdenscheidt")
    person(repo, event_id, now, 9, name="Jan Peeters")
    desk.check_in(staff(), event_id, EVENT_SCOPE, found.registration_id, now)
    hits = desk.search(staff(), event_id, EVENT_SCOPE, "zoe mull")
    assert [(h.name, h.checkin is not None) for h in hits] == [("Zoë Müller-Lüdenscheidt", True)]
    assert desk.search(staff(), event_id, EVENT_SCOPE, "") == []
    partner_hits = desk.search(staff(organiser_id="org-partner"), event_id, WORKSHOP, "jan")
    assert partner_hits == []  # Jan has no seat in the partner's workshop


def test_erasure_removes_the_persons_checkins(repo: Repository, event_id: str) -> None:
    now = utc_now()
    desk = seeded(repo, event_id, now)
    gone = person(repo, event_id, now, 10, sessions=[WORKSHOP])
    stays = person(repo, event_id, now, 11)
    for scope in (EVENT_SCOPE, WORKSHOP):
        desk.check_in(staff(), event_id, scope, gone.registration_id, now)
    desk.check_in(staff(), event_id, EVENT_SCOPE, stays.registration_id, now)
    erase(PrivacyStore(repo), Manager(repo), gone.email_norm, now)
    assert [c.registration_id for c in desk.store.checkins(event_id)] == [stays.registration_id]


def test_retention_keeps_attendance_but_not_who_checked_people_in(repo: Repository, event_id: str) -> None:
    now = utc_now()
    desk = seeded(repo, event_id, now)
    someone = person(repo, event_id, now, 12, sessions=[WORKSHOP])
    for scope in (EVENT_SCOPE, WORKSHOP):
        desk.check_in(staff(3), event_id, scope, someone.registration_id, now)
    store = PrivacyStore(repo)
    rewritten, after = store.anonymise_checkins(event_id, None, 1)  # page by page, as the job goes
    while after is not None:
        more, after = store.anonymise_checkins(event_id, after, 1)
        rewritten += more
    assert rewritten == 2
    left = list(desk.store.checkins(event_id))
    assert sorted(c.session_id for c in left) == [EVENT_SCOPE, WORKSHOP]
    assert {(c.by, c.by_name) for c in left} == {("", "")} and all(c.at == now for c in left)
    assert store.anonymise_checkins(event_id, None, 10) == (0, None)  # a second run writes nothing


def test_checkins_read_by_key_for_a_delegation(repo: Repository, event_id: str) -> None:
    now = utc_now()
    desk = seeded(repo, event_id, now)
    one, two = person(repo, event_id, now, 13, sessions=[WORKSHOP]), person(repo, event_id, now, 14)
    desk.check_in(staff(), event_id, EVENT_SCOPE, one.registration_id, now)
    desk.check_in(staff(), event_id, WORKSHOP, one.registration_id, now)
    wanted = [(scope, r.registration_id) for r in (one, two) for scope in (EVENT_SCOPE, WORKSHOP, OTHER)] * 40
    found = desk.store.checkins_of(event_id, wanted)  # 240 pairs, 6 distinct: duplicates asked once
    assert sorted((c.session_id, c.registration_id) for c in found) == [
        (EVENT_SCOPE, one.registration_id), (WORKSHOP, one.registration_id)]
