"""The manage page's details line up (#14): each answer beside its own label on a desktop, under it on a
phone, and the "Change your registration" heading at the left margin, not pushed right by a float."""

from __future__ import annotations

import json
import urllib.request
from itertools import pairwise
from pathlib import Path

import pytest

from devstack.seed import DEMO_EVENT_ID
from devstack.stack import LocalStack

pytest.importorskip("playwright")
from playwright.sync_api import Browser
from test_back_office import axe_violations

SHOTS = Path("/tmp/shots-manage-layout")


def manage_url(url: str, email: str) -> str:
    body = json.dumps({"name": "Maria Alejandra Fernández-Villaverde", "email": email,
                       "organisation": "Ayuntamiento de Valencia", "organisation_type": "city", "country": "ES",
                       "attendance_mode": "in_person", "privacy_consent": True,
                       "sessions": ["opening", "open-data-lab"], "answers": {"interest": "Networking"}}).encode()
    request = urllib.request.Request(f"{url}/events/{DEMO_EVENT_ID}/registrations", data=body,  # noqa: S310
                                     method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - the local stack on loopback
        return str(json.loads(answer.read())["registration"]["manage_url"])


@pytest.mark.parametrize("width", [1100, 320])
def test_the_details_line_up_with_their_labels(stack: LocalStack, browser: Browser, width: int) -> None:
    ctx = browser.new_context(locale="en-GB", viewport={"width": width, "height": 900}, bypass_csp=True)
    try:
        page = ctx.new_page()
        page.goto(manage_url(stack.info["url"], f"maria.layout.{width}@example.es"))
        rows = page.evaluate("""() => [...document.querySelectorAll('dl.facts')].pop().querySelectorAll('dt')
            .values().map(dt => ({label: dt.textContent, dt: dt.getBoundingClientRect().toJSON(),
                                  dd: dt.nextElementSibling.getBoundingClientRect().toJSON()})).toArray()""")
        assert len(rows) >= 6
        for row in rows:
            if width > 600:  # beside its label, starting on the label's line
                assert abs(row["dd"]["top"] - row["dt"]["top"]) < 2, row
                assert row["dd"]["left"] > row["dt"]["left"], row
            else:  # under its label
                assert row["dd"]["top"] >= row["dt"]["bottom"] - 1, row
        for earlier, later in pairwise(rows):  # and no row rides up beside the one before
            assert later["dt"]["top"] >= earlier["dd"]["bottom"] - 1, (earlier, later)
        heading = page.get_by_role("heading", name="Change your registration").bounding_box()
        main = page.locator("main").bounding_box()
        assert heading is not None and main is not None
        assert abs(heading["x"] - main["x"]) < 20
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        assert axe_violations(page) == []
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"manage-{width}.png"), full_page=True)
    finally:
        ctx.close()


def test_the_check_in_qr_code_is_scannable_on_a_phone(stack: LocalStack, browser: Browser) -> None:
    """#15: at 320 px the QR code fills most of the width (>= 4 px per module, a phone camera reads that from
    a screen), stays on screen, has its text alternative, and the page stays axe-clean."""
    ctx = browser.new_context(locale="en-GB", viewport={"width": 320, "height": 800}, bypass_csp=True)
    try:
        page = ctx.new_page()
        page.goto(manage_url(stack.info["url"], "maria.qr.320@example.es"))
        qr = page.get_by_role("img", name="Check-in QR code")
        box = qr.bounding_box()
        assert box is not None
        modules = int(qr.get_attribute("viewBox").split()[2])  # type: ignore[union-attr]  # quiet zone included
        assert box["width"] / modules >= 4 and box["x"] >= 0 and box["x"] + box["width"] <= 320
        assert abs(box["width"] - box["height"]) < 1
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
        assert axe_violations(page) == []
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "manage-qr-320.png"), full_page=True)
    finally:
        ctx.close()
