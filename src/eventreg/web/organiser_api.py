"""The organisers' API (JSON, bearer token): events, sessions, registrations, moderation.

Full organisers of an event manage all of it; a partner organiser (EWRC's partner-run workshops)
sees and manages only the sessions it runs and the registrations for them.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any

from eventreg.adapters.dynamodb import keys
from eventreg.adapters.s3.files import FileStore
from eventreg.auth import Access, access
from eventreg.domain import organising
from eventreg.domain.errors import Forbidden, RegistrationNotFound, ValidationFailed
from eventreg.domain.models import RegistrationStatus, utc_now
from eventreg.domain.organising import CapacityBelowRegistrations, EventExists, StatusChangeRefused
from eventreg.http import parse_json
from eventreg.notify import overrides
from eventreg.programme import Programme
from eventreg.web.registration_pages import Desk, registration_json

MAX_PAGE = 200


def _programme(desk: Desk, event_id: str, organiser_id: str) -> tuple[Programme, Access]:
    programme = desk.fresh(event_id)
    return programme, access(programme.event, programme.sessions.values(), organiser_id)


def _full(who: Access) -> None:
    if not who.full:
        raise Forbidden("Only the event's organisers can do this; partners manage their own sessions.")


def event_view(programme: Programme, who: Access) -> dict[str, Any]:
    sessions = sorted(programme.sessions.values(), key=lambda s: (s.starts_at, s.session_id))
    return {
        "event": programme.event.model_dump(mode="json"),
        "sessions": [s.model_dump(mode="json") for s in sessions if who.full or s.session_id in who.sessions],
        "access": "organiser" if who.full else "partner",
    }


def list_events(desk: Desk, organiser_id: str) -> dict[str, Any]:
    events = []
    for event_id in desk.repo.organiser_event_ids(organiser_id):
        event = desk.repo.get_event(event_id)
        events.append({"event_id": event.event_id, "title": event.title, "status": event.status.value,
                       "starts_at": event.starts_at.isoformat()})
    return {"events": events}


def create_event(desk: Desk, organiser_id: str, data: Any) -> dict[str, Any]:
    event = organising.new_event(data, organiser_id, check_mail=overrides.check)
    if not desk.repo.create_event(event):
        raise EventExists(f"An event with the id {event.event_id!r} exists already.")
    return {"event": event.model_dump(mode="json")}


def get_event(desk: Desk, organiser_id: str, event_id: str) -> dict[str, Any]:
    return event_view(*_programme(desk, event_id, organiser_id))


def update_event(desk: Desk, organiser_id: str, event_id: str, patch: Any) -> dict[str, Any]:
    programme, who = _programme(desk, event_id, organiser_id)
    _full(who)
    current = programme.event
    event = organising.updated_event(current, patch, check_mail=overrides.check)
    if not desk.repo.update_event(event, current.status.value):
        raise StatusChangeRefused("The event changed meanwhile (status or registrations); reload and try again.")
    desk.programmes.forget(event_id)
    promoted = desk.manager.fill_free_places(event_id, utc_now())
    return {**event_view(*_programme(desk, event_id, organiser_id)), "promoted": len(promoted)}


def put_session(desk: Desk, organiser_id: str, event_id: str, session_id: str, data: Any) -> dict[str, Any]:
    programme, who = _programme(desk, event_id, organiser_id)
    current = programme.sessions.get(session_id)
    if not who.full and (current is None or session_id not in who.sessions):
        raise Forbidden("Partners change only the sessions they run.")
    if not who.full and isinstance(data, dict) and data.get("partner_id", organiser_id) != organiser_id:
        raise Forbidden("Partners cannot hand a session to someone else.")
    session = organising.session_for(programme.event, session_id, data, current)
    if not desk.repo.put_session(event_id, session):
        raise CapacityBelowRegistrations("More seats were taken meanwhile; the capacity cannot be that low.")
    desk.programmes.forget(event_id)
    promoted = desk.manager.fill_free_places(event_id, utc_now())
    fresh = desk.fresh(event_id).sessions[session_id]
    return {"session": fresh.model_dump(mode="json"), "promoted": len(promoted)}


def _cursor(raw: str | None, event_id: str) -> dict[str, Any] | None:
    """A next_cursor handed out earlier: the key of a registration of this event, nothing else."""
    if not raw:
        return None
    invalid = ValidationFailed("Invalid cursor.", fields={"cursor": "Use the next_cursor of the previous page."})
    try:
        cursor = parse_json(base64.urlsafe_b64decode(raw.encode() + b"=" * (-len(raw) % 4)), max_depth=3)
    except (ValueError, ValidationFailed):
        raise invalid from None
    if not isinstance(cursor, dict) or set(cursor) != {"PK", "SK"}:
        raise invalid
    pk, sk = cursor["PK"], cursor["SK"]
    if pk != {"S": keys.event_pk(event_id)} or not isinstance(sk, dict) or set(sk) != {"S"} \
            or not isinstance(sk["S"], str) or not sk["S"].startswith(keys.REG_PREFIX):
        raise invalid
    return cursor


def list_registrations(desk: Desk, organiser_id: str, event_id: str, query: Mapping[str, str]) -> dict[str, Any]:
    """Registrations, oldest first, filtered by status, mode and session; paginated with a cursor."""
    _, who = _programme(desk, event_id, organiser_id)
    try:
        limit = min(max(int(query.get("limit", "50")), 1), MAX_PAGE)
    except ValueError:
        raise ValidationFailed("limit must be a number.", fields={"limit": f"1 to {MAX_PAGE}."}) from None
    status, mode, session = query.get("status"), query.get("mode"), query.get("session")
    if status and status not in {s.value for s in RegistrationStatus}:
        raise ValidationFailed("Unknown status.", fields={"status": "Unknown status."})
    if session and not who.full and session not in who.sessions:
        raise Forbidden("Partners see only the registrations for their own sessions.")
    cursor = _cursor(query.get("cursor"), event_id)
    found: list[dict[str, Any]] = []
    while len(found) < limit:
        page, page_end = desk.repo.registrations_page(event_id, limit, cursor)
        cursor = page_end
        for registration in page:
            wanted = registration.sessions + registration.waitlisted_sessions
            if not who.sees(wanted) or (status and registration.status.value != status) \
                    or (mode and registration.attendance_mode.value != mode) or (session and session not in wanted):
                continue
            found.append(registration_json(registration, manage_link=who.full))  # partners: no manage links
            if len(found) == limit:  # the next page starts right after this one
                sort_key = keys.registration_sk(registration.registration_id)
                cursor = {"PK": {"S": keys.event_pk(event_id)}, "SK": {"S": sort_key}}
                break
        if cursor is None:
            break
    next_cursor = base64.urlsafe_b64encode(json.dumps(cursor).encode()).decode().rstrip("=") if cursor else None
    return {"registrations": found, "next_cursor": next_cursor}


def moderate(desk: Desk, organiser_id: str, event_id: str, registration_id: str, decision: str) -> dict[str, Any]:
    _, who = _programme(desk, event_id, organiser_id)
    _full(who)
    if decision == "approve":
        registration = desk.manager.approve(event_id, registration_id, utc_now())
    elif decision == "reject":
        registration, _ = desk.manager.cancel(event_id, registration_id, utc_now(), RegistrationStatus.REJECTED)
    else:
        raise RegistrationNotFound("Unknown decision.")
    return {"registration": registration_json(registration)}



def add_document(desk: Desk, files: FileStore, organiser_id: str, event_id: str, data: Any) -> dict[str, Any]:
    """Announce a document (title, file name, type): it is listed on the event, and the answer carries
    a presigned URL to PUT the file to (15 minutes)."""
    programme, who = _programme(desk, event_id, organiser_id)
    _full(who)
    event = programme.event
    document = organising.new_document(event, data)
    others = [d for d in event.documents if d.document_id != document.document_id]
    updated = event.model_copy(update={"documents": [*others, document]})
    if not desk.repo.update_event(updated, event.status.value):
        raise StatusChangeRefused("The event changed meanwhile; try again.")
    desk.programmes.forget(event_id)
    return {
        "document": document.model_dump(mode="json"),
        "upload_url": files.upload_url(document.key, document.content_type),
        "upload_method": "PUT",
        "upload_headers": {"Content-Type": document.content_type},
    }
