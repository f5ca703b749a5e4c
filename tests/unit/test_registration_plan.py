"""eventreg.domain.registration: plan_registration, check_sessions, check_answers and learn (pure)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from unit_helpers import build_request, build_sessions

from eventreg.domain.errors import EventFull, ValidationFailed
from eventreg.domain.models import (
    AttendanceMode,
    Event,
    Person,
    Question,
    QuestionKind,
    RegistrationStatus,
    Session,
)
from eventreg.domain.registration import Fullness, Plan, check_answers, check_sessions, learn, plan_registration

EventFactory = Callable[..., Event]
DURING = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
NOTHING_FULL = Fullness()
IN_PERSON = AttendanceMode.IN_PERSON
ONLINE = AttendanceMode.ONLINE
HALL_FULL = Fullness(modes=frozenset({IN_PERSON}))


def plan(event: Event, fullness: Fullness = NOTHING_FULL, members: list[Person] | None = None, **request: Any) -> Plan:
    return plan_registration(event, build_sessions(), build_request(**request), DURING, fullness, members)


def members(count: int, domain: str = "city.example.nl") -> list[Person]:
    return [Person(name=f"Member {i}", email=f"member{i}@{domain}", preferred_language="nl") for i in range(count)]


# -- plan_registration -----------------------------------------------------------------------------


def test_confirmed_with_seats_in_every_chosen_session(make_event: EventFactory) -> None:
    planned = plan(make_event(), sessions=["plenary", "lab-a"])
    (registration,) = planned.registrations
    assert registration.status is RegistrationStatus.CONFIRMED
    assert registration.sessions == ["plenary", "lab-a"]
    assert registration.waitlisted_sessions == []
    assert registration.delegation_id is None and registration.delegation_lead is False
    assert planned.waitlisted is False
    assert planned.mode is IN_PERSON
    assert planned.seated_sessions == ["plenary", "lab-a"]
    assert planned.waiting_sessions == []
    assert planned.session_capacities == {"plenary": 50, "lab-a": 20}


def test_registration_keeps_what_was_submitted(make_event: EventFactory) -> None:
    (registration,) = plan(
        make_event(), job_title="Head of unit", dietary_needs="vegan", accessibility_needs="step-free access",
        list_consent=True, preferred_language="fr",
    ).registrations
    assert registration.organisation_type.value == "eu_institution"
    assert registration.job_title == "Head of unit"
    assert registration.dietary_needs == "vegan"
    assert registration.accessibility_needs == "step-free access"
    assert registration.list_consent is True
    assert registration.preferred_language == "fr"


def test_preferred_language_defaults_to_the_event_language(make_event: EventFactory) -> None:
    (registration,) = plan(make_event(language="de")).registrations
    assert registration.preferred_language == "de"


def test_moderated_event_registers_pending(make_event: EventFactory) -> None:
    planned = plan(make_event(moderated=True), sessions=["plenary"])
    (registration,) = planned.registrations
    assert registration.status is RegistrationStatus.PENDING
    assert registration.status.holds_place
    assert planned.waitlisted is False
    assert planned.seated_sessions == ["plenary"]


def test_full_hall_puts_the_registrant_on_the_waiting_list(make_event: EventFactory) -> None:
    planned = plan(make_event(), HALL_FULL, sessions=["plenary", "lab-a"])
    (registration,) = planned.registrations
    assert registration.status is RegistrationStatus.WAITLISTED
    assert registration.attendance_mode is IN_PERSON
    assert registration.sessions == []
    assert registration.waitlisted_sessions == ["plenary", "lab-a"]  # seats are asked for on promotion
    assert planned.waitlisted is True
    assert planned.seated_sessions == [] and planned.waiting_sessions == []


def test_waiting_list_on_a_moderated_event_is_still_the_waiting_list(make_event: EventFactory) -> None:
    (registration,) = plan(make_event(moderated=True), HALL_FULL).registrations
    assert registration.status is RegistrationStatus.WAITLISTED


def test_full_hall_switches_to_online_when_asked(make_event: EventFactory) -> None:
    planned = plan(make_event(), HALL_FULL, when_full="online", sessions=["plenary"], dietary_needs="vegan")
    (registration,) = planned.registrations
    assert planned.mode is ONLINE and planned.waitlisted is False
    assert registration.attendance_mode is ONLINE
    assert registration.status is RegistrationStatus.CONFIRMED
    assert registration.sessions == ["plenary"]
    assert registration.dietary_needs == ""  # catering is for the hall only


def test_online_instead_is_not_possible_when_online_is_full_too(make_event: EventFactory) -> None:
    both_full = Fullness(modes=frozenset({IN_PERSON, ONLINE}))
    planned = plan(make_event(), both_full, when_full="online")
    assert planned.mode is IN_PERSON
    assert planned.waitlisted is True


def test_online_instead_is_not_possible_at_an_in_person_event(make_event: EventFactory) -> None:
    planned = plan(make_event(modes=[IN_PERSON]), HALL_FULL, when_full="online")
    assert planned.mode is IN_PERSON
    assert planned.registrations[0].status is RegistrationStatus.WAITLISTED


def test_online_instead_falls_back_to_the_waiting_list_for_in_person_only_sessions(make_event: EventFactory) -> None:
    planned = plan(make_event(), HALL_FULL, when_full="online", sessions=["lab-a"])
    assert planned.mode is IN_PERSON
    assert planned.waitlisted is True


def test_refuse_when_full_raises_event_full_with_alternatives(make_event: EventFactory) -> None:
    with pytest.raises(EventFull) as caught:
        plan(make_event(capacity_in_person=10, registered_in_person=10), HALL_FULL, when_full="refuse")
    error = caught.value
    assert error.status == 409
    assert error.details["alternatives"] == {"waitlist": True, "online": True}
    assert error.body()["error"]["code"] == "event_full"


def test_refuse_when_full_without_online_offers_only_the_waiting_list(make_event: EventFactory) -> None:
    with pytest.raises(EventFull) as caught:
        plan(make_event(modes=[IN_PERSON]), HALL_FULL, when_full="refuse")
    assert caught.value.details["alternatives"] == {"waitlist": True}


def test_full_session_is_waited_for_and_the_others_seated(make_event: EventFactory) -> None:
    full = Fullness(sessions=frozenset({"lab-a"}))
    planned = plan(make_event(), full, sessions=["plenary", "lab-a"])
    (registration,) = planned.registrations
    assert registration.status is RegistrationStatus.CONFIRMED
    assert registration.sessions == ["plenary"]
    assert registration.waitlisted_sessions == ["lab-a"]
    assert planned.seated_sessions == ["plenary"]
    assert planned.waiting_sessions == ["lab-a"]
    assert planned.session_capacities == {"plenary": 50, "lab-a": 20}  # waiting sessions too: "still full"


def test_delegation_shares_mode_and_sessions_and_flags_its_lead(make_event: EventFactory) -> None:
    planned = plan(make_event(), members=members(4), sessions=["plenary", "lab-b"], organisation="Gemeente Gent")
    assert planned.size == 5
    lead, *others = planned.registrations
    assert lead.delegation_lead is True
    assert [r.delegation_lead for r in others] == [False] * 4
    assert lead.delegation_id is not None
    assert {r.delegation_id for r in planned.registrations} == {lead.delegation_id}
    assert {r.attendance_mode for r in planned.registrations} == {IN_PERSON}
    assert all(r.sessions == ["plenary", "lab-b"] for r in planned.registrations)
    assert {r.organisation for r in planned.registrations} == {"Gemeente Gent"}
    assert [r.email_norm for r in others] == [f"member{i}@city.example.nl" for i in range(4)]
    assert [r.preferred_language for r in others] == ["nl"] * 4
    assert len({r.registration_id for r in planned.registrations}) == 5


def test_each_delegation_member_is_listed_only_by_their_own_consent(make_event: EventFactory) -> None:
    """The lead agreeing to the list of participants does not agree for the members; a member's own "yes" counts."""
    team = members(3)
    team[1] = team[1].model_copy(update={"list_consent": True})
    lead, *others = plan(make_event(), members=team, list_consent=True).registrations
    assert lead.list_consent is True
    assert [r.list_consent for r in others] == [False, True, False]
    refusing_lead, *same = plan(make_event(), members=team, list_consent=False).registrations
    assert refusing_lead.list_consent is False and [r.list_consent for r in same] == [False, True, False]


