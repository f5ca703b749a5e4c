"""The attendee's pages in a real browser (Debian's Chromium through Playwright) against the local stack:
register, manage and cancel; errors a screen reader can follow; keyboard only; languages; double
submits; colour contrast; screenshots.

Locators are the ones assistive technology uses (labels, roles, accessible names), so a test that
finds a control also shows that a screen reader user can find it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.request
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date

from devstack.stack import LocalStack

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium): no browser tests", allow_module_level=True)
try:
    from playwright.sync_api import Browser, Locator, Page, Response, expect
except ImportError:  # pragma: no cover - the dev extra installs it
    pytest.skip("the Python package playwright is missing (pip install -e '.[dev]')", allow_module_level=True)

pytestmark = pytest.mark.browser

OPENING = "Opening session: cohesion policy after 2027"
USER_CENTRIC = "A quality label for user-centric cities and regions"
OPEN_DATA = "Open data lab: services citizens actually use"
CONNECTED = "#connectedinEurope: digitalisation and urban development"
CITY_DIPLOMACY = "City diplomacy and international cooperation"
MIN_CONTRAST = 4.5


# -- helpers ----------------------------------------------------------------------------------------
def fill_form(
    page: Page,
    email: str,
    *,
    name: str = "Ann Peeters",
    sessions: Iterable[str] = (OPENING, CITY_DIPLOMACY),
    interest: str | None = "Networking",
    consent: bool = True,
) -> None:
    """Fill the English form the way a screen reader user finds the fields: by their labels."""
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label(re.compile(r"^Organisation\b")).fill("City of Ghent")
    page.get_by_label("Type of organisation").select_option(label="City or municipality")
    page.get_by_label("Country").select_option(label="Belgium")
    page.get_by_label("Job title").fill("Digital policy officer")
    page.get_by_role("radiogroup", name="How will you attend?").get_by_label("In person").check()
    for title in sessions:
        page.get_by_role("group", name="Workshops and sessions").get_by_label(title).check()
    if interest:
        page.get_by_role("radiogroup", name="Main interest").get_by_label(interest).check()
    page.get_by_label("Accessibility needs").fill("Step-free access")
    page.get_by_label("Dietary requirements").fill("Vegetarian")
    if consent:
        page.get_by_label("I have read the privacy statement").check()


def submit(page: Page, button: str = "Register") -> Response:
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button).click()
    response = navigation.value
    assert response is not None
    return response


def registrations_for(stack: LocalStack, email: str) -> list[dict[str, str]]:
    """The organiser's attendee list (CSV) rows for one email address."""
    request = urllib.request.Request(  # noqa: S310 - the local stack on loopback
        stack.info["attendees_csv_url"], headers={"Authorization": f"Bearer {stack.info['organiser_token']}"}
    )
    with urllib.request.urlopen(request, timeout=15) as answer:  # noqa: S310
        text = answer.read().decode("utf-8-sig")
    return [row for row in csv.DictReader(io.StringIO(text)) if row["Email"].lower() == email.lower()]


def fragment_targets(summary: Locator) -> list[str]:
    hrefs = [link.get_attribute("href") or "" for link in summary.get_by_role("link").all()]
    assert hrefs, "the error summary links to the fields"
    assert all(h.startswith("#") for h in hrefs), hrefs
    return [h[1:] for h in hrefs]


def assert_invalid_field_wiring(page: Page) -> None:
    """Every field marked invalid names its message with aria-describedby, and that message exists."""
    problems = page.evaluate(
        """() => [...document.querySelectorAll('[aria-invalid="true"]')].flatMap(el => {
               const ids = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
               if (!ids.length) return [`${el.id}: no aria-describedby`];
               return ids.filter(id => !document.getElementById(id)).map(id => `${el.id}: no #${id}`);
           })"""
    )
    assert problems == []


