"""Signed, unguessable links: each registration's manage link carries an HMAC of its ids.

The key comes from configuration (EVENTREG_LINK_KEY; on AWS from Secrets Manager, read at runtime), never from
the code; tokens are checked in constant time. Links are signed with the current key and accepted under the
current or the previous one (eventreg.keyring): a link mailed before a key rotation keeps working until the next.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from eventreg.keyring import accepts
from eventreg.keys import LinkKeyMissing as LinkKeyMissing  # raised here: no key configured
from eventreg.keys import link_keys
from eventreg.urls import REPORTS_PREFIX


def _sign(key: str, purpose: str, event_id: str, registration_id: str) -> str:
    digest = hmac.new(key.encode(), f"{purpose}:{event_id}:{registration_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _valid(purpose: str, event_id: str, registration_id: str, token: str | None) -> bool:
    if not token:
        return False
    given = token.encode("utf-8", "replace")
    return accepts(link_keys(), lambda key: hmac.compare_digest(
        _sign(key, purpose, event_id, registration_id).encode(), given))


def manage_token(event_id: str, registration_id: str) -> str:
    return _sign(link_keys().current(), "manage", event_id, registration_id)


def token_valid(event_id: str, registration_id: str, token: str | None) -> bool:
    return _valid("manage", event_id, registration_id, token)


# A delegation lead's trip report link has its own purpose in the signature: it can be passed on (to a
# colleague, to the travel desk) without giving the right to change or cancel the registration.
def report_token(event_id: str, registration_id: str) -> str:
    return _sign(link_keys().current(), "trip-report", event_id, registration_id)


def report_token_valid(event_id: str, registration_id: str, token: str | None) -> bool:
    return _valid("trip-report", event_id, registration_id, token)


# A registration's check-in code (#15), shown as a QR code in the confirmation mail, on the manage page, in the
# .ics and on the badge. Its own purpose: it opens neither the manage page nor the trip report, so a badge left on
# a table gives nobody the right to change a registration. Cancelling revokes it: the check-in desk reads the
# registration's status with each scan and refuses anyone not confirmed.
CHECKIN_PREFIX = "ER1"  # the code's format version: a scanner tells eventreg codes from other QR codes


def checkin_code(event_id: str, registration_id: str) -> str:
    """What the QR code holds: "ER1.<event id>.<registration id>.<signature>" (ids hold no dots: domain.ids)."""
    signature = _sign(link_keys().current(), "check-in", event_id, registration_id)
    return f"{CHECKIN_PREFIX}.{event_id}.{registration_id}.{signature}"


def read_checkin_code(code: str) -> tuple[str, str] | None:
    """The (event id, registration id) a check-in code names, or None when it is not one of ours, malformed or
    signed with another key (a forged or altered code)."""
    parts = code.strip().split(".") if len(code) <= 200 else []
    if len(parts) != 4 or parts[0] != CHECKIN_PREFIX:
        return None
    _, event_id, registration_id, signature = parts
    return (event_id, registration_id) if _valid("check-in", event_id, registration_id, signature) else None


# A certificate of attendance's link (#15): its own purpose, so it can be handed to an employer without the right
# to change or cancel the registration.
def certificate_token(event_id: str, registration_id: str) -> str:
    return _sign(link_keys().current(), "certificate", event_id, registration_id)


def certificate_token_valid(event_id: str, registration_id: str, token: str | None) -> bool:
    return _valid("certificate", event_id, registration_id, token)


def certificate_path(event_id: str, registration_id: str) -> str:
    """The certificate PDF, on the reports service."""
    return (f"{REPORTS_PREFIX}/events/{event_id}/registrations/{registration_id}/certificate.pdf"
            f"?token={certificate_token(event_id, registration_id)}")


def report_path(event_id: str, registration_id: str, docx: bool = False) -> str:
    """The lead's trip report (HTML, or the .docx), on the reports service."""
    name = "trip-report.docx" if docx else "trip-report"
    return (f"{REPORTS_PREFIX}/events/{event_id}/registrations/{registration_id}/{name}"
            f"?token={report_token(event_id, registration_id)}")


def manage_path(event_id: str, registration_id: str) -> str:
    return f"/events/{event_id}/registrations/{registration_id}/manage?token={manage_token(event_id, registration_id)}"


def directory_path(event_id: str, registration_id: str) -> str:
    """The participant directory as this attendee sees it: signed as the manage link is (the same token)."""
    return (f"/events/{event_id}/registrations/{registration_id}/directory"
            f"?token={manage_token(event_id, registration_id)}")


def manage_url(public_url: str, event_id: str, registration_id: str) -> str:
    """The manage link on the public origin (eventreg.adapters.origin, handed over by the wiring)."""
    return public_url + manage_path(event_id, registration_id)
