"""The demo event's register page in German at 320 px (#14): its English-only texts (the description, most
session titles, the questions) carry lang="en", one note says so in German, and axe-core finds no serious or
critical violation (its valid-lang rule reads every lang attribute)."""

from __future__ import annotations

from pathlib import Path

import pytest

from devstack.stack import LocalStack

pytest.importorskip("playwright")
from playwright.sync_api import Browser
from test_back_office import check_page, phone

SHOTS = Path("/tmp/shots-languages")


def test_a_german_register_page_says_which_texts_are_english(stack: LocalStack, browser: Browser) -> None:
    with phone(browser, "de-DE") as page:
        answer = page.goto(f"{stack.info['url']}/events/{stack.info['demo_event_id']}/register?lang=de")
        assert answer is not None and answer.status == 200
        assert page.locator("#language-note").inner_text() == \
            "Einige Texte dieser Veranstaltung gibt es nur auf Englisch."
        english = page.locator("main span[lang=en]")
        shown = {" ".join(text.split()) for text in english.all_inner_texts()}
        assert "Main interest" in shown and "City diplomacy and international cooperation" in shown
        # Translated texts are the page's own language: no mark.
        assert page.get_by_role("heading", level=1).inner_text() == "Europäische Woche der Regionen und Städte"
        assert page.locator("h1 [lang]").count() == 0
        check_page(page, SHOTS, "register-de")
