"""Sending every certificate of attendance from the back-office (#15), in Chromium on the whole local stack: an
event that has ended (a copy of the demo week, so the other browser tests keep theirs), one person checked in; the
organiser presses the messages page's button at 320 px, follows the progress page while the reports function sends
from its queue, and pressing again says it was sent. axe-core finds no serious or critical violation on each page;
the screenshots are in /tmp/shots-certificates."""

from __future__ import annotations

import json
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from test_back_office import check_page, phone, sign_in_by_keyboard

from devstack.seed import demo_event
from devstack.stack import LocalStack
from eventreg.domain.checkins import EVENT_SCOPE, Checkin
from eventreg.domain.models import EventStatus, utc_now
from eventreg.entrypoints.bootstrap import checkin_store, repository

pytest.importorskip("playwright")
from playwright.sync_api import Browser, expect

SHOTS = Path("/tmp/shots-certificates")
EVENT_ID = "ewrc-certificates"
MESSAGES = f"/organiser/events/{EVENT_ID}/messages"


def ended_event_with_one_attendee(url: str) -> None:
    """The demo week under another id: registered and checked in while open, then moved a week into the past."""
    event, sessions = demo_event()
    event = event.model_copy(update={"event_id": EVENT_ID})
    repository().put_event(event, sessions)
    body = json.dumps({"name": "Inês Carvalho", "email": "ines.certificate@norte.example.pt",
                       "organisation": "Região Norte", "organisation_type": "region", "country": "PT",
                       "privacy_consent": True, "answers": {"interest": "Networking"}}).encode()
    request = urllib.request.Request(f"{url}/events/{EVENT_ID}/registrations", data=body,  # noqa: S310
                                     method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - the local stack's http URL
        registration_id = str(json.load(answer)["registration"]["registration_id"])
    stored = checkin_store().check_in(Checkin(EVENT_ID, registration_id, EVENT_SCOPE, utc_now(), "door", "Door"))
    assert stored.written
    end = utc_now() - timedelta(days=7)
    repository().put_event(event.model_copy(update={
        "starts_at": end - timedelta(days=3), "ends_at": end, "registration_opens_at": end - timedelta(days=40),
        "registration_closes_at": end - timedelta(days=5), "status": EventStatus.FINISHED}), sessions)


def test_the_organiser_sends_every_certificate_and_follows_the_progress(stack: LocalStack, browser: Browser) -> None:
    url = stack.info["url"]
    ended_event_with_one_attendee(url)
    with phone(browser) as page:
        page.goto(f"{url}/_local/sign-in?next={MESSAGES}")
        sign_in_by_keyboard(page, "Anna Lindqvist")
        assert page.url == f"{url}{MESSAGES}"
        expect(page.get_by_role("heading", name="Certificates of attendance")).to_be_visible()
        check_page(page, SHOTS, "messages-320")

        page.get_by_role("button", name="Send all certificates").click()
        assert page.url.startswith(f"{url}{MESSAGES}/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Certificates of attendance")
        check_page(page, SHOTS, "progress-320")
        # The page refreshes itself every few seconds; the reports function's poller sends meanwhile.
        expect(page.get_by_role("status")).to_have_text("Finished: 1 of 1 sent, 0 failed.", timeout=30_000)
        assert page.get_by_text("Everyone checked in").is_visible()
        check_page(page, SHOTS, "finished-320")

        page.goto(f"{url}{MESSAGES}")
        page.get_by_role("button", name="Send all certificates").click()
        expect(page.get_by_role("alert")).to_have_text(
            "Every person checked in has already been sent their certificate.")
        check_page(page, SHOTS, "already-sent-320")