def test_delegation_waits_whole_when_the_hall_is_full(make_event: EventFactory) -> None:
    planned = plan(make_event(), HALL_FULL, members=members(4))
    assert planned.waitlisted is True
    assert {r.status for r in planned.registrations} == {RegistrationStatus.WAITLISTED}


def test_delegation_members_need_their_own_email(make_event: EventFactory) -> None:
    twins = [Person(name="Twin", email="twin@city.example.nl"), Person(name="Twin 2", email="TWIN@City.Example.NL")]
    with pytest.raises(ValidationFailed) as caught:
        plan(make_event(), members=twins)
    assert caught.value.fields == {"members": "Two members have the same email address."}


def test_delegation_member_may_not_reuse_the_lead_email(make_event: EventFactory) -> None:
    with pytest.raises(ValidationFailed) as caught:
        plan(make_event(), members=[Person(name="Copy", email="e.bienkowska@example.eu")])
    assert "members" in caught.value.fields


def test_plan_checks_sessions_and_answers(make_event: EventFactory) -> None:
    with pytest.raises(ValidationFailed) as caught:
        plan(make_event(), sessions=["lab-a", "lab-b"])
    assert "sessions" in caught.value.fields
    question = Question(question_id="interest", label={"en": "Main interest"}, kind=QuestionKind.SINGLE, required=True,
                        options=["Cohesion", "Digital"])
    with pytest.raises(ValidationFailed) as caught:
        plan(make_event(questions=[question]))
    assert caught.value.fields == {"answers.interest": "This question is required."}
    (registration,) = plan(make_event(questions=[question]), answers={"interest": "Digital"}).registrations
    assert registration.answers == {"interest": "Digital"}


