"""The check-in QR code on the manage page (#15), on moto through chalice.test.Client: a confirmed registration
sees its code as an inline SVG with a text alternative, in the reader's language; once cancelled, the page shows
no code."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from types import ModuleType
from urllib.parse import parse_qs, urlsplit

import pytest
from chalice.test import Client
from integration_support import DEMO_EVENT, Stack

from eventreg.links import checkin_code
from eventreg.qr_codes import svg

REGISTRATIONS = f"/events/{DEMO_EVENT}/registrations"


@pytest.fixture
def client(stack: Stack, registration_service: ModuleType) -> Iterator[Client]:
    with Client(registration_service.app) as test_client:
        yield test_client


def registered(client: Client, language: str = "en") -> tuple[str, str]:
    """A confirmed registration: (its id, its manage page's path)."""
    body = {"name": "Marta Wiśniewska", "email": "marta@krakow.example.pl", "organisation": "Miasto Kraków",
            "organisation_type": "city", "country": "PL", "attendance_mode": "in_person", "privacy_consent": True,
            "answers": {"interest": "Networking"}, "preferred_language": language}
    response = client.http.post(REGISTRATIONS, headers={"Content-Type": "application/json"}, body=json.dumps(body))
    assert response.status_code == 201, response.body
    registration = response.json_body["registration"]
    assert registration["status"] == "confirmed"
    url = urlsplit(registration["manage_url"])
    return registration["registration_id"], f"{url.path}?{url.query}"


def test_a_confirmed_registration_sees_its_code_as_an_svg_with_a_text_alternative(client: Client) -> None:
    registration_id, page = registered(client)
    html = client.http.get(page).body.decode()
    drawn = re.search(r"<svg [^>]*>.*?</svg>", html, re.S)
    assert drawn is not None
    assert drawn.group(0) == svg(checkin_code(DEMO_EVENT, registration_id), "Check-in QR code")
    assert 'role="img"' in drawn.group(0) and 'aria-label="Check-in QR code"' in drawn.group(0)
    assert "<title>Check-in QR code</title>" in drawn.group(0)
    assert 'viewBox="0 0 ' in drawn.group(0) and "width=" not in drawn.group(0)  # scales to the screen (CSS)
    assert "Your check-in code" in html


def test_the_text_alternative_is_in_the_readers_language(client: Client) -> None:
    _, page = registered(client, "de")
    html = client.http.get(page).body.decode()
    assert 'aria-label="QR-Code für den Check-in"' in html and "Ihr Check-in-Code" in html


def test_a_cancelled_registration_shows_no_code(client: Client) -> None:
    registration_id, page = registered(client)
    token = parse_qs(urlsplit(page).query)["token"][0]
    cancelled = client.http.delete(f"{REGISTRATIONS}/{registration_id}?token={token}")
    assert cancelled.status_code == 200
    html = client.http.get(page).body.decode()
    assert "<svg" not in html and "Your check-in code" not in html
