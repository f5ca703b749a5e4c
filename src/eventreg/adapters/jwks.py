"""The signing keys of the organisers' user pool: its JWKS (Cognito's /.well-known/jwks.json), read over HTTP
and cached per process, keyed by key id (`kid`), as python-rsa public keys (eventreg.adapters.rs256).

Rotation: a token naming a key id the cache does not hold makes the set be read again, at most once per
MIN_REFETCH seconds, so that tokens with made-up key ids cannot make every request fetch the set; the whole set
is read again after LIFESPAN in any case. When a read fails, the keys already held stay in use and it is tried
again a minute later; with none held, verification fails meanwhile (the caller answers 401).
HTTP goes through urllib3, which boto3 already brings.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import rsa
import urllib3

from eventreg.adapters.rs256 import ALGORITHM, public_key

LIFESPAN = 3600.0  # seconds before the set is read again
MIN_REFETCH = 60.0  # seconds between reads forced by an unknown key id (or after a failed read)
TIMEOUT = urllib3.Timeout(connect=3.0, read=5.0)

_http = urllib3.PoolManager(timeout=TIMEOUT, retries=urllib3.Retry(total=1))


class KeySetUnavailable(Exception):
    """The key set could not be read and no key of it is held."""


def fetch(url: str) -> Any:
    """The JSON at `url` (the pool's JWKS)."""
    try:
        response = _http.request("GET", url, headers={"Accept": "application/json"})
    except urllib3.exceptions.HTTPError as error:
        raise KeySetUnavailable("the key set could not be reached") from error
    if response.status != 200:
        raise KeySetUnavailable(f"the key set's address answered {response.status}")
    try:
        return json.loads(response.data)
    except ValueError as error:
        raise KeySetUnavailable("the key set is not JSON") from error


def signing_keys(document: Any) -> dict[str, rsa.PublicKey]:
    """The RS256 signing keys of a JWKS by key id; keys of another type, use or algorithm are left out."""
    found: dict[str, rsa.PublicKey] = {}
    listed = document.get("keys") if isinstance(document, dict) else None
    for jwk in listed if isinstance(listed, list) else []:
        if not isinstance(jwk, dict) or not isinstance(jwk.get("kid"), str):
            continue
        if jwk.get("use", "sig") != "sig" or jwk.get("alg", ALGORITHM) != ALGORITHM:
            continue
        try:
            found[jwk["kid"]] = public_key(jwk)
        except ValueError:
            continue  # one unusable key does not spoil the others
    return found


class KeySet:
    def __init__(self, url: str, read: Callable[[str], Any] = fetch,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._url = url
        self._read = read
        self._clock = clock
        self._keys: dict[str, rsa.PublicKey] = {}
        self._read_at = float("-inf")  # the last read that worked
        self._tried_at = float("-inf")  # the last read, whether it worked or not
        self._lock = threading.Lock()

    def key(self, kid: str) -> rsa.PublicKey | None:
        """The public key with this id, or None if the pool has none (after a re-read, when one is allowed)."""
        with self._lock:
            now = self._clock()
            stale = now - self._read_at >= LIFESPAN or kid not in self._keys
            if stale and now - self._tried_at >= MIN_REFETCH:
                self._reload(now)
            return self._keys.get(kid)

    def _reload(self, now: float) -> None:
        self._tried_at = now
        try:
            self._keys = signing_keys(self._read(self._url))
        except KeySetUnavailable:
            if not self._keys:
                raise
            return  # the keys held stay in use
        self._read_at = now
