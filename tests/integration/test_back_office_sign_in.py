"""Signing in to the back-office (issue #12): locally through /_local/sign-in, on AWS through the
authorization-code flow with PKCE — here against a loopback OpenID provider that checks the verifier, signs
ID tokens with its own RS256 key and serves its JWKS, as Cognito's managed login does. Then the session
cookie opens the organisers' pages and downloads, scoped as bearer tokens are, and a change on the cookie
needs the session's CSRF token."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
from back_office_support import HTML, cookie_header, cookies_of, moderated_event_with, sign_in_locally
from chalice.test import Client
from cryptography.hazmat.primitives.asymmetric import rsa
from integration_support import Stack

from devstack.seed import DEMO_EVENT_ID, DEMO_ORGANISER, DEMO_PARTNER, OTHER_ORGANISER, other_event
from eventreg import keys
from eventreg.adapters import clients
from eventreg.adapters.dynamodb.office_sessions import SESSION_PREFIX, OfficeSessions
from eventreg.auth import session_store
from eventreg.config import settings
from eventreg.entrypoints.http import sessions

CLIENT_ID = "back-office-client"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


# -- locally ---------------------------------------------------------------------------------------------
@pytest.fixture
def local(stack: Stack) -> Stack:
    stack.repo.put_event(*other_event())
    return stack


def test_a_browser_without_a_session_goes_to_sign_in_and_back(local: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        first = client.http.get("/organiser/", headers=HTML)
        assert first.status_code == 303 and first.headers["Location"] == "/organiser/sign-in?next=/organiser"
        second = client.http.get("/organiser/sign-in?next=/organiser/", headers=HTML)
    assert second.status_code == 303 and second.headers["Location"] == "/_local/sign-in?next=/organiser/"
    jar = sign_in_locally(DEMO_ORGANISER)
    with Client(registration_service.app) as client:
        home = client.http.get("/organiser/", headers={**HTML, **cookie_header(jar)})
    page = home.body.decode()
    assert home.status_code == 200 and home.headers["Cache-Control"] == "no-store"
    assert "Signed in as Anna Lindqvist" in page and "European Week of Regions and Cities" in page
    assert "Smart villages" not in page  # another organiser's event
    assert f"/reports/events/{DEMO_EVENT_ID}/attendees.xlsx" in page


def test_each_identity_sees_its_own_events(local: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        partner = client.http.get("/organiser/", headers={**HTML, **cookie_header(sign_in_locally(DEMO_PARTNER))})
        other = client.http.get("/organiser/", headers={**HTML, **cookie_header(sign_in_locally(OTHER_ORGANISER))})
        as_json = client.http.get("/organiser/events", headers=cookie_header(sign_in_locally(OTHER_ORGANISER)))
    assert "European Week of Regions and Cities" in partner.body.decode()
    assert "Partner: your sessions only" in partner.body.decode()
    assert "Smart villages: rural services that work" in other.body.decode()
    assert "European Week" not in other.body.decode()
    assert [e["event_id"] for e in as_json.json_body["events"]] == ["smart-villages-workshop"]


def test_the_session_opens_the_downloads_scoped_like_a_token(local: Stack, reports_service: ModuleType) -> None:
    organiser, other = sign_in_locally(DEMO_ORGANISER), sign_in_locally(OTHER_ORGANISER)
    with Client(reports_service.app) as client:
        csv = client.http.get(f"/events/{DEMO_EVENT_ID}/attendees.csv", headers=cookie_header(organiser))
        refused = client.http.get(f"/events/{DEMO_EVENT_ID}/attendees.csv", headers=cookie_header(other))
        statistics = client.http.get(f"/events/{DEMO_EVENT_ID}/statistics.html", headers={**HTML,
                                                                                          **cookie_header(organiser)})
    assert csv.status_code == 200 and csv.headers["Content-Type"].startswith("text/csv")
    assert refused.status_code == 403
    assert statistics.status_code == 200


def test_a_change_on_the_cookie_alone_needs_the_csrf_token(local: Stack, registration_service: ModuleType) -> None:
    jar = sign_in_locally(DEMO_ORGANISER)
    signed_in = session_store().open(jar[sessions.SESSION])
    assert signed_in is not None
    token = session_store().csrf_token(signed_in)
    patch = json.dumps({"capacity_in_person": 6001})
    with Client(registration_service.app) as client:
        headers = {**cookie_header(jar), "Content-Type": "application/json"}
        refused = client.http.patch(f"/organiser/events/{DEMO_EVENT_ID}", headers=headers, body=patch)
        forged = client.http.patch(f"/organiser/events/{DEMO_EVENT_ID}", headers={**headers, "X-CSRF-Token": "x"},
                                   body=patch)
        allowed = client.http.patch(f"/organiser/events/{DEMO_EVENT_ID}", headers={**headers, "X-CSRF-Token": token},
                                    body=patch)
    assert refused.status_code == forged.status_code == 403
    assert refused.json_body["error"]["code"] == "csrf_failed"
    assert allowed.status_code == 200 and allowed.json_body["event"]["capacity_in_person"] == 6001


def test_signing_out_clears_the_session_with_the_forms_token(local: Stack, registration_service: ModuleType) -> None:
    jar = sign_in_locally(DEMO_ORGANISER)
    with Client(registration_service.app) as client:
        page = client.http.get("/organiser/", headers={**HTML, **cookie_header(jar)}).body.decode()
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        form = {**cookie_header(jar), "Content-Type": "application/x-www-form-urlencoded"}
        forged = client.http.post("/organiser/sign-out", headers=form, body="csrf_token=forged")
        out = client.http.post("/organiser/sign-out", headers=form, body=urlencode({"csrf_token": token}))
        after = client.http.get("/organiser/signed-out", headers=HTML)
    assert forged.status_code == 403
    assert out.status_code == 303 and out.headers["Location"] == "/organiser/signed-out"
    assert cookies_of(out) == {sessions.SESSION: ""}
    assert "You are signed out" in after.body.decode()


def session_items(stack: Stack) -> list[dict[str, Any]]:
    return [item for item in clients.dynamodb().scan(TableName=stack.table)["Items"]
            if item["PK"]["S"].startswith(SESSION_PREFIX)]


def test_a_cookie_copied_before_signing_out_opens_nothing_after(local: Stack, registration_service: ModuleType,
                                                                 reports_service: ModuleType) -> None:
    """Sign-out deletes the session server-side: a stolen copy of the cookie is worthless from then on."""
    jar = sign_in_locally(DEMO_ORGANISER)
    stolen = dict(jar)
    (item,) = session_items(local)
    assert jar[sessions.SESSION].partition(".")[0] not in json.dumps(item)  # the table holds a hash of the id
    with Client(registration_service.app) as client:
        page = client.http.get("/organiser/", headers={**HTML, **cookie_header(jar)}).body.decode()
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        client.http.post("/organiser/sign-out", body=urlencode({"csrf_token": token}),
                         headers={**cookie_header(jar), "Content-Type": "application/x-www-form-urlencoded"})
        again = client.http.get("/organiser/", headers={**HTML, **cookie_header(stolen)})
        as_json = client.http.get("/organiser/events", headers=cookie_header(stolen))
    with Client(reports_service.app) as reports:
        download = reports.http.get(f"/events/{DEMO_EVENT_ID}/attendees.csv", headers=cookie_header(stolen))
    assert session_items(local) == []
    assert again.status_code == 303 and again.headers["Location"].startswith("/organiser/sign-in?next=")
    assert as_json.status_code == download.status_code == 401


# -- on AWS: the code flow with PKCE against a loopback provider -------------------------------------------
@dataclass
class Provider:
    url: str = ""
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)  # code → claims and challenge
    refresh_refused: bool = False
    revoked: list[str] = field(default_factory=list)  # refresh tokens revoked at /oauth2/revoke
    groups: list[str] = field(default_factory=lambda: ["organisers"])

    def issue(self, challenge: str, **claims: Any) -> str:
        code = f"code-{len(self.codes)}"
        self.codes[code] = {"challenge": challenge, "claims": claims}
        return code

    def id_token(self, **claims: Any) -> str:
        now = int(time.time())
        body = {"sub": "c0ffee", "iss": self.url, "aud": CLIENT_ID, "token_use": "id", "iat": now,
                "exp": now + 3600, "email": "anna.lindqvist@cor.example.eu", "name": "Anna Lindqvist",
                "custom:organiser_id": DEMO_ORGANISER, "cognito:groups": self.groups, **claims}
        return jwt.encode(body, KEY, algorithm="RS256", headers={"kid": "k1"})


@pytest.fixture
def provider(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> Iterator[Provider]:
    state = Provider()
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key()))
    jwks = json.dumps({"keys": [{**public, "kid": "k1", "alg": "RS256", "use": "sig"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self._answer(200, jwks)

        def do_POST(self) -> None:
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()}
            if form.get("client_id") != CLIENT_ID:
                return self._answer(400, b'{"error":"invalid_client"}')
            if self.path == "/oauth2/revoke":  # RFC 7009, as Cognito's revocation endpoint
                state.revoked.append(form.get("token", ""))
                return self._answer(200, b"")
            if form.get("grant_type") == "refresh_token":
                if state.refresh_refused or form.get("refresh_token") != "refresh-1":
                    return self._answer(400, b'{"error":"invalid_grant"}')
                return self._answer(200, json.dumps({"id_token": state.id_token()}).encode())
            issued = state.codes.pop(form.get("code", ""), None)  # a code works once
            verifier = form.get("code_verifier", "").encode()
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).decode().rstrip("=")
            if issued is None or issued["challenge"] != challenge:
                return self._answer(400, b'{"error":"invalid_grant"}')
            return self._answer(200, json.dumps({"id_token": state.id_token(**issued["claims"]),
                                                 "refresh_token": "refresh-1"}).encode())

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("EVENTREG_IDENTITY", json.dumps({
        "issuer": state.url, "jwks_url": f"{state.url}/.well-known/jwks.json", "client_id": CLIENT_ID,
        "login_url": state.url}))
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


AWS_HOST = {"Host": "abc123.execute-api.eu-west-1.amazonaws.com", "X-Forwarded-Proto": "https"}


def start(client: Client, next_path: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    answer = client.http.get(f"/organiser/sign-in?next={next_path}", headers={**HTML, **AWS_HOST})
    assert answer.status_code == 303
    location = urlsplit(answer.headers["Location"])
    return parse_qs(location.query), cookies_of(answer)


def test_the_code_flow_with_pkce_signs_in_and_returns(provider: Provider, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        asked, pending = start(client, "/organiser/")
        assert asked["response_type"] == ["code"] and asked["client_id"] == [CLIENT_ID]
        assert asked["code_challenge_method"] == ["S256"] and asked["scope"] == ["openid email profile"]
        assert asked["redirect_uri"] == ["https://abc123.execute-api.eu-west-1.amazonaws.com/organiser/sign-in/"
                                         "callback"]
        assert set(pending) == {"__Host-eventreg-sign-in"}  # https: host-only, Secure
        code = provider.issue(asked["code_challenge"][0])
        back = client.http.get(f"/organiser/sign-in/callback?code={code}&state={asked['state'][0]}",
                               headers={**HTML, **AWS_HOST, **cookie_header(pending)})
        assert back.status_code == 303 and back.headers["Location"] == "/organiser/"
        jar = cookies_of(back)
        assert jar["__Host-eventreg-sign-in"] == "" and jar["__Host-eventreg-session"]
        session = {"__Host-eventreg-session": jar["__Host-eventreg-session"]}
        home = client.http.get("/organiser/", headers={**HTML, **AWS_HOST, **cookie_header(session)})
        assert home.status_code == 200 and "Signed in as Anna Lindqvist" in home.body.decode()
        token = home.body.decode().split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        out = client.http.post("/organiser/sign-out", body=urlencode({"csrf_token": token}), headers={
            **AWS_HOST, **cookie_header(session), "Content-Type": "application/x-www-form-urlencoded"})
        after = client.http.get("/organiser/", headers={**HTML, **AWS_HOST, **cookie_header(session)})
    # Signed out: the session deleted, the refresh token revoked, the provider's own session ended.
    assert out.status_code == 303 and out.headers["Location"].startswith(f"{provider.url}/logout?client_id=")
    assert provider.revoked == ["refresh-1"]
    assert after.status_code == 303 and after.headers["Location"].startswith("/organiser/sign-in?next=")


def test_behind_cloudfront_the_callback_and_links_are_on_the_public_host(
    provider: Provider, registration_service: ModuleType,
) -> None:
    """API Gateway gets its own Host from CloudFront; the viewer's comes as X-Forwarded-Host (infra/'s
    viewer-request function): the callback registered with Cognito is on it, and links carry no /api."""
    via_cloudfront = {**AWS_HOST, "X-Forwarded-Host": "d111.cloudfront.net"}
    with Client(registration_service.app) as client:
        answer = client.http.get("/organiser/sign-in?next=/organiser/", headers={**HTML, **via_cloudfront})
        asked = parse_qs(urlsplit(answer.headers["Location"]).query)
        assert asked["redirect_uri"] == ["https://d111.cloudfront.net/organiser/sign-in/callback"]
        code = provider.issue(asked["code_challenge"][0])
        back = client.http.get(f"/organiser/sign-in/callback?code={code}&state={asked['state'][0]}",
                               headers={**HTML, **via_cloudfront, **cookie_header(cookies_of(answer))})
    assert back.status_code == 303 and back.headers["Location"] == "/organiser/"


@pytest.mark.parametrize("spoil", ["state", "verifier", "reuse", "provider_error", "no_pending"])
def test_a_spoiled_callback_signs_no_one_in(provider: Provider, registration_service: ModuleType, spoil: str) -> None:
    with Client(registration_service.app) as client:
        asked, pending = start(client, "/organiser/")
        challenge = asked["code_challenge"][0] if spoil != "verifier" else "another-challenge"
        code = provider.issue(challenge)
        state = asked["state"][0] if spoil != "state" else "forged-state"
        query = f"code={code}&state={state}" + ("&error=access_denied" if spoil == "provider_error" else "")
        jar = {} if spoil == "no_pending" else pending
        headers = {**HTML, **AWS_HOST, **cookie_header(jar)}
        if spoil == "reuse":
            client.http.get(f"/organiser/sign-in/callback?{query}", headers=headers)
        back = client.http.get(f"/organiser/sign-in/callback?{query}", headers=headers)
    assert back.status_code == 400
    assert "Sign-in did not work" in back.body.decode()
    assert cookies_of(back) == {"__Host-eventreg-sign-in": ""}  # no session


def test_an_hourly_check_follows_the_providers_groups_and_ends_a_refused_session(
        provider: Provider, registration_service: ModuleType, reports_service: ModuleType) -> None:
    ring, table = keys.session_keys(), OfficeSessions(clients.dynamodb(), settings().table_name)
    assert ring is not None
    hour_ago = sessions.Sessions(ring, table, clock=lambda: time.time() - 3700)  # signed in over an hour ago
    old = hour_ago.start(DEMO_ORGANISER, "a@example.eu", "Anna", ["organisers", "privacy-officers"],
                         refresh_token="refresh-1")
    jar = {"__Host-eventreg-session": hour_ago.cookie(old)}
    with Client(registration_service.app) as client:
        checked = client.http.get("/organiser/", headers={**HTML, **AWS_HOST, **cookie_header(jar)})
        assert checked.status_code == 200 and "Set-Cookie" not in checked.headers  # the cookie stays as it is
        renewed = session_store().open(jar["__Host-eventreg-session"])
        assert renewed is not None and renewed.groups == frozenset({"organisers"})  # as the provider says now
        assert not session_store().due_for_check(renewed)
        # The next check is due: the provider refuses (the account was disabled), and the session ends.
        table.set_checked(hashlib.sha256(old.session_id.encode()).hexdigest(), renewed.groups,
                          int(time.time()) - 3700, None)
        provider.refresh_refused = True
        ended = client.http.get("/organiser/", headers={**HTML, **AWS_HOST, **cookie_header(jar)})
    assert ended.status_code == 303 and ended.headers["Location"].startswith("/organiser/sign-in?next=")
    assert session_store().open(jar["__Host-eventreg-session"]) is None


# -- an event's registrations in the back-office ------------------------------------------------------------
def test_registrations_are_searched_filtered_and_moderated_in_the_browser(
        local: Stack, registration_service: ModuleType) -> None:
    moderated_event_with(local, [("Ana Duarte", "ana@porto.example.pt", "Câmara Municipal do Porto"),
                                 ("Bram de Vries", "bram@gent.example.be", "Stad Gent")])
    jar = sign_in_locally(DEMO_ORGANISER)
    path = f"/organiser/events/{DEMO_EVENT_ID}/registrations"
    with Client(registration_service.app) as client:
        listing = client.http.get(f"{path}?q=GENT&status=pending", headers={**HTML, **cookie_header(jar)})
        page = listing.body.decode()
        assert listing.status_code == 200 and "Bram de Vries" in page and "Ana Duarte" not in page
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        (bram,) = [r for r in local.repo.iter_registrations(DEMO_EVENT_ID) if r.name == "Bram de Vries"]
        form = {**cookie_header(jar), "Content-Type": "application/x-www-form-urlencoded"}
        forged = client.http.post(f"{path}/{bram.registration_id}/approve", headers=form,
                                  body=urlencode({"csrf_token": "forged", "next": f"{path}?q=GENT"}))
        assert forged.status_code == 403 and local.repo.get_registration(
            DEMO_EVENT_ID, bram.registration_id).status.value == "pending"  # type: ignore[union-attr]
        approved = client.http.post(f"{path}/{bram.registration_id}/approve", headers=form,
                                    body=urlencode({"csrf_token": token, "next": f"{path}?q=GENT"}))
        assert approved.status_code == 303
        assert approved.headers["Location"] == f"{path}?q=GENT&done=approve%3ABram%20de%20Vries"
        after = client.http.get(approved.headers["Location"], headers={**HTML, **cookie_header(jar)}).body.decode()
        as_json = client.http.get(f"{path}?status=pending", headers=cookie_header(jar)).json_body
    assert "Approved: Bram de Vries" in after
    assert local.repo.get_registration(DEMO_EVENT_ID, bram.registration_id).status.value == "confirmed"  # type: ignore[union-attr]
    assert [r["name"] for r in as_json["registrations"]] == ["Ana Duarte"]


def test_a_partner_sees_only_its_sessions_registrations_and_cannot_moderate(
        local: Stack, registration_service: ModuleType) -> None:
    moderated_event_with(local, [("Ana Duarte", "ana@porto.example.pt", "Câmara Municipal do Porto")])
    jar = sign_in_locally(DEMO_PARTNER)
    with Client(registration_service.app) as client:
        page = client.http.get(f"/organiser/events/{DEMO_EVENT_ID}/registrations",
                               headers={**HTML, **cookie_header(jar)}).body.decode()
    assert "Ana Duarte" not in page  # not in the partner's workshop
    assert "No registration matches." in page and "Approve" not in page
