"""eventreg.domain.retention: what an anonymised registration keeps and loses; no mail for it; the erasing
cancellation; privacy officers' tokens."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from unit_helpers import build_sessions

from eventreg.adapters.dynamodb import items
from eventreg.adapters.jwt import issue_token, verify_token
from eventreg.auth import PRIVACY_OFFICERS, Unauthenticated, groups_of, require_privacy_officer
from eventreg.config import settings
from eventreg.domain import changes
from eventreg.domain.errors import Forbidden, ValidationFailed
from eventreg.domain.models import AttendanceMode, Event, Registration, RegistrationStatus
from eventreg.domain.retention import KEPT, MARKERS, PERSONAL, anonymised, due
from eventreg.notify.decide import mail_state
from eventreg.ports import Change
from eventreg.privacy.erasure import Erasure, outcome, parse_erasure

AT = datetime(2026, 9, 8, 3, 0, tzinfo=UTC)
SECRET = "unit-test-secret-0123456789abcdef0123"


def person(make_registration: Callable[..., Registration], **overrides: object) -> Registration:
    fields: dict[str, object] = {
        "job_title": "Head of unit", "accessibility_needs": "Wheelchair access", "dietary_needs": "Vegan",
        "answers": {"interest": "Networking", "note": "I am diabetic"}, "preferred_language": "nl",
        "list_consent": True, "email_status": "bounced", "sessions": ["plenary"], "waitlisted_sessions": ["lab-a"],
        "country": "NL", "organisation_type": "city", "delegation_id": "01KA3F7Q9MZ6T2X8WB4NRCDJ5A",
        "delegation_lead": True, "version": 3, "updated_at": datetime(2026, 3, 6, tzinfo=UTC),
    }
    fields.update(overrides)
    return make_registration(**fields)


def test_every_field_is_either_kept_or_personal() -> None:
    assert not KEPT & PERSONAL
    assert set(Registration.model_fields) == KEPT | PERSONAL | MARKERS


def test_anonymised_keeps_what_statistics_need(make_registration: Callable[..., Registration]) -> None:
    before = person(make_registration)
    after = anonymised(before, AT)
    for name in KEPT - {"version", "updated_at"}:
        assert getattr(after, name) == getattr(before, name), name
    assert after.status is RegistrationStatus.CONFIRMED
    assert after.country == "NL" and after.organisation_type.value == "city"
    assert after.sessions == ["plenary"] and after.waitlisted_sessions == ["lab-a"]
    assert after.created_at == before.created_at
    assert after.version == 4 and after.updated_at == AT
    assert after.anonymised and after.anonymised_at == AT


def test_anonymised_blanks_every_personal_field(make_registration: Callable[..., Registration]) -> None:
    after = anonymised(person(make_registration), AT)
    assert (after.name, after.email, after.email_norm, after.organisation, after.job_title) == ("", "", "", "", "")
    assert (after.accessibility_needs, after.dietary_needs, after.answers) == ("", "", {})
    assert (after.preferred_language, after.list_consent, after.email_status) == ("en", False, "ok")
    text = after.model_dump_json()
    for secret in ("Bie", "example.eu", "European Commission", "Head of unit", "Wheelchair", "Vegan", "diabetic"):
        assert secret not in text


def test_anonymising_twice_changes_nothing(make_registration: Callable[..., Registration]) -> None:
    once = anonymised(person(make_registration), AT)
    assert anonymised(once, AT + timedelta(days=1)) is once


def test_shown_name(make_registration: Callable[..., Registration]) -> None:
    assert person(make_registration).shown_name == "Elżbieta Bieńkowska"
    assert anonymised(person(make_registration), AT).shown_name == "(anonymised)"


def test_due_after_the_retention_period(make_event: Callable[..., Event]) -> None:
    event = make_event(retention_days=90)  # ends 10 June 2026, 15:00 UTC
    assert event.purge_after == datetime(2026, 9, 8, 15, 0, tzinfo=UTC)
    assert not due(event, datetime(2026, 9, 8, 14, 59, 59, tzinfo=UTC))
    assert due(event, datetime(2026, 9, 8, 15, 0, tzinfo=UTC))
    assert not due(event.model_copy(update={"anonymised_at": AT}), datetime(2027, 1, 1, tzinfo=UTC))


def test_retention_days_stay_within_bounds(make_event: Callable[..., Event]) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        make_event(retention_days=0)
    assert make_event().retention_days == 90


# -- no mail ------------------------------------------------------------------------------------------
def plain(registration: Registration) -> dict[str, object]:
    return items.from_av(items.registration_item(registration))


def test_an_anonymising_modify_record_announces_no_mail(make_registration: Callable[..., Registration]) -> None:
    before = person(make_registration)
    assert mail_state(Change("MODIFY", plain(anonymised(before, AT)), plain(before))) is None


def test_an_erasing_cancellation_announces_no_mail(make_registration: Callable[..., Registration]) -> None:
    before = person(make_registration)
    erased = anonymised(before.model_copy(update={"status": RegistrationStatus.CANCELLED}), AT)
    assert mail_state(Change("MODIFY", plain(erased), plain(before))) is None
    # ... while the same cancellation without erasure is announced
    cancelled = before.model_copy(update={"status": RegistrationStatus.CANCELLED})
    assert mail_state(Change("MODIFY", plain(cancelled), plain(before))) == "cancelled"


def test_cancel_with_erase_writes_the_registration_anonymised(
    make_event: Callable[..., Event], make_registration: Callable[..., Registration]
) -> None:
    event = make_event(registered_in_person=1)
    sessions = build_sessions()
    sessions["plenary"] = sessions["plenary"].model_copy(update={"registered": 1})
    registration = make_registration(sessions=["plenary"], attendance_mode=AttendanceMode.IN_PERSON)
    waiters = {scope: None for scope in changes.freed_scopes(registration)}
    t = changes.cancel(event, sessions, registration, waiters, AT, erase=True)
    ((written, version),) = t.puts
    assert version == 1 and written.version == 2
    assert written.status is RegistrationStatus.CANCELLED and written.anonymised and written.email == ""
    assert t.guard_deletes == [("e.bienkowska@example.eu", registration.registration_id)]  # the guard still goes
    assert t.event_deltas["registered_in_person"] == -1 and t.session_deltas["plenary"]["registered"] == -1


# -- erasure requests ----------------------------------------------------------------------------------
def test_erasure_email_is_normalised_as_registration_does() -> None:
    assert parse_erasure({"email": "  E.Bienkowska@EXAMPLE.eu "}) == "e.bienkowska@example.eu"
    # an internationalised domain is kept in its ASCII form, as registration stores it
    assert parse_erasure({"email": "anna@bücher.example"}) == "anna@xn--bcher-kva.example"


@pytest.mark.parametrize("body", [{}, {"email": "not an address"}, {"email": "a@b.eu", "name": "x"}, []])
def test_erasure_request_is_validated(body: object) -> None:
    with pytest.raises(ValidationFailed):
        parse_erasure(body)


def test_erasure_answer_holds_counts_only() -> None:
    done = Erasure(events={"a", "b"}, registrations=3, cancelled=1, promoted=1)
    assert done.counts() == {"events": 2, "registrations": 3, "cancelled": 1, "promoted": 1}
    assert outcome(done.counts()) == {"found": True, "events": 2, "registrations": 3, "cancelled": 1,
                                      "promoted": 1, "message": "The person's registrations are anonymised."}
    assert outcome(Erasure().counts())["found"] is False
    # as stored on a done request item: counts come back from DynamoDB as numbers, extra fields ignored
    assert outcome({"events": 0, "registrations": 0, "cancelled": 0, "promoted": 0, "status": "done"}) == {
        "found": False, "events": 0, "registrations": 0, "cancelled": 0, "promoted": 0,
        "message": "No registration found for this address: nothing (more) to erase."}


# -- privacy officers ------------------------------------------------------------------------------------
def request_with(groups: list[str] | None) -> SimpleNamespace:
    """A request bearing a local token of "someone" in these groups (None: a token without the claim)."""
    token = issue_token(SECRET, "someone", groups=groups or [])
    return SimpleNamespace(headers={"authorization": f"Bearer {token}"}, context={}, method="POST")


@pytest.fixture
def local_tokens(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("EVENTREG_JWT_SECRET", SECRET)
    settings.cache_clear()
    yield
    settings.cache_clear()


def test_tokens_carry_groups_as_cognito_does() -> None:
    token = issue_token(SECRET, "dpo-1", groups=[PRIVACY_OFFICERS])
    who = verify_token(SECRET, "Bearer " + token)
    assert who.organiser_id == "dpo-1" and who.groups == frozenset({PRIVACY_OFFICERS})
    assert verify_token(SECRET, "Bearer " + issue_token(SECRET, "org-1")).groups == frozenset()


def test_only_privacy_officers_may_ask_for_erasure(local_tokens: None) -> None:
    assert require_privacy_officer(request_with([PRIVACY_OFFICERS, "organisers"])) == "someone"
    for groups in (None, [], ["organisers"], ["privacy-officer"]):
        with pytest.raises(Forbidden):
            require_privacy_officer(request_with(groups))
    assert groups_of(request_with(["organisers"])) == frozenset({"organisers"})
    with pytest.raises(Unauthenticated):
        groups_of(SimpleNamespace(headers={"authorization": "Bearer forged"}, context={}, method="POST"))
