"""eventreg.domain.registration: rejection, full_error, normalise_email, parse_request, plan_registration."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from unit_helpers import OPENS, SUMMER_CUTOFF, WINTER_CUTOFF

from eventreg.domain.errors import (
    EventFull,
    Instant,
    ModeNotOffered,
    RegistrationClosed,
    RegistrationNotOpen,
    ValidationFailed,
)
from eventreg.domain.models import AttendanceMode, Event, EventStatus, RegistrationStatus, WhenFull
from eventreg.domain.parsing import parse_request
from eventreg.domain.registration import Fullness, full_error, learn, normalise_email, plan_registration, rejection
from eventreg.locale.dates import format_instant
from eventreg.locale.errors import written_out

EventFactory = Callable[..., Event]
SECOND = timedelta(seconds=1)
DURING = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def valid_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Elżbieta Bieńkowska",
        "email": "E.Bienkowska@example.eu",
        "organisation": "European Commission",
        "organisation_type": "eu_institution",
        "country": "PL",
        "attendance_mode": "online",
        "privacy_consent": True,
    }
    body.update(overrides)
    return body


# -- rejection -------------------------------------------------------------------------------------


def test_open_event_accepts(make_event: EventFactory) -> None:
    assert rejection(make_event(), DURING, AttendanceMode.IN_PERSON) is None


def test_draft_event_is_not_open(make_event: EventFactory) -> None:
    error = rejection(make_event(status=EventStatus.DRAFT), DURING)
    assert isinstance(error, RegistrationNotOpen)
    assert error.status == 409
    assert error.body()["error"]["code"] == "registration_not_open"


def test_before_opening_is_not_open_and_says_when(make_event: EventFactory) -> None:
    error = rejection(make_event(), OPENS - SECOND)
    assert isinstance(error, RegistrationNotOpen)
    assert error.instants == {"opens_at": Instant(OPENS, "Europe/Brussels", "en")}  # the domain writes no date
    written_out(error)
    # 09:00 UTC on 1 March is 10:00 in Brussels (CET).
    assert error.message == "Registration opens on 1 March 2026, 10:00 CET."


def test_accepts_from_the_opening_instant(make_event: EventFactory) -> None:
    assert rejection(make_event(), OPENS) is None


def test_closed_exactly_at_the_cutoff(make_event: EventFactory) -> None:
    error = rejection(make_event(), WINTER_CUTOFF, AttendanceMode.ONLINE)
    assert isinstance(error, RegistrationClosed)
    assert error.status == 409
    assert error.code == "registration_closed"


def test_accepted_one_second_before_the_cutoff(make_event: EventFactory) -> None:
    assert rejection(make_event(), WINTER_CUTOFF - SECOND, AttendanceMode.ONLINE) is None


def test_closed_after_the_cutoff(make_event: EventFactory) -> None:
    assert isinstance(rejection(make_event(), WINTER_CUTOFF + timedelta(days=3)), RegistrationClosed)


@pytest.mark.parametrize("status", [EventStatus.CLOSED, EventStatus.FINISHED, EventStatus.CANCELLED])
def test_not_open_statuses_are_closed_even_inside_the_window(make_event: EventFactory, status: EventStatus) -> None:
    assert isinstance(rejection(make_event(status=status), DURING), RegistrationClosed)


def test_winter_cutoff_is_shown_in_cet(make_event: EventFactory) -> None:
    error = rejection(make_event(), WINTER_CUTOFF)
    assert isinstance(error, RegistrationClosed)
    written_out(error)
    assert error.message == "Registration closed on 20 March 2026, 23:59 CET."
    assert error.details == {
        "closes_at": "2026-03-20T23:59:59+01:00",
        "closes_at_display": "20 March 2026, 23:59 CET",
        "timezone": "Europe/Brussels",
    }


def test_summer_cutoff_is_shown_in_cest(make_event: EventFactory) -> None:
    event = make_event(registration_closes_at=SUMMER_CUTOFF)
    assert rejection(event, SUMMER_CUTOFF - SECOND) is None
    error = rejection(event, SUMMER_CUTOFF)
    assert isinstance(error, RegistrationClosed)
    assert error.details["closes_at"] == "2026-05-18T23:59:59+02:00"
    assert written_out(error).details["closes_at_display"] == "18 May 2026, 23:59 CEST"
    body = error.body()["error"]
    assert body["code"] == "registration_closed"
    assert body["closes_at"] == "2026-05-18T23:59:59+02:00"


def test_cutoff_shown_in_the_event_language(make_event: EventFactory) -> None:
    event = make_event(registration_closes_at=SUMMER_CUTOFF, language="fr")
    error = rejection(event, SUMMER_CUTOFF)
    assert isinstance(error, RegistrationClosed)
    assert written_out(error).details["closes_at_display"] == "18 mai 2026, 23:59 CEST"


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (datetime(2026, 3, 28, 22, 59, tzinfo=UTC), "28 March 2026, 23:59 CET"),
        (datetime(2026, 3, 29, 21, 59, tzinfo=UTC), "29 March 2026, 23:59 CEST"),
        (datetime(2026, 10, 24, 21, 59, tzinfo=UTC), "24 October 2026, 23:59 CEST"),
        (datetime(2026, 10, 25, 22, 59, tzinfo=UTC), "25 October 2026, 23:59 CET"),
    ],
)
def test_format_instant_across_dst_switches(instant: datetime, expected: str) -> None:
    assert format_instant(instant, "Europe/Brussels") == expected


def test_mode_not_offered(make_event: EventFactory) -> None:
    event = make_event(modes=[AttendanceMode.IN_PERSON])
    error = rejection(event, DURING, AttendanceMode.ONLINE)
    assert isinstance(error, ModeNotOffered)
    assert error.code == "attendance_mode_not_offered"
    assert error.fields == {"attendance_mode": "Choose one of: in_person."}
    assert rejection(event, DURING, AttendanceMode.IN_PERSON) is None


def test_mode_is_not_checked_when_not_given(make_event: EventFactory) -> None:
    assert rejection(make_event(modes=[AttendanceMode.IN_PERSON]), DURING) is None


def test_rejection_never_looks_at_capacity(make_event: EventFactory) -> None:
    # Capacity is the transaction's condition; the window rule alone decides here.
    event = make_event(capacity_in_person=3, registered_in_person=3)
    assert rejection(event, DURING, AttendanceMode.IN_PERSON) is None


def test_full_event(make_event: EventFactory) -> None:
    error = full_error(make_event(modes=[AttendanceMode.ONLINE], capacity_online=3, registered_online=3),
                       AttendanceMode.ONLINE)
    assert isinstance(error, EventFull)
    assert error.status == 409
    assert error.body() == {
        "error": {"code": "event_full", "message": "There are no places left.", "alternatives": {"waitlist": True}}
    }


def test_full_hall_offers_online_when_online_has_room(make_event: EventFactory) -> None:
    error = full_error(make_event(capacity_in_person=3, registered_in_person=3), AttendanceMode.IN_PERSON)
    assert error.message == "The hall is full."
    assert error.details == {"alternatives": {"waitlist": True, "online": True}}


def test_full_hall_does_not_offer_online_without_enough_online_places(make_event: EventFactory) -> None:
    event = make_event(capacity_in_person=3, registered_in_person=3, capacity_online=10, registered_online=8)
    assert full_error(event, AttendanceMode.IN_PERSON, size=2).details["alternatives"] == {
        "waitlist": True, "online": True}
    assert full_error(event, AttendanceMode.IN_PERSON, size=3).details["alternatives"] == {"waitlist": True}


def test_last_place_is_accepted(make_event: EventFactory) -> None:
    event = make_event(capacity_in_person=3, registered_in_person=2)
    plan = plan_registration(event, {}, parse_request(valid_body(attendance_mode="in_person")), DURING)
    assert learn(event, {}, plan, Fullness()) == Fullness()


def test_zero_capacity_is_full(make_event: EventFactory) -> None:
    event = make_event(capacity_in_person=0)
    plan = plan_registration(event, {}, parse_request(valid_body(attendance_mode="in_person")), DURING)
    assert learn(event, {}, plan, Fullness()) == Fullness(modes=frozenset({AttendanceMode.IN_PERSON}))


def test_closed_takes_precedence_over_full(make_event: EventFactory) -> None:
    event = make_event(capacity_in_person=1, registered_in_person=1)
    full = Fullness(modes=frozenset({AttendanceMode.IN_PERSON}))
    request = parse_request(valid_body(attendance_mode="in_person", when_full="refuse"))
    with pytest.raises(RegistrationClosed):
        plan_registration(event, {}, request, WINTER_CUTOFF, full)
    with pytest.raises(EventFull):
        plan_registration(event, {}, request, DURING, full)


# -- normalise_email -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("E.Bienkowska@Example.EU", "e.bienkowska@example.eu"),
        ("  anna@example.eu\t", "anna@example.eu"),
        ("ＡＮＮＡ@example.eu", "anna@example.eu"),  # fullwidth letters fold under NFKC
        ("ZOÉ@example.fr", "zoé@example.fr"),
        ("already@lower.eu", "already@lower.eu"),
    ],
)
def test_normalise_email(raw: str, expected: str) -> None:
    assert normalise_email(raw) == expected


def test_normalise_email_is_idempotent() -> None:
    once = normalise_email(" Mixed.Case@Example.EU ")
    assert normalise_email(once) == once


# -- parse_request ---------------------------------------------------------------------------------


def test_parse_valid_request_strips_and_uppercases() -> None:
    request = parse_request(valid_body(name="  Jan Novák ", country=" cz ", organisation=" City of Brno "))
    assert request.name == "Jan Novák"
    assert request.organisation == "City of Brno"
    assert request.country == "CZ"
    assert request.attendance_mode is AttendanceMode.ONLINE


def test_attendance_mode_defaults_to_in_person() -> None:
    body = valid_body()
    del body["attendance_mode"]
    assert parse_request(body).attendance_mode is AttendanceMode.IN_PERSON


def test_missing_fields_each_get_a_message() -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_request({})
    error = caught.value
    assert error.status == 400
    assert error.code == "validation_error"
    assert error.fields == {
        "name": "This field is required.",
        "email": "This field is required.",
        "organisation": "This field is required.",
        "organisation_type": "This field is required.",
        "country": "This field is required.",
        "privacy_consent": "This field is required.",
    }
    assert error.body()["error"]["fields"] == error.fields


def test_unknown_field_is_rejected() -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_request(valid_body(is_admin=True))
    assert caught.value.fields == {"is_admin": "Unknown field."}


@pytest.mark.parametrize("email", ["not-an-email", "anna@", "@example.eu", "anna@@example.eu", "anna example.eu"])
def test_bad_email(email: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_request(valid_body(email=email))
    fields = caught.value.fields
    assert list(fields) == ["email"]
    assert "email address" in fields["email"].lower() or "@" in fields["email"]
    assert fields["email"].endswith(".")


@pytest.mark.parametrize("country", ["XX", "EU", "Belgium", "", "B", "123"])
def test_bad_country(country: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_request(valid_body(country=country))
    assert caught.value.fields == {"country": "Choose a country (ISO 3166 two-letter code, e.g. BE)."}


def test_kosovo_is_a_country() -> None:
    assert parse_request(valid_body(country="XK")).country == "XK"


def test_bad_attendance_mode() -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_request(valid_body(attendance_mode="hybrid"))
    assert caught.value.fields == {"attendance_mode": "Choose one of the options."}  # by its code, not pydantic's


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_blank_or_overlong_name(name: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_request(valid_body(name=name))
    assert list(caught.value.fields) == ["name"]


def test_html_in_name_is_kept_as_text() -> None:
    name = '<script>alert("x")</script> & <b>Ana</b>'
    assert parse_request(valid_body(name=name)).name == name


@pytest.mark.parametrize("body", [None, [], "name=Ana", 42])
def test_body_must_be_an_object(body: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_request(body)
    assert caught.value.fields == {}
    assert caught.value.message == "The body must be a JSON object or a form."


@pytest.mark.parametrize("consent", [False, "false", 0])
def test_privacy_consent_must_be_given(consent: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_request(valid_body(privacy_consent=consent))
    assert caught.value.fields == {"privacy_consent": "You must accept the privacy statement to register."}


def test_unknown_organisation_type() -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_request(valid_body(organisation_type="mayor"))
    assert caught.value.fields == {"organisation_type": "Choose one of the options."}


def test_repeated_sessions_are_kept_once_in_order() -> None:
    request = parse_request(valid_body(sessions=["b", "a", "b"]))
    assert request.sessions == ["b", "a"]


# -- plan_registration (the successor of new_registration) -----------------------------------------


def test_planned_registration_is_confirmed_with_normalised_email(make_event: EventFactory) -> None:
    now = datetime(2026, 3, 10, 12, 0, 7, 123456, tzinfo=UTC)
    plan = plan_registration(make_event(), {}, parse_request(valid_body()), now)
    (registration,) = plan.registrations
    assert registration.event_id == "eu-workshop"
    assert registration.email == "E.Bienkowska@example.eu"
    assert registration.email_norm == "e.bienkowska@example.eu"
    assert registration.status is RegistrationStatus.CONFIRMED
    assert registration.created_at == datetime(2026, 3, 10, 12, 0, 7, tzinfo=UTC)
    assert len(registration.registration_id) == 26
    assert registration.version == 1
    assert plan.waitlisted is False and plan.mode is AttendanceMode.ONLINE
    assert plan.size == 1


def test_plan_refuses_outside_the_window(make_event: EventFactory) -> None:
    with pytest.raises(RegistrationNotOpen):
        plan_registration(make_event(), {}, parse_request(valid_body()), OPENS - SECOND)


def test_plan_refuses_a_mode_the_event_does_not_offer(make_event: EventFactory) -> None:
    with pytest.raises(ModeNotOffered):
        plan_registration(make_event(modes=[AttendanceMode.IN_PERSON]), {}, parse_request(valid_body()), DURING)


def test_when_full_defaults_to_the_waiting_list() -> None:
    assert parse_request(valid_body()).when_full is WhenFull.WAITLIST
