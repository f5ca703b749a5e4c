"""Every one of the 24 languages end to end (#14): the register page and the confirmation mail of an event written
in the reader's language hold none of the catalog's English texts (each msgid the language translates
differently), carry the page's lang, and name no fallback language."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from functools import cache

import lxml.html
import pytest
from babel.messages.pofile import read_po
from unit_helpers import build_event

from eventreg.domain.models import Registration, Session, utc_now
from eventreg.domain.types import LANGUAGES
from eventreg.entrypoints.http.pages import render_form
from eventreg.locale.catalog import LOCALE_DIR
from eventreg.locale.languages import LANGUAGE_NAMES
from eventreg.notify.letters import registrant_mail
from eventreg.programme import Programme

TRANSLATED = [language for language in LANGUAGES if language != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd%]")
MIN_LENGTH = 12  # shorter msgids ("Online", "E-mail") are often the same word in other languages


@cache
def english_texts(language: str) -> list[str]:
    """The English texts (and the English parts around placeholders) `language` translates differently."""
    with (LOCALE_DIR / language / "LC_MESSAGES" / "eventreg.po").open("rb") as po:
        catalog = read_po(po, locale=language)
    found = []
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.string not in ("", message.id):
            found += [part.strip() for part in PLACEHOLDER.split(message.id) if len(part.strip()) > MIN_LENGTH]
    return found


def programme(language: str) -> Programme:
    """An event written in `language` only (neutral names), so no organiser's text falls back to another."""
    named = LANGUAGE_NAMES[language]
    event = build_event(title={language: f"EWRC 2026 ({named})"}, description={language: named}, language=language,
                        registration_closes_at=utc_now() + timedelta(days=30))
    at = lambda hour: datetime(2026, 6, 10, hour, tzinfo=UTC)  # noqa: E731
    sessions = [Session(session_id="lab-a", title={language: "Lab A"}, starts_at=at(7), ends_at=at(8)),
                Session(session_id="lab-b", title={language: "Lab B"}, starts_at=at(9), ends_at=at(10))]
    return Programme(event, sessions)


def leaked(shown: str, language: str) -> list[str]:
    flat = " ".join(shown.split())
    return [text for text in english_texts(language) if text in flat]


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_register_page_is_written_in_the_language(language: str) -> None:
    page = lxml.html.fromstring(render_form(programme(language), language))
    assert page.get("lang") == language
    assert page.xpath("//*[@id='language-note']") == []
    assert english_texts(language), "the catalog translates the texts"
    assert leaked(page.text_content(), language) == []


@pytest.mark.usefixtures("link_key")
@pytest.mark.parametrize("language", TRANSLATED)
def test_the_confirmation_mail_is_written_in_the_language(language: str) -> None:
    shown = programme(language)
    registration = Registration(
        registration_id="01JREGISTRATION0000000000", event_id=shown.event.event_id, name="Jana Novak",
        email="jana@example.eu", email_norm="jana@example.eu", organisation="Stadt Graz", country="AT",
        attendance_mode="in_person", sessions=["lab-a", "lab-b"], preferred_language=language, status="confirmed",
        created_at=datetime(2026, 1, 5, tzinfo=UTC))
    mail = registrant_mail("confirmed", shown.event, list(shown.sessions.values()), registration, {},
                           sender="events@example.eu", public_url="https://events.example.eu")
    parsed = message_from_bytes(mail.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    text, html = parsed.get_body(("plain",)), parsed.get_body(("html",))
    assert text is not None and html is not None
    body = lxml.html.fromstring(str(html.get_content()))
    assert body.get("lang") == language
    assert leaked(f"{parsed['Subject']} {text.get_content()} {body.text_content()}", language) == []
