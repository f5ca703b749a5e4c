"""The back-office's session (entrypoints/http/sessions.py): a signed random id in the cookie, the session kept in
the store under a hash of that id; bounded in time, ended by signing out, verified across a key rotation; CSRF
tokens bound to one session; a sign-in under way taken once; and never an open redirect."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import replace

import pytest

from eventreg.domain.office_sessions import Pending, SignedIn
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
from eventreg.keyring import FixedKeys

SECRET = "a-stage-link-key-of-sixty-four-characters-0123456789abcdefghijkl"
NEXT_KEY = "the-key-after-a-rotation-0123456789abcdefghijklmnopqrstuvwxyzABCD"


class Clock:
    def __init__(self) -> None:
        self.now = 1_780_000_000.0

    def __call__(self) -> float:
        return self.now


class MemorySessions:
    """office_ports.SessionStore in memory (the DynamoDB adapter is tested on moto: test_office_sessions_table)."""

    def __init__(self) -> None:
        self.sessions: dict[str, SignedIn] = {}
        self.pending: dict[str, Pending] = {}
        self.reads = 0

    def put_session(self, key: str, who: SignedIn) -> None:
        self.sessions[key] = replace(who, session_id="")

    def get_session(self, key: str) -> SignedIn | None:
        self.reads += 1
        return self.sessions.get(key)

    def set_checked(self, key: str, groups: frozenset[str], checked_at: int, refresh_token: str | None) -> bool:
        if key not in self.sessions:
            return False
        old = self.sessions[key]
        self.sessions[key] = replace(old, groups=groups, checked_at=checked_at,
                                     refresh_token=refresh_token or old.refresh_token)
        return True

    def delete_session(self, key: str) -> None:
        self.sessions.pop(key, None)

    def put_pending(self, key: str, pending: Pending) -> None:
        self.pending[key] = replace(pending, pending_id="")

    def take_pending(self, key: str) -> Pending | None:
        return self.pending.pop(key, None)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store() -> MemorySessions:
    return MemorySessions()


@pytest.fixture
def sessions(clock: Clock, store: MemorySessions) -> Sessions:
    return Sessions(FixedKeys(SECRET), store, clock)


def test_the_cookie_holds_a_signed_random_id_and_the_store_a_hash_of_it(sessions: Sessions,
                                                                         store: MemorySessions) -> None:
    who = sessions.start("org-cor-regio", "anna@example.eu", "Anna Lindh", ["organisers"], refresh_token="rt-1")
    value = sessions.cookie(who)
    assert sessions.open(value) == who
    random_id, _, mac = value.partition(".")
    assert random_id == who.session_id and len(random_id) == 43 and len(mac) == 43
    assert "anna" not in value and "rt-1" not in value and "org-cor" not in value  # nothing of the person
    (key,) = store.sessions
    assert key == hashlib.sha256(random_id.encode()).hexdigest() and random_id not in key
    assert store.sessions[key].session_id == "" and store.sessions[key].refresh_token == "rt-1"
    assert sessions.cookie(sessions.start("org-1", "a@example.eu", "A", [])) != value  # a new id each sign-in


def test_an_altered_or_foreign_cookie_is_no_session_and_costs_no_read(sessions: Sessions, clock: Clock,
                                                                      store: MemorySessions) -> None:
    value = sessions.cookie(sessions.start("org-1", "a@example.eu", "A", []))
    random_id, _, mac = value.partition(".")
    flipped = random_id[:10] + ("A" if random_id[10] != "A" else "B") + random_id[11:] + "." + mac
    assert sessions.open(flipped) is None
    assert Sessions(FixedKeys("another stage's key of sufficient length 0123456789"), store, clock).open(value) is None
    for junk in (None, "", "not-a-token", "x" * 5000, "é" * 10, random_id, f"{random_id}.", f".{mac}",
                 f"{random_id}.{mac}x", f"{random_id}.{mac}.{mac}"):
        assert sessions.open(junk) is None
    assert store.reads == 0  # refused on the MAC alone


def test_a_session_ends_a_working_day_after_sign_in_even_when_checked(sessions: Sessions, clock: Clock) -> None:
    who = sessions.start("org-1", "a@example.eu", "A", [])
    value = sessions.cookie(who)
    clock.now += MAX_SECONDS - 60
    assert sessions.checked(who, ["organisers"]) is not None
    assert sessions.open(value) is not None
    clock.now += 60
    assert sessions.open(value) is None  # the item may linger until TTL removes it: the time is checked


def test_the_provider_vouches_again_every_hour_and_groups_follow(sessions: Sessions, clock: Clock) -> None:
    who = sessions.start("org-1", "a@example.eu", "A", ["organisers", "privacy-officers"], refresh_token="rt")
    value = sessions.cookie(who)
    assert not sessions.due_for_check(who)
    clock.now += CHECK_SECONDS
    assert sessions.due_for_check(who)
    again = sessions.checked(who, ["organisers"])
    assert again is not None and again.groups == frozenset({"organisers"}) and again.refresh_token == "rt"
    assert again.session_id == who.session_id and again.started_at == who.started_at
    assert not sessions.due_for_check(again)
    assert sessions.open(value) == again  # stored: the same cookie opens the checked session


def test_signing_out_ends_the_session_wherever_its_cookie_was_copied(sessions: Sessions) -> None:
    who = sessions.start("org-1", "a@example.eu", "A", ["organisers"], refresh_token="rt")
    stolen = sessions.cookie(who)
    sessions.end(who)
    assert sessions.open(stolen) is None
    assert sessions.checked(who, ["organisers"]) is None  # a check under way finds it gone


def test_a_cookie_signed_before_a_rotation_opens_until_the_next(clock: Clock, store: MemorySessions) -> None:
    before = Sessions(FixedKeys(SECRET), store, clock)
    who = before.start("org-1", "a@example.eu", "A", [])
    value, csrf = before.cookie(who), before.csrf_token(who)
    rotated = Sessions(FixedKeys(NEXT_KEY, SECRET), store, clock)
    assert rotated.open(value) == who and rotated.csrf_valid(who, csrf)
    assert rotated.cookie(who) != value  # new cookies are signed with the current key
    twice = Sessions(FixedKeys("a third key 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ", NEXT_KEY),
                     store, clock)
    assert twice.open(value) is None and not twice.csrf_valid(who, csrf)


def test_csrf_tokens_belong_to_one_session(sessions: Sessions) -> None:
    anna = sessions.start("org-1", "a@example.eu", "A", [])
    ben = sessions.start("org-1", "a@example.eu", "A", [])  # the same person, signed in twice
    token = sessions.csrf_token(anna)
    assert sessions.csrf_valid(anna, token)
    assert not sessions.csrf_valid(ben, token)
    assert token not in (sessions.cookie(anna).partition(".")[2], anna.session_id)  # a MAC of its own purpose
    for wrong in (None, "", token[:-1], token + "x", "ü" * 43):
        assert not sessions.csrf_valid(anna, wrong)


def test_a_pending_sign_in_is_kept_ten_minutes_and_taken_once(sessions: Sessions, clock: Clock,
                                                              store: MemorySessions) -> None:
    pending = sessions.pending("/organiser/events/ewrc-demo/registrations?status=pending")
    assert len(pending.verifier) >= 43 and pending.state and pending.started_at == int(clock.now)
    value = sessions.pending_cookie(pending)
    assert pending.verifier not in value and pending.state not in value
    assert sessions.open(value) is None  # not a session cookie, though signed with the same ring
    assert sessions.take_pending(value) == pending
    assert sessions.take_pending(value) is None  # once
    late = sessions.pending("/organiser/")
    clock.now += PENDING_SECONDS
    assert sessions.take_pending(sessions.pending_cookie(late)) is None
    who = sessions.start("org-1", "a@example.eu", "A", [])
    assert sessions.take_pending(sessions.cookie(who)) is None  # nor a session cookie a sign-in one
    assert store.pending == {}


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
