"""The back-office's cookie session and CSRF tokens (entrypoints/http/sessions.py): sealed, bounded in time,
bound to one session, and never an open redirect."""

from __future__ import annotations

import base64
import hashlib

import pytest

from eventreg.entrypoints.http.sessions import (
    CHECK_SECONDS,
    MAX_SECONDS,
    PENDING,
    PENDING_SECONDS,
    SESSION,
    Sessions,
    clear_cookie,
    pkce_challenge,
    read_cookie,
    safe_next,
    set_cookie,
)

SECRET = "a-stage-link-key-of-sixty-four-characters-0123456789abcdefghijkl"


class Clock:
    def __init__(self) -> None:
        self.now = 1_780_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sessions(clock: Clock) -> Sessions:
    return Sessions(SECRET, clock)


def test_a_sealed_session_opens_as_it_was_and_hides_what_it_carries(sessions: Sessions) -> None:
    who = sessions.start("org-cor-regio", "anna@example.eu", "Anna Lindh", ["organisers"], refresh_token="rt-1")
    value = sessions.seal(who)
    assert sessions.open(value) == who
    assert "anna" not in value and "rt-1" not in value and "org-cor" not in value  # encrypted, not only signed


def test_an_altered_or_foreign_cookie_is_no_session(sessions: Sessions, clock: Clock) -> None:
    value = sessions.seal(sessions.start("org-1", "a@example.eu", "A", []))
    flipped = value[:40] + ("A" if value[40] != "A" else "B") + value[41:]
    assert sessions.open(flipped) is None
    assert Sessions("another stage's key of sufficient length 0123456789", clock).open(value) is None
    for junk in (None, "", "not-a-token", "x" * 5000, "é" * 10):
        assert sessions.open(junk) is None


def test_a_session_ends_a_working_day_after_sign_in_even_when_resealed(sessions: Sessions, clock: Clock) -> None:
    who = sessions.start("org-1", "a@example.eu", "A", [])
    clock.now += MAX_SECONDS - 60
    resealed = sessions.seal(sessions.checked(who, ["organisers"]))
    assert sessions.open(resealed) is not None
    clock.now += 61
    assert sessions.open(resealed) is None


def test_the_provider_vouches_again_every_hour_and_groups_follow(sessions: Sessions, clock: Clock) -> None:
    who = sessions.start("org-1", "a@example.eu", "A", ["organisers", "privacy-officers"], refresh_token="rt")
    assert not sessions.due_for_check(who)
    clock.now += CHECK_SECONDS
    assert sessions.due_for_check(who)
    again = sessions.checked(who, ["organisers"])
    assert again.groups == frozenset({"organisers"}) and again.refresh_token == "rt"
    assert again.session_id == who.session_id and again.started_at == who.started_at
    assert not sessions.due_for_check(again)


def test_csrf_tokens_belong_to_one_session(sessions: Sessions) -> None:
    anna = sessions.start("org-1", "a@example.eu", "A", [])
    ben = sessions.start("org-1", "a@example.eu", "A", [])  # the same person, signed in twice
    token = sessions.csrf_token(anna)
    assert sessions.csrf_valid(anna, token)
    assert not sessions.csrf_valid(ben, token)
    for wrong in (None, "", token[:-1], token + "x", "ü" * 43):
        assert not sessions.csrf_valid(anna, wrong)


def test_a_pending_sign_in_keeps_state_verifier_and_destination_for_ten_minutes(sessions: Sessions,
                                                                                 clock: Clock) -> None:
    pending = sessions.pending("/organiser/events/ewrc-demo/registrations?status=pending")
    assert len(pending.verifier) >= 43 and pending.state
    value = sessions.seal_pending(pending)
    assert sessions.open_pending(value) == pending
    assert sessions.open(value) is None  # not a session, though sealed with the same key
    clock.now += PENDING_SECONDS + 1
    assert sessions.open_pending(value) is None


def test_pkce_s256_is_rfc_7636s_example() -> None:
    verifier, challenge = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    assert pkce_challenge(verifier) == challenge  # RFC 7636, appendix B
    digest = hashlib.sha256(b"v").digest()
    assert pkce_challenge("v") == base64.urlsafe_b64encode(digest).decode().rstrip("=")


@pytest.mark.parametrize("wanted, goes", [
    ("/organiser/events/ewrc-demo", "/organiser/events/ewrc-demo"),
    ("/organiser/", "/organiser/"),
    ("https://evil.example/organiser/", "/organiser/"),
    ("//evil.example/organiser/", "/organiser/"),
    ("/organiser/\\evil", "/organiser/"),
    ("/organiser/\r\nSet-Cookie: x", "/organiser/"),
    ("/events/ewrc-demo", "/organiser/"),
    ("/reports/events/ewrc-demo/attendees.xlsx", "/reports/events/ewrc-demo/attendees.xlsx"),
    ("", "/organiser/"),
])
def test_after_signing_in_only_back_office_paths_are_followed(wanted: str, goes: str) -> None:
    assert safe_next(wanted) == goes


def test_cookies_are_http_only_lax_and_host_bound_over_https() -> None:
    assert set_cookie(SESSION, "v", secure=True, max_age=60) == (
        "__Host-eventreg-session=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure")
    assert set_cookie(PENDING, "v", secure=False, max_age=60) == (
        "eventreg-sign-in=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax")
    assert clear_cookie(SESSION, secure=True).startswith("__Host-eventreg-session=; Path=/; Max-Age=0;")


def test_a_cookie_is_read_by_its_exact_name() -> None:
    header = "other=1; __Host-eventreg-session=abc; eventreg-session=local"
    assert read_cookie(header, SESSION, secure=True) == "abc"
    assert read_cookie(header, SESSION, secure=False) == "local"
    assert read_cookie("x__Host-eventreg-session=no", SESSION, secure=True) is None
    assert read_cookie(None, SESSION, secure=True) is None


def test_links_keep_api_gateways_stage_only_on_the_apis_own_url() -> None:
    from types import SimpleNamespace

    from eventreg.http import app_path, base_path, request_host

    on_api = SimpleNamespace(context={"domainName": "abc123.execute-api.eu-west-1.amazonaws.com", "stage": "api"})
    on_domain = SimpleNamespace(context={"domainName": "events.example.eu", "stage": "api"})
    assert base_path(on_api) == "/api" and base_path(on_domain) == "" and base_path(SimpleNamespace(context={})) == ""
    # Behind the stage's CloudFront distribution API Gateway sees its own host, but the browser is on the
    # distribution's, which mounts the API at / (its viewer-request function says so in X-Forwarded-Host).
    via_cloudfront = SimpleNamespace(context=on_api.context, headers={"host": on_api.context["domainName"],
                                                                       "x-forwarded-host": "d111.cloudfront.net"})
    assert base_path(via_cloudfront) == "" and request_host(via_cloudfront) == "d111.cloudfront.net"
    assert request_host(SimpleNamespace(headers={"host": "events.example.eu"})) == "events.example.eu"
    request = SimpleNamespace(path="/events/{event_id}/attendees.csv", uri_params={"event_id": "ewrc demo"},
                              query_params=None)
    assert app_path(request) == "/events/ewrc%20demo/attendees.csv"
