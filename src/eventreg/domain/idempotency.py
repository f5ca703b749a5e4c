"""Idempotent registration posts: a retried request (same Idempotency-Key, or the same one-time form
token after a double click or a reload) gets the first answer again instead of a second registration.

The key is stored in the same transaction as the registration, with a fingerprint of the request:
the same key with another body is refused (422), as the IETF Idempotency-Key draft describes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from eventreg.domain.errors import N_, DomainError, Message, ValidationFailed

MAX_KEY = 200
KEEP_SECONDS = 24 * 3600


class IdempotencyKeyReused(DomainError):
    code = "idempotency_key_reused"
    status = 422


@dataclass(frozen=True)
class Idempotency:
    key_hash: str  # the key itself is never stored (it may be anything a client chose)
    fingerprint: str


def fingerprint(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def idempotency(key: str | None, data: Any, scope: str = "api") -> Idempotency | None:
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY or not key.isprintable():
        raise ValidationFailed(Message(N_("The Idempotency-Key header must be 1 to 200 printable characters.")),
                               fields={"Idempotency-Key": Message(N_("Invalid key."))})
    return Idempotency(hashlib.sha256(f"{scope}:{key}".encode()).hexdigest(), fingerprint(data))
