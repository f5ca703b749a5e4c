"""pydantic's field errors as messages a reader gets in their own language (issue #14): each chosen by the
error's type and context (a length, a bound), never by pydantic's English text. Our validators raise
ValueError(Message): that message is the error's. Any other error reads INVALID, translated too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic_core import ErrorDetails

from eventreg.domain.errors import N_, Message, ngettext

REQUIRED = N_("This field is required.")
INVALID = N_("This value is not valid.")
CHOOSE = N_("Choose one of the options.")
YES_OR_NO = N_("Answer yes or no.")
WHOLE_NUMBER = N_("Enter a whole number.")
# What an instant is written as, in the API and in the back-office's exchange formats.
DATE_TIME = N_("Enter a date and time with a timezone offset, e.g. %(example)s.")
DATE_TIME_EXAMPLE = "2026-10-12T09:00:00+02:00"

Context = dict[str, Any]


def _too_short(ctx: Context) -> Message:
    if ctx["min_length"] == 1:  # a text of at least one character: one to fill in
        return Message(REQUIRED)
    return ngettext("Enter at least %(num)s character.", "Enter at least %(num)s characters.", ctx["min_length"])


def _fixed(msgid: str, **params: object) -> Callable[[Context], Message]:
    return lambda _ctx: Message(msgid, **params)


def _bound(msgid: str, key: str) -> Callable[[Context], Message]:
    return lambda ctx: Message(msgid, limit=ctx[key])


BY_TYPE: dict[str, Callable[[Context], Message]] = {
    "missing": _fixed(REQUIRED),
    "string_too_short": _too_short,
    "string_too_long": lambda ctx: ngettext(
        "Enter at most %(num)s character.", "Enter at most %(num)s characters.", ctx["max_length"]),
    "too_short": lambda ctx: ngettext("Give at least %(num)s item.", "Give at least %(num)s items.", ctx["min_length"]),
    "too_long": lambda ctx: ngettext(
        "Choose at most %(num)s item.", "Choose at most %(num)s items.", ctx["max_length"]),
    "enum": _fixed(CHOOSE),
    "literal_error": _fixed(CHOOSE),
    "extra_forbidden": _fixed(N_("Unknown field.")),
    "string_pattern_mismatch": _fixed(N_("This is not in the expected format.")),
    "string_type": _fixed(N_("Enter text.")),
    "bool_type": _fixed(YES_OR_NO),
    "bool_parsing": _fixed(YES_OR_NO),
    "int_type": _fixed(WHOLE_NUMBER),
    "int_parsing": _fixed(WHOLE_NUMBER),
    "int_from_float": _fixed(WHOLE_NUMBER),
    "greater_than_equal": _bound(N_("Enter %(limit)s or more."), "ge"),
    "greater_than": _bound(N_("Enter more than %(limit)s."), "gt"),
    "less_than_equal": _bound(N_("Enter %(limit)s or less."), "le"),
    "less_than": _bound(N_("Enter less than %(limit)s."), "lt"),
    "datetime_type": _fixed(DATE_TIME, example=DATE_TIME_EXAMPLE),
    "datetime_parsing": _fixed(DATE_TIME, example=DATE_TIME_EXAMPLE),
    "datetime_from_date_parsing": _fixed(DATE_TIME, example=DATE_TIME_EXAMPLE),
}


def known_message(error: ErrorDetails) -> Message | None:
    """The message for one pydantic error, or None when nothing maps its type (or a validator of ours raised
    plain English): a new constraint or rule then shows INVALID until it is given its words."""
    ctx: Context = dict(error.get("ctx") or {})
    if error["type"] in ("value_error", "assertion_error"):
        cause = ctx.get("error")
        reason = cause.args[0] if isinstance(cause, Exception) and cause.args else None
        return reason if isinstance(reason, Message) else None
    build = BY_TYPE.get(error["type"])
    return build(ctx) if build else None


def message_for(error: ErrorDetails) -> Message:
    return known_message(error) or Message(INVALID)
