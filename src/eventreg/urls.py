"""Where the reports service's resources live: under /reports/ on the public origin (locally one origin
for all services; on AWS the custom domain's base-path mapping). No heavy imports: notify.py uses it."""

from __future__ import annotations

PREFIX = "/reports"
FINAL_FORMATS = ("csv", "xlsx")


def final_list_path(event_id: str, fmt: str = "csv") -> str:
    return f"/events/{event_id}/final-list.{fmt}"


def export_path(event_id: str, export_id: str) -> str:
    return f"/events/{event_id}/exports/{export_id}"


def reports_url(public_url: str, path: str) -> str:
    return public_url.rstrip("/") + PREFIX + path


def erasure_path(request_id: str) -> str:
    return f"/privacy/erasures/{request_id}"
