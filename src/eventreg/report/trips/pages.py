"""The delegation trip report over HTTP: for the event's organisers (bearer token), and for the delegation's
lead through the signed link their manage page offers. HTML (printable) or an editable .docx."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import quote

from chalice import Response

from eventreg.domain.access import access
from eventreg.domain.checkins import EVENT_SCOPE, Checkin
from eventreg.domain.delegations import NotAnId, delegation_window
from eventreg.domain.errors import DelegationNotFound, Forbidden
from eventreg.domain.models import Event, Registration, Session
from eventreg.http import html
from eventreg.links import report_path, report_token_valid
from eventreg.locale.languages import pick_language
from eventreg.ports import CheckinStore, Store
from eventreg.report.ports import DelegationStore
from eventreg.report.trips.content import TripReport, trip_report
from eventreg.report.trips.docx_file import DOCX_TYPE, trip_docx
from eventreg.templates import environment
from eventreg.urls import REPORTS_PREFIX


class InvalidReportLink(Forbidden):
    code = "invalid_link"


def organiser_report(repo: Store, delegations: DelegationStore, checkins: CheckinStore, event_id: str,
                     delegation_id: str, organiser_id: str, query: Mapping[str, str], docx: bool) -> Response:
    """An event's full organisers only: the report shows each member's whole programme, which a partner
    running a few sessions of the event does not see."""
    event, sessions = repo.get_event_with_sessions(event_id)
    if not access(event, sessions, organiser_id).full:
        raise Forbidden("Only the event's organisers can see delegation reports.")
    members = _delegation(delegations, event_id, delegation_id)
    base = f"{REPORTS_PREFIX}/events/{event_id}/delegations/{delegation_id}/trip-report"
    return _answer(event, sessions, members, _came(checkins, event_id, members), query, docx, base + ".docx",
                   base + "?")


def lead_report(repo: Store, delegations: DelegationStore, checkins: CheckinStore, event_id: str,
                registration_id: str, token: str | None, query: Mapping[str, str], docx: bool) -> Response:
    if not report_token_valid(event_id, registration_id, token):
        raise InvalidReportLink("This link is not valid. Use the link on your registration's page.")
    lead = repo.get_registration(event_id, registration_id)
    if lead is None or lead.anonymised or not lead.delegation_lead or not lead.delegation_id:
        raise DelegationNotFound("There is no delegation report for this registration.")
    event, sessions = repo.get_event_with_sessions(event_id)
    members = _delegation(delegations, event_id, lead.delegation_id)
    path = report_path(event_id, registration_id)
    return _answer(event, sessions, members, _came(checkins, event_id, members), query, docx,
                   report_path(event_id, registration_id, docx=True), path + "&")


def _came(checkins: CheckinStore, event_id: str, members: list[Registration]) -> list[Checkin]:
    """The members' check-ins (the event's and their sessions'), read by key."""
    return checkins.checkins_of(event_id, [(scope, m.registration_id) for m in members
                                           for scope in (EVENT_SCOPE, *m.sessions)])


def _delegation(delegations: DelegationStore, event_id: str, delegation_id: str) -> list[Registration]:
    try:
        window = delegation_window(delegation_id)
    except NotAnId:
        raise DelegationNotFound("There is no such delegation.") from None
    members = delegations.delegation(event_id, delegation_id, window)
    if not members:
        raise DelegationNotFound("There is no such delegation.")
    return members


def _answer(event: Event, sessions: list[Session], members: list[Registration], came: list[Checkin],
            query: Mapping[str, str], docx: bool, docx_href: str, lang_base: str) -> Response:
    lead = next((m for m in members if m.delegation_lead), members[0])
    default = event.language if lead.anonymised else lead.preferred_language
    language = pick_language(query.get("lang"), None, default)
    report = trip_report(event, {s.session_id: s for s in sessions}, members, language, came)
    headers: dict[str, str | list[str]] = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
    if docx:
        name = f"{report.filename}-{language}.docx"
        headers.update({"Content-Type": DOCX_TYPE,
                        "Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"})
        return Response(body=trip_docx(report), status_code=200, headers=headers)
    page = render_html(report, f"{docx_href}{'&' if '?' in docx_href else '?'}lang={language}",
                       lambda code: f"{lang_base}lang={code}")
    response = html(page)
    response.headers.update(headers)
    return response


def render_html(report: TripReport, docx_href: str, lang_href: Callable[[str], str]) -> str:
    return environment().get_template("reports/trip_report.html").render(
        report=report, lang=report.language, docx_href=docx_href, lang_href=lang_href)
