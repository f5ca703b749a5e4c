"""eventreg.notify.compose: multipart text + HTML, parsed back as a mail client would."""

from __future__ import annotations

import email
from collections.abc import Callable
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from typing import Any

import pytest

from eventreg.domain.errors import ValidationFailed
from eventreg.domain.models import AttendanceMode, Event, Registration
from eventreg.domain.parsing import parse_request
from eventreg.notify.compose import MAX_SUBJECT, compose, header_safe

SENDER = "events@eventreg.example.eu"
TEMPLATE = "registration"
# What the notifier adds to a confirmation's context besides the event and the registration.
MAIL_LINKS: dict[str, Any] = {
    "headline": "Registration confirmed",
    "intro": "your registration is confirmed.",
    "sessions": [],
    "waiting": [],
    "calendar_note": "",
    "event_url": "https://example.eu/e",
    "manage_url": "https://example.eu/events/eu-workshop/registrations/01KA3F7Q9MZ6T2X8WB4NRCDJ5E/manage?token=t",
}


def send_and_parse(
    event: Event, registration: Registration, *, to_name: str | None = None, to_email: str | None = None
) -> EmailMessage:
    message = compose(
        TEMPLATE,
        sender=SENDER,
        to_name=registration.name if to_name is None else to_name,
        to_email=registration.email if to_email is None else to_email,
        lang=event.language,
        context={"event": event, "registration": registration, **MAIL_LINKS},
    )
    raw = message.as_bytes()
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def parts(message: EmailMessage) -> dict[str, Any]:
    return {part.get_content_type(): part for part in message.iter_parts()}


def test_multipart_alternative_with_text_and_html(
    make_event: Callable[..., Event], make_registration: Callable[..., Registration]
) -> None:
    message = send_and_parse(make_event(), make_registration())
    assert message.get_content_type() == "multipart/alternative"
    found = parts(message)
    assert list(found) == ["text/plain", "text/html"]  # the preferred alternative last
    for part in found.values():
        assert part.get_content_charset() == "utf-8"
    text = found["text/plain"].get_content()
    html = found["text/html"].get_content()
    assert "Dear Elżbieta Bieńkowska," in text
    assert "01KA3F7Q9MZ6T2X8WB4NRCDJ5E" in text
    assert "Charlemagne building, S3" in text
    assert "10 June 2026, 09:00 CEST" in text  # the event's start, shown in its timezone
    assert "<p>Dear Elżbieta Bieńkowska,</p>" in html
    assert 'href="https://example.eu/e"' in html
    assert f'href="{MAIL_LINKS["manage_url"]}"' in html


def test_headers(make_event: Callable[..., Event], make_registration: Callable[..., Registration]) -> None:
    message = send_and_parse(make_event(), make_registration())
    assert message["Subject"] == "Registration confirmed: Workshop on cohesion policy"
    assert message["From"] == SENDER
    (address,) = message["To"].addresses
    assert address.display_name == "Elżbieta Bieńkowska"
    assert address.addr_spec == "E.Bienkowska@example.eu"
    assert message["Message-ID"].endswith("@eventreg.example.eu>")
    assert message["Date"] is not None


def test_subject_and_body_name_the_event_in_the_mail_language(
    make_event: Callable[..., Event], make_registration: Callable[..., Registration]
) -> None:
    event = make_event(title={"en": "Workshop on cohesion policy", "fr": "Atelier sur la politique de cohésion"})
    message = send_and_parse(event, make_registration())
    assert message["Subject"] == "Registration confirmed: Workshop on cohesion policy"
    french = compose(TEMPLATE, sender=SENDER, to_name="Zoé", to_email="zoe@example.fr", lang="fr",
                     context={"event": event, "registration": make_registration(), **MAIL_LINKS})
    assert "Atelier sur la politique de cohésion" in str(french.parsed()["Subject"])
    found = parts(message)
    assert "Event: Workshop on cohesion policy" in found["text/plain"].get_content()
    assert "<strong>Workshop on cohesion policy</strong>" in found["text/html"].get_content()
    assert "Atelier" not in found["text/plain"].get_content()


def test_online_attendee_gets_the_link_not_the_room(
    make_event: Callable[..., Event], make_registration: Callable[..., Registration]
) -> None:
    message = send_and_parse(make_event(), make_registration(attendance_mode=AttendanceMode.ONLINE))
    text = parts(message)["text/plain"].get_content()
    assert "online – https://example.eu/live" in text
    assert "Charlemagne" not in text


@pytest.mark.parametrize(
    "name",
    [
        "Eve\r\nBcc: victim@example.com",
        "Eve\nBcc: victim@example.com",
        "Eve\rBcc: victim@example.com",
        "Eve\r\n\r\nInjected body",
        "Doe, John <attacker@evil.example>",
    ],
)
def test_crlf_or_specials_in_the_name_cannot_inject_headers(
    make_event: Callable[..., Event], make_registration: Callable[..., Registration], name: str
) -> None:
    message = send_and_parse(make_event(), make_registration(name=name))
    assert message["Bcc"] is None
    assert message["Cc"] is None
    (address,) = message["To"].addresses  # still exactly one recipient
    assert address.addr_spec == "E.Bienkowska@example.eu"
    assert "\r" not in address.display_name and "\n" not in address.display_name
    assert message.get_content_type() == "multipart/alternative"
    assert sorted(message.keys()) == ["Content-Type", "Date", "From", "MIME-Version", "Message-ID", "Subject", "To"]


