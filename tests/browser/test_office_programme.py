"""The programme pages in Chromium (issue #12), on the whole local stack (DynamoDB Local): an organiser imports
a programme of 120 sessions from a CSV file chosen in the upload form, checks the preview, imports it, and the
programme page shows them by day; at 320 px the pages reflow (tables scroll in their box) and axe-core finds
no serious or critical violation on the programme, import, preview and session form pages; the session form's
errors are reached by keyboard from the summary."""

from __future__ import annotations

import json
import re
import secrets
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image
from test_back_office import axe_violations, sign_in_by_keyboard

from devstack.sample_programme import sample_csv
from devstack.stack import LocalStack
from eventreg.domain.models import utc_now

pytest.importorskip("playwright")
from playwright.sync_api import Browser, BrowserContext, Page

SHOTS = Path("/tmp/shots-office-programme")


def new_event(stack: LocalStack) -> tuple[str, str]:
    """A hybrid four-day event of the demo organiser, made through the organiser API; its id and first day."""
    event_id = f"programme-week-{secrets.token_hex(3)}"
    first = (utc_now() + timedelta(days=90)).replace(hour=7, minute=0, second=0, microsecond=0)
    body = {"event_id": event_id, "title": "Programme import week", "timezone": "Europe/Brussels",
            "starts_at": first.isoformat(), "ends_at": (first + timedelta(days=3, hours=10)).isoformat(),
            "registration_opens_at": utc_now().isoformat(),
            "registration_closes_at": (first - timedelta(days=7)).isoformat(),
            "modes": ["in_person", "online"], "capacity_in_person": 6000}
    request = urllib.request.Request(  # noqa: S310 (the local stack's own http URL)
        f"{stack.info['url']}/organiser/events", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {stack.info['organiser_token']}"})
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        assert answer.status == 201
    return event_id, first.date().isoformat()


def shot(page: Page, name: str, width: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)
    assert Image.open(SHOTS / name).size[0] == width


def at_320_px(browser: Browser) -> BrowserContext:
    ctx = browser.new_context(locale="en-GB", viewport={"width": 320, "height": 700}, bypass_csp=True)
    ctx.set_default_timeout(15_000)
    return ctx


def axe_on_a_few_rows(page: Page) -> list[dict[str, object]]:
    """axe-core on the page with each table cut to its first 5 rows, after the page's own checks and screenshot:
    the rows come from one template, and axe took 15 s over 120 of them on a busy machine."""
    page.evaluate("() => document.querySelectorAll('tbody')"
                  ".forEach(b => [...b.rows].slice(5).forEach(r => r.remove()))")
    return axe_violations(page)


def reflows(page: Page) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= 320"))


def test_an_organiser_imports_120_sessions_from_a_file(stack: LocalStack, browser: Browser, tmp_path: Path) -> None:
    url = stack.info["url"]
    event_id, first_day = new_event(stack)
    programme = f"{url}/organiser/events/{event_id}/programme"
    sample = tmp_path / "ewrc-programme.csv"
    sample.write_text(sample_csv(date.fromisoformat(first_day)), encoding="utf-8")
    ctx = at_320_px(browser)
    try:
        page = ctx.new_page()
        page.goto(programme)
        sign_in_by_keyboard(page, "Anna Lindqvist")
        assert page.url == programme and page.get_by_text("No sessions yet.").is_visible()
        with page.expect_navigation():
            page.get_by_role("link", name="Import a programme (CSV or XLSX)").click()
        assert page.get_by_role("heading", name="The columns").is_visible()
        assert reflows(page) and axe_violations(page) == []
        shot(page, "import-form-320.png", 320)

        page.get_by_label("Programme file (CSV or XLSX)").set_input_files(str(sample))
        with page.expect_navigation():
            page.get_by_role("button", name="Check the file").click()
        assert page.get_by_text("120 sessions will be created, 0 changed; 0 are unchanged.").is_visible()
        assert page.get_by_role("row").count() == 121
        assert reflows(page)
        shot(page, "preview-320.png", 320)
        assert axe_on_a_few_rows(page) == []

        with page.expect_navigation():
            page.get_by_role("button", name="Import", exact=True).click()
        assert page.url.startswith(programme)
        assert page.get_by_role("status").filter(has_text="Imported: 120 sessions created, 0 changed.").is_visible()
        assert page.get_by_role("heading", level=2).count() == 4  # the four days
        assert page.get_by_role("link", name=re.compile(r"^Edit ")).count() == 120
        assert page.get_by_role("rowheader", name="Smart specialisation: workshop 1 workshop-001").is_visible()
        assert reflows(page)
        shot(page, "programme-320.png", 320)
        assert axe_on_a_few_rows(page) == []

        # one session by keyboard: the form sent empty, its errors linked from the summary to the fields
        page.goto(f"{programme}/sessions/new")
        page.get_by_label("Session id").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        summary = page.get_by_role("alert")
        assert summary.get_by_role("link", name="Title: This field is required.").is_visible()
        summary.get_by_role("link", name="Title: This field is required.").focus()
        page.keyboard.press("Enter")
        assert page.evaluate("() => location.hash") == "#field-title"
        assert page.get_by_label("Title").get_attribute("aria-describedby") == "title-error"
        assert reflows(page) and axe_violations(page) == []
        shot(page, "session-form-errors-320.png", 320)
    finally:
        ctx.close()
    wide = browser.new_context(locale="nl-BE", viewport={"width": 1200, "height": 900}, bypass_csp=True)
    try:
        page = wide.new_page()
        page.goto(programme)
        sign_in_by_keyboard(page, "Anna Lindqvist")
        assert page.get_by_role("heading", name="Programma: Programme import week").is_visible()  # Dutch
        shot(page, "programme-nl-1200.png", 1200)
    finally:
        wide.close()
