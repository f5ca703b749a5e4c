"""The participant directory (#14): `GET /events/{id}/registrations/{rid}/directory?token=…`, opened from the
manage page with the same signed token. A page (a GET form filters by country and organisation type, no
JavaScript) or, for JSON clients, the same entries as JSON. Who is listed and who may look: domain.directory."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from chalice import Response

from eventreg.domain.directory import DirectoryClosed, Entry, Filters, parse_filters
from eventreg.domain.errors import DomainError
from eventreg.domain.models import OrganisationType, Registration
from eventreg.entrypoints.http.manage import authorised, linked, problem_page
from eventreg.http import JSON, Request, html, wants_html
from eventreg.links import directory_path, manage_path, manage_token
from eventreg.locale.catalog import words
from eventreg.locale.countries import country_names
from eventreg.locale.errors import in_language, written_out
from eventreg.locale.languages import pick_language
from eventreg.locale.names import ORGANISATION_TYPES
from eventreg.register.directory import Listing, listing
from eventreg.templates import environment

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Desk


def _query(request: Request) -> dict[str, Any]:
    query = getattr(request, "query_params", None) or {}
    return {name: query.get(name) for name in query}


def directory(desk: Desk, event_id: str, registration_id: str, request: Request) -> Response:
    """Other people's names: never kept by a shared cache (a CDN, a proxy) nor on disk by the browser."""
    response = _answer(desk, event_id, registration_id, request)
    response.headers = {**(response.headers or {}), "Cache-Control": "no-store"}
    return response


def _answer(desk: Desk, event_id: str, registration_id: str, request: Request) -> Response:
    query = _query(request)
    if not wants_html(request):  # JSON: errors as the API's error bodies (json_errors)
        authorised(event_id, registration_id, request)
        reader = desk.manager.get(event_id, registration_id)
        filters = parse_filters(query)
        found = listing(desk.repo, reader, filters)
        return Response(body=_json(found, event_id, registration_id, filters), status_code=200,
                        headers={"Content-Type": JSON})
    opened = linked(desk.manager, event_id, registration_id, request)
    if isinstance(opened, Response):
        return opened
    language = pick_language(query.get("lang"), None, opened.preferred_language)
    try:
        filters = parse_filters(query)
        found = listing(desk.repo, opened, filters)
    except DirectoryClosed as error:
        return html(_render(desk, opened, language, Filters(), None, closed=_text(error, language)), error.status)
    except DomainError as error:  # a filter or page the form cannot send: a link that was tampered with
        return problem_page(error, request)
    return html(_render(desk, opened, language, filters, found))


def _text(error: DomainError, language: str) -> str:
    return in_language(written_out(error, language).message, language)


def _href(event_id: str, registration_id: str, filters: Filters, language: str | None, after: str | None) -> str:
    chosen = {"country": filters.country, "organisation_type": filters.organisation_type, "lang": language,
              "after": after}
    extra = urlencode({name: value for name, value in chosen.items() if value})
    return directory_path(event_id, registration_id) + (f"&{extra}" if extra else "")


def _entry_json(entry: Entry) -> dict[str, Any]:
    return {"name": entry.name, "organisation": entry.organisation, "organisation_type": entry.organisation_type,
            "country": entry.country, "delegation": entry.delegation}


def _json(found: Listing, event_id: str, registration_id: str, filters: Filters) -> dict[str, Any]:
    following = found.next_after and _href(event_id, registration_id, filters, None, found.next_after)
    return {"participants": [_entry_json(e) for e in found.entries], "next": following or None}


def _render(desk: Desk, reader: Registration, language: str, filters: Filters, found: Listing | None,
            closed: str | None = None) -> str:
    event = desk.programmes.get(reader.event_id).event
    rid = reader.registration_id
    _ = words(language)
    return environment().get_template("web/directory.html").render(
        event=event,
        lang=language,
        lang_href=lambda code: _href(event.event_id, rid, filters, code, filters.after),
        reader=reader,
        closed=closed,
        entries=found.entries if found else [],
        next_href=_href(event.event_id, rid, filters, language, found.next_after) if found and found.next_after
        else None,
        filters=filters,
        action=f"/events/{event.event_id}/registrations/{rid}/directory",
        token=manage_token(event.event_id, rid),
        manage=f"{manage_path(event.event_id, rid)}&lang={language}",
        countries=country_names(language),
        type_names={o.value: _(ORGANISATION_TYPES[o.value]) for o in OrganisationType},
    )
