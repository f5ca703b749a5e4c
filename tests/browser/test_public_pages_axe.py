"""Every public page in four languages at 320 px, through axe-core (#14): the front door, an event's register,
privacy, delegation and agenda pages, the answer to a registration, the manage page, the participant directory and
the 404 page. No serious or critical violation on any; the counts of every impact are written to
/tmp/axe-public-pages.txt (the closing note quotes them), nothing scrolls sideways, and full-page screenshots
are kept in /tmp/shots-public-pages to look at."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from devstack.seed import DEMO_EVENT_ID
from devstack.stack import LocalStack

pytest.importorskip("playwright")
from playwright.sync_api import Browser, Page
from test_back_office import AXE, phone
from test_participant_directory_pages import register

pytestmark = pytest.mark.browser

LANGUAGES = ("en", "nl", "fr", "de")
IMPACTS = ("critical", "serious", "moderate", "minor")
REPORT = Path("/tmp/axe-public-pages.txt")
SHOTS = Path("/tmp/shots-public-pages")


def axe_counts(page: Page) -> Counter[str]:
    """How many WCAG 2.1 A/AA violations axe-core finds on the page, per impact."""
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    return Counter(str(v["impact"]) for v in result["violations"])


def overflowing(page: Page) -> list[str]:
    """The first elements reaching past the viewport's right edge: what to fix."""
    found: list[str] = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 6)
        .map(e => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`)""")
    return found


def public_pages(stack: LocalStack, page: Page, language: str) -> dict[str, str]:
    base = f"{stack.info['url']}/events/{DEMO_EVENT_ID}"
    person = register(stack, f"axe.{language}@example.eu", f"Axe Reader {language}", preferred_language=language)
    page.goto(f"{person['manage_url']}&lang={language}")
    directory = page.locator("#directory-link").get_attribute("href")
    assert directory, "the manage page links to the participant directory"
    return {
        "front door": f"{stack.info['url']}/?lang={language}",
        "register": f"{base}/register?lang={language}",
        "privacy": f"{base}/privacy?lang={language}",
        "delegation form": f"{base}/delegation?lang={language}",
        "agenda": f"{stack.info['url']}/reports/events/{DEMO_EVENT_ID}/agenda.html?lang={language}",
        "manage": f"{person['manage_url']}&lang={language}",
        "directory": f"{stack.info['url']}{directory}" if directory.startswith("/") else directory,
        "404": f"{stack.info['url']}/events/no-such-event/register?lang={language}",
    }


def test_no_public_page_has_a_serious_or_critical_violation(stack: LocalStack, browser: Browser) -> None:
    rows: list[str] = []
    serious: list[str] = []
    for language in LANGUAGES:
        with phone(browser, width=320) as page:
            for name, url in public_pages(stack, page, language).items():
                answer = page.goto(url)
                assert answer is not None and answer.status in (200, 404), (name, language, answer and answer.status)
                assert page.locator("html").get_attribute("lang") == language, (name, language)
                wide = page.evaluate("() => document.documentElement.scrollWidth")
                assert wide <= 320, f"{name} ({language}) is {wide} px wide at 320 px: {overflowing(page)}"
                SHOTS.mkdir(exist_ok=True)
                page.screenshot(path=str(SHOTS / f"{name.replace(' ', '-')}-{language}.png"), full_page=True)
                counts = axe_counts(page)
                rows.append(f"{name:<16} {language}  " + "  ".join(f"{i} {counts[i]}" for i in IMPACTS))
                if counts["critical"] or counts["serious"]:
                    serious.append(f"{name} ({language})")
    REPORT.write_text("axe-core, WCAG 2.1 A/AA, 320 px\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert len(rows) == len(LANGUAGES) * 8
    assert serious == [], serious
