"""Organiser tokens on AWS: Cognito ID tokens (RS256) verified against the user pool's JWKS, served
here from loopback as Cognito serves /.well-known/jwks.json. The tokens are signed by cryptography (PyJWT's own
RS256, as a real issuer would) and verified by python-rsa (eventreg.adapters.rs256), so both sides are tested
against each other."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
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


def token(key: rsa.RSAPrivateKey = KEY, kid: str = "pool-key-1", **claims: Any) -> str:
    now = int(time.time())
    body = {"sub": "c0ffee", "iss": ISSUER, "aud": CLIENT, "token_use": "id", "iat": now, "exp": now + 600,
            "custom:organiser_id": "org-cor-regio", **claims}
    return "Bearer " + jwt.encode(body, key, algorithm="RS256", headers={"kid": kid})


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def altered() -> str:
    """A valid token whose payload names another organiser, the signature kept."""
    header, _, signature = token()[len("Bearer "):].split(".")
    claims = json.loads(base64.urlsafe_b64decode(token()[len("Bearer "):].split(".")[1] + "=="))
    payload = _b64(json.dumps({**claims, "custom:organiser_id": "org-someone-else"}).encode())
    return f"Bearer {header}.{payload}.{signature}"


def unsigned() -> str:
    """alg=none: a header and payload with no signature at all."""
    now = int(time.time())
    header = _b64(json.dumps({"alg": "none", "typ": "JWT", "kid": "pool-key-1"}).encode())
    payload = _b64(json.dumps({"sub": "x", "iss": ISSUER, "aud": CLIENT, "token_use": "id", "exp": now + 60}).encode())
    return f"Bearer {header}.{payload}."


def test_a_pool_id_token_names_the_organiser(jwks_url: str) -> None:
    assert verify_cognito(jwks_url, ISSUER, CLIENT, token()).organiser_id == "org-cor-regio"


def test_without_the_custom_attribute_the_user_sub_is_the_organiser(jwks_url: str) -> None:
    assert verify_cognito(jwks_url, ISSUER, CLIENT, token(**{"custom:organiser_id": None})).organiser_id == "c0ffee"


@pytest.mark.parametrize(
    "bad",
    [
        token(OTHER_KEY),  # signed by someone else
        token(OTHER_KEY, kid="pool-key-2"),  # a key id the pool does not have
        token(kid=""),
        altered(),  # the payload changed after signing
        unsigned(),
        token(sub=None),  # no subject
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


def test_the_pools_public_key_used_as_an_hmac_secret_is_refused(jwks_url: str) -> None:
    """The classic confusion: HS256 "signed" with the public key, which anyone can download. PyJWT's own HMAC
    refuses PEM keys, so the forgery is made by hand; the verifier must refuse it for its algorithm alone."""
    import hashlib
    import hmac

    pem = KEY.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "pool-key-1"}).encode())
    payload = _b64(json.dumps({"sub": "x", "iss": ISSUER, "aud": CLIENT, "token_use": "id",
                               "exp": int(time.time()) + 60}).encode())
    signature = _b64(hmac.new(pem, f"{header}.{payload}".encode(), hashlib.sha256).digest())
    with pytest.raises(Unauthorized):
        verify_cognito(jwks_url, ISSUER, CLIENT, f"Bearer {header}.{payload}.{signature}")


def test_an_rs512_signature_is_not_taken_for_rs256(jwks_url: str) -> None:
    """python-rsa tells the hash from the signature; the verifier insists on SHA-256."""
    real = token()[len("Bearer "):]
    header, payload, _ = real.split(".")
    other = jwt.PyJWS().encode(f"{header}.{payload}".encode(), KEY, algorithm="RS512")  # any bytes signed with RS512
    signature = other.split(".")[2]
    with pytest.raises(Unauthorized):
        verify_cognito(jwks_url, ISSUER, CLIENT, f"Bearer {header}.{payload}.{signature}")


def test_verification_needs_no_cryptography(jwks_url: str) -> None:
    """As in the Lambda bundle, which ships no cryptography: a fresh interpreter where importing it fails."""
    probe = (
        "import sys\n"
        "sys.modules['cryptography'] = None  # any import of it fails, as where it is not installed\n"
        "from eventreg.adapters.jwt import Unauthorized, verify_cognito\n"
        "url, issuer, client, good, bad = sys.argv[1:]\n"
        "assert verify_cognito(url, issuer, client, good).organiser_id == 'org-cor-regio'\n"
        "try:\n"
        "    verify_cognito(url, issuer, client, bad)\n"
        "    raise SystemExit('a token signed by another key passed')\n"
        "except Unauthorized:\n"
        "    pass\n"
        "assert sys.modules['cryptography'] is None and 'rsa' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, jwks_url, ISSUER, CLIENT, token(), token(OTHER_KEY)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
