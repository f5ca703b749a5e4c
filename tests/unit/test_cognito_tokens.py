"""Organiser tokens on AWS: Cognito ID tokens (RS256) verified against the user pool's JWKS, served
here from loopback as Cognito serves /.well-known/jwks.json."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from eventreg.adapters.jwt import Unauthorized, verify_cognito

ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TEST"
CLIENT = "organisers-app-client"


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


KEY = _key()
OTHER_KEY = _key()


@pytest.fixture(scope="module")
def jwks_url() -> Iterator[str]:
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key()))
    body = json.dumps({"keys": [{**public, "kid": "pool-key-1", "alg": "RS256", "use": "sig"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    finally:
        server.shutdown()
        server.server_close()


def token(key: rsa.RSAPrivateKey = KEY, **claims: Any) -> str:
    now = int(time.time())
    body = {"sub": "c0ffee", "iss": ISSUER, "aud": CLIENT, "token_use": "id", "iat": now, "exp": now + 600,
            "custom:organiser_id": "org-cor-regio", **claims}
    return "Bearer " + jwt.encode(body, key, algorithm="RS256", headers={"kid": "pool-key-1"})


def test_a_pool_id_token_names_the_organiser(jwks_url: str) -> None:
    assert verify_cognito(jwks_url, ISSUER, CLIENT, token()).organiser_id == "org-cor-regio"


def test_without_the_custom_attribute_the_user_sub_is_the_organiser(jwks_url: str) -> None:
    assert verify_cognito(jwks_url, ISSUER, CLIENT, token(**{"custom:organiser_id": None})).organiser_id == "c0ffee"


@pytest.mark.parametrize(
    "bad",
    [
        token(OTHER_KEY),  # signed by someone else
        token(iss="https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_OTHER"),
        token(aud="another-client"),
        token(exp=int(time.time()) - 10),
        token(token_use="access"),
        "Bearer not-a-jwt",
        "Basic dXNlcjpwYXNz",
        "",
    ],
)
def test_anything_else_is_unauthorized(jwks_url: str, bad: str) -> None:
    with pytest.raises(Unauthorized):
        verify_cognito(jwks_url, ISSUER, CLIENT, bad)


def test_an_hs256_token_cannot_pass_as_rs256(jwks_url: str) -> None:
    forged = jwt.encode({"sub": "x", "iss": ISSUER, "aud": CLIENT, "exp": int(time.time()) + 60},
                        "an-attacker-chosen-secret-32-bytes", algorithm="HS256", headers={"kid": "pool-key-1"})
    with pytest.raises(Unauthorized):
        verify_cognito(jwks_url, ISSUER, CLIENT, f"Bearer {forged}")
