"""The back-office's downloads and privacy pages in Chromium (issue #12), on the package's local stack: an
organiser downloads attendee lists as CSV and XLSX from the downloads page (the files opened with csv and
openpyxl), a list too long to answer directly goes through the progress page, which turns into the link by
itself (no JavaScript of ours); a privacy officer asks for an erasure, confirms it and sees it done. axe-core
finds no serious or critical violation on these pages, at desktop width and at 320 px."""

from __future__ import annotations

import csv
import io
import json
import urllib.request
import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_back_office import axe_violations, office, register, sign_in_by_keyboard

from devstack.seed import DEMO_EVENT_ID
from devstack.stack import LocalStack

pytest.importorskip("playwright")
from playwright.sync_api import Browser, BrowserContext, Download, Page

__all__ = ["office"]  # the fixture: a profile axe-core can be injected into
SHOTS = Path("/tmp/shots-office-downloads")


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def register_for(url: str, name: str, email: str, session: str) -> None:
    """A registration for one session of the demo event, through the public JSON API."""
    body = json.dumps({"name": name, "email": email, "organisation": "Ville de Liège",
                       "organisation_type": "city", "country": "BE", "privacy_consent": True,
                       "sessions": [session], "answers": {"interest": "Networking"}}).encode()
    # the local stack's own http URL (S310: no file: or custom scheme can get here)
    request = urllib.request.Request(f"{url}/events/{DEMO_EVENT_ID}/registrations", data=body,  # noqa: S310
                                     method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        assert answer.status == 201


def saved(download: Download, folder: Path) -> Path:
    """The downloaded file under the name the server gave it (openpyxl goes by the extension)."""
    target = folder / download.suggested_filename
    download.save_as(target)
    return target


def fits_320(page: Page) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= 320"))


def test_an_organiser_downloads_lists_and_a_large_one_through_its_progress_page(
    stack: LocalStack, office: BrowserContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, unique = stack.info["url"], uuid.uuid4().hex[:8]
    register(url, f"Dorota Downloads {unique}", f"dorota.{unique}@example.eu", f"Gmina {unique}")
    page = office.new_page()
    page.goto(f"{url}/organiser/events/{DEMO_EVENT_ID}/registrations")
    sign_in_by_keyboard(page, "Anna Lindqvist")
    with page.expect_navigation():
        page.get_by_role("navigation", name="This event").get_by_role("link", name="Downloads").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Downloads")
    assert page.get_by_text("it is frozen when registration closes").is_visible()
    assert axe_violations(page) == []
    shot(page, "downloads-desktop")
    page.set_viewport_size({"width": 320, "height": 640})  # a phone: the tables scroll in their boxes
    assert fits_320(page) and axe_violations(page) == []
    shot(page, "downloads-320")
    page.set_viewport_size({"width": 1100, "height": 900})

    with page.expect_download() as as_csv:
        page.get_by_role("link", name="CSV – Full list").click()
    rows = list(csv.reader(io.StringIO(saved(as_csv.value, tmp_path).read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["Reference", "Name", "Email"]
    assert any(row[1] == f"Dorota Downloads {unique}" for row in rows[1:])
    with page.expect_download() as as_xlsx:
        page.get_by_role("link", name="XLSX – Badge list").click()
    sheet = load_workbook(saved(as_xlsx.value, tmp_path)).active
    assert sheet is not None
    assert f"Dorota Downloads {unique}" in [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]

    # Too long to answer directly (the threshold lowered for the in-process stack): the session form's
    # XLSX button leads to the progress page, which reloads itself until the export job has written it.
    register_for(url, f"Luc Large {unique}", f"luc.{unique}@example.be", "opening")
    monkeypatch.setenv("EVENTREG_EXPORT_DIRECT_ROWS", "0")
    page.get_by_label("Session", exact=True).select_option("opening")
    with page.expect_navigation():
        page.get_by_role("button", name="Download XLSX").click()
    assert "/reports/events/ewrc-demo/exports/" in page.url
    assert page.get_by_role("heading", level=1).inner_text().startswith("Attendee list export")
    ready = page.get_by_role("link", name=f"Download {DEMO_EVENT_ID}-opening-attendees.xlsx")
    ready.wait_for(timeout=15_000)  # a meta refresh every 3 s, no script
    assert page.get_by_text("The file is ready.").is_visible()
    assert axe_violations(page) == []
    shot(page, "export-ready")
    with page.expect_download() as exported:
        ready.click()
    workbook = saved(exported.value, tmp_path)
    exported_sheet = load_workbook(workbook).active
    assert exported_sheet is not None
    assert f"Luc Large {unique}" in [row[1] for row in exported_sheet.iter_rows(min_row=2, values_only=True)]


def test_a_privacy_officer_asks_for_an_erasure_and_sees_it_done_at_320_px(stack: LocalStack, browser: Browser
                                                                          ) -> None:
    url, unique = stack.info["url"], uuid.uuid4().hex[:8]
    email = f"erase.me.{unique}@example.eu"
    register(url, f"Erik Erased {unique}", email, f"Kommune {unique}")
    ctx = browser.new_context(locale="en-GB", viewport={"width": 320, "height": 640}, bypass_csp=True)
    ctx.set_default_timeout(10_000)
    try:
        page = ctx.new_page()
        page.goto(f"{url}/_local/sign-in")
        sign_in_by_keyboard(page, "Jean Dupont")
        with page.expect_navigation():
            page.get_by_role("banner").get_by_role("link", name="Erasure requests").click()
        assert page.get_by_role("heading", name="Erasure requests").is_visible()
        assert axe_violations(page) == [] and fits_320(page)
        shot(page, "privacy-320")

        page.get_by_label("The person's email address").fill(email)
        page.keyboard.press("Enter")  # the form by keyboard
        page.get_by_role("heading", name="Confirm the erasure").wait_for()
        assert page.get_by_text(email).is_visible()
        assert axe_violations(page) == [] and fits_320(page)
        shot(page, "privacy-confirm-320")
        with page.expect_navigation():
            page.get_by_role("button", name="Yes, erase this person's data").click()
        assert "/reports/privacy/erasures/" in page.url and email not in page.url
        page.get_by_text("Done: the person's registrations are anonymised.").wait_for(timeout=15_000)
        assert email not in page.content()
        assert axe_violations(page) == [] and fits_320(page)
        shot(page, "privacy-done-320")
        with page.expect_navigation():
            page.get_by_role("link", name="All erasure requests").click()
        assert page.get_by_role("row").filter(has_text="You").first.is_visible()
        assert axe_violations(page) == [] and fits_320(page)
        shot(page, "privacy-list-320")
    finally:
        ctx.close()
