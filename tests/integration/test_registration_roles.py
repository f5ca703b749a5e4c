"""A person's role at the event (#15), set by the event's organisers on the back-office's registration page, on
moto: the form saves it without a new version (so no mail), the page and the JSON show it, the attendee lists
have the column; partners, forged forms and values that are no role are refused and nothing is written."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

import pytest
from back_office_support import FORM_TYPE, HTML, cookie_header, csrf_of, sign_in_locally
from chalice.test import Client
from integration_support import Stack
from test_reports_api import bearer

from devstack.seed import DEMO_EVENT_ID, DEMO_ORGANISER, DEMO_PARTNER
from eventreg.domain.models import Registration, RegistrationRequest, utc_now
from eventreg.register.registering import Registrar

BASE = f"/organiser/events/{DEMO_EVENT_ID}/registrations"


@pytest.fixture
def site(stack: Stack, registration_service: ModuleType) -> Iterator[Client]:
    with Client(registration_service.app) as client:
        yield client


def person(stack: Stack, sessions: tuple[str, ...] = ()) -> Registration:
    return Registrar(stack.repo).register(DEMO_EVENT_ID, RegistrationRequest.model_validate({
        "name": "Νίκος Αλεξίου", "email": "nikos@roles.example.gr", "organisation": "ΕΡΤ", "organisation_type": "other",
        "country": "GR", "privacy_consent": True, "sessions": list(sessions), "answers": {"interest": "Networking"}}),
        utc_now())


def post_role(site: Client, who: str, registration_id: str, role: str, forged: bool = False) -> Any:
    jar = sign_in_locally(who)
    page = site.http.get(f"{BASE}/{registration_id}", headers={**HTML, **cookie_header(jar)}).body.decode()
    token = "forged" if forged else csrf_of(page)
    return site.http.post(f"{BASE}/{registration_id}/role", headers={**cookie_header(jar), **FORM_TYPE},
                          body=urlencode({"csrf_token": token, "role": role}))


def test_the_organiser_sets_a_role_without_a_new_version(stack: Stack, site: Client) -> None:
    nikos = person(stack)
    assert nikos.role.value == "participant"
    jar = sign_in_locally(DEMO_ORGANISER)
    form = site.http.get(f"{BASE}/{nikos.registration_id}", headers={**HTML, **cookie_header(jar)}).body.decode()
    assert '<select id="role" name="role">' in form and '<option value="participant" selected>' in form
    done = post_role(site, DEMO_ORGANISER, nikos.registration_id, "press")
    assert done.status_code == 303 and done.headers["Location"] == f"{BASE}/{nikos.registration_id}?done=role"
    page = site.http.get(done.headers["Location"], headers={**HTML, **cookie_header(jar)}).body.decode()
    assert "Role saved." in page and '<option value="press" selected>' in page and "<dd>Press</dd>" in page
    stored = stack.repo.get_registration(DEMO_EVENT_ID, nikos.registration_id)
    assert stored is not None and stored.role.value == "press"
    assert stored.version == nikos.version  # not a change of the registration: no mail goes out
    as_json = site.http.get(f"{BASE}/{nikos.registration_id}", headers=cookie_header(jar)).json_body
    assert as_json["registration"]["role"] == "press"


def test_the_attendee_lists_have_the_role(stack: Stack, site: Client, reports_service: ModuleType) -> None:
    nikos = person(stack)
    post_role(site, DEMO_ORGANISER, nikos.registration_id, "speaker")
    with Client(reports_service.app) as reports:
        listed = reports.http.get(f"/events/{DEMO_EVENT_ID}/attendees.csv", headers=bearer())
    rows = list(csv.DictReader(io.StringIO(listed.body.decode("utf-8-sig"))))
    assert [(r["Name"], r["Role"]) for r in rows] == [("Νίκος Αλεξίου", "speaker")]


@pytest.mark.parametrize(("who", "role", "forged", "status"), [
    (DEMO_PARTNER, "press", False, 403),  # partners do not give roles, even to people in their sessions
    (DEMO_ORGANISER, "vip", False, 400),
    (DEMO_ORGANISER, "press", True, 403),
])
def test_refusals_write_nothing(stack: Stack, site: Client, who: str, role: str, forged: bool, status: int) -> None:
    nikos = person(stack, ("connected-in-europe",))  # the partner's session: the partner may see the person
    before = stack.snapshot()
    assert post_role(site, who, nikos.registration_id, role, forged).status_code == status
    assert stack.snapshot() == before


def test_an_unknown_registration_is_404(stack: Stack, site: Client) -> None:
    person(stack)
    assert post_role_missing(site).status_code == 404


def post_role_missing(site: Client) -> Any:
    jar = sign_in_locally(DEMO_ORGANISER)
    page = site.http.get(f"/organiser/events/{DEMO_EVENT_ID}/registrations", headers={**HTML, **cookie_header(jar)})
    return site.http.post(f"{BASE}/01J00000000000000000000000/role", headers={**cookie_header(jar), **FORM_TYPE},
                          body=urlencode({"csrf_token": csrf_of(page.body.decode()), "role": "press"}))
