"""The 24-language switch in Chromium (#14), on the whole local stack: folded, it keeps a Greek register page at
320 px one line high and nothing scrolls sideways; unfolded (no JavaScript needed: <details>), its languages sit in
columns, each named in itself; choosing one follows the link. In the back-office the choice holds on the next
page (a cookie), and the event form folds the languages not yet written. axe-core: no serious or critical
violation, open or closed, at 320 px and at desktop width. Screenshots in /tmp/shots-language-menu."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_back_office import check_page, phone, sign_in_by_keyboard

from devstack.seed import DEMO_EVENT_ID
from devstack.stack import LocalStack
from eventreg.domain.types import LANGUAGES
from eventreg.locale.catalog import words

pytest.importorskip("playwright")
from playwright.sync_api import Browser

SHOTS = Path("/tmp/shots-language-menu")


@pytest.mark.parametrize("width", [320, 1100])
def test_the_register_page_s_switch_at_phone_and_desktop_width(stack: LocalStack, browser: Browser,
                                                               width: int) -> None:
    with phone(browser, locale="el-GR", width=width) as page:
        page.goto(stack.info["event_url"] + "?lang=el")
        switch = page.locator("nav.lang-switch")
        assert switch.locator("summary").inner_text() == "Γλώσσα: Ελληνικά"
        assert switch.locator("li a").first.is_hidden()  # folded
        assert switch.bounding_box()["height"] < 40  # type: ignore[index]  # one line, even at 320 px
        check_page(page, SHOTS, f"register-el-{width}-closed")
        page.keyboard.press("Tab")  # the skip link, then the switch: it opens by keyboard
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
        page.keyboard.press("Enter")
        links = switch.locator("li a")
        assert links.count() == len(LANGUAGES) and links.nth(LANGUAGES.index("pl")).is_visible()
        columns = {round(links.nth(i).bounding_box()["x"]) for i in range(links.count())}  # type: ignore[index]
        assert len(columns) >= (2 if width == 320 else 4)
        assert switch.locator("a[aria-current=true]").inner_text() == "Ελληνικά"
        check_page(page, SHOTS, f"register-el-{width}-open")
        with page.expect_navigation():
            switch.get_by_role("link", name="Polski").click()
        assert page.locator("html").get_attribute("lang") == "pl"
        assert page.get_by_role("button", name=words("pl")("Register"), exact=True).is_visible()


@pytest.mark.parametrize("width", [320, 1100])
def test_the_back_office_keeps_the_chosen_language_and_folds_the_others(stack: LocalStack, browser: Browser,
                                                                         width: int) -> None:
    url = stack.info["url"]
    with phone(browser, width=width) as page:
        page.goto(f"{url}/organiser/")
        sign_in_by_keyboard(page, "Anna Lindqvist")
        switch = page.locator("header nav.lang-switch")
        switch.locator("summary").click()
        check_page(page, SHOTS, f"office-home-{width}-open")
        with page.expect_navigation():
            switch.get_by_role("link", name="Malti").click()
        assert page.locator("html").get_attribute("lang") == "mt"
        page.goto(f"{url}/organiser/events/{DEMO_EVENT_ID}/edit")  # no ?lang=: the cookie
        assert page.locator("html").get_attribute("lang") == "mt"
        folded = page.locator("details.more-languages").first
        assert folded.locator("input").first.is_hidden()
        check_page(page, SHOTS, f"office-event-form-{width}")
        folded.locator("summary").click()
        assert folded.locator("input").first.is_visible()
        check_page(page, SHOTS, f"office-event-form-{width}-open")
