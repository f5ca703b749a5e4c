"""Issue #12's whole journey in Chromium, on the local stack, by keyboard: the demo organiser creates a moderated
event, imports a programme of 100 sessions from a CSV file (five of them run by the partner network), opens
registration; two people register on the public page; the organiser approves one, downloads the attendee CSV
and XLSX and opens them, messages the registrants (the mails reach the local outbox) and finds each of these
actions on the event's Activity page. The partner then sees the event with its own sessions' registrant only
and is refused the other one. axe-core finds no serious or critical violation on any back-office page visited."""

from __future__ import annotations

import csv
import io
import re
import secrets
import time
from pathlib import Path

import pytest

from devstack.outbox import SesOutbox
from devstack.stack import LocalStack

pytest.importorskip("playwright")
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page
from test_back_office import axe_violations, sign_in_by_keyboard

SHOTS = Path("/tmp/shots-office-journey")
HEADER = "session_id;title;day;start;end;room;track;speakers;modes;capacity;partner_id;description"
PARTNER_FROM = 96  # workshops 96-100 are the partner network's


def programme_csv(folder: Path) -> Path:
    """100 sessions over four days, as an organiser's spreadsheet exports them (semicolons, a BOM)."""
    rows = [HEADER]
    for n in range(1, 101):
        day = f"2027-10-{11 + (n - 1) // 25}"
        hour = 9 + ((n - 1) % 25) // 5 * 2
        partner = "org-vvsg" if n >= PARTNER_FROM else ""
        rows.append(f"workshop-{n:03};Workshop {n};{day};{hour:02}:00;{hour + 1:02}:30;JDE {50 + n % 10};"
                    f"Track {n % 4};Speaker {n};in_person;30;{partner};")
    path = folder / "programme.csv"
    path.write_text("\ufeff" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def checked(page: Page, name: str) -> None:
    """Every back-office page on the way: no serious or critical axe-core violation; a screenshot to look at."""
    assert axe_violations(page) == [], name
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def follow(page: Page, link: str, within: str = "") -> None:
    """Focus a link as Tab would and press Enter on it."""
    scope = page.get_by_role("navigation", name=within) if within else page
    scope.get_by_role("link", name=link, exact=True).first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def press(page: Page, button: str | re.Pattern[str]) -> None:
    page.get_by_role("button", name=button, exact=isinstance(button, str)).first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def register_on_public_page(page: Page, url: str, name: str, email: str, session: str) -> None:
    page.goto(url)
    page.locator("#name").fill(name)
    page.locator("#email").fill(email)
    page.locator("#organisation").fill("Stad Gent")
    page.locator("#organisation_type").select_option("city")
    page.locator("#country").select_option("BE")
    page.locator(f"#session-{session}").check()
    page.locator("#privacy_consent").check()
    press(page, "Register")
    assert page.get_by_role("heading", name=re.compile("registration|registered", re.I)).first.is_visible()


def test_an_organiser_runs_an_event_end_to_end_and_a_partner_sees_its_share(
        stack: LocalStack, browser: Browser, tmp_path: Path) -> None:
    url = stack.info["url"]
    tag = secrets.token_hex(3)
    event_id = f"journey-{tag}"
    here = f"{url}/organiser/events/{event_id}"
    ctx = browser.new_context(locale="en-GB", viewport={"width": 1100, "height": 900}, bypass_csp=True,
                              accept_downloads=True)
    ctx.set_default_timeout(15_000)
    try:
        page = ctx.new_page()
        page.goto(f"{url}/organiser/")
        sign_in_by_keyboard(page, "Anna Lindqvist")
        checked(page, "my-events")

        # Create a moderated event.
        follow(page, "Create an event")
        checked(page, "create")
        for label, value in (("Event id (in its web address) (required)", event_id),
                             ("Starts (required)", "2027-10-11T09:00"), ("Ends (required)", "2027-10-14T18:00"),
                             ("Registration opens (required)", "2026-11-01T09:00"),
                             ("Registration closes (required)", "2027-10-01T23:59"), ("Places in person", "200")):
            page.get_by_label(label, exact=True).first.fill(value)
        page.get_by_label("English", exact=True).first.fill(f"Journey Week {tag}")
        page.get_by_label("Organisers approve each registration").check()
        page.locator("#partners").fill("org-vvsg")  # the partner network, handed its workshops by the import
        press(page, "Create the event")
        assert page.url.endswith(f"/organiser/events/{event_id}?done=created")
        checked(page, "overview-draft")

        # Import the programme: preview, then all of it.
        follow(page, "Programme", within="This event")
        follow(page, "Import a programme (CSV or XLSX)")
        checked(page, "import")
        page.get_by_label("Programme file (CSV or XLSX)").set_input_files(str(programme_csv(tmp_path)))
        press(page, "Check the file")
        assert page.get_by_text("100 sessions will be created, 0 changed; 0 are unchanged.").is_visible()
        checked(page, "import-preview")
        press(page, "Import")
        assert page.get_by_role("status").filter(has_text="Imported: 100 sessions created, 0 changed.").is_visible()
        checked(page, "programme")

        # Open registration, with its confirmation.
        follow(page, "Overview", within="This event")
        follow(page, "Open registration")
        checked(page, "confirm-open")
        press(page, "Yes: Open registration")
        assert page.get_by_role("status").get_by_text("Open for registration").is_visible()

        # Two people register on the public page: one in the organiser's workshop, one in the partner's.
        public = ctx.new_page()
        register_on_public_page(public, f"{url}/events/{event_id}/register", f"Ana Journey {tag}",
                                f"ana-{tag}@example.eu", "workshop-001")
        register_on_public_page(public, f"{url}/events/{event_id}/register", f"Bram Journey {tag}",
                                f"bram-{tag}@example.eu", "workshop-097")
        public.close()

        # Approve Ana from the registrations page.
        page.goto(f"{here}/registrations")
        checked(page, "registrations")
        ana_page = page.get_by_role("link", name=f"Ana Journey {tag}").get_attribute("href") or ""
        assert ana_page.endswith(tuple("0123456789ABCDEFGHJKMNPQRSTVWXYZ"))  # .../registrations/<id>
        press(page, f"Approve: Ana Journey {tag}")
        assert page.get_by_role("status").get_by_text(f"Approved: Ana Journey {tag}").is_visible()

        # Download the attendee list as CSV and XLSX, and open them.
        follow(page, "Downloads", within="This event")
        checked(page, "downloads")
        with page.expect_download() as got:
            page.get_by_role("link", name="CSV – Full list").click()
        rows = list(csv.DictReader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8-sig"))))
        assert sorted(row["Name"] for row in rows) == [f"Ana Journey {tag}", f"Bram Journey {tag}"]
        with page.expect_download() as got:
            page.get_by_role("link", name="XLSX – Full list").click()
        sheet = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()), read_only=True).worksheets[0]
        header, *cells = list(sheet.iter_rows(values_only=True))
        names = [str(row[header.index("Name")]) for row in cells if any(row)]
        assert sorted(names) == [f"Ana Journey {tag}", f"Bram Journey {tag}"]

        # Message every registrant; the mails reach the outbox.
        follow(page, "Messages", within="This event")
        follow(page, "Write a message")
        checked(page, "compose")
        page.locator("#subject_en").fill(f"Journey badges {tag}")
        page.locator("#body_en").fill("Collect your badge at the entrance.")
        press(page, "Preview")
        checked(page, "preview")
        press(page, re.compile(r"^Send to 2 registrants$"))
        deadline = time.monotonic() + 30
        while "Finished" not in page.get_by_role("status").inner_text() and time.monotonic() < deadline:
            page.wait_for_timeout(1000)  # the progress page reloads itself while sending
        assert page.get_by_role("status").inner_text() == "Finished: 2 of 2 sent, 0 failed."
        checked(page, "progress")
        mailed = sorted(str(m.parsed["To"]) for m in SesOutbox(stack.info["aws_endpoint"]).mails()
                        if m.parsed["Subject"] == f"Journey badges {tag}")
        assert mailed == [f"Ana Journey {tag} <ana-{tag}@example.eu>", f"Bram Journey {tag} <bram-{tag}@example.eu>"]

        # Every action is on the event, with who did it.
        follow(page, "Activity", within="This event")
        checked(page, "activity")
        log = page.get_by_role("region", name="Activity").inner_text()
        for done in ("Created the event", "Imported a programme", "Opened registration", "Approved a registration",
                     "Sent a message to registrants"):
            assert done in log, done
        assert log.count("Anna Lindqvist") >= 5
        page.get_by_role("button", name="Sign out").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")

        # The partner: its event, its workshop's registrant only; the other one is refused.
        page.goto(f"{url}/organiser/")
        sign_in_by_keyboard(page, "Pieter Janssens")
        assert page.get_by_role("link", name=f"Journey Week {tag}").is_visible()
        page.goto(f"{here}/registrations")
        table = page.get_by_role("region", name="Registrations").inner_text()
        assert f"Bram Journey {tag}" in table and f"Ana Journey {tag}" not in table
        checked(page, "partner-registrations")
        refused = page.goto(f"{url}{ana_page}" if ana_page.startswith("/") else ana_page)
        assert refused is not None and refused.status == 403
        assert page.get_by_role("heading", name="You may not do this").is_visible()
        checked(page, "partner-refused")
        refused = page.goto(f"{url}/reports/events/{event_id}/sessions/workshop-001/attendees.csv")
        assert refused is not None and refused.status == 403  # another session's list: a page saying so
        assert page.get_by_role("heading", name="You may not do this").is_visible()
    finally:
        ctx.close()
