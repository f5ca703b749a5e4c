"""What a registrant's mail says beside its headline (#14): a cancellation lists no sessions and says its
calendar file removes the entries; a change that drops sessions says it adds and removes."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from devstack.seed import demo_event
from eventreg.domain.models import Registration, RegistrationStatus
from eventreg.notify.letters import registrant_mail

EVENT, SESSIONS = demo_event()
pytestmark = pytest.mark.usefixtures("link_key")


def text_of(state: str, status: RegistrationStatus, sessions: list[str], old_sessions: list[str],
            old_status: RegistrationStatus = RegistrationStatus.CONFIRMED, language: str = "en") -> str:
    registration = Registration(
        registration_id="01JREGISTRATION0000000000", event_id=EVENT.event_id, name="Jan Peeters",
        email="jan.peeters@gent.example.be", email_norm="jan.peeters@gent.example.be", organisation="Stad Gent",
        country="BE", attendance_mode="in_person", sessions=sessions, status=status, preferred_language=language,
        created_at=EVENT.registration_opens_at)
    mail = registrant_mail(state, EVENT, SESSIONS, registration, {"status": old_status, "sessions": old_sessions},
                           sender="events@eventreg.example.eu", public_url="http://127.0.0.1:8000")
    parsed = message_from_bytes(mail.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    body = parsed.get_body(("plain",))
    html = parsed.get_body(("html",))
    assert body is not None and html is not None
    return body.get_content() + "\n" + html.get_content()


def test_a_cancellation_lists_no_sessions_and_removes_the_calendar_entries() -> None:
    text = text_of("cancelled", RegistrationStatus.CANCELLED, ["opening", "city-diplomacy"],
                   ["opening", "city-diplomacy"])
    assert "Your sessions" not in text
    assert "adds the event" not in text
    assert text.count("The attached calendar file removes the event and your sessions from your calendar.") == 2


def test_a_cancellation_in_dutch_says_so_in_dutch() -> None:
    text = text_of("cancelled", RegistrationStatus.CANCELLED, ["opening"], ["opening"], language="nl")
    assert "verwijdert" in text and "Your sessions" not in text


def test_a_confirmation_lists_the_sessions_and_adds_them() -> None:
    text = text_of("confirmed", RegistrationStatus.CONFIRMED, ["opening"], [], old_status=RegistrationStatus.PENDING)
    assert text.count("Your sessions") == 2
    assert text.count("The attached calendar file adds the event and your sessions to your calendar.") == 2


def test_a_change_that_drops_a_session_says_both() -> None:
    text = text_of("modified", RegistrationStatus.CONFIRMED, ["opening"], ["opening", "city-diplomacy"])
    assert text.count("one adds the event and your sessions, the other removes the sessions you dropped.") == 2


def test_a_rejection_without_a_calendar_says_nothing_about_one() -> None:
    text = text_of("rejected", RegistrationStatus.REJECTED, ["opening"], ["opening"],
                   old_status=RegistrationStatus.PENDING)
    assert "calendar" not in text and "Your sessions" not in text
