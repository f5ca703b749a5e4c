"""RS256 (RSASSA-PKCS1-v1_5 with SHA-256) for PyJWT without the cryptography package: python-rsa, pure Python,
verifies; PyJWT still does everything else (parsing, the algorithm allow-list, exp/iat/nbf, iss and aud).

Why: `pyjwt[crypto]` brought cryptography, 11.6 MB of a 15 MB Lambda bundle, for one signature check per
sign-in (and per bearer request on AWS). Verification with a public key needs no secret and no constant-time
code; python-rsa's `verify` rebuilds the whole padded block and compares it, and this module insists on SHA-256.

python-rsa's author archived the project in April 2025 (4.9.1 is its last release; the timing and padding
CVEs of 2020 are fixed since 4.7): what eventreg uses of it is `verify` and `PublicKey`, both here alone, so a
maintained replacement (or RFC 8017's encode-and-compare check) can take its place in this module.

Verification only: eventreg never signs RS256 (Cognito does). The verifier is a PyJWT of its own whose signature
layer knows RS256 and nothing else, so a token naming HS256 or none cannot make a public key act as an HMAC secret
or skip the check, and PyJWT's global registry (which the tests' cryptography-backed RS256 uses) is left alone.
"""

from __future__ import annotations

from typing import Any, NoReturn

import jwt
import rsa
from jwt.algorithms import Algorithm
from jwt.utils import base64url_decode

ALGORITHM = "RS256"
MIN_BITS = 2048  # Cognito's keys are 2048-bit RSA; shorter ones are refused, not warned about
MAX_BITS = 8192  # bounds the work a hostile JWKS could ask of a verification


def public_key(jwk: dict[str, Any]) -> rsa.PublicKey:
    """The RSA public key of a JWK (RFC 7517/7518: kty RSA, n and e base64url), or ValueError."""
    if jwk.get("kty") != "RSA" or not isinstance(jwk.get("n"), str) or not isinstance(jwk.get("e"), str):
        raise ValueError("not an RSA public key")
    n = int.from_bytes(base64url_decode(jwk["n"]), "big")
    e = int.from_bytes(base64url_decode(jwk["e"]), "big")
    if not MIN_BITS <= n.bit_length() <= MAX_BITS or e < 3 or e % 2 == 0:
        raise ValueError("an RSA key of an unsupported size or exponent")
    return rsa.PublicKey(n, e)


class PythonRSA256(Algorithm):
    """PyJWT's Algorithm interface over python-rsa, for verification with an rsa.PublicKey."""

    def prepare_key(self, key: Any) -> rsa.PublicKey:
        # Only a parsed RSA public key: never a string or bytes that another algorithm would read as a secret.
        if not isinstance(key, rsa.PublicKey):
            raise jwt.InvalidKeyError("RS256 needs an RSA public key (from the pool's JWKS)")
        return key

    def verify(self, msg: bytes, key: rsa.PublicKey, sig: bytes) -> bool:
        try:
            return rsa.verify(msg, sig, key) == "SHA-256"
        except (rsa.VerificationError, OverflowError, ValueError):
            return False  # a wrong signature, or one not below the modulus

    def sign(self, msg: bytes, key: Any) -> NoReturn:
        raise NotImplementedError("eventreg verifies RS256 tokens, it never issues them")

    @staticmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> NoReturn:
        raise NotImplementedError("eventreg publishes no RSA key")

    @staticmethod
    def from_jwk(jwk: str | dict[str, Any]) -> rsa.PublicKey:
        if not isinstance(jwk, dict):
            raise jwt.InvalidKeyError("a JWK as a JSON object is expected")
        try:
            return public_key(jwk)
        except ValueError as error:
            raise jwt.InvalidKeyError(str(error)) from None


class RS256Verifier(jwt.PyJWT):
    """PyJWT's decoding and claim checks, over a signature layer that knows RS256 (python-rsa) alone."""

    def __init__(self) -> None:
        super().__init__()
        signatures = jwt.PyJWS(algorithms=[])  # no default algorithm: HS*, none, and cryptography's RS* are gone
        signatures.register_algorithm(ALGORITHM, PythonRSA256())
        # PyJWT keeps its signature layer in _jws (its module-level decode is wired the same way).
        self._jws = signatures

    def claims(self, token: str, key: rsa.PublicKey, *, audience: str, issuer: str) -> dict[str, Any]:
        """The verified claims; a jwt.PyJWTError for a bad signature, algorithm or claim."""
        # PyJWT types `key` as its cryptography keys; its signature layer hands it to PythonRSA256 as it is.
        return self.decode(token, key, algorithms=[ALGORITHM], audience=audience,  # type: ignore[arg-type]
                           issuer=issuer, options={"require": ["sub", "exp", "iss", "aud"]})
