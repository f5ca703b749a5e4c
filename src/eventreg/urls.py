"""Where the reports service's resources live: under /reports/ on the public origin (locally one origin
for all services; on AWS the custom domain's base-path mapping). Below both the notifications flow and
the reports, which link to them; no imports, so any handler may use it."""

from __future__ import annotations

REPORTS_PREFIX = "/reports"  # where the reports service is mounted (locally and by infra/'s base paths)
FINAL_FORMATS = ("csv", "xlsx")


def final_list_path(event_id: str, fmt: str = "csv") -> str:
    return f"/events/{event_id}/final-list.{fmt}"


def export_path(event_id: str, export_id: str) -> str:
    return f"/events/{event_id}/exports/{export_id}"


def agenda_path(event_id: str, fmt: str, language: str) -> str:
    """The public agenda (html, pdf or ics) in `language`, on the reports service."""
    return f"/events/{event_id}/agenda.{fmt}?lang={language}"


def register_path(event_id: str, language: str) -> str:
    """The registration form, on the registration service (the origin's root)."""
    return f"/events/{event_id}/register?lang={language}"


def reports_url(public_url: str, path: str) -> str:
    return public_url.rstrip("/") + REPORTS_PREFIX + path


def erasure_path(request_id: str) -> str:
    return f"/privacy/erasures/{request_id}"
