"""Signed, unguessable links: each registration's manage link carries an HMAC of its ids.

The key comes from configuration (EVENTREG_LINK_KEY; on AWS from Secrets Manager), never from the
code; tokens are checked in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from eventreg.config import settings
from eventreg.urls import REPORTS_PREFIX


class LinkKeyMissing(RuntimeError):
    pass


def _key() -> bytes:
    key = settings().link_key
    if not key:
        raise LinkKeyMissing("EVENTREG_LINK_KEY is not set: manage links cannot be signed")
    return key.encode()


def _sign(purpose: str, event_id: str, registration_id: str) -> str:
    digest = hmac.new(_key(), f"{purpose}:{event_id}:{registration_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _matches(expected: str, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(expected.encode(), (token or "").encode("utf-8", "replace"))


def manage_token(event_id: str, registration_id: str) -> str:
    return _sign("manage", event_id, registration_id)


def token_valid(event_id: str, registration_id: str, token: str | None) -> bool:
    return _matches(manage_token(event_id, registration_id), token)


# A delegation lead's trip report link has its own purpose in the signature: it can be passed on (to a
# colleague, to the travel desk) without giving the right to change or cancel the registration.
def report_token(event_id: str, registration_id: str) -> str:
    return _sign("trip-report", event_id, registration_id)


def report_token_valid(event_id: str, registration_id: str, token: str | None) -> bool:
    return _matches(report_token(event_id, registration_id), token)


def report_path(event_id: str, registration_id: str, docx: bool = False) -> str:
    """The lead's trip report (HTML, or the .docx), on the reports service."""
    name = "trip-report.docx" if docx else "trip-report"
    return (f"{REPORTS_PREFIX}/events/{event_id}/registrations/{registration_id}/{name}"
            f"?token={report_token(event_id, registration_id)}")


def manage_path(event_id: str, registration_id: str) -> str:
    return f"/events/{event_id}/registrations/{registration_id}/manage?token={manage_token(event_id, registration_id)}"


def manage_url(public_url: str, event_id: str, registration_id: str) -> str:
    """The manage link on the public origin (eventreg.adapters.origin, handed over by the wiring)."""
    return public_url + manage_path(event_id, registration_id)
