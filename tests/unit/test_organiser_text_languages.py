"""Organisers' texts not given in the reader's language (#14): shown in the language they have, marked with
its `lang` (WCAG 3.1.2) and named once in a note in the reader's language; the organisers' "closed" mail
entirely in the event's language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import lxml.html
import pytest
from agenda_helpers import autumn_event, autumn_sessions
from babel.messages.pofile import read_po
from unit_helpers import build_event

from eventreg.domain.models import Question, QuestionKind, Registration, Session, fallback_languages, localized, utc_now
from eventreg.entrypoints.http.pages import render_confirmation, render_form
from eventreg.locale.catalog import LOCALE_DIR
from eventreg.locale.fallbacks import titles_note
from eventreg.notify.letters import closed_notice, registrant_mail
from eventreg.programme import Programme
from eventreg.report.agenda.content import build
from eventreg.report.agenda.links import agenda_links
from eventreg.report.agenda.views import FORMATS

GERMAN_NOTE = "Einige Texte dieser Veranstaltung gibt es nur auf Englisch."
OPEN_UNTIL = utc_now() + timedelta(days=30)
# Each English-only text where the German register page shows it: the description, the session in the
# agenda and in the form, the question's label.
ENGLISH_ONLY = [("A one-day EU workshop.", "en"), ("Lab B: smart villages", "en"), ("Lab B: smart villages", "en"),
                ("Main interest", "en")]


def sessions() -> list[Session]:
    at = lambda hour: datetime(2026, 6, 10, hour, tzinfo=UTC)  # noqa: E731
    return [
        Session(session_id="plenary", title={"en": "Opening plenary", "de": "Eröffnungsplenum"},
                starts_at=at(7), ends_at=at(8)),
        Session(session_id="lab-b", title={"en": "Lab B: smart villages"}, starts_at=at(9), ends_at=at(10)),
    ]


def mixed_event(**overrides: object) -> Programme:
    """English by default; in German: the title and one session, not the description, a question, a session."""
    fields: dict[str, object] = {
        "title": {"en": "Workshop on cohesion policy", "de": "Workshop zur Kohäsionspolitik"},
        "questions": [
            Question(question_id="interest", label={"en": "Main interest"}),
            Question(question_id="first-time", kind=QuestionKind.CHECKBOX,
                     label={"en": "My first workshop", "de": "Mein erster Workshop"}),
        ],
        "registration_closes_at": OPEN_UNTIL,  # the form shows while registration is open
    }
    event = build_event(**{**fields, **overrides})
    return Programme(event, sessions())


def translated_event() -> Programme:
    event = build_event(
        title={"en": "Workshop on cohesion policy", "de": "Workshop zur Kohäsionspolitik"},
        description={"en": "A one-day EU workshop.", "de": "Ein eintägiger EU-Workshop."},
        registration_closes_at=OPEN_UNTIL,
        questions=[Question(question_id="interest", label={"en": "Main interest", "de": "Hauptinteresse"})],
    )
    both = [s.model_copy(update={"title": {"en": "Lab B", "de": "Labor B"}}) if s.session_id == "lab-b" else s
            for s in sessions()]
    return Programme(event, both)


def marked(page: str) -> list[tuple[str, str]]:
    """The elements of <main> that carry a lang of their own, as (text, lang) in page order (the language
    switch and the mail-language choice name each language in itself: left out)."""
    main = lxml.html.fromstring(page).find(".//main")
    assert main is not None
    return [(" ".join(element.text_content().split()), element.get("lang")) for element in main.iter()
            if element.get("lang") and not element.xpath("ancestor::*[@class='lang-switch']")
            and element.tag != "option"]


def note_of(page: str) -> str | None:
    notes = lxml.html.fromstring(page).xpath("//*[@id='language-note']")
    assert len(notes) <= 1
    return notes[0].text_content() if notes else None


# -- the domain --------------------------------------------------------------------------------------------
def test_a_text_says_which_language_it_is_shown_in() -> None:
    texts = {"en": "Main interest", "fr": "Intérêt principal"}
    assert localized(texts, "fr", "en") == ("Intérêt principal", "fr")
    assert localized(texts, "de", "en") == ("Main interest", "en")
    assert localized({"nl": "Alleen Nederlands"}, "de", "en") == ("Alleen Nederlands", "nl")
    assert localized({}, "de", "en") == ("", "de")
    assert fallback_languages([texts, {"nl": "x"}, {"de": "y"}, {"nl": "z"}], "de", "en") == ["en", "nl"]


# -- pages -------------------------------------------------------------------------------------------------
def test_a_german_register_page_marks_exactly_the_english_texts_and_says_so_in_german() -> None:
    page = render_form(mixed_event(), "de")
    assert marked(page) == ENGLISH_ONLY
    assert note_of(page) == GERMAN_NOTE
    assert '<html lang="de">' in page


def test_a_fully_translated_event_has_no_note_and_no_foreign_marks() -> None:
    page = render_form(translated_event(), "de")
    assert marked(page) == []
    assert note_of(page) is None
    assert "Labor B" in page and "Hauptinteresse" in page


def test_an_english_page_of_the_same_event_marks_nothing() -> None:
    page = render_form(mixed_event(), "en")
    assert marked(page) == []
    assert note_of(page) is None


def test_the_note_is_in_the_readers_language_and_names_every_language_shown() -> None:
    programme = mixed_event()
    dutch_only = programme.sessions["plenary"].model_copy(update={"title": {"nl": "Openingsplenaire"}})
    programme.sessions["plenary"] = dutch_only
    page = render_form(programme, "fr")
    assert note_of(page) == "Certains textes de cet événement ne sont disponibles qu’en anglais et néerlandais."
    assert ("Openingsplenaire", "nl") in marked(page)


@pytest.mark.usefixtures("link_key")
def test_a_confirmation_notes_only_what_it_shows() -> None:
    programme = mixed_event(description={"en": "A one-day EU workshop.", "de": "Ein eintägiger EU-Workshop."},
                            questions=[])
    registration = _registration("de").model_copy(update={"sessions": ["plenary"]})
    page = render_confirmation(programme, registration, "de")
    assert note_of(page) is None  # Lab B is English only, but this registration did not choose it
    page = render_confirmation(programme, registration.model_copy(update={"sessions": ["lab-b"]}), "de")
    assert note_of(page) == GERMAN_NOTE
    assert marked(page) == [("Lab B: smart villages", "en")]


def test_the_list_of_events_names_the_languages_of_its_untranslated_titles() -> None:
    events = [build_event(title={"en": "Workshop on cohesion policy", "de": "Workshop zur Kohäsionspolitik"}),
              build_event(event_id="villages", title={"fr": "Villages intelligents"}, language="fr")]
    assert titles_note(events, "de") == "Einige Titel dieser Veranstaltungen gibt es nur auf Französisch."
    assert titles_note(events[:1], "de") == ""


# -- mails -------------------------------------------------------------------------------------------------
def _registration(language: str) -> Registration:
    return Registration(
        registration_id="01JREGISTRATION0000000000", event_id="eu-workshop", name="Jana Novak",
        email="jana@example.eu", email_norm="jana@example.eu", organisation="Stadt Graz", country="AT",
        attendance_mode="in_person", sessions=["plenary", "lab-b"], preferred_language=language, status="confirmed",
        created_at=datetime(2026, 1, 5, tzinfo=UTC))


def parts(raw: bytes) -> tuple[str, str, str]:
    """A mail's subject, text part and HTML part."""
    parsed = message_from_bytes(raw, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    text, html = parsed.get_body(("plain",)), parsed.get_body(("html",))
    assert text is not None and html is not None
    return str(parsed["Subject"]), str(text.get_content()), str(html.get_content())


@pytest.mark.usefixtures("link_key")
def test_a_german_confirmation_mail_marks_the_english_session_and_notes_it_in_both_parts() -> None:
    programme = mixed_event()
    mail = registrant_mail("confirmed", programme.event, list(programme.sessions.values()), _registration("de"),
                           {}, sender="events@example.eu", public_url="https://events.example.eu")
    _, text, html = parts(mail.as_bytes())
    assert text.count(GERMAN_NOTE) == 1 and html.count(GERMAN_NOTE) == 1
    assert '<span lang="en">Lab B: smart villages</span>' in html
    assert "Eröffnungsplenum" in html and '<span lang="en">Opening plenary' not in html
    assert "Lab B: smart villages" in text and "<span" not in text


def dutch_catalog() -> dict[str, str]:
    with (LOCALE_DIR / "nl" / "LC_MESSAGES" / "eventreg.po").open("rb") as po:
        return {m.id: m.string for m in read_po(po) if isinstance(m.id, str) and m.id and m.string != m.id}


def test_the_closed_mail_to_organisers_of_a_dutch_event_is_dutch_throughout() -> None:
    event = build_event(title={"nl": "Werkdag cohesiebeleid", "en": "Workshop on cohesion policy"}, language="nl",
                        registered_in_person=42, waitlisted=3)
    raw = closed_notice(event, "regio@example.eu", sender="events@example.eu",
                        public_url="https://events.example.eu").as_bytes()
    subject, text, html = parts(raw)
    assert subject == "Inschrijving gesloten: Werkdag cohesiebeleid"
    assert "20 maart 2026, 23:59 CET" in text and "20 maart 2026, 23:59 CET" in html
    assert "42 van 100" in text and "Op de wachtlijst: 3" in text
    english = [msgid for msgid in dutch_catalog() if len(msgid) > 12 and "%" not in msgid]
    english += [msgid.split("%")[0] for msgid in dutch_catalog() if len(msgid.split("%")[0]) > 12]
    shown = subject + text + lxml.html.fromstring(html).text_content()
    assert [msgid for msgid in english if msgid in shown] == []
    assert "Registration" not in shown and " of " not in shown and "closed" not in shown


# -- the agenda --------------------------------------------------------------------------------------------
def test_a_german_agenda_marks_its_english_titles_and_notes_them() -> None:
    event = autumn_event()
    agenda = build(event, autumn_sessions(), "de")
    page = FORMATS["html"].render(event, agenda, agenda_links(event, "de", "https://events.example.eu", utc_now()))
    assert isinstance(page, str)
    english = {s.title["en"] for s in autumn_sessions() if "de" not in s.title and "en" in s.title}
    assert english, "the helpers' autumn programme has English-only sessions"
    assert "de" not in event.description
    english.add(event.description["en"])
    assert {text for text, language in marked(page) if language == "en"} == english
    assert note_of(page) == GERMAN_NOTE