# -- check_sessions --------------------------------------------------------------------------------


def test_check_sessions_accepts_a_valid_choice() -> None:
    check_sessions(build_sessions(), ["plenary", "lab-a"], IN_PERSON)
    check_sessions(build_sessions(), [], ONLINE)


def test_unknown_session() -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_sessions(build_sessions(), ["plenary", "nope", "gone"], IN_PERSON)
    assert caught.value.fields == {"sessions": "No such session: nope, gone."}


def test_session_not_held_in_the_chosen_mode() -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_sessions(build_sessions(), ["lab-a"], ONLINE)
    assert caught.value.fields == {"sessions": "“Lab A: open data” is not held for this attendance mode: online."}
    with pytest.raises(ValidationFailed) as caught:
        check_sessions(build_sessions(), ["webinar"], IN_PERSON)
    assert caught.value.fields == {
        "sessions": "“Webinar: funding calls” is not held for this attendance mode: in person."}


@pytest.mark.parametrize("chosen", [["lab-a", "lab-b"], ["lab-b", "lab-a"], ["plenary", "lab-b", "lab-a"]])
def test_overlap_names_both_sessions(chosen: list[str]) -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_sessions(build_sessions(), chosen, IN_PERSON)
    error = caught.value
    assert error.fields == {"sessions": "“Lab A: open data” and “Lab B: smart villages” overlap: choose one of them."}
    assert error.details["overlapping"] == ["lab-a", "lab-b"]


def test_overlap_is_named_in_the_reader_language() -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_sessions(build_sessions(), ["lab-b", "lab-a"], IN_PERSON, language="de")
    assert "“Labor A: offene Daten”" in caught.value.fields["sessions"]
    assert "“Lab B: smart villages”" in caught.value.fields["sessions"]  # no German title: the default


