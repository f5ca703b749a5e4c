"""The delegation form: a lead registers the members of their delegation from a browser, all or nothing.

The lead fills in the registration form's fields (web/_registration_fields.html); each member row holds what
differs per person (domain Person: name, email, job title, language for mails, needs, and their own consent to
the list of participants: the lead's is not copied). Organisation, country, attendance mode, sessions and answers
are the lead's for everyone, as the delegation API takes them and domain.registration plans a delegation (one
organisation travelling together, one transaction); each member changes their own mode or sessions afterwards
through their own manage link. More rows without JavaScript: "Add another member" posts the form back and it is
shown again, one row longer, with everything typed kept; Enter in a field registers (the form's first button)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from chalice import Response

from eventreg.domain.errors import AlreadyRegistered, DomainError, EventNotFound
from eventreg.domain.idempotency import idempotency
from eventreg.domain.input_limits import required_fields
from eventreg.domain.models import MAX_DELEGATION, Registration, new_id, utc_now
from eventreg.domain.parsing import parse_delegation_for
from eventreg.domain.registration import normalise_email, rejection
from eventreg.domain.registrations import Person
from eventreg.entrypoints.http.forms import TRUE, form_values, request_data
from eventreg.entrypoints.http.pages import _language, _text, form_fields, shown
from eventreg.http import Request, html, read_body
from eventreg.links import manage_path
from eventreg.locale.catalog import words
from eventreg.locale.languages import pick_language
from eventreg.locale.names import FIELDS
from eventreg.programme import Programme
from eventreg.templates import environment

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Desk

# What each member row asks; the rest is the lead's (see the module's docstring).
MEMBER_FIELDS = ("name", "email", "job_title", "preferred_language", "accessibility_needs", "dietary_needs")
CONSENT = "list_consent"  # each member's own checkbox (member-N-list_consent)
MAX_MEMBERS = MAX_DELEGATION - 1  # the lead is the delegation's first person
FIRST_ROWS = 3  # a city delegation is typically 3-8 people besides its lead
ADD = "add_member"  # the name of the "Add another member" button
ROWS = "members"  # the hidden field: how many member rows the form shows
_MEMBER = re.compile(r"member-(\d{1,3})-([a-z_]+)")


def page(desk: Desk, event_id: str, request: Request) -> Response:
    """`GET /events/{id}/delegation`: the form, or why the event takes no registrations now."""
    programme = desk.programmes.published(event_id, fresh=True)
    return html(render(programme, _language(request, programme.event), FIRST_ROWS))


def submit(desk: Desk, event_id: str, request: Request) -> Response:
    """The form's post: one more row (values kept), or the whole delegation registered in one transaction."""
    form: dict[str, Any] = {}
    language, rows = "en", FIRST_ROWS
    data: dict[str, Any] = {"lead": {}, "members": []}
    row_of: list[int] = []
    try:
        form = read_body(request)
        programme = desk.programmes.published(event_id)
        query = getattr(request, "query_params", None) or {}
        asked = _text(form.get("lang")) or _text(query.get("lang"))
        language = pick_language(asked, request.headers.get("accept-language"), programme.event.language)
        rows = row_count(form)
        if ADD in form:
            return html(render(programme, language, min(rows + 1, MAX_MEMBERS), form_values(form)))
        data, row_of = delegation_data(form, programme, rows)
        once = idempotency(_text(form.get("form_token")), data, scope="delegation-form")
        parsed = parse_delegation_for(programme.event, data)
        registrations = desk.registrar.register_delegation(event_id, parsed, utc_now(), once)
    except DomainError as error:
        if isinstance(error, EventNotFound):
            raise
        error.fields = form_fields_of(error, data, row_of)
        again = desk.programmes.fresh(event_id)  # the form again, with the messages next to the fields
        return html(render(again, language, rows, form_values(form), error), error.status)
    return html(render_confirmation(desk.programmes.get(event_id), registrations, language), 201)


def row_count(form: dict[str, Any]) -> int:
    """How many member rows the form showed: its hidden count, or the highest row posted (1..MAX_MEMBERS)."""
    posted = [int(m.group(1)) for name in form if (m := _MEMBER.fullmatch(name))]
    shown_rows = form.get(ROWS)
    counted = int(shown_rows) if isinstance(shown_rows, str) and shown_rows.isdigit() else 0
    return max(1, min(MAX_MEMBERS, max([counted, *posted])))


