"""The registration service through chalice.test.Client (and one direct Lambda invocation), on moto."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from chalice.test import Client
from fixtures import load_event
from integration_support import DEMO_BASE_ITEMS, DEMO_EVENT, DEMO_ORGANISER, JWT_SECRET, LambdaContext, Stack

from eventreg.adapters.dynamodb import keys
from eventreg.adapters.jwt import issue_token
from eventreg.domain.models import AttendanceMode
from eventreg.entrypoints.http.public import PublicEvent, PublicEventView, PublicSession
from eventreg.links import token_valid

JSON_HEADERS = {"Content-Type": "application/json"}
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}
REGISTRATIONS = f"/events/{DEMO_EVENT}/registrations"


def person(**overrides: Any) -> dict[str, Any]:
    """A valid JSON registration for the demo event (which asks the required question "interest")."""
    body: dict[str, Any] = {
        "name": "Elżbieta Bieńkowska",
        "email": "E.Bienkowska@example.eu",
        "organisation": "European Commission",
        "organisation_type": "eu_institution",
        "country": "PL",
        "attendance_mode": "in_person",
        "privacy_consent": True,
        "answers": {"interest": "Cohesion policy"},
    }
    body.update(overrides)
    return body


def form_fields(body: dict[str, Any]) -> dict[str, str | list[str]]:
    """The same registration as a browser posts it: answers.<id> names, ticked boxes as "on"."""
    fields: dict[str, str | list[str]] = {}
    for name, value in body.items():
        if name == "answers":
            for question, answer in value.items():
                fields[f"answers.{question}"] = "on" if answer is True else answer
        elif isinstance(value, bool):
            if value:
                fields[name] = "on"
        else:
            fields[name] = value
    return fields


def post_json(client: Client, body: Any, path: str = REGISTRATIONS, **headers: str) -> Any:
    return client.http.post(path, headers={**JSON_HEADERS, **headers}, body=json.dumps(body))


def post_form(client: Client, fields: dict[str, Any], path: str = REGISTRATIONS, **headers: str) -> Any:
    return client.http.post(path, headers={**FORM_HEADERS, **headers}, body=urlencode(fields, doseq=True))


def assert_nothing_written(stack: Stack, registrations: int = 0, idempotency_keys: int = 0) -> None:
    """The partition holds the event, its sessions and exactly `registrations` (registration + guard),
    plus the idempotency records of `idempotency_keys` keyed posts."""
    assert stack.count() == DEMO_BASE_ITEMS + 2 * registrations + idempotency_keys
    assert stack.count(prefix=keys.IDEMPOTENCY_PREFIX) == idempotency_keys
    assert stack.count(prefix=keys.REG_PREFIX) == registrations
    assert stack.count(prefix=keys.EMAIL_PREFIX) == registrations
    assert stack.count(prefix=keys.WAIT_PREFIX) == 0
    assert stack.registered_count() == registrations


class FormParser(HTMLParser):
    """Collects the controls, labels and error paragraphs of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: list[str] = []
        self.ids: list[str] = []
        self.errors: dict[str, str] = {}
        self._error_id: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if tag in ("input", "select", "textarea"):
            self.controls.append({"tag": tag, **attributes})
        elif tag == "label" and attributes.get("for"):
            self.label_for.append(str(attributes["for"]))
        elif tag == "p" and "error" in (attributes.get("class") or ""):
            self._error_id = attributes.get("id")
            if self._error_id:
                self.errors[self._error_id] = ""

    def handle_data(self, data: str) -> None:
        if self._error_id:
            self.errors[self._error_id] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._error_id = None

    def control(self, control_id: str) -> dict[str, str | None]:
        (found,) = [c for c in self.controls if c.get("id") == control_id]
        return found


def parse_page(body: bytes) -> FormParser:
    parser = FormParser()
    parser.feed(body.decode("utf-8"))
    return parser


# -- reading ---------------------------------------------------------------------------------------


