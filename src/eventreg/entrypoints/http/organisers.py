"""The organisers' API (JSON, bearer token): events, sessions, registrations, moderation, documents.

HTTP only: parse the query and the paging cursor, call the use cases (eventreg.register.organising: the
partner rules, write → forget the cached programme → fill free places), answer JSON.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from eventreg.adapters.dynamodb import keys
from eventreg.domain.access import Access
from eventreg.domain.countries import is_country
from eventreg.domain.errors import ValidationFailed
from eventreg.domain.models import OrganisationType
from eventreg.entrypoints.http.pages import registration_json
from eventreg.http import parse_json
from eventreg.ports import FileStore
from eventreg.programme import Programme
from eventreg.register.organising import SORTS, Listing, Wanted

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Desk

MAX_PAGE = 200


def event_view(programme: Programme, who: Access) -> dict[str, Any]:
    sessions = sorted(programme.sessions.values(), key=lambda s: (s.starts_at, s.session_id))
    return {
        "event": programme.event.model_dump(mode="json"),
        "sessions": [s.model_dump(mode="json") for s in sessions if who.full or s.session_id in who.sessions],
        "access": "organiser" if who.full else "partner",
    }


def list_events(desk: Desk, organiser_id: str) -> dict[str, Any]:
    events = [{"event_id": event.event_id, "title": event.title, "status": event.status.value,
               "starts_at": event.starts_at.isoformat()} for event in desk.organising.events(organiser_id)]
    return {"events": events}


def create_event(desk: Desk, organiser_id: str, data: Any) -> dict[str, Any]:
    return {"event": desk.organising.create_event(organiser_id, data).model_dump(mode="json")}


def get_event(desk: Desk, organiser_id: str, event_id: str) -> dict[str, Any]:
    return event_view(*desk.organising.programme(event_id, organiser_id))


def update_event(desk: Desk, organiser_id: str, event_id: str, patch: Any) -> dict[str, Any]:
    promoted = desk.organising.update_event(organiser_id, event_id, patch)
    return {**event_view(*desk.organising.programme(event_id, organiser_id)), "promoted": promoted}


def put_session(desk: Desk, organiser_id: str, event_id: str, session_id: str, data: Any) -> dict[str, Any]:
    session, promoted = desk.organising.put_session(organiser_id, event_id, session_id, data)
    return {"session": session.model_dump(mode="json"), "promoted": promoted}


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


SORT_ORDERS = ("asc", "desc")
MAX_OFFSET = 1_000_000


def _more_filters(query: Mapping[str, str]) -> tuple[str | None, str | None]:
    """The country (ISO code) and organisation type a listing is filtered by, checked."""
    country = (query.get("country") or "").strip().upper() or None
    if country and not is_country(country):
        raise ValidationFailed("Unknown country.", fields={"country": "A two-letter ISO 3166 code, e.g. BE."})
    organisation_type = query.get("organisation_type") or None
    if organisation_type and organisation_type not in {o.value for o in OrganisationType}:
        raise ValidationFailed("Unknown organisation type.", fields={"organisation_type": "Unknown type."})
    return country, organisation_type


def _sorting(query: Mapping[str, str]) -> tuple[str, bool] | None:
    """(sort, descending) a listing asks for; None for the storage's own order (registered on, oldest first),
    which pages through the partition by cursor without reading all of it."""
    sort, order = query.get("sort") or "registered", query.get("order") or "asc"
    if sort not in SORTS or order not in SORT_ORDERS:
        raise ValidationFailed("Unknown sort.", fields={"sort": f"One of {', '.join(SORTS)}; order asc or desc."})
    return None if (sort, order) == ("registered", "asc") else (sort, order == "desc")


def _encoded(cursor: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(cursor).encode()).decode().rstrip("=")


def _offset(raw: str | None) -> int:
    """A sorted listing's next_cursor: where its next page starts in the sorted result."""
    if not raw:
        return 0
    invalid = ValidationFailed("Invalid cursor.", fields={"cursor": "Use the next_cursor of the previous page."})
    try:
        cursor = parse_json(base64.urlsafe_b64decode(raw.encode() + b"=" * (-len(raw) % 4)), max_depth=3)
    except (ValueError, ValidationFailed):
        raise invalid from None
    offset = cursor.get("offset") if isinstance(cursor, dict) and set(cursor) == {"offset"} else None
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= MAX_OFFSET:
        raise invalid
    return offset


def registrations(desk: Desk, organiser_id: str, event_id: str,
                  query: Mapping[str, str]) -> tuple[Programme, Access, Listing, str | None]:
    """The listing a query asks for (filters status, mode, session, country, organisation_type, q; sort and
    order; limit; cursor) and the cursor of the next page as handed out (None: the last page)."""
    programme, who = desk.organising.programme(event_id, organiser_id)
    try:
        limit = min(max(int(query.get("limit", "50")), 1), MAX_PAGE)
    except ValueError:
        raise ValidationFailed("limit must be a number.", fields={"limit": f"1 to {MAX_PAGE}."}) from None
    status, mode, session = query.get("status") or None, query.get("mode") or None, query.get("session") or None
    search = (query.get("q") or "")[:200] or None
    desk.organising.filters(who, status, session)
    country, organisation_type = _more_filters(query)
    order = _sorting(query)
    if order is not None:  # sorted: over the whole filtered result, paged by an offset in the cursor
        offset = _offset(query.get("cursor"))
        wanted = Wanted(who, status, mode, session, search, country, organisation_type)
        found, total = desk.organising.sorted_registrations(event_id, wanted, *order, offset, limit)
        after = _encoded({"offset": offset + limit}) if offset + limit < total else None
        return programme, who, Listing(found, None), after
    cursor = _cursor(query.get("cursor"), event_id)
    listing = desk.organising.registrations(who, event_id, limit, cursor, status, mode, session, search,
                                            country, organisation_type)
    next_cursor = _encoded(listing.cursor) if listing.cursor else None
    return programme, who, listing, next_cursor


def list_registrations(desk: Desk, organiser_id: str, event_id: str, query: Mapping[str, str]) -> dict[str, Any]:
    """Registrations, oldest first, filtered by status, mode, session and a search; paginated with a cursor."""
    _, who, listing, next_cursor = registrations(desk, organiser_id, event_id, query)
    found = [registration_json(r, manage_link=who.full) for r in listing.registrations]  # partners: no links
    return {"registrations": found, "next_cursor": next_cursor}


def moderate(desk: Desk, organiser_id: str, event_id: str, registration_id: str, decision: str) -> dict[str, Any]:
    return {"registration": registration_json(desk.organising.moderate(organiser_id, event_id, registration_id,
                                                                      decision))}


def add_document(desk: Desk, files: FileStore, organiser_id: str, event_id: str, data: Any) -> dict[str, Any]:
    """Announce a document (title, file name, type): it is listed on the event, and the answer carries
    a presigned URL to PUT the file to (15 minutes)."""
    document = desk.organising.add_document(organiser_id, event_id, data)
    return {
        "document": document.model_dump(mode="json"),
        "upload_url": files.upload_url(document.key, document.content_type),
        "upload_method": "PUT",
        "upload_headers": {"Content-Type": document.content_type},
    }
