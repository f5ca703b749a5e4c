"""The reports service's privacy handling: the retention job and erasure requests (privacy officers only)."""

from __future__ import annotations

from typing import Any

from eventreg.auth import require_privacy_officer
from eventreg.domain.models import utc_now
from eventreg.http import Request, read_body
from eventreg.storage.privacy import PrivacyStore
from eventreg.storage.repository import Repository
from eventreg.usecases.erasure import erase, parse_erasure
from eventreg.usecases.managing import Manager
from eventreg.usecases.retention import RetentionRun, anonymise_expired_events


def retention_job(repo: Repository, context: Any) -> RetentionRun:
    """The scheduled run, within the Lambda's time limit (what is left is done by the next run)."""
    def time_left() -> float:
        return float(context.get_remaining_time_in_millis()) / 1000.0

    return anonymise_expired_events(PrivacyStore(repo), utc_now(), time_left)


def erasure_request(repo: Repository, request: Request) -> dict[str, Any]:
    """POST {"email": ...} by a privacy officer: the person leaves every event. Answers counts only."""
    require_privacy_officer(request)
    email_norm = parse_erasure(read_body(request))
    return erase(PrivacyStore(repo), Manager(repo), email_norm, utc_now()).body()
