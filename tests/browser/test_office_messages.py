"""Messages to an event's registrants in Chromium, on the whole local stack: the organiser writes a message by
keyboard, previews it, sends it to the registrants, and the progress page (refreshing itself) reaches
Finished with every recipient's mail in the local outbox (through SQS on the moto server and the local
poller, as Lambda's mapping would). axe-core finds no serious or critical violation on any of the pages, at
desktop width and at 320 px, where nothing scrolls sideways."""

from __future__ import annotations

import re
import time
from pathlib import Path
from uuid import uuid4

import pytest

from devstack.outbox import SesOutbox
from devstack.seed import DEMO_EVENT_ID
from devstack.stack import LocalStack

pytest.importorskip("playwright")
from playwright.sync_api import Browser, Page
from test_back_office import axe_violations, register, sign_in_by_keyboard

SHOTS = Path("/tmp/shots-office-messages")


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def outbox(aws_endpoint: str, subject: str) -> list[str]:
    """The recipients of the local outbox's mails with this subject."""
    return [str(m.parsed["To"]) for m in SesOutbox(aws_endpoint).mails() if m.parsed["Subject"] == subject]


@pytest.mark.parametrize("width", [1100, 320])
def test_an_organiser_writes_previews_sends_and_follows_a_message(stack: LocalStack, browser: Browser,
                                                                    width: int) -> None:
    url = stack.info["url"]
    tag = uuid4().hex[:8]
    register(url, f"Message Reader {tag}", f"reader-{tag}@example.eu", "Committee of the Regions")
    ctx = browser.new_context(locale="en-GB", viewport={"width": width, "height": 900}, bypass_csp=True)
    ctx.set_default_timeout(15_000)
    try:
        page = ctx.new_page()
        page.goto(f"{url}/organiser/events/{DEMO_EVENT_ID}/messages")
        sign_in_by_keyboard(page, "Anna Lindqvist")
        assert page.get_by_role("heading", name=re.compile("^Messages")).is_visible()
        assert axe_violations(page) == []
        page.get_by_role("link", name="Write a message").click()
        assert axe_violations(page) == []

        # A German subject without its text: the server names the error next to the field and links it.
        page.locator("#subject_en").fill(f"Badges {tag}")
        page.locator("#body_en").fill("Collect your badge at the JDE entrance.\n\nBring an ID <b>card</b>.")
        page.locator("#subject_de").fill(f"Namensschilder {tag}")
        page.get_by_role("button", name="Preview").click()
        assert page.locator("#body_de").get_attribute("aria-describedby") == "body_de-error"
        assert page.locator("#body_de-error").inner_text() == "Write the message."
        assert page.get_by_role("alert").get_by_role("link", name="Write the message.").is_visible()
        assert axe_violations(page) == []
        shot(page, f"compose-error-{width}")

        page.locator("#body_de").fill("Holen Sie Ihr Namensschild am Eingang JDE ab.")
        page.locator("textarea[id^=body_]").last.focus()  # the languages' fields follow LANGUAGES' order
        page.keyboard.press("Tab")  # the keyboard reaches the preview button next
        assert page.evaluate("() => document.activeElement.textContent.trim()") == "Preview"
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/messages/preview$"))
        send = page.get_by_role("button", name=re.compile(r"^Send to \d+ registrants?$"))
        recipients = int(re.findall(r"\d+", send.inner_text())[0])
        assert recipients >= 1
        frame = page.frame_locator("iframe.mail").first
        assert "Bring an ID <b>card</b>." in frame.locator("body").inner_text()  # shown as text, not markup
        assert axe_violations(page) == []
        if width == 320:
            assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
        shot(page, f"preview-{width}")

        send.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")  # by keyboard, as the compose form's preview
        page.wait_for_url(re.compile(r"/messages/[0-9A-Z]{26}$"))
        assert axe_violations(page) == []
        shot(page, f"progress-sending-{width}")
        status = page.get_by_role("status")
        deadline = time.monotonic() + 30
        while "Finished" not in status.inner_text() and time.monotonic() < deadline:
            page.wait_for_timeout(1000)  # the page reloads itself (Refresh) while sending
        assert status.inner_text() == f"Finished: {recipients} of {recipients} sent, 0 failed."
        assert axe_violations(page) == []
        if width == 320:
            assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
        shot(page, f"progress-finished-{width}")
        mailed = outbox(stack.info["aws_endpoint"], f"Badges {tag}") + outbox(stack.info["aws_endpoint"],
                                                                            f"Namensschilder {tag}")
        assert len(mailed) == recipients and f"Message Reader {tag} <reader-{tag}@example.eu>" in mailed

        page.get_by_role("link", name="All messages").click()
        assert page.get_by_role("link", name=f"Badges {tag}").is_visible()
        assert axe_violations(page) == []
        shot(page, f"messages-{width}")
    finally:
        ctx.close()
