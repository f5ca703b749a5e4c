"""The participant directory in Chromium (#14), at 320 px and on a desktop: a confirmed attendee gives their own
consent on their manage page, follows its link, filters by country and organisation type with the GET form (no
JavaScript), reads names, organisations and countries in their language and no email address; a cancelled attendee
gets a notice instead. On each page axe-core finds no serious or critical violation and nothing scrolls sideways;
screenshots are kept."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from devstack.seed import DEMO_EVENT_ID
from devstack.stack import LocalStack

pytest.importorskip("playwright")
from playwright.sync_api import Browser
from test_back_office import check_page, phone

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-directory")


def call(url: str, method: str = "POST", body: dict[str, Any] | None = None) -> dict[str, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,  # noqa: S310 - the local stack on loopback
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        answered: dict[str, Any] = json.loads(answer.read())
        return answered


def register(stack: LocalStack, email: str, name: str, **extra: Any) -> dict[str, Any]:
    body = {"name": name, "email": email, "organisation": "Ayuntamiento de Valencia", "organisation_type": "city",
            "country": "ES", "attendance_mode": "in_person", "privacy_consent": True, "list_consent": True,
            "answers": {"interest": "Networking"}, **extra}
    registration: dict[str, Any] = call(f"{stack.info['url']}/events/{DEMO_EVENT_ID}/registrations",
                                        body=body)["registration"]
    return registration


@pytest.mark.parametrize("width", [1100, 320])
def test_a_confirmed_attendee_filters_the_directory(stack: LocalStack, browser: Browser, width: int) -> None:
    tag = f"dir{width}"
    reader = register(stack, f"reader.{tag}@example.es", f"Lucía Reader {tag}", list_consent=False)
    register(stack, f"jan.{tag}@example.nl", f"Jan Vermeulen {tag}", organisation="Gemeente Utrecht",
             country="NL")
    register(stack, f"ngo.{tag}@example.nl", f"Eva NGO {tag}", organisation="Stichting Stad", country="NL",
             organisation_type="ngo")
    register(stack, f"quiet.{tag}@example.nl", f"Quiet Person {tag}", country="NL", list_consent=False)
    with phone(browser, width=width) as page:
        page.goto(reader["manage_url"])
        assert page.locator("#directory-link").is_visible()
        check_page(page, SHOTS, f"{width}-0-manage")
        consent = page.get_by_label("My name and organisation may appear in the list of participants.")
        assert not consent.is_checked()
        consent.check()  # the reader joins the list themselves
        with page.expect_navigation():
            page.locator("form:has(#list_consent)").get_by_role("button", name="Save changes").click()
        assert page.get_by_text("Your changes are saved.").is_visible()
        with page.expect_navigation():
            page.get_by_role("link", name="List of participants").click()
        assert page.get_by_role("heading", name="List of participants").is_visible()
        assert f"Lucía Reader {tag}" in page.locator("#participants").inner_text()
        check_page(page, SHOTS, f"{width}-1-all")

        page.get_by_label("Country").select_option("NL")
        page.get_by_label("Type of organisation").select_option("city")
        with page.expect_navigation():
            page.get_by_role("button", name="Show").click()
        query = parse_qs(urlsplit(page.url).query)
        assert query["country"] == ["NL"] and query["organisation_type"] == ["city"]
        listed = page.locator("#participants li").all_inner_texts()
        assert [text.splitlines()[0] for text in listed if tag in text] == [f"Jan Vermeulen {tag}"]
        assert "Netherlands" in listed[0] and "City or municipality" in listed[0]
        body = page.content()
        assert f"jan.{tag}@example.nl" not in body and f"Quiet Person {tag}" not in body
        check_page(page, SHOTS, f"{width}-2-filtered")

        page.locator(".lang-switch summary").click()  # the 24 languages are folded under the page's own
        with page.expect_navigation():
            page.get_by_role("link", name="Nederlands").click()
        assert page.get_by_role("heading", name="Deelnemerslijst").is_visible()
        assert "Nederland" in page.locator("#participants").inner_text()
        assert page.get_by_label("Land").input_value() == "NL"  # the filters stay when the language changes
        check_page(page, SHOTS, f"{width}-3-nl")


def test_a_cancelled_attendee_reads_a_notice_instead(stack: LocalStack, browser: Browser) -> None:
    gone = register(stack, "gone.dir@example.es", "Cancelled Person")
    register(stack, "listed.dir@example.es", "Listed Person")
    link = urlsplit(gone["manage_url"])
    token = parse_qs(link.query)["token"][0]
    base = f"{stack.info['url']}/events/{DEMO_EVENT_ID}/registrations/{gone['registration_id']}"
    call(f"{base}?token={token}", method="DELETE")
    with phone(browser) as page:
        answer = page.goto(f"{base}/directory?token={token}")
        assert answer is not None and answer.status == 403
        assert page.locator("#directory-closed").inner_text() == \
            "Only confirmed participants can see the list of participants."
        assert "Listed Person" not in page.content()
        check_page(page, SHOTS, "320-cancelled")
