"""The check-in desk in Chromium (#15), on the whole local stack. The camera scanner: Chromium's fake camera
plays a QR code that segno made of a registration's check-in code, the page's script decodes it (barcode-detector's
ponyfill, zxing-wasm's WebAssembly: headless Chromium on Linux has no BarcodeDetector for QR) under the desk's
real CSP, and the result box says "Checked in"; held up again it says "Already checked in at … by <name>". The name
search and the tap that checks someone in work without JavaScript. axe-core finds no serious or critical violation
at 320 px and at desktop width; the screenshots are in /tmp/shots-checkin."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
import segno
from conftest import CHROMIUM, LAUNCH_ARGS
from test_back_office import check_page, sign_in_by_keyboard

from devstack.seed import DEMO_EVENT_ID
from devstack.stack import LocalStack
from eventreg import keys
from eventreg.config import settings
from eventreg.links import checkin_code

pytest.importorskip("playwright")
from playwright.sync_api import Browser, Page, Playwright, expect

SHOTS = Path("/tmp/shots-checkin")
DESK = f"/organiser/events/{DEMO_EVENT_ID}/check-in"
WIDTH, HEIGHT = 640, 480  # the fake camera's frame


def registered(url: str, name: str, email: str) -> str:
    """A confirmed registration for the demo week, through the public JSON API; its id."""
    body = json.dumps({"name": name, "email": email, "organisation": "Região Norte", "organisation_type": "region",
                       "country": "PT", "privacy_consent": True, "answers": {"interest": "Networking"}}).encode()
    request = urllib.request.Request(f"{url}/events/{DEMO_EVENT_ID}/registrations", data=body,  # noqa: S310
                                     method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - the local stack's http URL
        assert answer.status == 201
        return str(json.load(answer)["registration"]["registration_id"])


def code_of(registration_id: str) -> str:
    """The registration's check-in code, signed with the stack's link key (its environment is this process's)."""
    settings.cache_clear()
    keys.reset()
    return checkin_code(DEMO_EVENT_ID, registration_id)


def camera_video(code: str, path: Path) -> Path:
    """A Y4M video (what Chromium's fake camera plays) of the code as a QR code: dark modules black on white."""
    qr = segno.make(code, error="m")
    scale, border = 8, 4
    modules = len(qr.matrix) + 2 * border
    left, top = (WIDTH - modules * scale) // 2, (HEIGHT - modules * scale) // 2
    luma = bytearray([235]) * (WIDTH * HEIGHT)
    for row, line in enumerate(qr.matrix):
        for column, dark in enumerate(line):
            if dark:
                for dy in range(scale):
                    start = (top + (row + border) * scale + dy) * WIDTH + left + (column + border) * scale
                    luma[start:start + scale] = bytes([16]) * scale
    chroma = bytes([128]) * (WIDTH * HEIGHT // 4)
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    path.write_bytes(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode() + frame * 5)
    return path


def result_heading(page: Page) -> str:
    return page.locator("#result h2").inner_text(timeout=10_000)


def test_the_camera_scanner_checks_in_once_then_says_by_whom(stack: LocalStack, tmp_path: Path,
                                                             playwright_driver: Playwright) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    url = stack.info["url"]
    video = camera_video(code_of(registered(url, "Inês Carvalho", "ines.carvalho@norte.example.pt")),
                         tmp_path / "badge.y4m")
    camera = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=[
        *LAUNCH_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    try:
        # No bypass_csp: the scanner and the decoder must load under the pages' own Content-Security-Policy.
        ctx = camera.new_context(locale="en-GB", viewport={"width": 320, "height": 700})
        ctx.set_default_timeout(10_000)
        errors: list[str] = []
        page = ctx.new_page()
        page.on("console", lambda message: errors.append(f"{message.text} {message.location.get('url')}")
                if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico") else None)
        page.goto(f"{url}/_local/sign-in?next={DESK}")
        sign_in_by_keyboard(page, "Sofia Costa")
        assert page.url == f"{url}{DESK}"
        assert not page.locator("#scanner video").is_visible()  # no black box before the camera is asked for
        page.get_by_role("button", name="Scan a code").click()
        expect(page.locator("#result h2")).to_have_text("Checked in", timeout=15_000)
        expect(page.locator("#result .person")).to_contain_text("Inês Carvalho")
        expect(page.locator("#present")).to_have_text("1 person checked in")  # from the scan's answer, no reload
        assert page.get_by_role("button", name="Undo").is_visible()
        page.screenshot(path=str(SHOTS / "scanned-320.png"), full_page=True)
        # The badge is still in front of the camera: after the scanner's pause it is read again, and refused.
        expect(page.locator("#result h2")).to_contain_text("Already checked in at", timeout=15_000)
        assert result_heading(page).endswith("by Sofia Costa")
        page.screenshot(path=str(SHOTS / "scanned-again-320.png"), full_page=True)
        assert errors == []  # no CSP refusal, no script error
        # Read by the ponyfill (this Chromium has no BarcodeDetector for QR), its WebAssembly from this origin.
        assert page.evaluate("typeof window.BarcodeDetectionAPI === 'object'")
        page.reload()
        assert page.locator("#present").inner_text() == "1 person checked in"
        ctx.close()
    finally:
        camera.close()


def test_the_name_search_and_the_tap_work_without_javascript(stack: LocalStack, browser: Browser) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    url = stack.info["url"]
    registered(url, "Žofia Dvořáková-Łukasiewicz", "zofia@kraj.example.sk")
    ctx = browser.new_context(locale="en-GB", viewport={"width": 320, "height": 700}, java_script_enabled=False)
    ctx.set_default_timeout(10_000)
    try:
        page = ctx.new_page()
        page.goto(f"{url}/_local/sign-in?next={DESK}")
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in as Anna Lindqvist").click()
        assert not page.locator("#scanner").is_visible()  # the camera needs JavaScript: its part stays hidden
        page.get_by_label("Name").fill("zofia dvor")
        with page.expect_navigation():
            page.get_by_role("button", name="Search").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Check in: Žofia Dvořáková-Łukasiewicz").click()
        assert result_heading(page) == "Checked in"
        assert page.get_by_text("Checked in at").is_visible()
        with page.expect_navigation():
            page.get_by_role("button", name="Undo").click()
        assert result_heading(page) == "Check-in undone"
    finally:
        ctx.close()


@pytest.mark.parametrize("width", [320, 1100])
def test_the_desk_is_accessible_and_fits(stack: LocalStack, browser: Browser, width: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    url = stack.info["url"]
    registered(url, f"Aleksandra Wiśniewska {width}", f"aleksandra{width}@gmina.example.pl")
    ctx = browser.new_context(locale="en-GB", viewport={"width": width, "height": 800}, bypass_csp=True)
    ctx.set_default_timeout(10_000)
    try:
        page = ctx.new_page()
        page.goto(f"{url}/_local/sign-in?next={DESK}?q=aleksandra")
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in as Anna Lindqvist").click()
        check_page(page, SHOTS, f"search-{width}")
        with page.expect_navigation():
            page.get_by_role("button", name=f"Check in: Aleksandra Wiśniewska {width}").click()
        check_page(page, SHOTS, f"checked-in-{width}")
        with page.expect_navigation():
            page.get_by_label("Code").fill("not a code")
            page.get_by_role("button", name="Check in", exact=True).click()
        assert result_heading(page) == "Not a valid check-in code"
        check_page(page, SHOTS, f"refused-{width}")
    finally:
        ctx.close()
