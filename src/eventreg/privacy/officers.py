"""The reports service's privacy handling: erasure requests (privacy officers only). The retention job's entry is
eventreg.entrypoints.jobs.anonymise_expired_events; the job itself is eventreg.privacy.retention.

An erasure request is recorded here and carried out by the stream handler on_table_change
(eventreg.privacy.erasure_stream): the API's role may read registrations but not change them.
"""

from __future__ import annotations

import json
from typing import Any

from chalice import Response

from eventreg.auth import require_privacy_officer
from eventreg.domain.errors import ErasureNotFound
from eventreg.domain.ids import is_generated
from eventreg.domain.models import utc_now
from eventreg.http import JSON, Request, read_body
from eventreg.privacy.erasure import outcome, parse_erasure
from eventreg.privacy.ports import ERASURE_DONE, ERASURE_PENDING, ErasureRequests
from eventreg.urls import erasure_path, reports_url

RETRY_SECONDS = "2"  # the stream handler usually finishes within a second or two


def erasure_request(requests: ErasureRequests, request: Request, public_url: str) -> Response:
    """POST {"email": ...} by a privacy officer: the request is recorded (202) and carried out from the
    table's stream; its Location shows when it is done. Each POST is a request of its own: asking again
    while one is pending records another, which finds nothing (more) to erase."""
    officer = require_privacy_officer(request)
    email_norm = parse_erasure(read_body(request))
    recorded = requests.create(email_norm, officer, utc_now())
    view = _view(recorded, public_url)
    return Response(body=json.dumps({"erasure": view}), status_code=202, headers={
        "Content-Type": JSON, "Location": view["url"], "Retry-After": RETRY_SECONDS, "Cache-Control": "no-store"})


def erasure_status(requests: ErasureRequests, request: Request, request_id: str, public_url: str) -> Response:
    """GET by a privacy officer: pending, or done with the counts. Never the address."""
    require_privacy_officer(request)
    found = requests.get(request_id) if is_generated(request_id) else None
    if found is None:
        raise ErasureNotFound("There is no such erasure request (requests are kept 30 days).")
    view = _view(found, public_url)
    headers: dict[str, str | list[str]] = {"Content-Type": JSON, "Cache-Control": "no-store"}
    if view["status"] == ERASURE_PENDING:
        headers["Retry-After"] = RETRY_SECONDS
    return Response(body=json.dumps({"erasure": view}), status_code=200, headers=headers)


def _view(item: dict[str, Any], public_url: str) -> dict[str, Any]:
    """A request as a privacy officer sees it: built field by field, so the address can never slip in."""
    request_id = str(item["request_id"])
    view: dict[str, Any] = {
        "id": request_id, "status": str(item["status"]), "requested_at": item["requested_at"],
        "url": reports_url(public_url, erasure_path(request_id)),
    }
    if view["status"] == ERASURE_DONE:
        view["done_at"] = item.get("done_at")
        view.update(outcome(item))
        if int(item.get("attempts", 1)) > 1:
            view["message"] += (" An earlier attempt was interrupted, so these counts may leave out what it"
                                " had already erased.")
    return view


LISTED = 50  # the requests a listing shows: the last 30 days' (they expire), newest first


def erasure_list(requests: ErasureRequests, request: Request, public_url: str) -> Response:
    """GET by a privacy officer: the latest requests, newest first, each as erasure_status shows it."""
    require_privacy_officer(request)
    views = [_view(item, public_url) for item in requests.recent(LISTED)]
    return Response(body=json.dumps({"erasures": views}), status_code=200,
                    headers={"Content-Type": JSON, "Cache-Control": "no-store"})