# -- 1. the happy path: register, manage, cancel ------------------------------------------------------
def test_register_then_manage_and_cancel(stack: LocalStack, page: Page) -> None:
    response = page.goto(stack.info["event_url"])
    assert response is not None and response.status == 200
    expect(page).to_have_title(re.compile("European Week of Regions and Cities"))
    expect(page.locator("html")).to_have_attribute("lang", "en")

    fill_form(page, "ann.peeters@example.be", sessions=(USER_CENTRIC, CITY_DIPLOMACY), interest="Digital transition")
    response = submit(page)
    assert response.status == 201

    confirmation = page.get_by_role("status")
    expect(confirmation.get_by_role("heading", name="You are registered")).to_be_visible()
    expect(confirmation.get_by_role("listitem")).to_have_text([USER_CENTRIC, CITY_DIPLOMACY])
    expect(confirmation).to_contain_text("A confirmation has been sent to ann.peeters@example.be.")
    manage = page.get_by_role("link", name="View, change or cancel your registration")
    expect(manage).to_have_attribute("href", re.compile(r"/manage\?token="))

    with page.expect_navigation() as navigation:
        manage.click()
    assert navigation.value is not None and navigation.value.status == 200
    expect(page.get_by_role("heading", name="Your registration", exact=True)).to_be_visible()
    details = page.locator("dl.facts").last
    expect(details).to_contain_text("Confirmed")
    expect(details).to_contain_text("Ann Peeters")
    expect(details).to_contain_text("ann.peeters@example.be")
    expect(details).to_contain_text(USER_CENTRIC)
    expect(details).to_contain_text(CITY_DIPLOMACY)
    assert len(registrations_for(stack, "ann.peeters@example.be")) == 1

    page.get_by_label("Yes, I want to cancel my registration.").check()
    assert submit(page, "Cancel registration").status == 200
    expect(page.get_by_role("status")).to_contain_text("Your registration is cancelled.")
    expect(page.locator("dl.facts").last).to_contain_text("Cancelled")
    expect(page.get_by_role("button", name="Cancel registration")).to_have_count(0)


# -- 2. bad input: an error summary and messages a screen reader can follow ----------------------------
def test_bad_input_comes_back_with_linked_messages(stack: LocalStack, page: Page) -> None:
    page.goto(stack.info["event_url"])
    fill_form(page, "ann.example.eu", name="Ann Example", consent=False)
    response = submit(page)
    assert response.status == 400

    summary = page.get_by_role("alert")
    expect(summary).to_have_count(1)
    expect(summary).to_contain_text("Some fields need your attention.")
    targets = fragment_targets(summary)
    assert "email" in targets
    for target in targets:
        expect(page.locator(f"#{target}")).to_have_count(1)  # each link lands on a field (or its group)

    email = page.get_by_label("Email address")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_attribute("aria-describedby", "email-error")
    expect(page.locator("#email-error")).to_have_class(re.compile(r"\berror\b"))
    expect(page.locator("#email-error")).to_contain_text("@")
    expect(email).to_have_accessible_description(re.compile("@"))
    expect(page.locator("label[for=email] + p.error#email-error + input#email")).to_have_count(1)  # next to it
    assert_invalid_field_wiring(page)
    expect(page.get_by_label("Full name")).not_to_have_attribute("aria-invalid", "true")

    # What was typed and chosen is kept.
    expect(page.get_by_label("Full name")).to_have_value("Ann Example")
    expect(email).to_have_value("ann.example.eu")
    expect(page.get_by_label("Country")).to_have_value("BE")
    expect(page.get_by_label("Type of organisation")).to_have_value("city")
    expect(page.get_by_label(OPENING)).to_be_checked()
    expect(page.get_by_label(CITY_DIPLOMACY)).to_be_checked()
    expect(page.get_by_role("radiogroup", name="Main interest").get_by_label("Networking")).to_be_checked()
    expect(page.get_by_label("Accessibility needs")).to_have_value("Step-free access")

    # The summary's link takes the keyboard to the field.
    summary.get_by_role("link", name=re.compile("Email address")).click()
    assert page.evaluate("document.activeElement.id") == "email"

    # Email fixed, consent still missing: the consent box is the one flagged now.
    email.fill("ann.example@example.eu")
    assert submit(page).status == 400
    consent = page.get_by_label("I have read the privacy statement")
    expect(consent).to_have_attribute("aria-invalid", "true")
    expect(consent).to_have_attribute("aria-describedby", "privacy_consent-error")
    expect(consent).to_have_accessible_description(re.compile("privacy statement"))
    expect(page.locator("p.error#privacy_consent-error + input#privacy_consent")).to_have_count(1)
    assert "privacy_consent" in fragment_targets(page.get_by_role("alert"))
    expect(page.get_by_label("Email address")).not_to_have_attribute("aria-invalid", "true")
    assert_invalid_field_wiring(page)
    assert registrations_for(stack, "ann.example@example.eu") == []


