"""The back-office in Chromium (issue #12), on the whole local stack: a browser without a session is sent to
sign in and back; each demo identity signs in by keyboard and sees its own events; the reports open with the
session; signing out ends it. axe-core (npm, injected into the page) finds no serious or critical
violation on any back-office page, at desktop width and at 320 px, where nothing scrolls sideways."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from devstack.seed import DEMO_EVENT_ID
from devstack.stack import LocalStack

pytest.importorskip("playwright")
from playwright.sync_api import Browser, BrowserContext, Page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture()
def office(browser: Browser) -> BrowserContext:
    """A fresh profile whose pages axe-core can be injected into (the pages' CSP forbids inline scripts)."""
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `make bootstrap` (npm ci)")
    ctx = browser.new_context(locale="en-GB", viewport={"width": 1100, "height": 900}, bypass_csp=True)
    ctx.set_default_timeout(10_000)
    return ctx


@contextmanager
def phone(browser: Browser, locale: str = "en-GB", width: int = 320) -> Iterator[Page]:
    """A page in a fresh profile at a phone's width, axe-core injectable (bypass_csp), closed afterwards."""
    ctx = browser.new_context(locale=locale, viewport={"width": width, "height": 700}, bypass_csp=True)
    ctx.set_default_timeout(10_000)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


def check_page(page: Page, shots: Path, shot: str) -> None:
    """No serious or critical axe-core violation, nothing wider than the viewport, and a screenshot to look at."""
    assert axe_violations(page) == [], shot
    width = page.viewport_size["width"] if page.viewport_size else 320
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width, shot
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"{shot}.png"), full_page=True)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical WCAG 2.1 A/AA violations axe-core finds on the page as it is."""
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def register(url: str, name: str, email: str, organisation: str) -> None:
    body = json.dumps({"name": name, "email": email, "organisation": organisation,
                       "organisation_type": "eu_institution", "country": "PL", "privacy_consent": True,
                       "answers": {"interest": "Networking"}}).encode()
    # the local stack's own http URL (S310: no file: or custom scheme can get here)
    request = urllib.request.Request(f"{url}/events/{DEMO_EVENT_ID}/registrations", data=body,  # noqa: S310
                                     method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        assert answer.status == 201


def sign_in_by_keyboard(page: Page, name: str) -> None:
    """On /_local/sign-in: Tab to the identity's button and press Enter (no mouse)."""
    button = page.get_by_role("button", name=f"Sign in as {name}")
    for _ in range(20):
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail(f"Tab never reached the button to sign in as {name}")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_an_organiser_signs_in_runs_through_the_pages_and_signs_out(stack: LocalStack, office: BrowserContext,
                                                                     tmp_path: Path) -> None:
    url = stack.info["url"]
    page = office.new_page()
    page.goto(f"{url}/organiser/")
    assert page.url.startswith(f"{url}/_local/sign-in?next=/organiser/")
    assert axe_violations(page) == []
    sign_in_by_keyboard(page, "Anna Lindqvist")
    assert page.url == f"{url}/organiser/"
    assert page.get_by_role("heading", name="My events").is_visible()
    assert page.get_by_text("Signed in as Anna Lindqvist").is_visible()
    row = page.get_by_role("row").filter(has_text="European Week of Regions and Cities")
    assert row.get_by_text("Open for registration").is_visible()
    assert page.get_by_text("Smart villages").count() == 0
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "my-events.png"), full_page=True)
    assert Image.open(tmp_path / "my-events.png").size[0] == 1100

    # the statistics page of the event opens with the session (no bearer token in a browser)
    with page.expect_navigation():
        row.get_by_role("link", name="Statistics").click()
    assert page.url.startswith(f"{url}/reports/events/{DEMO_EVENT_ID}/statistics.html")
    assert page.get_by_role("heading", level=1).is_visible()
    # the attendee list downloads as a file
    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("row").filter(has_text="European Week").get_by_role("link", name="CSV").click()
    saved = tmp_path / "attendees.csv"
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8-sig").splitlines()[0].startswith("Reference,Name,Email")

    # the registrations: one registered from the public API, found by searching its organisation
    register(url, "Elżbieta Bieńkowska", "e.b@example.eu", "European Commission")
    with page.expect_navigation():
        page.get_by_role("row").filter(has_text="European Week").get_by_role("link", name="Registrations").click()
    page.get_by_label("Search name, email or organisation").fill("commission")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    assert page.get_by_role("cell", name="European Commission").is_visible()
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "registrations.png"), full_page=True)

    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    assert page.url == f"{url}/organiser/signed-out"
    assert page.get_by_text("You are signed out of the eventreg back-office.").is_visible()
    assert axe_violations(page) == []
    page.goto(f"{url}/organiser/")
    assert "/_local/sign-in" in page.url  # the session is gone


@pytest.mark.parametrize("name, sees, does_not_see", [
    ("Pieter Janssens", "Partner: your sessions only", "Smart villages"),
    ("Marta Nowak", "Smart villages: rural services that work", "European Week"),
])
def test_each_identity_sees_only_its_events(stack: LocalStack, office: BrowserContext, name: str, sees: str,
                                            does_not_see: str) -> None:
    page = office.new_page()
    page.goto(f"{stack.info['url']}/_local/sign-in")
    sign_in_by_keyboard(page, name)
    assert page.get_by_text(sees).is_visible()
    assert page.get_by_text(does_not_see).count() == 0


def test_my_events_at_320_px_reflows_and_stays_accessible(stack: LocalStack, browser: Browser,
                                                          tmp_path: Path) -> None:
    ctx = browser.new_context(locale="fr-BE", viewport={"width": 320, "height": 640}, bypass_csp=True)
    try:
        page = ctx.new_page()
        page.goto(f"{stack.info['url']}/_local/sign-in")
        sign_in_by_keyboard(page, "Anna Lindqvist")
        assert page.get_by_role("heading", name="Mes événements").is_visible()  # the reader's language
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320  # the table scrolls in its box
        assert axe_violations(page) == []
        page.screenshot(path=str(tmp_path / "my-events-320.png"), full_page=True)
        assert Image.open(tmp_path / "my-events-320.png").size[0] == 320
    finally:
        ctx.close()
