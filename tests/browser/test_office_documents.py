"""An event's documents in the back-office (issue #12, office-documents), in Chromium at 320 px with the pages'
real Content-Security-Policy: a PDF added by keyboard in two steps, the file posted by the browser straight to
the local stack's S3 (moto) with a presigned POST, S3 sending the browser back to the back-office, the
document then on the public event page. axe-core (evaluated outside the page's CSP) finds no serious or
critical violation on any of the pages, and nothing scrolls sideways."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import pytest

from devstack.seed import DEMO_EVENT_ID
from devstack.stack import LocalStack

pytest.importorskip("playwright")
from playwright.sync_api import Browser, Page
from test_back_office import AXE, sign_in_by_keyboard

SHOTS = Path("/tmp/shots-office-documents")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical WCAG 2.1 A/AA violations (axe-core comes in as an init script, which the page's
    CSP does not govern: this test keeps the CSP on, since the upload form's form-action is under test)."""
    result: dict[str, Any] = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def check_page(page: Page, shot: str) -> None:
    assert axe_violations(page) == [], shot
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320, shot
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)


def press(page: Page, role: str, name: str) -> None:
    """Focus a link or button as Tab would and press Enter on it (no mouse)."""
    page.get_by_role(role, name=name, exact=True).first.focus()  # type: ignore[arg-type]
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_an_organiser_uploads_a_pdf_by_keyboard_straight_to_storage(stack: LocalStack, browser: Browser,
                                                                    tmp_path: Path) -> None:
    title = f"Browser agenda {secrets.token_hex(3)}"
    pdf = tmp_path / "agenda.pdf"
    pdf.write_bytes(PDF)
    url = stack.info["url"]
    ctx = browser.new_context(locale="en-GB", viewport={"width": 320, "height": 700})
    ctx.set_default_timeout(10_000)
    ctx.add_init_script(path=str(AXE))
    try:
        page = ctx.new_page()
        blocked: list[str] = []
        page.on("console", lambda message: blocked.append(message.text) if "Content Security" in message.text
                else None)
        page.goto(f"{url}/_local/sign-in?next=/organiser/events/{DEMO_EVENT_ID}")
        sign_in_by_keyboard(page, "Anna Lindqvist")
        press(page, "link", "Documents")
        check_page(page, "documents")
        press(page, "link", "Add a document")
        check_page(page, "step-1")
        page.get_by_label("Title (English) · required").fill(title)
        page.get_by_label("Type of file").select_option("application/pdf")
        press(page, "button", "Next: choose the file")

        assert page.url.endswith("/upload")
        assert page.get_by_text("At most 20 MB.").is_visible()
        check_page(page, "step-2")
        chooser = page.get_by_label("File", exact=True)
        assert chooser.get_attribute("accept") == "application/pdf,.pdf"
        chooser.focus()
        chooser.set_input_files(str(pdf))  # what the file dialog does; the rest is the keyboard
        page.keyboard.press("Tab")
        press(page, "button", "Upload")  # to moto's S3, which sends the browser back (303)

        assert page.url == f"{url}/organiser/events/{DEMO_EVENT_ID}/documents?done=uploaded", blocked
        assert page.get_by_role("status").get_by_text("The file arrived").is_visible()
        row = page.get_by_role("row").filter(has_text=title)
        assert row.get_by_text("Uploaded").is_visible()
        check_page(page, "uploaded")
        assert not blocked
        press(page, "link", f"Remove {title}")
        check_page(page, "remove-confirm")
        press(page, "link", "No, go back without changing anything")

        page.goto(f"{url}/events/{DEMO_EVENT_ID}/register")
        link = page.get_by_role("link", name=title)
        assert link.is_visible()
        download = page.request.get(f"{url}{link.get_attribute('href')}")
        assert download.ok and download.body() == PDF
    finally:
        ctx.close()
