"""Domain errors written out for a reader: the instants they carry (deadlines) as Babel writes them in the
event's timezone and language, e.g. "Registration closed on 20 March 2026, 23:59 CET."."""

from __future__ import annotations

from typing import TypeVar

from eventreg.domain.errors import DomainError
from eventreg.locale.dates import format_instant

E = TypeVar("E", bound=DomainError)


def written_out(error: E) -> E:
    """The error with its message and `<name>_display` details written out (the same error, filled in;
    again is harmless). Errors without instants come back unchanged."""
    if not error.instants:
        return error
    shown = {name: format_instant(i.at, i.timezone, i.language) for name, i in error.instants.items()}
    error.message = error.template.format(**shown)
    error.args = (error.message,)
    for name, text in shown.items():
        if f"{name}_display" in error.details:
            error.details[f"{name}_display"] = text
    return error
