"""Attendee-list presets, defined once as data: which columns, in which order, and which filters apply
unless the request sets its own. "answers" stands for one column per question of the event."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from eventreg.locale.catalog import N_

ANSWERS = "answers"


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    purpose: str
    columns: tuple[str, ...]
    filters: MappingProxyType[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    def describe(self) -> dict[str, Any]:
        return {"preset": self.name, "title": self.title, "purpose": self.purpose,
                "columns": list(self.columns), "default_filters": {k: list(v) for k, v in self.filters.items()}}


def _filters(**values: tuple[str, ...]) -> MappingProxyType[str, tuple[str, ...]]:
    return MappingProxyType(values)


CONFIRMED_IN_PERSON = _filters(status=("confirmed",), mode=("in_person",))

PRESETS: MappingProxyType[str, Preset] = MappingProxyType({p.name: p for p in (
    Preset("full", N_("Full list"), N_("Everything known about every registration, whatever its status."),
           ("reference", "name", "email", "job_title", "organisation", "organisation_type", "country",
            "attendance_mode", "status", "role", "sessions", "session_count", "waitlisted_sessions",
            "preferred_language", "accessibility_needs", "dietary_needs", "list_consent", "delegation_id",
            "delegation_lead", "email_status", "created_at", "updated_at", "checked_in_at", ANSWERS)),
    Preset("badges", N_("Badge list"),
           N_("One row per badge to print: name, job title, organisation, country in full."),
           ("name", "job_title", "organisation", "country_name", "role", "reference"), CONFIRMED_IN_PERSON),
    Preset("security", N_("Venue-security list"),
           N_("Who may come through the door: name, organisation, country, delegation and reference to check against."),
           ("name", "organisation", "organisation_type", "country_name", "job_title", "delegation_id",
            "reference", "accessibility_needs"), CONFIRMED_IN_PERSON),
    Preset("catering", N_("Catering list"), N_("Dietary and accessibility needs of the people on site."),
           ("name", "organisation", "dietary_needs", "accessibility_needs", "sessions", "reference"),
           CONFIRMED_IN_PERSON),
    Preset("online", N_("Online-access list"), N_("Who gets the online link: name, email, language."),
           ("name", "email", "organisation", "preferred_language", "sessions", "reference"),
           _filters(status=("confirmed",), mode=("online",))),
)})
DEFAULT = "full"
