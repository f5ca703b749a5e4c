"""The user pool's key set cache (eventreg.adapters.jwks): read once, read again for a key id it does not hold (a
rotation) but at most once a minute, kept when a re-read fails, and only RS256 signing keys taken from it."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from eventreg.adapters.jwks import LIFESPAN, MIN_REFETCH, KeySet, KeySetUnavailable, signing_keys

MODULUS = (1 << 2047) + 0x1F  # any odd 2048-bit number will do: nothing is verified here


def _b64(number: int) -> str:
    return base64.urlsafe_b64encode(number.to_bytes((number.bit_length() + 7) // 8, "big")).decode().rstrip("=")


def jwk(kid: str, n: int = MODULUS, **extra: Any) -> dict[str, Any]:
    return {"kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig", "n": _b64(n), "e": _b64(65537), **extra}


class Pool:
    """The JWKS address: what it serves now, how often it was read, whether it is down."""

    def __init__(self, *keys: dict[str, Any]) -> None:
        self.keys = list(keys)
        self.reads = 0
        self.down = False

    def __call__(self, url: str) -> Any:
        self.reads += 1
        if self.down:
            raise KeySetUnavailable("down")
        return {"keys": self.keys}


class Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_keys_are_read_once_and_again_for_a_new_key_id_at_most_once_a_minute() -> None:
    pool, clock = Pool(jwk("k1")), Clock()
    keys = KeySet("https://pool/.well-known/jwks.json", pool, clock)
    assert keys.key("k1") is not None and keys.key("k1") is not None and pool.reads == 1
    assert keys.key("made-up") is None and pool.reads == 1  # within the minute: no read for a made-up id
    pool.keys.append(jwk("k2", MODULUS + 2))  # the pool rotates
    clock.now += MIN_REFETCH
    assert keys.key("k2") is not None and pool.reads == 2
    assert keys.key("k2").n == MODULUS + 2  # type: ignore[union-attr]
    clock.now += LIFESPAN
    pool.keys = [jwk("k2", MODULUS + 2)]  # the old key withdrawn: gone after the lifespan
    assert keys.key("k2") is not None and pool.reads == 3
    assert keys.key("k1") is None


def test_a_failed_read_keeps_the_keys_held_and_waits_a_minute() -> None:
    pool, clock = Pool(jwk("k1")), Clock()
    keys = KeySet("https://pool/jwks", pool, clock)
    assert keys.key("k1") is not None
    pool.down = True
    clock.now += LIFESPAN
    assert keys.key("k1") is not None and pool.reads == 2
    assert keys.key("k1") is not None and pool.reads == 2  # not again at once
    clock.now += MIN_REFETCH
    pool.down = False
    assert keys.key("k1") is not None and pool.reads == 3


def test_with_no_key_held_a_failed_read_fails_and_is_not_repeated_at_once() -> None:
    pool, clock = Pool(jwk("k1")), Clock()
    pool.down = True
    keys = KeySet("https://pool/jwks", pool, clock)
    with pytest.raises(KeySetUnavailable):
        keys.key("k1")
    assert keys.key("k1") is None and pool.reads == 1


@pytest.mark.parametrize("unusable", [
    jwk("enc", use="enc"), jwk("ps", alg="PS256"), {"kty": "EC", "kid": "ec", "crv": "P-256"},
    jwk("short", n=(1 << 1023) + 1), {**jwk("even-e"), "e": _b64(65536)}, {"kid": 7}, "not a key",
    {**jwk("bad"), "n": 12},
])
def test_only_rs256_signing_keys_of_a_sound_size_are_taken(unusable: Any) -> None:
    assert set(signing_keys({"keys": [unusable, jwk("good")]})) == {"good"}
    assert signing_keys({"keys": "no"}) == {} and signing_keys([]) == {}
