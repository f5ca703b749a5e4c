"""The privacy officers' pages in the back-office (HTML, no JavaScript needed): ask for a person's erasure by
email — a confirmation step first, since it cannot be undone — and follow each request until it is done.

The form posts to the same POST /privacy/erasures as the JSON API (the request is recorded by the same
ErasureRequests port and carried out from the stream); its pages live beside the API in this folder. The
address is shown back to the officer who typed it (in the confirmation) and goes nowhere else: not into a
log, not into a URL, not onto the request's page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalice import Response

from eventreg.auth import office_language, require_privacy_officer, session_store, signed_in
from eventreg.domain.errors import ErasureNotFound, ValidationFailed
from eventreg.domain.ids import is_generated
from eventreg.domain.models import utc_now
from eventreg.http import Request, base_path, html, read_body
from eventreg.locale.dates import format_instant
from eventreg.privacy.erasure import parse_erasure
from eventreg.privacy.officers import LISTED, RETRY_SECONDS
from eventreg.privacy.ports import ERASURE_DONE, ErasureRequests
from eventreg.templates import environment
from eventreg.urls import REPORTS_PREFIX, erasure_path

CONFIRMED = "yes"  # the confirmation step's hidden field: only then is the request recorded
MAX_EMAIL = 320


def _render(request: Request, template: str, status: int = 200, **values: Any) -> Response:
    session = signed_in(request)
    page = environment().get_template(f"office/{template}").render(
        lang=_lang(request), base=base_path(request), signed_in=session,
        csrf_token=session_store().csrf_token(session) if session else "", **values)
    response = html(page, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _shown(item: dict[str, Any], officer: str, lang: str) -> dict[str, Any]:
    """A request as the page shows it: its own fields only (the store never hands back the address)."""
    done = item.get("status") == ERASURE_DONE
    return {
        "id": str(item["request_id"]), "done": done, "mine": item.get("requested_by") == officer,
        "requested": _when(item.get("requested_at"), lang), "finished": _when(item.get("done_at"), lang),
        "counts": {name: int(item.get(name, 0)) for name in ("events", "registrations", "cancelled", "promoted")},
        "interrupted": int(item.get("attempts", 1)) > 1,
    }


def _when(value: Any, lang: str) -> str:
    if not value:
        return ""
    try:
        return format_instant(datetime.fromisoformat(str(value).replace("Z", "+00:00")), "UTC", lang)
    except ValueError:
        return ""


def _lang(request: Request) -> str:
    return office_language(request)


def erasures_page(requests: ErasureRequests, request: Request, email: str = "", error: bool = False) -> Response:
    """The form and the latest requests, newest first (the officer's own marked)."""
    officer = require_privacy_officer(request)
    lang = _lang(request)
    listed = [_shown(item, officer, lang) for item in requests.recent(LISTED)]
    return _render(request, "privacy_erasures.html", 400 if error else 200, requests=listed, email=email,
                   error=error, max_email=MAX_EMAIL)


def submitted(requests: ErasureRequests, request: Request) -> Response:
    """The form's post: a valid address gets the confirmation page; the confirmed one is recorded and the
    officer goes on to the request's page (303, so a reload does not ask twice)."""
    officer = require_privacy_officer(request)
    form = read_body(request)
    email = str(form.get("email") or "").strip()[:MAX_EMAIL]
    try:
        email_norm = parse_erasure({"email": email})
    except ValidationFailed:
        return erasures_page(requests, request, email=email, error=True)
    if form.get("confirm") != CONFIRMED:
        return _render(request, "privacy_confirm.html", email=email)
    recorded = requests.create(email_norm, officer, utc_now())
    location = f"{base_path(request)}{REPORTS_PREFIX}{erasure_path(str(recorded['request_id']))}"
    return Response(body="", status_code=303, headers={"Location": location, "Cache-Control": "no-store"})


def erasure_page(requests: ErasureRequests, request: Request, request_id: str) -> Response:
    """One request: pending (the page refreshes itself until it is done), or done with its counts."""
    officer = require_privacy_officer(request)
    found = requests.get(request_id) if is_generated(request_id) else None
    if found is None:
        raise ErasureNotFound("There is no such erasure request (requests are kept 30 days).")
    shown = _shown(found, officer, _lang(request))
    this_page = f"{base_path(request)}{REPORTS_PREFIX}{erasure_path(shown['id'])}"
    return _render(request, "privacy_erasure.html", erasure=shown, refresh=RETRY_SECONDS, this_page=this_page)
