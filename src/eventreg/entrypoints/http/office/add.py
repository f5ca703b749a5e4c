"""Adding a registration by hand in the back-office: the public form's fields and parsing (forms.request_data,
domain.parsing.parse_for), then Registrar.register(by_hand=True) through eventreg.register.on_behalf.

Organisers may add someone outside the registration window (before it opens, after the cutoff, on a closed
event), never to a draft, finished or cancelled one. Capacity still holds, as on the public form: a full
mode or session puts the person on its waiting list (or online / refused, as the form's "when full" says).
The person gets the usual mail: the new registration goes through the table's stream like any other."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Response

from eventreg.auth import identify
from eventreg.domain.errors import DomainError
from eventreg.domain.idempotency import idempotency
from eventreg.domain.models import new_id
from eventreg.domain.parsing import parse_for
from eventreg.entrypoints.http.forms import form_values, request_data
from eventreg.entrypoints.http.office.chrome import chrome, language, page
from eventreg.entrypoints.http.office.registration import here, problem, see_other
from eventreg.entrypoints.http.pages import form_fields
from eventreg.http import read_body
from eventreg.programme import Programme

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Desk

# The back-office form's own fields, not part of the registration request.
OFFICE_FIELDS = ("csrf_token",)


def new_page(desk: Desk, request: Any, event_id: str, values: dict[str, Any] | None = None,
             error: DomainError | None = None) -> Response:
    who = identify(request)
    lang = language(request)
    try:
        programme, access = desk.organising.programme(event_id, who.organiser_id)
    except DomainError as refused:
        return problem(request, refused, event_id)
    if not access.full:  # a partner adds people to its own sessions only
        programme = Programme(programme.event, [s for s in programme.sessions.values()
                                                if s.session_id in access.sessions])
    fields = {k: v for k, v in form_fields(programme, lang, values, error).items() if k != "lang"}  # page sets it
    return page(request, "registration_new.html", error.status if error else 200, **fields,
                title=programme.event.title_in(lang), list_path=here(event_id), full_access=access.full,
                form_token=new_id(), **chrome(request))


def add(desk: Desk, request: Any, event_id: str) -> Response:
    who = identify(request)
    values = {k: v for k, v in read_body(request).items() if k not in OFFICE_FIELDS}
    try:
        programme, _ = desk.organising.programme(event_id, who.organiser_id)
        data = request_data(values, programme.event)
        once = idempotency(values.get("form_token") if isinstance(values.get("form_token"), str) else None,
                           data, scope="office")
        registration = desk.on_behalf.add(who.organiser_id, event_id, parse_for(programme.event, data), once)
    except DomainError as error:
        if error.status in (401, 403, 404):
            return problem(request, error, event_id)
        return new_page(desk, request, event_id, form_values(values), error)
    return see_other(request, f"{here(event_id, registration.registration_id)}?done=added")