def test_get_event_json_leaks_no_organisers(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        response = client.http.get(f"/events/{DEMO_EVENT}")
    assert response.status_code == 200
    body = response.json_body
    assert body["event"]["event_id"] == DEMO_EVENT
    assert body["event"]["places"] == {"in_person": 6000, "online": None}
    assert body["event"]["timezone"] == "Europe/Brussels"
    assert [s["session_id"] for s in body["sessions"]] == [
        "opening",
        "user-centric-label",
        "open-data-lab",
        "connected-in-europe",
        "city-diplomacy",
    ]
    assert [s["places"] for s in body["sessions"]] == [350, 80, 60, 120, 100]
    assert "organiser_ids" not in body["event"]
    assert b"org-cor-regio" not in response.body
    assert all("partner_id" not in s for s in body["sessions"])
    assert b"org-vvsg" not in response.body  # the partner organiser's id either


PRIVATE = {
    "organiser_ids": ["org-cor-regio"],
    "organiser_emails": ["regio-secretariat@example.eu"],
    "mail_overrides": {"moved": {"subject": "Secret wording {{ event_title }}", "body": "Internal draft"}},
    "mail_sender_name": "Internal sender name",
    "reply_to": "internal-replies@example.eu",
    "online_url": "https://example.eu/ewrc/secret-live-room",
    "reminder_days": 3,
    "documents": [{"document_id": "agenda", "title": {"en": "Agenda"}, "key": "documents/ewrc-demo/secret-key.pdf"}],
}


def test_the_public_event_json_is_the_public_model_only(stack: Stack, registration_service: ModuleType) -> None:
    """Organisers' addresses, mail wording and set-up, the online room and storage keys stay private: the
    answer is exactly eventreg.entrypoints.http.public.PublicEventView (an allow-list), while organisers see it all."""
    stack.update_event(**PRIVATE)
    with Client(registration_service.app) as client:
        response = client.http.get(f"/events/{DEMO_EVENT}")
    assert response.status_code == 200
    body = response.json_body
    PublicEventView.model_validate(body)
    assert set(body["event"]) == set(PublicEvent.model_fields)
    assert all(set(s) == set(PublicSession.model_fields) for s in body["sessions"])
    for name in ("organiser_ids", "organiser_emails", "mail_overrides", "mail_sender_name", "reply_to",
                 "online_url", "reminder_days", "reminder_sent", "anonymised_at"):
        assert name not in body["event"], name
    for secret in (b"regio-secretariat", b"Secret wording", b"Internal", b"internal-replies", b"secret-live-room",
                   b"secret-key"):
        assert secret not in response.body, secret
    assert body["event"]["documents"] == [{"document_id": "agenda", "title": {"en": "Agenda"},
                                           "content_type": "application/pdf",
                                           "url": f"/events/{DEMO_EVENT}/documents/agenda"}]


DRAFT_ROUTES = [
    ("GET", f"/events/{DEMO_EVENT}", {}),
    ("GET", f"/events/{DEMO_EVENT}/register", {"Accept": "text/html"}),
    ("GET", f"/events/{DEMO_EVENT}/privacy", {"Accept": "text/html"}),
    ("GET", f"/events/{DEMO_EVENT}/documents/agenda", {}),
    ("POST", REGISTRATIONS, JSON_HEADERS),
    ("POST", REGISTRATIONS, FORM_HEADERS),
    ("POST", f"/events/{DEMO_EVENT}/delegations", JSON_HEADERS),
]


@pytest.mark.parametrize(("method", "path", "headers"), DRAFT_ROUTES,
                         ids=[f"{m} {p.removeprefix(f'/events/{DEMO_EVENT}') or '/'} {h.get('Content-Type', '')}"
                              for m, p, h in DRAFT_ROUTES])
def test_a_draft_is_not_found_on_every_public_route(stack: Stack, registration_service: ModuleType, method: str,
                                                    path: str, headers: dict[str, str]) -> None:
    """A draft is the organisers' work in progress: to the public it answers exactly as a missing event."""
    stack.update_event(status="draft", documents=PRIVATE["documents"])
    before = stack.snapshot()
    if headers.get("Content-Type") == FORM_HEADERS["Content-Type"]:
        body = urlencode(form_fields(person()), doseq=True)
    elif path.endswith("/delegations"):
        body = json.dumps({"lead": person(), "members": [person(name="Jan Kowalski", email="jan@example.eu")]})
    else:
        body = json.dumps(person()) if method == "POST" else ""
    with Client(registration_service.app) as client:
        response = client.http.request(method, path, headers=headers, body=body.encode())
    assert response.status_code == 404, response.body
    if headers.get("Accept") == "text/html" or headers is FORM_HEADERS:  # a browser: the not-found page (#14)
        assert response.headers["Content-Type"].startswith("text/html")
        assert b"Event not found" in response.body
    else:
        assert response.headers["Content-Type"] == "application/json"
        assert response.json_body["error"]["code"] == "event_not_found"
    assert b"ewrc" not in response.body.lower().replace(DEMO_EVENT.encode(), b"")  # nothing of the event
    assert stack.snapshot() == before


def test_a_draft_is_seen_by_its_organisers_and_public_once_opened(stack: Stack,
                                                                  registration_service: ModuleType) -> None:
    stack.update_event(status="draft")
    token = {"Authorization": "Bearer " + issue_token(JWT_SECRET, DEMO_ORGANISER, ttl_seconds=600)}
    with Client(registration_service.app) as client:
        assert client.http.get(f"/events/{DEMO_EVENT}").status_code == 404  # (and now cached as a draft)
        organiser = client.http.get(f"/organiser/events/{DEMO_EVENT}", headers=token)
        assert organiser.status_code == 200
        assert organiser.json_body["event"]["status"] == "draft"
        stack.update_event(status="open")  # published: no waiting for the programme cache
        assert client.http.get(f"/events/{DEMO_EVENT}").status_code == 200
        assert client.http.get(f"/events/{DEMO_EVENT}/privacy").status_code == 200
        assert post_json(client, person()).status_code == 201


def test_get_unknown_event_is_404(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        response = client.http.get("/events/no-such-event")
    assert response.status_code == 404
    assert response.json_body["error"]["code"] == "event_not_found"


def test_form_page_labels_every_input(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        response = client.http.get(f"/events/{DEMO_EVENT}/register")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    page = parse_page(response.body)
    visible = [c for c in page.controls if c.get("type") != "hidden"]
    assert {c.get("name") for c in visible} == {
        "name", "email", "organisation", "organisation_type", "country", "job_title", "attendance_mode", "sessions",
        "answers.first-time", "answers.interest", "preferred_language", "accessibility_needs", "dietary_needs",
        "privacy_consent", "list_consent",
    }
    assert len([c for c in visible if c.get("name") == "sessions"]) == 5
    for control in visible:
        assert control.get("id"), control
        assert control["id"] in page.label_for, f"no <label for> for {control}"
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    assert "You can register until" in response.body.decode()


def test_form_page_autoescapes_the_title(stack: Stack, registration_service: ModuleType) -> None:
    stack.update_event(title='Cities & <Regions> "Week"', description="<img src=x onerror=alert(1)>")
    with Client(registration_service.app) as client:
        page = client.http.get(f"/events/{DEMO_EVENT}/register").body.decode()
    assert "<title>Register: Cities &amp; &lt;Regions&gt; &#34;Week&#34;</title>" in page
    assert "<h1>Cities &amp; &lt;Regions&gt; &#34;Week&#34;</h1>" in page
    assert "<Regions>" not in page
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


# -- JSON registrations ----------------------------------------------------------------------------


def test_json_post_registers(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        response = post_json(client, person())
    assert response.status_code == 201
    registration = response.json_body["registration"]
    assert registration["email"] == "E.Bienkowska@example.eu"
    assert registration["email_norm"] == "e.bienkowska@example.eu"
    assert registration["status"] == "confirmed"
    assert registration["answers"] == {"interest": "Cohesion policy", "first-time": False}
    assert response.headers["Content-Type"] == "application/json"
    stored = stack.repo.get_registration(DEMO_EVENT, registration["registration_id"])
    assert stored is not None
    assert stored.name == "Elżbieta Bieńkowska"
    assert stored.attendance_mode is AttendanceMode.IN_PERSON
    manage = registration.pop("manage_url")
    assert stored.model_dump(mode="json") == registration
    assert manage.startswith(f"http://127.0.0.1:8000/events/{DEMO_EVENT}/registrations/{stored.registration_id}/manage")
    assert token_valid(DEMO_EVENT, stored.registration_id, parse_qs(urlsplit(manage).query)["token"][0])
    assert_nothing_written(stack, registrations=1)


def test_duplicate_email_in_another_case_is_409(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        assert post_json(client, person()).status_code == 201
        response = post_json(client, person(email="  e.BIENKOWSKA@Example.eu ", name="Ela B."))
    assert response.status_code == 409
    error = response.json_body["error"]
    assert error["code"] == "already_registered"
    assert "email" in error["fields"]
    assert_nothing_written(stack, registrations=1)


def test_retried_post_with_the_same_idempotency_key_registers_once(
    stack: Stack, registration_service: ModuleType
) -> None:
    with Client(registration_service.app) as client:
        first = post_json(client, person(), **{"Idempotency-Key": "7d1c4c2e-retry"})
        second = post_json(client, person(), **{"Idempotency-Key": "7d1c4c2e-retry"})
    assert first.status_code == 201
    # Either the first answer again or "already registered"; never a second registration, never a 5xx.
    assert second.status_code in (200, 201, 409)
    if second.status_code != 409:
        assert second.json_body["registration"] == first.json_body["registration"]
    assert_nothing_written(stack, registrations=1, idempotency_keys=1)


def test_validation_error_is_400_with_fields(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        response = post_json(client, {"name": "", "email": "nope", "country": "XX", "role": "admin"})
    assert response.status_code == 400
    error = response.json_body["error"]
    assert error["code"] == "validation_error"
    assert set(error["fields"]) == {
        "name", "email", "organisation", "organisation_type", "country", "privacy_consent", "role"}
    assert error["fields"]["organisation"] == "This field is required."
    assert error["fields"]["role"] == "Unknown field."
    assert_nothing_written(stack)


def test_malformed_json_is_400(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        response = client.http.post(REGISTRATIONS, headers=JSON_HEADERS, body='{"name": ')
    assert response.status_code == 400
    assert response.json_body["error"]["code"] == "validation_error"
    assert_nothing_written(stack)


def test_unknown_event_is_404_and_writes_nothing(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        response = post_json(client, person(), path="/events/no-such-event/registrations")
    assert response.status_code == 404
    assert response.json_body["error"]["code"] == "event_not_found"
    assert stack.count("no-such-event") == 0
    assert_nothing_written(stack)


@pytest.mark.parametrize(
    ("closes_at", "local", "display"),
    [
        (datetime(2020, 1, 15, 22, 59, 59, tzinfo=UTC), "2020-01-15T23:59:59+01:00", "15 January 2020, 23:59 CET"),
        (datetime(2020, 7, 15, 21, 59, 59, tzinfo=UTC), "2020-07-15T23:59:59+02:00", "15 July 2020, 23:59 CEST"),
    ],
    ids=["winter", "summer"],
)
def test_closed_event_is_409_in_the_event_timezone(
    stack: Stack, registration_service: ModuleType, closes_at: datetime, local: str, display: str
) -> None:
    stack.update_event(registration_opens_at=datetime(2020, 1, 1, tzinfo=UTC), registration_closes_at=closes_at)
    with Client(registration_service.app) as client:
        response = post_json(client, person())
    assert response.status_code == 409
    error = response.json_body["error"]
    assert error["code"] == "registration_closed"
    assert error["closes_at"] == local
    assert error["closes_at_display"] == display
    assert error["timezone"] == "Europe/Brussels"
    assert error["message"] == f"Registration closed on {display}."
    assert_nothing_written(stack)


def test_full_event_is_409_and_the_counter_does_not_move(stack: Stack, registration_service: ModuleType) -> None:
    stack.update_event(capacity_in_person=1)
    with Client(registration_service.app) as client:
        assert post_json(client, person()).status_code == 201
        response = post_json(client, person(email="second@example.eu", name="Second Person", when_full="refuse"))
    assert response.status_code == 409
    assert response.json_body["error"]["code"] == "event_full"
    assert_nothing_written(stack, registrations=1)
    (item,) = stack.partition(prefix=keys.EMAIL_PREFIX)
    assert item["SK"]["S"] == "EMAIL#e.bienkowska@example.eu"


def test_mode_not_offered_is_409(stack: Stack, registration_service: ModuleType) -> None:
    stack.update_event(modes=[AttendanceMode.IN_PERSON])
    with Client(registration_service.app) as client:
        response = post_json(client, person(attendance_mode="online"))
    assert response.status_code == 409
    error = response.json_body["error"]
    assert error["code"] == "attendance_mode_not_offered"
    assert error["fields"] == {"attendance_mode": "Choose one of: in_person."}
    assert_nothing_written(stack)


def test_body_over_64_kib_is_413(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        response = post_json(client, person(organisation="x" * (64 * 1024)))
    assert response.status_code == 413
    assert response.json_body["error"]["code"] == "payload_too_large"
    assert_nothing_written(stack)


def test_text_plain_is_415(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        response = client.http.post(
            REGISTRATIONS, headers={"Content-Type": "text/plain"}, body=json.dumps(person())
        )
    assert response.status_code == 415
    assert_nothing_written(stack)


def test_text_plain_415_follows_the_error_contract(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        response = client.http.post(
            REGISTRATIONS, headers={"Content-Type": "text/plain"}, body=json.dumps(person())
        )
    assert response.status_code == 415
    assert (response.json_body or {}).get("error", {}).get("code") == "unsupported_media_type", response.body


def test_json_post_is_one_transaction(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        with stack.record_calls() as cold:
            assert post_json(client, person(email="first@example.eu")).status_code == 201
        with stack.record_calls() as calls:
            response = post_json(client, person())
    # The programme (event + sessions) is read once per process in one Query, then cached.
    assert cold == ["Query", "TransactWriteItems"]
    assert response.status_code == 201
    assert calls == ["TransactWriteItems"]


def test_rejected_json_post_reads_nothing_more_than_the_transaction(
    stack: Stack, registration_service: ModuleType
) -> None:
    stack.update_event(capacity_in_person=0)
    with Client(registration_service.app) as client:
        assert client.http.get(f"/events/{DEMO_EVENT}").status_code == 200  # the programme is cached
        with stack.record_calls() as calls:
            response = post_json(client, person(when_full="refuse"))
    assert response.status_code == 409
    assert response.json_body["error"]["code"] == "event_full"
    # The cancelled transaction's ALL_OLD image explains the refusal: no extra read, no Scan.
    assert calls == ["TransactWriteItems"]
    assert_nothing_written(stack)


# -- HTML form posts -------------------------------------------------------------------------------


def test_form_post_answers_with_a_confirmation_page(stack: Stack, registration_service: ModuleType) -> None:
    fields = form_fields(person(name="Ana <b>Bold</b>", attendance_mode="online"))
    with Client(registration_service.app) as client:
        response = post_form(client, fields)
    assert response.status_code == 201
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    page = response.body.decode()
    assert "You are registered" in page
    assert "Ana &lt;b&gt;Bold&lt;/b&gt; — European Commission (Online)" in page
    assert "<b>Bold</b>" not in page
    assert "A confirmation has been sent to E.Bienkowska@example.eu." in page
    (item,) = stack.partition(prefix=keys.REG_PREFIX)
    assert f"<code>{item['registration_id']['S']}</code>" in page
    assert_nothing_written(stack, registrations=1)


def test_form_post_with_a_bad_email_shows_the_form_again(stack: Stack, registration_service: ModuleType) -> None:
    fields = form_fields(person(
        name="<script>alert(1)</script>",
        email="not-an-email",
        organisation="Comune di Bologna",
        country="IT",
        attendance_mode="online",
    ))
    with Client(registration_service.app) as client:
        response = post_form(client, fields)
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    body = response.body.decode()
    page = parse_page(response.body)
    # The message next to the field, tied to it for assistive technology.
    assert page.errors["email-error"] == "Enter an email address, such as name@example.eu."  # #14: by code
    email_input = page.control("email")
    assert email_input.get("aria-invalid") == "true"
    assert email_input.get("aria-describedby") == "email-error"
    assert email_input.get("value") == "not-an-email"
    assert body.index('id="email-error"') < body.index('id="email"')
    # The other values are kept.
    assert page.control("organisation").get("value") == "Comune di Bologna"
    assert page.control("name").get("value") == "<script>alert(1)</script>"
    assert "checked" in page.control("mode-online")
    assert "checked" not in page.control("mode-in_person")
    assert re.search(r'<option value="IT" selected>', body)
    # ... and the script is text, not markup.
    assert "<script>alert(1)</script>" not in body
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in body
    assert "name-error" not in page.errors
    assert_nothing_written(stack)


def test_form_error_page_separates_attributes(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        response = post_form(client, {"name": "Ana", "email": "bad", "organisation": "X", "country": "BE"})
    assert response.status_code == 400
    assert not re.search(r'="[^"]*"[a-z]', response.body.decode()), "attributes must be separated by whitespace"


def test_double_submitted_form_registers_once(stack: Stack, registration_service: ModuleType) -> None:
    fields = form_fields(person())
    with Client(registration_service.app) as client:
        first = post_form(client, fields)
        second = post_form(client, fields)
    assert first.status_code == 201
    assert second.status_code == 409
    page = parse_page(second.body)
    assert page.errors["email-error"] == "Already registered for this event."
    assert_nothing_written(stack, registrations=1)


def test_double_click_with_the_page_form_token_answers_the_first_registration(
    stack: Stack, registration_service: ModuleType
) -> None:
    with Client(registration_service.app) as client:
        page = parse_page(client.http.get(f"/events/{DEMO_EVENT}/register").body)
        (token,) = [c["value"] for c in page.controls if c.get("name") == "form_token"]
        assert token
        fields = {**form_fields(person()), "form_token": token}
        first = post_form(client, fields)
        second = post_form(client, fields)
    assert first.status_code == 201
    assert second.status_code == 201
    (item,) = stack.partition(prefix=keys.REG_PREFIX)
    reference = f"<code>{item['registration_id']['S']}</code>"
    assert reference in first.body.decode() and reference in second.body.decode()
    assert_nothing_written(stack, registrations=1, idempotency_keys=1)


def test_form_post_to_a_closed_event_says_so(stack: Stack, registration_service: ModuleType) -> None:
    stack.update_event(
        registration_opens_at=datetime(2020, 1, 1, tzinfo=UTC),
        registration_closes_at=datetime(2020, 1, 15, 22, 59, 59, tzinfo=UTC),
    )
    with Client(registration_service.app) as client:
        response = post_form(client, form_fields(person()))
    assert response.status_code == 409
    assert "Registration closed on 15 January 2020, 23:59 CET." in response.body.decode()
    assert_nothing_written(stack)


# -- the same POST as API Gateway delivers it to the Lambda function -------------------------------


def test_direct_lambda_invocation_with_an_api_gateway_event(
    stack: Stack, registration_service: ModuleType
) -> None:
    event = load_event("apigateway_post_registration")
    response = registration_service.app(event, LambdaContext())
    assert response["statusCode"] == 201
    registration = json.loads(response["body"])["registration"]
    assert registration["name"] == "Elżbieta Bieńkowska"
    assert response["headers"]["Content-Type"] == "application/json"
    stored = stack.repo.get_registration(DEMO_EVENT, registration["registration_id"])
    assert stored is not None and stored.email_norm == "e.bienkowska@example.eu"
    assert_nothing_written(stack, registrations=1)


def test_direct_lambda_invocation_with_a_base64_body(stack: Stack, registration_service: ModuleType) -> None:
    import base64

    event = load_event("apigateway_post_registration")
    event["body"] = base64.b64encode(event["body"].encode("utf-8")).decode("ascii")
    event["isBase64Encoded"] = True
    response = registration_service.app(event, LambdaContext())
    assert response["statusCode"] == 201
    assert json.loads(response["body"])["registration"]["name"] == "Elżbieta Bieńkowska"
