"""Domain errors written out for a reader: the instants they carry (deadlines) as Babel writes them in the
event's timezone and language, e.g. "Registration closed on 20 March 2026, 23:59 CET."; their messages in
the page's language (the gettext catalog)."""

from __future__ import annotations

from typing import TypeVar

from eventreg.domain.errors import DomainError, Message, Named
from eventreg.locale.catalog import Words, words
from eventreg.locale.dates import format_instant
from eventreg.locale.names import EVENT_STATUSES, MODES, STATUSES

E = TypeVar("E", bound=DomainError)


def written_out(error: E, language: str | None = None) -> E:
    """The error with its message and `<name>_display` details written out (the same error, filled in;
    again is harmless) in the instant's language (the event's: the JSON API) or in `language` (a page's
    reader). Errors without instants come back unchanged."""
    if not error.instants:
        return error
    shown = {name: format_instant(i.at, i.timezone, language or i.language) for name, i in error.instants.items()}
    error.message = error.filled(shown)
    error.args = (error.message,)
    for name, text in shown.items():
        if f"{name}_display" in error.details:
            error.details[f"{name}_display"] = text
    return error


def in_language(message: str, language: str) -> str:
    """A domain error's message (or a field's) as a page in `language` shows it: a Message from the catalog,
    with its parameters (a counted one in the language's form for its count). Plain text is the API's English
    and stays English."""
    if isinstance(message, Message):
        translate = words(language)
        params = {k: _name(v, translate) for k, v in message.params.items()}
        if message.counted is not None:
            plural, num = message.counted
            return translate.ngettext(message.msgid, plural, num, **params)
        return translate(message.msgid, **params)
    return message


NAMES = {"status": STATUSES, "event_status": EVENT_STATUSES, "mode": MODES}


def _name(param: object, translate: Words) -> object:
    """A Named code as the reader's language calls it (a status, an attendance mode); other parameters as they are."""
    return translate(NAMES[param.kind][param.code]) if isinstance(param, Named) else param
