"""What an organiser asks of an attendee list: preset, session and filters, validated up front (a typo
is a clear 400, never a silently unfiltered list)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eventreg.domain.countries import is_country
from eventreg.domain.errors import ValidationFailed
from eventreg.domain.ids import is_slug
from eventreg.domain.models import AttendanceMode, OrganisationType, RegistrationStatus
from eventreg.report.attendees.presets import DEFAULT, PRESETS

FILTERS: dict[str, frozenset[str] | None] = {
    "status": frozenset(s.value for s in RegistrationStatus),
    "mode": frozenset(m.value for m in AttendanceMode),
    "organisation_type": frozenset(t.value for t in OrganisationType),
    "country": None,  # ISO 3166 two-letter codes, checked with is_country
}
# The stored attribute each filter compares with.
ATTRIBUTES = {"status": "status", "mode": "attendance_mode", "organisation_type": "organisation_type",
              "country": "country"}
PARAMETERS = frozenset({"preset", "session", *FILTERS})


@dataclass(frozen=True)
class ListRequest:
    preset: str = DEFAULT
    session: str | None = None
    # filter name -> accepted values; a filter that is absent accepts everything
    filters: tuple[tuple[str, frozenset[str]], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"preset": self.preset, "session": self.session,
                "filters": {name: sorted(values) for name, values in self.filters}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ListRequest:
        """The inverse of as_dict (an export job stores its request)."""
        return cls(str(data["preset"]), data.get("session") or None,
                   tuple((str(name), frozenset(values)) for name, values in (data.get("filters") or {}).items()))


def _values(raw: Any) -> list[str] | None:
    """`a,b` or a JSON list of strings; None if it is neither."""
    if isinstance(raw, str):
        return [v.strip() for v in raw.split(",") if v.strip()]
    if isinstance(raw, list) and all(isinstance(v, str) for v in raw):
        return [v.strip() for v in raw if v.strip()]
    return None


def parse(query: Mapping[str, Any] | None, session: str | None = None) -> ListRequest:
    """A list request from query parameters (`?preset=badges&status=confirmed,pending&country=BE`) or
    the same names in a JSON body. Filters given replace the preset's defaults for that name."""
    query = query or {}
    problems: dict[str, str] = {}
    for name in sorted(set(query) - PARAMETERS):
        problems[name] = "Unknown parameter; use " + ", ".join(sorted(PARAMETERS)) + "."
    preset = query.get("preset", DEFAULT)
    if preset == "":  # ?preset= : the default list
        preset = DEFAULT
    if not isinstance(preset, str) or preset not in PRESETS:
        problems["preset"] = "Choose one of: " + ", ".join(PRESETS) + "."
        preset = DEFAULT
    asked_session = query.get("session")
    if asked_session is not None and not is_slug(asked_session.strip() if isinstance(asked_session, str) else None):
        problems["session"] = "Give a session id."
    elif asked_session:
        if session is not None and asked_session != session:
            problems["session"] = "The path names another session."
        session = asked_session.strip()
    chosen = {name: frozenset(values) for name, values in PRESETS[preset].filters.items()}
    for name, allowed in FILTERS.items():
        if name not in query:
            continue
        values = _values(query[name])
        if not values:
            problems[name] = "Give one or more values, separated by commas."
            continue
        if name == "country":
            values = [v.upper() for v in values]
            wrong = [v for v in values if not is_country(v)]
        else:
            wrong = [v for v in values if allowed is not None and v not in allowed]
        if wrong:
            hint = "ISO 3166 two-letter codes, e.g. BE" if allowed is None else ", ".join(sorted(allowed))
            problems[name] = f"Unknown value {', '.join(wrong)}; use {hint}."
            continue
        chosen[name] = frozenset(values)
    if problems:
        raise ValidationFailed("Some list parameters are not valid.", fields=problems)
    return ListRequest(preset, session, tuple(sorted(chosen.items())))
