"""The personal check-in QR code (#15) in a registrant's mail: a confirmed place gets the code as a CID-attached PNG
that the HTML part shows, as text in the text part and in the .ics description; waiting, pending and cancelled
registrations get no code anywhere, and a cancelled event's mail none either."""

from __future__ import annotations

import io
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from PIL import Image

from devstack.seed import demo_event
from eventreg.domain.models import EventStatus, Registration, RegistrationStatus
from eventreg.links import checkin_code, read_checkin_code
from eventreg.notify.compose import Wording
from eventreg.notify.letters import registrant_mail
from eventreg.qr_codes import QUIET_ZONE, symbol

EVENT, SESSIONS = demo_event()
pytestmark = pytest.mark.usefixtures("link_key")
RID = "01JREGISTRATION0000000000"


def registration(status: RegistrationStatus, language: str = "en") -> Registration:
    return Registration(
        registration_id=RID, event_id=EVENT.event_id, name="Jan Peeters", email="jan.peeters@gent.example.be",
        email_norm="jan.peeters@gent.example.be", organisation="Stad Gent", country="BE",
        attendance_mode="in_person", sessions=["opening"], status=status, preferred_language=language,
        created_at=EVENT.registration_opens_at)


def mail_of(state: str, status: RegistrationStatus, old_status: RegistrationStatus = RegistrationStatus.PENDING,
            event: object = EVENT, language: str = "en") -> EmailMessage:
    mail = registrant_mail(state, event, SESSIONS, registration(status, language),  # type: ignore[arg-type]
                           {"status": old_status, "sessions": ["opening"]},
                           sender="events@eventreg.example.eu", public_url="http://127.0.0.1:8000")
    parsed = message_from_bytes(mail.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def modules_of_png(png: bytes, size: int) -> list[list[bool]]:
    """The dark/light modules read back from the PNG's pixels (each module's centre)."""
    image = Image.open(io.BytesIO(png)).convert("L")
    scale = image.width // (size + 2 * QUIET_ZONE)
    assert image.width == image.height == scale * (size + 2 * QUIET_ZONE)
    return [[image.getpixel(((QUIET_ZONE + x) * scale + scale // 2, (QUIET_ZONE + y) * scale + scale // 2)) < 128
             for x in range(size)] for y in range(size)]


def test_a_confirmation_shows_the_code_as_an_inline_image_and_as_text() -> None:
    parsed = mail_of("confirmed", RegistrationStatus.CONFIRMED)
    code = checkin_code(EVENT.event_id, RID)
    assert read_checkin_code(code) == (EVENT.event_id, RID)
    related = next(part for part in parsed.walk() if part.get_content_type() == "multipart/related")
    image = next(part for part in related.iter_parts() if part.get_content_type() == "image/png")
    assert image["Content-ID"] == "<checkin-qr@eventreg>"
    assert image.get_content_disposition() == "inline"
    html = parsed.get_body(("html",))
    text = parsed.get_body(("plain",))
    assert html is not None and text is not None
    assert 'src="cid:checkin-qr@eventreg"' in html.get_content()
    assert 'alt="Check-in QR code"' in html.get_content()
    assert f"Your check-in code: {code}" in text.get_content()
    # The picture is the symbol segno made for exactly this code.
    matrix = [[bool(m) for m in row] for row in symbol(code).matrix]
    assert modules_of_png(image.get_content(), len(matrix)) == matrix


def test_the_calendar_entry_carries_the_code_as_text() -> None:
    parsed = mail_of("confirmed", RegistrationStatus.CONFIRMED)
    ics = next(p for p in parsed.iter_attachments() if p.get_filename() == "invitation.ics").get_content()
    unfolded = ics.replace("\r\n ", "") if isinstance(ics, str) else ics.decode().replace("\r\n ", "")
    assert f"DESCRIPTION:Your check-in code: {checkin_code(EVENT.event_id, RID)}" in unfolded


def test_the_code_reads_in_the_registrants_language() -> None:
    text = mail_of("confirmed", RegistrationStatus.CONFIRMED, language="fr").get_body(("plain",))
    assert text is not None and "Your check-in code" not in text.get_content()
    assert checkin_code(EVENT.event_id, RID) in text.get_content()


@pytest.mark.parametrize(("state", "status"), [
    ("waitlisted", RegistrationStatus.WAITLISTED), ("pending", RegistrationStatus.PENDING),
    ("cancelled", RegistrationStatus.CANCELLED), ("rejected", RegistrationStatus.REJECTED)])
def test_no_code_without_a_confirmed_place(state: str, status: RegistrationStatus) -> None:
    parsed = mail_of(state, status, old_status=RegistrationStatus.CONFIRMED)
    raw = parsed.as_string()
    assert "ER1." not in raw and "image/png" not in raw and "cid:" not in raw


def test_no_code_when_the_event_is_cancelled() -> None:
    cancelled = EVENT.model_copy(update={"status": EventStatus.CANCELLED})
    raw = mail_of("event_cancelled", RegistrationStatus.CONFIRMED, event=cancelled).as_string()
    assert "ER1." not in raw and "image/png" not in raw


def test_an_organisers_own_wording_still_brings_the_code_as_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eventreg.notify.letters.organiser_wording",
                        lambda *args: Wording("Welcome", "See you in Brussels."))
    parsed = mail_of("confirmed", RegistrationStatus.CONFIRMED)
    files = {p.get_filename(): p for p in parsed.iter_attachments()}
    assert files["check-in-code.png"].get_content_type() == "image/png"
    assert "multipart/related" not in parsed.as_string()