def test_all_problems_are_reported_at_once(stack: LocalStack, page: Page) -> None:
    page.goto(stack.info["event_url"])
    fill_form(page, "bob.example.eu", interest=None, consent=False)
    assert submit(page).status == 400
    targets = set(fragment_targets(page.get_by_role("alert")))
    assert {"email", "privacy_consent"} <= targets
    assert "answers-interest-1" in targets  # a group's link lands on its first option


# -- 3. overlapping sessions ------------------------------------------------------------------------------
def test_overlapping_sessions_are_named(stack: LocalStack, page: Page) -> None:
    page.goto(stack.info["event_url"])
    fill_form(page, "overlap@example.eu", sessions=(USER_CENTRIC, OPEN_DATA))
    assert submit(page).status == 400

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(USER_CENTRIC)
    expect(summary).to_contain_text(OPEN_DATA)
    assert "session-opening" in fragment_targets(summary)  # the first checkbox of the group
    message = page.locator("#sessions-error")
    expect(message).to_contain_text(USER_CENTRIC)
    expect(message).to_contain_text(OPEN_DATA)
    group = page.get_by_role("group", name="Workshops and sessions")
    expect(group).to_have_attribute("aria-describedby", re.compile(r"\bsessions-error\b"))
    expect(group).to_have_accessible_description(re.compile("overlap"))
    expect(page.get_by_label(USER_CENTRIC)).to_be_checked()
    expect(page.get_by_label(OPEN_DATA)).to_be_checked()
    assert registrations_for(stack, "overlap@example.eu") == []


# -- 4. keyboard only ---------------------------------------------------------------------------------------
TYPED = {
    "name": "Kees Janssens",
    "organisation": "Province of Limburg",
    "job_title": "Policy adviser",
    "organisation_type": "City",  # type-ahead in a closed <select>
    "country": "Belgium",
    "accessibility_needs": "Hearing loop",
    "dietary_needs": "None",
}
TICKED = {"session-opening", "session-city-diplomacy", "privacy_consent"}

