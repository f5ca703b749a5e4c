"""The delegation form in Chromium at 320 px, by keyboard alone (#14): a lead fills in their fields and two
members, adds a row with "Add another member" (no JavaScript involved), posts a wrong address, follows the error
summary's link to the member's field, corrects it, and gets every person with their own manage link. On each
page axe-core finds no serious or critical violation and nothing scrolls sideways."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from devstack.stack import LocalStack

pytest.importorskip("playwright")
from playwright.sync_api import Browser, Locator, Page
from test_back_office import check_page, phone

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-delegation-form")
WIDTH = 320
MAX_TABS = 250  # the lead's fields, the agenda's sessions and the member rows: fewer tab stops than this


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until `target` has the focus (as a keyboard user moves through the form)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def labelled(page: Page, label: str, member: int | None = None) -> Locator:
    """The lead's control labelled exactly `label` (which may end with the required mark " *"), or the one in
    the group of member `member` (a screen reader announces the group's legend, "Member 2", with it)."""
    scope = page.get_by_role("group", name=f"Member {member}", exact=True) if member else page
    found = scope.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))
    return found if member else found.first  # the lead's fields come before the members' groups


def type_into(page: Page, label: str | re.Pattern[str], text: str, member: int | None = None) -> None:
    tab_to(page, labelled(page, label, member) if isinstance(label, str) else page.get_by_label(label))
    page.keyboard.type(text)


def press_on(page: Page, target: Locator, key: str = "Space") -> None:
    tab_to(page, target)
    page.keyboard.press(key)


def test_a_lead_registers_a_delegation_by_keyboard_at_320_px(stack: LocalStack, browser: Browser) -> None:
    with phone(browser, width=WIDTH) as page:
        page.goto(stack.info["event_url"])
        link = page.get_by_role("link", name="Registering a group from your city or region? Register them together")
        tab_to(page, link)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.get_by_role("heading", name="Register a delegation").is_visible()
        check_page(page, SHOTS, "1-form")
        sticking_out = page.evaluate("""() => [...document.querySelectorAll('fieldset.member :is(input, select)')]
            .filter(c => c.getBoundingClientRect().right > c.closest('fieldset').getBoundingClientRect().right)
            .map(c => c.id)""")
        assert sticking_out == []  # each member's fields inside the member's frame

        type_into(page, "Full name", "Magdalena Adamowicz")
        type_into(page, "Email address", "m.adamowicz@gdansk.example")
        type_into(page, re.compile(r"^Organisation\b"), "City of Gdańsk")
        type_into(page, "Type of organisation", "City")  # a select picks the option typed
        type_into(page, "Country", "Poland")
        press_on(page, page.get_by_role("group", name="Workshops and sessions").get_by_role("checkbox").first)
        press_on(page, page.get_by_role("radiogroup", name="Main interest").get_by_role("radio").first)
        press_on(page, page.get_by_label("I have read the privacy statement", exact=False))
        type_into(page, "Full name", "Piotr Grzelak", 1)
        type_into(page, "Email address", "p.grzelak@gdansk.example", 1)
        type_into(page, "Full name", "Aleksandra Dulkiewicz", 2)
        type_into(page, "Email address", "a.dulkiewicz-at-gdansk.example", 2)  # a typo
        with page.expect_navigation():
            press_on(page, page.get_by_role("button", name="Add another member"), "Enter")
        assert labelled(page, "Full name", 4).input_value() == ""
        assert labelled(page, "Full name", 1).input_value() == "Piotr Grzelak"
        type_into(page, "Full name", "Monika Chabior", 4)
        type_into(page, "Email address", "m.chabior@gdansk.example", 4)
        with page.expect_navigation() as refused:
            press_on(page, page.get_by_role("button", name="Register the delegation"), "Enter")
        assert refused.value is not None and refused.value.status == 400
        summary = page.locator("#form-errors")
        assert summary.evaluate("element => element === document.activeElement")  # read first
        check_page(page, SHOTS, "2-errors")

        error_link = summary.get_by_role("link", name=re.compile("Email address of member 2"))
        assert error_link.get_attribute("href") == "#member-2-email"
        tab_to(page, error_link)
        page.keyboard.press("Enter")
        field = labelled(page, "Email address", 2)
        assert field.evaluate("element => element === document.activeElement")
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.type("a.dulkiewicz@gdansk.example")
        with page.expect_navigation() as registered:
            press_on(page, page.get_by_role("button", name="Register the delegation"), "Enter")
        assert registered.value is not None and registered.value.status == 201
        assert page.get_by_role("heading", name="Your delegation is registered").is_visible()
        manage_links = page.get_by_role("link", name=re.compile("^View, change or cancel the registration of"))
        assert manage_links.count() == 4  # the lead and three members: the empty third row left out
        names = [manage_links.nth(i).inner_text().rsplit(" of ", 1)[1] for i in range(4)]
        assert names == ["Magdalena Adamowicz", "Piotr Grzelak", "Aleksandra Dulkiewicz", "Monika Chabior"]
        check_page(page, SHOTS, "3-confirmation")


def test_enter_in_a_member_field_registers_and_never_adds_a_row(stack: LocalStack, browser: Browser) -> None:
    """Implicit submission (Enter in a text field) presses the form's first submit button: it must be "Register
    the delegation", not "Add another member". Each member's own list consent box is there, unticked."""
    with phone(browser, width=WIDTH) as page:
        page.goto(stack.info["event_url"].replace("/register", "/delegation"))
        labelled(page, "Full name").fill("Jonas Vilnius")
        labelled(page, "Email address").fill("j.lead@vilnius.example")
        page.get_by_label(re.compile(r"^Organisation\b")).first.fill("City of Vilnius")
        labelled(page, "Type of organisation").select_option("city")
        labelled(page, "Country").select_option("LT")
        page.get_by_role("radiogroup", name="Main interest").get_by_role("radio").first.check()
        page.get_by_label("I have read the privacy statement", exact=False).check()
        labelled(page, "Full name", 1).fill("Rūta Member")
        member_email = labelled(page, "Email address", 1)
        member_email.fill("r.member-at-vilnius.example")  # a typo: Enter must show it, not a longer form
        consent = page.get_by_role("group", name="Member 1", exact=True).get_by_role("checkbox")
        assert consent.count() == 1 and not consent.is_checked()
        with page.expect_navigation() as refused:
            member_email.press("Enter")
        assert refused.value is not None and refused.value.status == 400
        assert page.locator("fieldset.member").count() == 3  # no row was added
        assert page.locator("#form-errors").is_visible()
        member_email = labelled(page, "Email address", 1)
        member_email.fill("r.member@vilnius.example")
        page.get_by_role("group", name="Member 1", exact=True).get_by_role("checkbox").check()
        with page.expect_navigation() as registered:
            member_email.press("Enter")
        assert registered.value is not None and registered.value.status == 201
        assert page.get_by_role("heading", name="Your delegation is registered").is_visible()
        check_page(page, SHOTS, "4-registered-by-enter")