def test_back_to_back_sessions_do_not_overlap() -> None:
    check_sessions(build_sessions(), ["lab-b", "webinar"], ONLINE)  # 10:00-11:00 then 11:00-12:00


# -- check_answers ---------------------------------------------------------------------------------

QUESTIONS = [
    Question(question_id="interest", label={"en": "Main interest"}, kind=QuestionKind.SINGLE, required=True,
             options=["Cohesion", "Digital", "Green"]),
    Question(question_id="topics", label={"en": "Topics"}, kind=QuestionKind.MULTI,
             options=["Cohesion", "Digital", "Green"]),
    Question(question_id="first-time", label={"en": "First time?"}, kind=QuestionKind.CHECKBOX),
    Question(question_id="remarks", label={"en": "Remarks"}, kind=QuestionKind.TEXT),
]


def test_answers_are_cleaned() -> None:
    clean = check_answers(QUESTIONS, {"interest": "Digital", "topics": "Green", "remarks": "See you"}, "en")
    assert clean == {"interest": "Digital", "topics": ["Green"], "first-time": False, "remarks": "See you"}
    clean = check_answers(QUESTIONS, {"interest": "Green", "topics": ["Cohesion", "Digital"], "first-time": True}, "en")
    assert clean == {"interest": "Green", "topics": ["Cohesion", "Digital"], "first-time": True}


@pytest.mark.parametrize("missing", [None, "", []])
def test_required_question(missing: Any) -> None:
    answers = {} if missing is None else {"interest": missing}
    with pytest.raises(ValidationFailed) as caught:
        check_answers(QUESTIONS, answers, "en")
    assert caught.value.fields == {"answers.interest": "This question is required."}


