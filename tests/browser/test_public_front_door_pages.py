"""The public front door in Chromium at 320 px (#14): `/` lists the open events and leads to one by keyboard;
an unknown event's address gives a page in the browser's language with the way back; axe-core finds no
serious or critical violation and nothing scrolls sideways."""

from __future__ import annotations

from pathlib import Path

import pytest

from devstack.stack import LocalStack

pytest.importorskip("playwright")
from playwright.sync_api import Browser
from test_back_office import check_page, phone

SHOTS = Path("/tmp/shots-front-door")


def test_from_the_front_door_to_an_event_and_back_from_a_dead_link(stack: LocalStack, browser: Browser) -> None:
    with phone(browser, "fr-BE") as page:
        answer = page.goto(f"{stack.info['url']}/")
        assert answer is not None and answer.status == 200
        assert page.get_by_role("heading", level=1).inner_text() == "Événements ouverts aux inscriptions"
        check_page(page, SHOTS, "index-fr")
        link = page.get_by_role("link").filter(has_text="Semaine européenne des régions et des villes").first
        link.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith(f"/events/{stack.info['demo_event_id']}/register?lang=fr")

        answer = page.goto(f"{stack.info['url']}/events/no-such-event/register")
        assert answer is not None and answer.status == 404
        assert page.get_by_role("heading", level=1).inner_text() == "Événement introuvable"
        check_page(page, SHOTS, "not-found-fr")
        page.get_by_role("link", name="Voir les événements ouverts aux inscriptions").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Événements ouverts aux inscriptions"
