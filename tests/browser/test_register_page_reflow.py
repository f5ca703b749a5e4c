"""The register page on phones (#14, WCAG 1.4.10 reflow): at 320 and 390 px nothing is wider than the screen,
the agenda's titles and rooms are readable (no cell cut off), and the custom question stands apart from the
sessions above it."""

from __future__ import annotations

from pathlib import Path

import pytest

from devstack.stack import LocalStack

pytest.importorskip("playwright")
from playwright.sync_api import Browser
from test_back_office import axe_violations

SHOTS = Path("/tmp/shots-register-reflow")


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_register_page_fits_a_phone(stack: LocalStack, browser: Browser, width: int, lang: str) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    try:
        page = ctx.new_page()
        page.goto(f"{stack.info['event_url']}?lang={lang}")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        cells = page.evaluate("""() => [...document.querySelectorAll('table td, table th')].map(c => {
            const box = c.getBoundingClientRect();
            return {text: c.textContent.trim(), right: box.right, clipped: c.scrollWidth > c.clientWidth + 1};
        })""")
        assert cells, "the demo event has an agenda"
        for cell in cells:
            assert cell["right"] <= width + 0.5 and not cell["clipped"], cell
        # The question after the sessions is its own group, with space above it (not read as a 6th session).
        gap = page.evaluate("""() => {
            const sessions = document.getElementById('sessions'), question = sessions.nextElementSibling;
            return question.getBoundingClientRect().top - sessions.getBoundingClientRect().bottom;
        }""")
        assert gap >= 16, gap
        assert axe_violations(page) == []
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"register-{lang}-{width}.png"), full_page=True)
    finally:
        ctx.close()