def delegation_data(form: dict[str, Any], programme: Programme, rows: int) -> tuple[dict[str, Any], list[int]]:
    """The form as the delegation API's data, and each member's row number. Empty rows are left out: the
    form offers more rows than a lead may need."""
    lead_form = {k: v for k, v in form.items() if not _MEMBER.fullmatch(k) and k not in (ROWS, ADD)}
    lead = request_data(lead_form, programme.event)
    members: list[dict[str, Any]] = []
    row_of: list[int] = []
    for row in range(1, rows + 1):
        member = {f: _single(form.get(f"member-{row}-{f}")) for f in MEMBER_FIELDS}
        if not any(member[f] for f in MEMBER_FIELDS if f != "preferred_language"):
            continue  # the language has a default: a row with nothing else in it is empty
        consent = str(_single(form.get(f"member-{row}-{CONSENT}"))).lower() in TRUE
        members.append({**{f: v for f, v in member.items() if v}, CONSENT: consent})
        row_of.append(row)
    return {"lead": lead, "members": members}, row_of


def _single(value: Any) -> str:
    value = value[-1] if isinstance(value, list) and value else value
    return value.strip() if isinstance(value, str) else ""


def form_fields_of(error: DomainError, data: dict[str, Any], row_of: list[int]) -> dict[str, str]:
    """The error's fields under the form's names ("lead.email" → "email", "members.1.email" → "member-3-email"
    when the second filled row is row 3); an address already registered is put on the row that holds it."""
    fields: dict[str, str] = {}
    for name, text in error.fields.items():
        if name.startswith("lead."):
            fields[name.removeprefix("lead.")] = text
        elif (m := re.fullmatch(r"members\.(\d+)\.(.+)", name)) and int(m.group(1)) < len(row_of):
            fields[f"member-{row_of[int(m.group(1))]}-{m.group(2)}"] = text
        else:
            fields[name] = text
    people = [("email", data["lead"])] + [(f"member-{r}-email", m) for r, m in zip(row_of, data["members"],
                                                                                strict=True)]
    emails = [(name, normalise_email(p["email"])) for name, p in people if isinstance(p.get("email"), str)]
    if isinstance(error, AlreadyRegistered):
        taken = set(error.details.get("emails") or [])
        message = fields.pop("email", None) or error.message
        fields.update({name: message for name, email in emails if email in taken})
    elif "members" in fields:  # two people with one address: the second one's field, and the next ones'
        seen: set[str] = set()
        repeated = []
        for name, email in emails:
            if email in seen:
                repeated.append(name)
            seen.add(email)
        if repeated:
            message = fields.pop("members")
            fields.update(dict.fromkeys(repeated, message))
    return fields


# -- rendering ------------------------------------------------------------------------------------
def render(
    programme: Programme, language: str, rows: int, values: dict[str, Any] | None = None,
    error: DomainError | None = None,
) -> str:
    event = programme.event
    fields = form_fields(programme, language, values, error)
    _ = words(language)
    for row in range(1, rows + 1):
        for name in (*MEMBER_FIELDS, CONSENT):
            fields["labels"][f"member-{row}-{name}"] = _("%(field)s of member %(number)s",
                                                        field=_(FIELDS[name]), number=row)
    fields["labels"]["members"] = _("Members")
    fields["anchors"]["members"] = "member-1-name"
    return environment().get_template("web/delegation.html").render(
        **fields,
        rows=rows,
        max_rows=MAX_MEMBERS,
        member_fields=MEMBER_FIELDS,
        member_required=required_fields(Person),  # aria-required only: an empty row is left out
        lang_href=lambda code: f"/events/{event.event_id}/delegation?lang={code}",
        unavailable=shown(rejection(event, utc_now()), language),
        action=f"/events/{event.event_id}/delegations",
        form_token=new_id(),  # one-time: a double click or a reload answers the first registration
    )


def render_confirmation(programme: Programme, registrations: list[Registration], language: str) -> str:
    event = programme.event
    return environment().get_template("web/delegation_confirmation.html").render(
        event=event,
        registrations=registrations,
        manage={r.registration_id: manage_path(event.event_id, r.registration_id) for r in registrations},
        sessions=programme.sessions,
        lang=language,
        lang_href=lambda code: f"/events/{event.event_id}/delegation?lang={code}",
    )