@pytest.mark.parametrize("value", ["Sports", ["Digital"], 3])
def test_single_choice_must_be_one_of_the_options(value: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_answers(QUESTIONS, {"interest": value}, "en")
    assert caught.value.fields == {"answers.interest": "Choose one of the options."}


@pytest.mark.parametrize("value", [["Digital", "Sports"], "Sports", [1]])
def test_multiple_choice_must_be_among_the_options(value: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_answers(QUESTIONS, {"interest": "Green", "topics": value}, "en")
    assert caught.value.fields == {"answers.topics": "Choose among the options."}


@pytest.mark.parametrize("value", ["yes", "on", ["on"]])
def test_checkbox_is_yes_or_no(value: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_answers(QUESTIONS, {"interest": "Green", "first-time": value}, "en")
    assert caught.value.fields == {"answers.first-time": "Answer yes or no."}


def test_required_checkbox_must_be_ticked() -> None:
    consent = Question(question_id="photo-consent", label={"en": "Photos"}, kind=QuestionKind.CHECKBOX, required=True)
    with pytest.raises(ValidationFailed) as caught:
        check_answers([consent], {"photo-consent": False}, "en")
    assert caught.value.fields == {"answers.photo-consent": "This question is required."}
    assert check_answers([consent], {"photo-consent": True}, "en") == {"photo-consent": True}


def test_text_answer_is_at_most_2000_characters() -> None:
    assert check_answers(QUESTIONS, {"interest": "Green", "remarks": "x" * 2000}, "en")["remarks"] == "x" * 2000
    with pytest.raises(ValidationFailed) as caught:
        check_answers(QUESTIONS, {"interest": "Green", "remarks": "x" * 2001}, "en")
    assert caught.value.fields == {"answers.remarks": "Answer in at most 2000 characters."}


def test_unknown_question_and_other_problems_are_reported_together() -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_answers(QUESTIONS, {"shoe-size": "42", "topics": ["Sports"]}, "en")
    assert caught.value.fields == {
        "answers.shoe-size": "Unknown question.",
        "answers.interest": "This question is required.",
        "answers.topics": "Choose among the options.",
    }


def test_no_questions_no_answers() -> None:
    assert check_answers([], {}, "en") == {}


# -- learn -----------------------------------------------------------------------------------------


def seated_plan(event: Event, size: int = 1, sessions: tuple[str, ...] = ("plenary",)) -> Plan:
    return plan(event, members=members(size - 1) or None, sessions=list(sessions))


def with_registered(session_id: str, registered: int) -> dict[str, Session]:
    sessions = build_sessions()
    sessions[session_id] = sessions[session_id].model_copy(update={"registered": registered})
    return sessions


def test_learn_nothing_when_there_is_room(make_event: EventFactory) -> None:
    event = make_event(capacity_in_person=10, registered_in_person=9)
    assert learn(event, build_sessions(), seated_plan(event), Fullness()) == Fullness()


def test_learn_the_hall_is_full(make_event: EventFactory) -> None:
    event = make_event(capacity_in_person=10, registered_in_person=10)
    assert learn(event, build_sessions(), seated_plan(event), Fullness()) == HALL_FULL


def test_learn_the_hall_is_too_small_for_a_delegation(make_event: EventFactory) -> None:
    event = make_event(capacity_in_person=10, registered_in_person=6)
    assert learn(event, build_sessions(), seated_plan(event, size=4), Fullness()) == Fullness()
    assert learn(event, build_sessions(), seated_plan(event, size=5), Fullness()) == HALL_FULL


def test_learn_nothing_about_an_unlimited_mode(make_event: EventFactory) -> None:
    event = make_event(registered_online=100_000)
    planned = plan(event, attendance_mode="online")
    assert learn(event, build_sessions(), planned, Fullness()) == Fullness()


def test_learn_a_full_session(make_event: EventFactory) -> None:
    event = make_event()
    planned = seated_plan(event, sessions=("plenary", "lab-a"))
    assert learn(event, with_registered("lab-a", 20), planned, Fullness()) == Fullness(sessions=frozenset({"lab-a"}))
    assert learn(event, with_registered("lab-a", 19), planned, Fullness()) == Fullness()


def test_learn_keeps_what_was_known(make_event: EventFactory) -> None:
    event = make_event()
    known = Fullness(modes=frozenset({ONLINE}), sessions=frozenset({"webinar"}))
    planned = seated_plan(event, sessions=("plenary",))
    learned = learn(event, with_registered("plenary", 50), planned, known)
    assert learned == Fullness(modes=frozenset({ONLINE}), sessions=frozenset({"webinar", "plenary"}))


def test_learn_follows_the_fresh_read_both_ways(make_event: EventFactory) -> None:
    """A waitlisted plan refused because a place freed up learns the hall is no longer full; a full
    hall is learned whatever the first guess was."""
    full = make_event(capacity_in_person=10, registered_in_person=10)
    planned = plan(full, HALL_FULL)
    assert learn(full, build_sessions(), planned, HALL_FULL) == HALL_FULL
    assert learn(full, build_sessions(), planned, Fullness()) == HALL_FULL
    room = make_event(capacity_in_person=10, registered_in_person=9)
    assert learn(room, build_sessions(), planned, HALL_FULL) == Fullness()


# -- localized texts -------------------------------------------------------------------------------


def test_plain_string_texts_are_kept_in_the_default_language(make_event: EventFactory) -> None:
    event = make_event(title="Atelier", description="Un atelier.", language="fr")
    assert event.title == {"fr": "Atelier"} and event.description == {"fr": "Un atelier."}
    assert event.title_in("de") == "Atelier"
    # Outside an event a plain string is English, and shown in any language that lacks a text.
    session = Session.model_validate({"session_id": "s", "title": "Plain", "starts_at": DURING,
                                      "ends_at": DURING.replace(hour=13)})
    assert session.title == {"en": "Plain"}
    assert session.title_in("nl", "fr") == "Plain"
    question = Question.model_validate({"question_id": "q", "label": "Question?"})
    assert question.label == {"en": "Question?"}


def test_texts_in_an_unknown_language_are_refused(make_event: EventFactory) -> None:
    with pytest.raises(ValueError, match="Unknown language: ja"):
        make_event(title={"en": "Workshop", "ja": "ワークショップ"})
