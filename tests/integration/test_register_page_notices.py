"""The register page's rough edges (#14): a closed event's notice and facts box in the reader's language (not
the API's English with the event's date, nor a passed deadline offered), and an error summary that reads."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta
from types import ModuleType
from urllib.parse import urlencode

import pytest
from chalice.test import Client
from integration_support import DEMO_EVENT, Stack
from test_registration_api import form_fields, person

from eventreg.domain.events import EventStatus

CLOSED_ON = datetime(2020, 1, 15, 22, 59, 59, tzinfo=UTC)  # 23:59 in Brussels, the demo event's timezone
NOTICES = {
    "en": "Registration closed on 15 January 2020, 23:59 CET.",
    "fr": "Les inscriptions ont été closes le 15 janvier 2020, 23:59 CET.",
    "de": "Die Anmeldung wurde am 15. Januar 2020, 23:59 CET geschlossen.",
    "nl": "De inschrijving is gesloten sinds 15 januari 2020, 23:59 CET.",
}


def page(client: Client, lang: str) -> str:
    return html.unescape(client.http.get(f"/events/{DEMO_EVENT}/register?lang={lang}").body.decode())


@pytest.mark.parametrize("lang", sorted(NOTICES))
def test_a_closed_event_says_so_in_the_readers_language(stack: Stack, registration_service: ModuleType,
                                                         lang: str) -> None:
    stack.update_event(registration_opens_at=datetime(2020, 1, 1, tzinfo=UTC), registration_closes_at=CLOSED_ON)
    with Client(registration_service.app) as client:
        text = page(client, lang)
    # Twice: the facts box and the notice where the form would be; never the passed deadline as an offer.
    assert text.count(NOTICES[lang]) == 2, text
    assert "You can register until" not in text
    assert "<form" not in text


def test_an_event_its_organisers_closed_early_names_no_date(stack: Stack, registration_service: ModuleType) -> None:
    closes = datetime.now(UTC) + timedelta(days=30)
    stack.update_event(status=EventStatus.CLOSED, registration_closes_at=closes)
    with Client(registration_service.app) as client:
        english, french = page(client, "en"), page(client, "fr")
        answer = client.http.post(f"/events/{DEMO_EVENT}/registrations", body=json.dumps(person()).encode(),
                                  headers={"Content-Type": "application/json"})
    assert english.count("Registration is closed.") == 2
    assert french.count("Les inscriptions sont closes.") == 2
    assert "Registration closed on" not in english  # a date in the future is not when it closed
    assert answer.status_code == 409
    assert answer.json_body["error"]["code"] == "registration_closed"
    assert answer.json_body["error"]["message"] == "Registration is closed."


def test_an_event_not_yet_open_says_when_it_opens(stack: Stack, registration_service: ModuleType) -> None:
    opens = datetime(2031, 3, 2, 8, 0, tzinfo=UTC)
    stack.update_event(registration_opens_at=opens, registration_closes_at=opens + timedelta(days=30))
    with Client(registration_service.app) as client:
        text = page(client, "de")
    assert text.count("Die Anmeldung beginnt am 2. März 2031, 09:00 CET.") == 2, text


# -- the error summary (#14): one punctuation mark between a label and its message ----------------------------
@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_error_summary_reads_without_double_punctuation(stack: Stack, registration_service: ModuleType,
                                                            lang: str) -> None:
    fields = form_fields(person(email="", privacy_consent=False))
    with Client(registration_service.app) as client:
        answer = client.http.post(f"/events/{DEMO_EVENT}/registrations?lang={lang}", body=urlencode(fields, doseq=True),
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 400
    text = html.unescape(answer.body.decode())
    summary = text[text.index('id="form-errors"'):text.index("</div>", text.index('id="form-errors"'))]
    assert not re.search(r"[.?!]: ", summary), summary
    assert "@" not in summary  # an empty address is missing, not short of an @-sign
    empty = {"en": "Email address: Enter your email address.",
             "de": "E-Mail-Adresse: Geben Sie Ihre E-Mail-Adresse ein."}
    assert empty[lang] in summary, summary
