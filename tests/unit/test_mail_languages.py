"""Every announced change in every language, parsed back with Python's email package; the .ics parsed
back with icalendar (TZID Europe/Brussels, the same UIDs to cancel)."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from icalendar import Calendar

from devstack.seed import demo_event
from eventreg.domain.models import LANGUAGES, Registration, RegistrationStatus
from eventreg.locale.catalog import words
from eventreg.locale.dates import format_instant
from eventreg.notify.calendar import calendar, uid
from eventreg.notify.letters import (
    CALENDAR_CANCEL,
    CALENDAR_REQUEST,
    CHECKIN_STATES,
    STATES,
    registrant_mail,
    state_texts,
)

EVENT, SESSIONS = demo_event()
SENDER = "events@eventreg.example.eu"
pytestmark = pytest.mark.usefixtures("link_key")  # the mails carry signed manage links


def registrant(language: str, status: RegistrationStatus = RegistrationStatus.CONFIRMED) -> Registration:
    return Registration(
        registration_id="01JREGISTRATION0000000000", event_id=EVENT.event_id, name="Jan Peeters",
        email="jan.peeters@gent.example.be", email_norm="jan.peeters@gent.example.be", organisation="Stad Gent",
        country="BE", attendance_mode="in_person", sessions=["opening", "city-diplomacy"], status=status,
        preferred_language=language, created_at=EVENT.registration_opens_at,
    )


def mail(state: str, language: str) -> EmailMessage:
    registration = registrant(language)
    message = registrant_mail(state, EVENT, SESSIONS, registration, {"status": RegistrationStatus.CONFIRMED,
                                                                    "sessions": registration.sessions},
                              sender=SENDER, public_url="http://127.0.0.1:8000")
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("state", sorted(STATES))
def test_every_message_in_every_language_parses_back(state: str, language: str) -> None:
    message = mail(state, language)
    headline, intro = state_texts(state, language)
    assert message["Subject"] == f"{headline}: {EVENT.title_in(language)}"
    # A confirmed place comes with its calendar file, a cancelled one with the file that removes it; a mail to a
    # confirmed place shows the check-in QR code (multipart/related: the HTML and its image).
    with_calendar = state in CALENDAR_REQUEST | CALENDAR_CANCEL
    alone = "multipart/related" if state in CHECKIN_STATES else "multipart/alternative"
    assert message.get_content_type() == ("multipart/mixed" if with_calendar else alone)
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert text is not None and html is not None
    assert text.get_content_charset() == "utf-8" and html.get_content_charset() == "utf-8"
    assert intro in text.get_content()
    assert words(language)("Dear %(name)s,", name="Jan Peeters") in text.get_content()
    assert f'<html lang="{language}">' in html.get_content()
    # dates in the reader's language and the event's timezone
    assert format_instant(EVENT.starts_at, EVENT.timezone, language) in text.get_content()


def test_dutch_mail_says_it_in_dutch() -> None:
    text = mail("promoted", "nl").get_body(("plain",))
    assert text is not None
    body = text.get_content()
    assert "Beste Jan Peeters," in body and "er kwam een plaats vrij" in body
    assert "Uw sessies" in body and "Europese Week van Regio's en Steden" in body


def test_the_calendar_has_the_event_and_the_sessions_in_brussels_time() -> None:
    registration = registrant("en")
    held = [s for s in SESSIONS if s.session_id in registration.sessions]
    cal = Calendar.from_ical(calendar(EVENT, held, registration, SENDER, "en"))
    assert cal["METHOD"] == "REQUEST"
    entries = list(cal.walk("VEVENT"))
    assert [str(e["UID"]) for e in entries] == [uid(registration, "event"), uid(registration, "session-opening"),
                                                uid(registration, "session-city-diplomacy")]
    for entry in entries:
        assert entry["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert entries[0]["DTSTART"].dt == EVENT.starts_at.astimezone(EVENT.tz)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Brussels"]


def test_a_cancellation_cancels_the_same_uids() -> None:
    registration = registrant("en")
    held = [s for s in SESSIONS if s.session_id in registration.sessions]
    request = Calendar.from_ical(calendar(EVENT, held, registration, SENDER, "en"))
    cancelled = registration.model_copy(update={"status": RegistrationStatus.CANCELLED, "version": 2})
    cancel = Calendar.from_ical(calendar(EVENT, held, cancelled, SENDER, "en", cancel=True))
    assert cancel["METHOD"] == "CANCEL"
    assert [str(e["UID"]) for e in cancel.walk("VEVENT")] == [str(e["UID"]) for e in request.walk("VEVENT")]
    assert all(str(e["STATUS"]) == "CANCELLED" for e in cancel.walk("VEVENT"))
    assert all(int(e["SEQUENCE"]) == 2 for e in cancel.walk("VEVENT"))  # newer than the invitation
