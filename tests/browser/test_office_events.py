"""Creating and running an event in the back-office (issue #12, office-events), in Chromium at 320 px: the
form filled and sent by keyboard, the overview, opening registration through its confirmation page, the
edit form; axe-core finds no serious or critical violation on any of them and nothing scrolls sideways."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from devstack.stack import LocalStack

pytest.importorskip("playwright")
from playwright.sync_api import Browser, Page
from test_back_office import check_page as checked
from test_back_office import sign_in_by_keyboard

SHOTS = Path("/tmp/shots-office-events")


def press_on(page: Page, button: str) -> None:
    """Focus a button as Tab would and press Enter on it (no mouse)."""
    target = page.get_by_role("button", name=button, exact=True)
    target.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def follow(page: Page, link: str) -> None:
    target = page.get_by_role("link", name=link, exact=True)
    target.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def check_page(page: Page, shot: str) -> None:
    checked(page, SHOTS, shot)


def test_an_organiser_creates_opens_and_edits_an_event_by_keyboard(stack: LocalStack, browser: Browser) -> None:
    event_id = f"browser-forum-{secrets.token_hex(3)}"
    ctx = browser.new_context(locale="en-GB", viewport={"width": 320, "height": 700}, bypass_csp=True)
    ctx.set_default_timeout(10_000)
    try:
        page = ctx.new_page()
        page.goto(f"{stack.info['url']}/_local/sign-in")
        sign_in_by_keyboard(page, "Anna Lindqvist")
        follow(page, "Create an event")
        check_page(page, "create-form")
        for label, value in (("Event id (in its web address) (required)", event_id),
                             ("Starts (required)", "2027-11-03T09:00"), ("Ends (required)", "2027-11-03T17:00"),
                             ("Registration opens (required)", "2026-11-05T09:00"),
                             ("Registration closes (required)", "2027-10-31T23:59"), ("Places in person", "80")):
            page.get_by_label(label, exact=True).first.fill(value)
        press_on(page, "Create the event")
        # an error: announced at the top, linked to its field, the values kept
        summary = page.get_by_role("alert")
        assert summary.get_by_role("link", name="Title: Give a text in at least one language.").is_visible()
        assert page.get_by_label("Places in person").input_value() == "80"
        check_page(page, "create-form-error")
        page.get_by_label("English", exact=True).first.fill("Browser Forum")
        press_on(page, "Create the event")

        assert page.url.endswith(f"/organiser/events/{event_id}?done=created")
        assert page.get_by_role("status").get_by_text("The event was created as a draft.").is_visible()
        check_page(page, "overview-draft")
        follow(page, "Open registration")
        assert page.get_by_text("No mail is sent now").is_visible()
        check_page(page, "confirm-open")
        press_on(page, "Yes: Open registration")
        assert page.get_by_role("status").get_by_text("The event's status is now: Open for registration.") \
            .is_visible()
        check_page(page, "overview-open")

        follow(page, "Edit the event")
        assert page.get_by_label("Starts (required)").input_value() == "2027-11-03T09:00"
        check_page(page, "edit-form")
        page.get_by_label("Name of the venue").fill("Espace Léopold")
        page.get_by_label("Room").fill("Room 3")
        press_on(page, "Save changes")
        assert page.get_by_role("status").get_by_text("Your changes were saved.").is_visible()
        assert page.get_by_text("Espace Léopold, Room 3").is_visible()
        check_page(page, "overview-edited")
    finally:
        ctx.close()
