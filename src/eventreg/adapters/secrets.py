"""A Secrets Manager secret as a key ring (eventreg.keyring.KeyRing): its AWSCURRENT and AWSPREVIOUS versions,
read through Powertools' parameters utility and cached for MAX_AGE seconds per process.

Generic: any secret whose value is one string (a random key). Powertools caches by secret name alone, not by
version stage, so each stage has a provider (and cache) of its own. A secret that was never rotated has no
AWSPREVIOUS version; that absence is cached as well, so that bad tokens cannot make every request call
Secrets Manager. A re-read forced by a token that no cached key accepts (a rotation this process has not seen
yet) is allowed once per MIN_REFRESH seconds.

Imported only where a secret's ARN is configured (eventreg.keys): Powertools' parameters stay out of the
local stack and out of cold starts (tests/unit/test_cold_start_imports.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.parameters import GetParameterError, SecretsProvider

CURRENT = "AWSCURRENT"
PREVIOUS = "AWSPREVIOUS"
MAX_AGE = 300  # seconds: a rotation reaches every warm process within five minutes
MIN_REFRESH = 60  # seconds between re-reads forced by a token that no cached key accepts
NOT_FOUND = "ResourceNotFoundException"


class SecretKeyRing:
    def __init__(self, secret_id: str, client: Any, *, max_age: int = MAX_AGE, min_refresh: float = MIN_REFRESH,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._id = secret_id
        self._max_age = max_age
        self._min_refresh = min_refresh
        self._clock = clock
        self._current = SecretsProvider(boto3_client=client)
        self._previous = SecretsProvider(boto3_client=client)
        self._no_previous_until = float("-inf")
        self._refreshed_at = float("-inf")

    def current(self) -> str:
        return _text(self._current.get(self._id, max_age=self._max_age, VersionStage=CURRENT))

    def previous(self) -> str | None:
        now = self._clock()
        if now < self._no_previous_until:
            return None
        try:
            return _text(self._previous.get(self._id, max_age=self._max_age, VersionStage=PREVIOUS))
        except GetParameterError as error:
            # Powertools wraps the client's error in its text; only "no such version" means "never rotated".
            if NOT_FOUND not in str(error):
                raise
            self._no_previous_until = now + self._max_age
            return None

    def refresh(self) -> bool:
        now = self._clock()
        if now - self._refreshed_at < self._min_refresh:
            return False
        self._refreshed_at = now
        self._current.clear_cache()  # type: ignore[no-untyped-call]  # Powertools leaves it unannotated
        self._previous.clear_cache()  # type: ignore[no-untyped-call]
        self._no_previous_until = float("-inf")
        return True


def _text(value: str | bytes | dict[str, Any] | None) -> str:
    if isinstance(value, bytes):
        return value.decode()
    if not isinstance(value, str) or not value:
        raise ValueError("the secret's value is not a key (a non-empty string)")
    return value
