"""Organisers' texts in 24 languages on the back-office forms (#14): the event's language and the languages
already written are open, the others folded in one <details> per text (no JavaScript), its summary naming the
first of them; the back-office's language switch remembers the choice in a cookie."""

from __future__ import annotations

from types import ModuleType

import lxml.html
from integration_support import Stack
from test_back_office_events import new_event_form, signed_in

from devstack.seed import DEMO_EVENT_ID, DEMO_ORGANISER
from eventreg.domain.types import LANGUAGES


def inputs(fieldset: lxml.html.HtmlElement) -> tuple[list[str], list[str]]:
    """The ids of a fieldset's inputs: open, and folded in its <details>."""
    folded = [str(e.get("id")) for e in fieldset.xpath(".//details[@class='more-languages']//*[@lang][@id]")]
    shown = [str(e.get("id")) for e in fieldset.xpath(".//*[@lang][@id]") if e.get("id") not in folded]
    return shown, folded


def test_the_event_form_opens_the_event_s_language_and_those_written(stack: Stack,
                                                                      registration_service: ModuleType) -> None:
    typed = new_event_form(**{"title.pl": "Forum Spójności", "capacity_in_person": "lots"})  # an error: shown again
    with signed_in(registration_service, DEMO_ORGANISER) as browser:
        answer = browser.post("/organiser/new-event?lang=de", typed)
    assert answer.status_code == 400
    page = lxml.html.fromstring(answer.body.decode())
    title = page.xpath("//input[@id='title-fr']/ancestor::fieldset[1]")[0]
    shown, folded = inputs(title)
    assert shown == ["title-fr", "title-en", "title-pl"]  # the event's language first, then those written
    assert sorted(shown + folded) == sorted(f"title-{code}" for code in LANGUAGES)
    summary = title.xpath(".//details/summary")[0]
    assert summary.text_content() == "Български, Čeština, Dansk und 18 weitere"  # named in their own languages
    assert [s.get("lang") for s in summary.xpath("./span")] == ["bg", "cs", "da"]
    assert title.xpath(".//details")[0].get("open") is None
    description = page.xpath("//textarea[@id='description-en']/ancestor::fieldset[1]")[0]
    # the same languages for every text of the form: the event is being written in them
    assert inputs(description)[0] == ["description-fr", "description-en", "description-pl"]
    question = page.xpath("//input[@id='questions-0-label-en']/ancestor::fieldset[1]")[0]
    assert inputs(question)[0] == ["questions-0-label-fr", "questions-0-label-en", "questions-0-label-pl"]


def test_the_document_form_opens_the_languages_of_the_event(stack: Stack, registration_service: ModuleType) -> None:
    with signed_in(registration_service, DEMO_ORGANISER) as browser:
        page = lxml.html.fromstring(browser.get(f"/organiser/events/{DEMO_EVENT_ID}/documents/new").body.decode())
    event = stack.repo.get_event(DEMO_EVENT_ID)
    form = page.xpath("//form[contains(@action, '/documents/new')]")[0]
    shown, folded = inputs(form)
    assert shown[0] == f"title-{event.language}" and {f"title-{code}" for code in event.title} == set(shown)
    assert len(shown) + len(folded) == len(LANGUAGES)


def test_the_back_office_switch_is_remembered(stack: Stack, registration_service: ModuleType) -> None:
    with signed_in(registration_service, DEMO_ORGANISER) as browser:
        chosen = browser.get("/organiser/?lang=lv")
        cookie = chosen.headers["Set-Cookie"]
        page = lxml.html.fromstring(chosen.body.decode())
        assert page.get("lang") == "lv"
        links = page.xpath("//header//nav[@class='lang-switch']//a")
        assert len(links) == len(LANGUAGES) and [a.get("hreflang") for a in links if a.get("aria-current")] == ["lv"]
        assert "eventreg-lang=lv" in cookie and "HttpOnly" in cookie
        browser.jar["eventreg-lang"] = "lv"
        later = lxml.html.fromstring(browser.get("/organiser/").body.decode())  # no ?lang=: the cookie
    assert later.get("lang") == "lv"