FOCUSED_JS = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '',
            type: el.getAttribute('type') || '', outline: style.outlineStyle,
            outlineWidth: parseFloat(style.outlineWidth) || 0};
}"""


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_keyboard_only(stack: LocalStack, page: Page, key: str) -> None:
    email = f"kees.{key.lower()}@example.be"
    page.goto(stack.info["event_url"])
    # The first stop skips the facts, the agenda and its links (WCAG 2.4.1): Enter lands at the form.
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED_JS)
    assert skip["id"] == "skip-to-form" and skip["outline"] != "none", skip
    page.keyboard.press("Enter")
    visited: list[dict[str, Any]] = []
    tabs_to_name: int | None = None
    for presses in range(1, 120):
        page.keyboard.press("Tab")
        focused: dict[str, Any] = page.evaluate(FOCUSED_JS)
        if focused["tag"] == "body":
            pytest.fail(f"focus left the page after {[f['id'] or f['tag'] for f in visited]}")
        assert focused["outline"] != "none" and focused["outlineWidth"] >= 2, f"no visible focus on {focused}"
        visited.append(focused)
        control = focused["id"]
        if control == "name" and tabs_to_name is None:
            tabs_to_name = presses
        if control in TYPED:
            page.keyboard.type(TYPED[control])
        elif control == "email":
            page.keyboard.type(email)
        elif control in TICKED:
            page.keyboard.press("Space")
        elif focused["name"] == "answers.interest":
            page.keyboard.press("ArrowRight")  # moves to and selects the second option
        if focused["tag"] == "button":
            break
    else:
        pytest.fail("Tab never reached the submit button")

    assert tabs_to_name is not None and tabs_to_name <= 2, "after the skip link, the name field comes first"
    controls: list[dict[str, str]] = page.evaluate(
        """() => [...document.querySelectorAll(
                   'form input:not([type=hidden]), form select, form textarea, form button')]
               .map(el => ({id: el.id, name: el.getAttribute('name') || '', type: el.getAttribute('type') || ''}))"""
    )
    reached_ids = {f["id"] for f in visited}
    reached_groups = {f["name"] for f in visited if f["type"] == "radio"}
    missed = [
        c["id"] or c["name"]
        for c in controls
        if (c["name"] not in reached_groups if c["type"] == "radio" else c["id"] not in reached_ids)
    ]
    assert missed == [], "every control (one stop per radio group) is reachable by Tab"

    # What the keyboard did is what the form holds.
    expect(page.get_by_label("Full name")).to_have_value(TYPED["name"])
    expect(page.get_by_label("Email address")).to_have_value(email)
    expect(page.get_by_label("Type of organisation")).to_have_value("city")
    expect(page.get_by_label("Country")).to_have_value("BE")
    expect(page.get_by_label(OPENING)).to_be_checked()
    expect(page.get_by_label(CITY_DIPLOMACY)).to_be_checked()
    expect(page.get_by_role("radiogroup", name="Main interest").get_by_label("Digital transition")).to_be_checked()
    expect(page.get_by_label("I have read the privacy statement")).to_be_checked()
    assert page.evaluate("document.activeElement.type") == "submit"

    with page.expect_navigation() as navigation:
        page.keyboard.press(key)
    assert navigation.value is not None and navigation.value.status == 201
    expect(page.get_by_role("heading", name="You are registered")).to_be_visible()
    assert len(registrations_for(stack, email)) == 1


# -- 5. languages ----------------------------------------------------------------------------------------
def _closing_day(stack: LocalStack, locale: str) -> str:
    with urllib.request.urlopen(stack.info["event_api_url"], timeout=15) as answer:  # noqa: S310 - loopback
        event = json.loads(answer.read())["event"]
    closes = datetime.fromisoformat(event["registration_closes_at"].replace("Z", "+00:00"))
    return format_date(closes.astimezone(ZoneInfo(event["timezone"])), "long", locale=locale)


def test_german_by_query_parameter(stack: LocalStack, page: Page) -> None:
    page.goto(stack.info["event_url"] + "?lang=de")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text("Europäische Woche der Regionen und Städte")
    expect(page.get_by_label("Vollständiger Name")).to_be_visible()
    expect(page.get_by_role("button", name="Anmelden")).to_be_visible()
    day = _closing_day(stack, "de_DE")  # e.g. "23. Dezember 2026"
    expect(page.locator("dl.facts")).to_contain_text(
        re.compile(r"Sie können sich bis zum " + re.escape(day) + r", \d\d:\d\d \S+ anmelden\.")
    )
    expect(page.get_by_role("radiogroup", name="Wie nehmen Sie teil?")).to_be_visible()

    # The language travels with the form: a failed submit answers in German too.
    page.get_by_label("Vollständiger Name").fill("Jana Müller")
    assert submit(page, "Anmelden").status == 400
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("alert")).to_contain_text("Bitte korrigieren Sie Folgendes:")
    expect(page.get_by_label("Vollständiger Name")).to_have_value("Jana Müller")


def test_dutch_from_accept_language(stack: LocalStack, browser: Browser) -> None:
    context = browser.new_context(locale="nl-BE")
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(stack.info["event_url"])
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        expect(page.get_by_role("heading", level=1)).to_have_text("Europese Week van Regio's en Steden")
        expect(page.get_by_label("Volledige naam")).to_be_visible()
        expect(page.get_by_label("E-mailadres")).to_be_visible()
        expect(page.get_by_role("button", name="Inschrijven")).to_be_visible()
        day = _closing_day(stack, "nl_BE")
        expect(page.locator("dl.facts")).to_contain_text(f"U kunt zich inschrijven tot {day}")
        # ?lang= wins over the browser's language.
        page.goto(stack.info["event_url"] + "?lang=en")
        expect(page.get_by_label("Full name")).to_be_visible()
    finally:
        context.close()


def test_error_messages_follow_the_page_language(stack: LocalStack, page: Page) -> None:
    page.goto(stack.info["event_url"] + "?lang=de")
    page.get_by_label("Vollständiger Name").fill("Jana Müller")
    assert submit(page, "Anmelden").status == 400
    summary = page.get_by_role("alert")
    expect(summary).not_to_contain_text("Some fields need your attention", timeout=1000)
    expect(summary).not_to_contain_text("This field is required", timeout=1000)


def test_language_switch_after_a_failed_submit(stack: LocalStack, page: Page) -> None:
    page.goto(stack.info["event_url"])
    page.get_by_label("Full name").fill("Ann")
    assert submit(page).status == 400
    page.locator(".lang-switch summary").click()  # the 24 languages are folded under the page's own
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Deutsch").click()
    assert navigation.value is not None and navigation.value.status == 200
    expect(page.get_by_role("button", name="Anmelden")).to_be_visible(timeout=1000)


def test_language_switch_on_the_manage_page_keeps_the_link(stack: LocalStack, page: Page) -> None:
    page.goto(stack.info["event_url"])
    fill_form(page, "lang.switch@example.eu")
    assert submit(page).status == 201
    page.get_by_role("link", name="View, change or cancel your registration").click()
    expect(page.get_by_role("heading", name="Your registration", exact=True)).to_be_visible()
    page.locator(".lang-switch summary").click()  # the 24 languages are folded under the page's own
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Deutsch").click()
    assert navigation.value is not None and navigation.value.status == 200
    expect(page.get_by_role("heading", name="Ihre Anmeldung", exact=True)).to_be_visible(timeout=1000)


def test_a_bad_manage_link_gives_a_readable_page(stack: LocalStack, page: Page) -> None:
    page.goto(stack.info["event_url"])
    fill_form(page, "bad.link@example.eu")
    assert submit(page).status == 201
    href = page.get_by_role("link", name="View, change or cancel your registration").get_attribute("href") or ""
    response = page.goto(stack.info["url"] + href[:-5])  # a link cut short by a mail client
    assert response is not None and response.status == 403
    assert "text/html" in (response.header_value("content-type") or "")


# -- 6. double submits --------------------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["double-click", "back-and-resubmit", "answer-lost-then-retry", "reload-and-again"])
def test_double_submit_registers_once(stack: LocalStack, page: Page, how: str) -> None:
    email = f"twice.{how}@example.eu"
    page.goto(stack.info["event_url"])
    fill_form(page, email)
    if how == "double-click":
        # The second click posts the same form again and the browser drops the first navigation, so
        # wait for whichever answer it shows: the confirmation (the replayed first registration).
        page.get_by_role("button", name="Register").dblclick()
        expect(page.get_by_role("heading", name="You are registered")).to_be_visible(timeout=20000)
    elif how == "back-and-resubmit":
        assert submit(page).status == 201
        page.go_back()
        expect(page.get_by_label("Email address")).to_have_value(email)
        assert submit(page).status == 201  # the same one-time form token: the first answer again
    elif how == "answer-lost-then-retry":
        # The first post reaches the server but its answer never arrives; the person presses Register again.
        first = page.evaluate(
            """async () => { const form = document.querySelector('form');
                             const answer = await fetch(form.action, {method: 'POST',
                                 body: new URLSearchParams(new FormData(form))});
                             return answer.status; }"""
        )
        assert first == 201
        assert submit(page).status == 201
    else:
        # A fresh form (a new token) with the same person: refused, nothing written twice.
        assert submit(page).status == 201
        page.goto(stack.info["event_url"])
        fill_form(page, email)
        assert submit(page).status == 409
        expect(page.get_by_role("alert")).to_contain_text(re.compile("already registered", re.IGNORECASE))
        assert len(registrations_for(stack, email)) == 1
        return
    expect(page.get_by_role("heading", name="You are registered")).to_be_visible()
    assert len(registrations_for(stack, email)) == 1


# -- 7. colour contrast (WCAG 2.1, 1.4.3) --------------------------------------------------------------------
COLOURS_JS = """(selectors) => {
    const parse = (value) => {
        const m = value.match(/rgba?\\(([^)]+)\\)/);
        if (!m) return [0, 0, 0, 1];
        const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const over = (top, bottom) => {
        const a = top[3];
        return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
    };
    const background = (el) => {
        const chain = [];
        for (let node = el; node && node.nodeType === 1; node = node.parentElement) chain.unshift(node);
        let colour = [255, 255, 255, 1];  // the canvas
        for (const node of chain) colour = over(parse(getComputedStyle(node).backgroundColor), colour);
        return colour;
    };
    return Object.fromEntries(Object.entries(selectors).map(([what, selector]) => {
        const el = document.querySelector(selector);
        if (!el) return [what, null];
        const bg = background(el);
        return [what, {fg: over(parse(getComputedStyle(el).color), bg).slice(0, 3), bg: bg.slice(0, 3)}];
    }));
}"""


def _luminance(rgb: list[float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: list[float], bg: list[float]) -> float:
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_wcag_contrast_of_text(stack: LocalStack, page: Page) -> None:
    assert contrast([0, 0, 0], [255, 255, 255]) == pytest.approx(21)
    assert contrast([118, 118, 118], [255, 255, 255]) == pytest.approx(4.54, abs=0.01)

    page.goto(stack.info["event_url"])
    fill_form(page, "contrast.example.eu", consent=False)
    assert submit(page).status == 400
    selectors = {
        "body text": "main > p:not(.lang-switch)",
        "event facts": ".facts dd",
        "label": "label[for=name]",
        "hint (small)": "#sessions-hint small",
        "error next to a field": "#email-error",
        "error summary text": "#form-errors p",
        "error summary link": "#form-errors a",
        "language link": ".lang-switch a",
        "agenda cell": "td",
        "submit button": "form button[type=submit]",
    }
    page.locator(".lang-switch summary").click()  # the language links, unfolded
    colours: dict[str, dict[str, list[float]] | None] = page.evaluate(COLOURS_JS, selectors)
    missing = [what for what, found in colours.items() if found is None]
    assert missing == [], "every checked element is on the error page"
    ratios = {what: round(contrast(c["fg"], c["bg"]), 2) for what, c in colours.items() if c is not None}
    too_low = {what: ratio for what, ratio in ratios.items() if ratio < MIN_CONTRAST}
    assert too_low == {}, f"contrast below {MIN_CONTRAST}:1 — all ratios: {ratios}"

    # The focus ring against the page (non-text contrast, WCAG 1.4.11: 3:1).
    page.get_by_label("Full name").focus()
    page.keyboard.press("Tab")
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    ring_rgb = [float(v) for v in re.findall(r"[\d.]+", ring)[:3]]
    assert contrast(ring_rgb, [255, 255, 255]) >= 3


# -- 8. screenshots -------------------------------------------------------------------------------------------
def test_screenshots_of_the_filled_form_and_the_error_page(stack: LocalStack, page: Page, tmp_path: Path) -> None:
    page.goto(stack.info["event_url"])
    fill_form(page, "shots.example.eu")
    filled = tmp_path / "filled-form.png"
    page.screenshot(path=filled, full_page=True)
    assert submit(page).status == 400
    errors = tmp_path / "error-page.png"
    page.screenshot(path=errors, full_page=True)
    for shot in (filled, errors):
        data = shot.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000, shot


# -- the form's structure, as assistive technology reads it ------------------------------------------------------
def test_every_control_has_a_label_and_ids_are_unique(stack: LocalStack, page: Page) -> None:
    page.goto(stack.info["event_url"])
    report: dict[str, list[str]] = page.evaluate(
        """() => {
            const ids = [...document.querySelectorAll('[id]')].map(el => el.id);
            const controls = [...document.querySelectorAll('input:not([type=hidden]), select, textarea')];
            return {
                duplicates: ids.filter((id, i) => ids.indexOf(id) !== i),
                unlabelled: controls.filter(el => !el.labels.length && !el.getAttribute('aria-label'))
                                    .map(el => el.id || el.name),
                groups_without_legend: [...document.querySelectorAll('fieldset')]
                                    .filter(f => !f.querySelector(':scope > legend')).map(f => f.id),
            };
        }"""
    )
    assert report == {"duplicates": [], "unlabelled": [], "groups_without_legend": []}
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.get_by_role("button", name="Register")).to_have_count(1)


# -- the pages work under their Content-Security-Policy ---------------------------------------------------
def test_the_pages_work_under_their_content_security_policy(stack: LocalStack, page: Page) -> None:
    """The CSP allows the templates' own inline blocks by hash: the styles apply and the error summary's
    script moves the focus to it; the browser reports no violation on the form, the error page or the
    privacy statement."""
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    response = page.goto(stack.info["event_url"])
    assert response is not None and "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"  # base.html's <style> applies
    fill_form(page, "ann.example.eu", name="Ann Example", consent=False)
    assert submit(page).status == 400
    assert page.evaluate("document.activeElement.id") == "form-errors"  # the inline script ran
    page.goto(stack.info["event_url"].replace("/register", "/privacy"))
    assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"
    assert violations == []
