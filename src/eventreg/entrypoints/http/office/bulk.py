"""Approving or rejecting many pending registrations at once from the back-office's list: one form (CSRF), the
decision applied to each selected registration in turn (as one by one: eventreg.register.organising.moderate),
and a page that says, name by name, what was done or why not."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Response

from eventreg.auth import identify
from eventreg.domain.errors import N_, DomainError, Message, ValidationFailed
from eventreg.domain.ids import is_generated
from eventreg.entrypoints.http import sessions
from eventreg.entrypoints.http.office.chrome import chrome, language, page
from eventreg.entrypoints.http.office.registration import here, problem
from eventreg.http import read_body
from eventreg.locale.catalog import words
from eventreg.locale.errors import in_language, written_out
from eventreg.locale.names import STATUSES, named

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Desk

DECISIONS = ("approve", "reject")
MAX_SELECTED = 200  # a page of the list at most


def decide_many(desk: Desk, request: Any, event_id: str) -> Response:
    form = read_body(request)
    who = identify(request)
    lang = language(request)
    decision = form.get("decision")
    raw = form.get("registration_id", [])
    chosen = [r for r in ([raw] if isinstance(raw, str) else raw) if isinstance(r, str)]
    back = sessions.safe_next(str(form.get("next") or here(event_id)))
    try:
        if decision not in DECISIONS:
            raise ValidationFailed(Message(N_("Choose approve or reject.")))
        if not chosen or len(chosen) > MAX_SELECTED or not all(is_generated(r) for r in chosen):
            raise ValidationFailed(Message(N_("Select at least one registration awaiting approval.")))
        programme, _ = desk.organising.programme(event_id, who.organiser_id)
        decided = desk.on_behalf.decide_many(who.organiser_id, event_id, chosen, str(decision))
    except DomainError as error:
        return problem(request, error, event_id)
    _ = words(lang)
    rows = [{
        "name": d.registration.shown_name if d.registration else d.registration_id,
        "path": here(event_id, d.registration_id) if d.registration else "",
        "done": d.error is None,
        "outcome": named(STATUSES, d.registration.status.value, _) if d.error is None and d.registration
        else in_language(written_out(d.error).message, lang) if d.error else "",
    } for d in decided]
    return page(request, "registrations_decided.html", event=programme.event, title=programme.event.title_in(lang),
                decision=decision, rows=rows, back=back, done=sum(1 for r in rows if r["done"]), **chrome(request))