def test_crlf_in_the_event_title_cannot_inject_headers(
    make_event: Callable[..., Event], make_registration: Callable[..., Registration]
) -> None:
    # Titles are single lines now (LocalizedTitle), but one stored earlier may hold a line break: it never
    # becomes a header break.
    event = make_event().model_copy(update={"title": {"en": "Workshop\nBcc: victim@example.com"}})
    message = send_and_parse(event, make_registration())
    assert message["Bcc"] is None
    assert message["Subject"] == "Registration confirmed: Workshop Bcc: victim@example.com"
    assert sorted(message.keys()) == ["Content-Type", "Date", "From", "MIME-Version", "Message-ID", "Subject", "To"]


def test_carriage_return_in_the_event_title_is_refused(make_event: Callable[..., Event]) -> None:
    with pytest.raises(ValueError, match="control characters"):
        make_event(title="Workshop\r\nBcc: victim@example.com")


def test_html_part_escapes_the_name(
    make_event: Callable[..., Event], make_registration: Callable[..., Registration]
) -> None:
    message = send_and_parse(make_event(), make_registration(name="<script>alert(1)</script>"))
    found = parts(message)
    assert "<script>" not in found["text/html"].get_content()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in found["text/html"].get_content()
    assert "Dear <script>alert(1)</script>," in found["text/plain"].get_content()


def test_very_long_subject_is_shortened(
    make_event: Callable[..., Event], make_registration: Callable[..., Registration]
) -> None:
    title = "Cohesion policy and the regions " * 9  # titles are at most 300 characters
    message = send_and_parse(make_event(title=title), make_registration())
    subject = str(message["Subject"])
    assert len(subject) == MAX_SUBJECT
    assert subject.endswith("…")
    assert subject.startswith("Registration confirmed: Cohesion policy and the regions")
    raw = message.as_bytes()
    assert max(len(line) for line in raw.splitlines()) <= 998  # RFC 5322 line limit


def test_very_long_name_is_shortened_in_the_header(
    make_event: Callable[..., Event], make_registration: Callable[..., Registration]
) -> None:
    registration = make_registration(name="Ana " * 50)
    message = compose(TEMPLATE, sender=SENDER, to_name=registration.name, to_email=registration.email, lang="en",
                      context={"event": make_event(), "registration": registration, **MAIL_LINKS})
    # Decoded as RFC 2047 says (see test_header_lines_stay_within_78_octets).
    to = str(make_header(decode_header(message_from_bytes(message.as_bytes())["To"])))
    name, _, address = to.rpartition(" ")
    assert address == "<E.Bienkowska@example.eu>"
    assert len(name) == 100 and name.endswith("…")


@pytest.mark.parametrize(
    ("value", "limit", "expected"),
    [
        ("a\r\nb", 200, "a b"),
        ("  many   spaces\there  ", 200, "many spaces here"),
        ("abcdef", 4, "abc…"),
        ("abcd", 4, "abcd"),
    ],
)
def test_header_safe(value: str, limit: int, expected: str) -> None:
    assert header_safe(value, limit) == expected


@pytest.mark.parametrize("control", ["\x00", "\x1b", "\x07", "\x7f"])
def test_control_characters_never_reach_a_header(
    make_event: Callable[..., Event], make_registration: Callable[..., Registration], control: str
) -> None:
    registration = make_registration(name=f"Ana{control}Maria")
    message = compose(
        TEMPLATE,
        sender=SENDER,
        to_name=registration.name,
        to_email=registration.email,
        lang="en",
        context={"event": make_event(), "registration": registration, **MAIL_LINKS},
    )
    headers = message.as_bytes().split(b"\r\n\r\n", 1)[0]
    assert control.encode() not in headers


@pytest.mark.parametrize("address", ["anna@bücher.de", "zoé@example.fr"])
def test_every_accepted_address_makes_a_valid_to_header(
    make_event: Callable[..., Event], make_registration: Callable[..., Registration], address: str
) -> None:
    try:
        request = parse_request({
            "name": "Zoé", "email": address, "organisation": "Stadt Köln", "organisation_type": "city",
            "country": "DE", "privacy_consent": True,
        })
    except ValidationFailed:
        return  # refusing an address that cannot be mailed, at the form, is a fix as well
    message = send_and_parse(make_event(), make_registration(email=str(request.email)))
    (to,) = message["To"].addresses
    assert message["To"].defects == ()
    assert to.addr_spec.isascii()


@pytest.mark.parametrize("name", ["Elżbieta Bieńkowska-Wąsowicz " * 6, "A" * 90, "Jan Peeters"])
def test_header_lines_stay_within_78_octets(
    make_event: Callable[..., Event], make_registration: Callable[..., Registration], name: str
) -> None:
    event = make_event(title={"en": "Żółć " * 60})  # a subject far beyond a line, not ASCII
    message = compose(TEMPLATE, sender=SENDER, to_name=name, to_email="jan@example.eu", lang="en",
                      context={"event": event, "registration": make_registration(), **MAIL_LINKS})
    head = message.as_bytes().split(b"\r\n\r\n", 1)[0]
    assert all(len(line) <= 78 for line in head.split(b"\r\n"))
    parsed = message.parsed()
    assert str(parsed["Subject"]).startswith("Registration confirmed: Żółć Żółć")
    # An RFC 2047 decoder joins adjacent encoded words exactly (Python's modern address parser keeps the
    # folding space between them, even in its own policy's output, so the compat32 decoder reads it here).
    raw_to = message_from_bytes(message.as_bytes())["To"]
    flat = " ".join(name.split())
    expected = flat if len(flat) <= 100 else flat[:99] + "…"
    assert str(make_header(decode_header(raw_to))) in (f"{expected} <jan@example.eu>",
                                                       f'"{expected}" <jan@example.eu>')
