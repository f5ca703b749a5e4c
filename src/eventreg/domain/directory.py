"""The participant directory, pure: who is listed, who may look, what a reader may filter by, and what an
entry shows. Confirmed attendees who agreed to be listed, seen by other confirmed attendees of the same event;
never an email address, a phone number or anything else the person told only the organisers. No I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eventreg.domain.countries import is_country
from eventreg.domain.errors import N_, Forbidden, Message, ValidationFailed
from eventreg.domain.ids import GENERATED
from eventreg.domain.registrations import Registration
from eventreg.domain.types import OrganisationType, RegistrationStatus

PAGE_SIZE = 50  # entries per page: 6,000 attendees are read a page at a time, never all at once
# Who is listed, as attribute values a stored registration must have. An anonymised registration (retention,
# erasure) has lost its list_consent, so it is never listed; a cancelled one is no longer confirmed.
LISTED: Mapping[str, object] = {"status": RegistrationStatus.CONFIRMED.value, "list_consent": True}
# What the directory reads of a registration: what an entry shows, and the id a next page starts after.
SHOWN = ("registration_id", "name", "organisation", "organisation_type", "country", "delegation_id",
         "delegation_lead")
FILTERS = ("country", "organisation_type")


class DirectoryClosed(Forbidden):
    """The reader is not (or no longer) a confirmed attendee of the event."""

    code = "directory_for_confirmed"


@dataclass(frozen=True)
class Filters:
    """What a reader asked for: a country and an organisation type (None: all), and where the page starts."""

    country: str | None = None
    organisation_type: str | None = None
    after: str | None = None  # the registration id the page starts after (None: the first page)

    def conditions(self) -> dict[str, object]:
        """The attribute values a registration must have to be on this page's list."""
        chosen = {"country": self.country, "organisation_type": self.organisation_type}
        return {**LISTED, **{name: value for name, value in chosen.items() if value}}


@dataclass(frozen=True)
class Entry:
    name: str
    organisation: str
    organisation_type: str
    country: str
    delegation: str | None  # "lead", "member", or None for someone who came on their own


def may_look(reader: Registration) -> None:
    """Only a confirmed attendee whose data is still there sees who else takes part."""
    if reader.status is not RegistrationStatus.CONFIRMED or reader.anonymised:
        raise DirectoryClosed(Message(N_("Only confirmed participants can see the list of participants.")))


def _one(query: Mapping[str, Any], name: str) -> str:
    value = query.get(name)
    return value.strip() if isinstance(value, str) else ""


def parse_filters(query: Mapping[str, Any]) -> Filters:
    """A reader's query string (a GET form's fields) as filters; anything the form cannot send is refused."""
    problems: dict[str, str] = {}
    country = _one(query, "country").upper() or None
    if country and not is_country(country):
        problems["country"] = Message(N_("Choose a country (ISO 3166 two-letter code, e.g. BE)."))
    kind = _one(query, "organisation_type") or None
    if kind and kind not in OrganisationType.__members__.values():
        problems["organisation_type"] = Message(N_("Choose one of the options."))
    after = _one(query, "after") or None
    if after and not GENERATED.fullmatch(after):
        problems["after"] = Message(N_("Choose one of the options."))
    if problems:
        raise ValidationFailed(Message(N_("Some fields need your attention.")), fields=problems)
    return Filters(country, kind, after)


def listed(values: Mapping[str, Any], filters: Filters) -> bool:
    """Whether a registration's stored values put it on the list (what the storage's filter does too)."""
    return all(values.get(name) == wanted for name, wanted in filters.conditions().items())


def entry(values: Mapping[str, Any]) -> Entry:
    lead = values.get("delegation_lead") is True
    return Entry(
        name=str(values.get("name", "")),
        organisation=str(values.get("organisation", "")),
        organisation_type=str(values.get("organisation_type", OrganisationType.OTHER.value)),
        country=str(values.get("country", "")),
        delegation=("lead" if lead else "member") if values.get("delegation_id") else None,
    )
