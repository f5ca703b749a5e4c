"""From the register page to the agenda and back, in a browser on the local stack's one origin (#14): the
links are followed as a reader follows them, in French, and the agenda page has no serious WCAG violation."""

from __future__ import annotations

import re

import pytest

from devstack.stack import LocalStack

pytest.importorskip("playwright")
from playwright.sync_api import Browser, Page
from test_back_office import axe_violations


def test_from_the_register_page_to_the_agenda_and_back(stack: LocalStack, browser: Browser) -> None:
    ctx = browser.new_context(bypass_csp=True)  # axe-core is injected as an inline script
    try:
        _journey(stack, ctx.new_page())
    finally:
        ctx.close()


def _journey(stack: LocalStack, page: Page) -> None:
    page.goto(f"{stack.info['event_url']}?lang=fr")
    page.get_by_role("link", name="Lire le programme complet").click()
    page.wait_for_url(re.compile(r"/reports/events/[^/]+/agenda\.html\?lang=fr$"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert axe_violations(page) == []
    for name, content_type in (("Télécharger en PDF", "application/pdf"), ("agenda (.ics)", "text/calendar")):
        href = page.get_by_role("link", name=re.compile(re.escape(name))).first.get_attribute("href")
        answer = page.request.get(page.url.rsplit("/", 1)[0] + "/" + str(href))
        assert answer.ok and answer.headers["content-type"].startswith(content_type), (name, answer.status)
    page.get_by_role("link", name="S'inscrire à cet événement").click()
    page.wait_for_url(re.compile(r"/events/[^/]+/register\?lang=fr$"))
    assert page.get_by_role("heading", name="S'inscrire").is_visible()
