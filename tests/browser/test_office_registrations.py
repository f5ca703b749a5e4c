"""The back-office's registrations in Chromium at 320 px (issue 12): an organiser opens a registration and cancels
it on the person's behalf by keyboard alone, with a confirmation step; the freed place goes to the first on the
waiting list, which the waiting-list page shows in order. axe-core: no serious or critical violation on any of
these pages, and nothing scrolls sideways. Its own event (capacity 1), so the shared demo event stays as seeded."""

from __future__ import annotations

import json
import urllib.request
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from test_back_office import axe_violations, sign_in_by_keyboard

from devstack.stack import LocalStack
from eventreg.domain.models import utc_now

pytest.importorskip("playwright")
from playwright.sync_api import Browser, Locator, Page

EVENT = "office-regs-browser"
SHOTS = Path("/tmp/shots-office-registrations")


def call(url: str, path: str, body: dict[str, Any], token: str | None = None) -> dict[str, Any]:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    # the local stack's own http URL (S310: no file: or custom scheme can get here)
    request = urllib.request.Request(f"{url}{path}", data=json.dumps(body).encode(), method="POST",  # noqa: S310
                                     headers=headers)
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        assert answer.status == 201
        result: dict[str, Any] = json.load(answer)
        return result


def a_full_event_with_a_waiting_list(stack: LocalStack) -> None:
    url, now = stack.info["url"], utc_now()
    call(url, "/organiser/events", {
        "event_id": EVENT, "title": {"en": "Browser check of the registrations pages"}, "timezone": "Europe/Brussels",
        "starts_at": (now + timedelta(days=40)).isoformat(), "ends_at": (now + timedelta(days=40, hours=8)).isoformat(),
        "registration_opens_at": (now - timedelta(days=1)).isoformat(),
        "registration_closes_at": (now + timedelta(days=30)).isoformat(),
        "venue": {"name": "Rue Belliard 99", "room": "JDE 52"}, "modes": ["in_person"], "capacity_in_person": 1,
        "status": "open"}, stack.info["organiser_token"])
    for name in ("Ana Keyboard", "Bram Waiting", "Carla Waiting"):
        call(url, f"/events/{EVENT}/registrations", {
            "name": name, "email": f"{name.split()[0].lower()}@office-regs-browser.example.eu",
            "organisation": "Stad Gent", "organisation_type": "city", "country": "BE", "privacy_consent": True})


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until `target` has the focus (no mouse)."""
    for _ in range(60):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail("Tab never reached the element")


def checked(page: Page, shot: str) -> None:
    """No serious or critical axe violation, nothing wider than 320 px, and a screenshot to look at."""
    assert axe_violations(page) == [], shot
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320, shot
    page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)


def test_cancel_on_their_behalf_by_keyboard_and_the_waiting_list_in_order(stack: LocalStack,
                                                                           browser: Browser) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    a_full_event_with_a_waiting_list(stack)
    url = stack.info["url"]
    ctx = browser.new_context(locale="en-GB", viewport={"width": 320, "height": 640}, bypass_csp=True)
    ctx.set_default_timeout(10_000)
    try:
        page = ctx.new_page()
        page.goto(f"{url}/_local/sign-in?next=/organiser/events/{EVENT}/waiting-lists")
        sign_in_by_keyboard(page, "Anna Lindqvist")
        line = page.get_by_role("table")
        assert [row.inner_text().split("\t")[:2] for row in line.get_by_role("row").all()[1:]] == [
            ["1", "Bram Waiting"], ["2", "Carla Waiting"]]
        checked(page, "waiting-lists")

        page.goto(f"{url}/organiser/events/{EVENT}/registrations")
        checked(page, "registrations")
        tab_to(page, page.get_by_role("link", name="Ana Keyboard"))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.get_by_role("heading", level=1, name="Ana Keyboard").is_visible()
        checked(page, "registration-detail")
        tab_to(page, page.get_by_role("link", name="Cancel this registration"))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.get_by_role("heading", level=1, name="Cancel the registration of Ana Keyboard").is_visible()
        checked(page, "cancel-confirmation")
        tab_to(page, page.get_by_role("button", name="Yes, cancel this registration"))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.get_by_role("status").inner_text().startswith("Cancelled on their behalf. 1 person took")
        assert page.get_by_text("Cancelled", exact=True).is_visible()
        checked(page, "cancelled")

        # the other forms acting for people, as they look and read: moving Bram, adding someone by hand
        page.goto(f"{url}/organiser/events/{EVENT}/registrations?q=bram")
        with page.expect_navigation():
            page.get_by_role("link", name="Bram Waiting").click()
        with page.expect_navigation():
            page.get_by_role("link", name="Change attendance or sessions").click()
        checked(page, "move")
        page.goto(f"{url}/organiser/events/{EVENT}/registrations/new")
        with page.expect_navigation():
            page.get_by_role("button", name="Register").click()  # empty: the errors, linked to their fields
        assert page.get_by_role("alert").is_visible() and page.get_by_label("Full name").get_attribute(
            "aria-describedby") == "name-error"
        checked(page, "add-by-hand-errors")

        page.goto(f"{url}/organiser/events/{EVENT}/waiting-lists")
        rows = page.get_by_role("table").get_by_role("row").all()[1:]
        assert [row.inner_text().split("\t")[:2] for row in rows] == [["1", "Carla Waiting"]]  # Bram got the place
    finally:
        ctx.close()
