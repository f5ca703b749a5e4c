"""Signed, unguessable links: each registration's manage link carries an HMAC of its ids.

The key comes from configuration (EVENTREG_LINK_KEY; on AWS from Secrets Manager), never from the
code; tokens are checked in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from eventreg.config import settings


class LinkKeyMissing(RuntimeError):
    pass


def _key() -> bytes:
    key = settings().link_key
    if not key:
        raise LinkKeyMissing("EVENTREG_LINK_KEY is not set: manage links cannot be signed")
    return key.encode()


def manage_token(event_id: str, registration_id: str) -> str:
    digest = hmac.new(_key(), f"manage:{event_id}:{registration_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_valid(event_id: str, registration_id: str, token: str | None) -> bool:
    if not token:
        return False
    expected = manage_token(event_id, registration_id).encode()
    return hmac.compare_digest(expected, token.encode("utf-8", "replace"))


def manage_path(event_id: str, registration_id: str) -> str:
    return f"/events/{event_id}/registrations/{registration_id}/manage?token={manage_token(event_id, registration_id)}"


def manage_url(event_id: str, registration_id: str) -> str:
    return settings().public_url + manage_path(event_id, registration_id)
