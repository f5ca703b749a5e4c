"""Instants shown in the event's timezone and the reader's language (Babel), e.g.
"18 May 2018, 23:59 CEST" / "18. Mai 2018, 23:59 CEST"."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time

from eventreg.locale.languages import locale_id


@lru_cache(maxsize=32)
def locale_of(language: str) -> Locale:
    """The Babel locale of a language (its CLDR locale: British English writes "18 May 2018", as EU institutions
    do), parsed once per process (Babel parses a locale string on every format call: 60 parses per confirmation
    mail)."""
    return Locale.parse(locale_id(language))


def format_instant(value: datetime, timezone: str, language: str = "en") -> str:
    local = value.astimezone(ZoneInfo(timezone))
    day = format_date(local, "long", locale=locale_of(language))
    clock = format_time(local, "HH:mm", locale=locale_of(language))
    return f"{day}, {clock} {local.tzname()}"


def format_day(value: datetime, timezone: str, language: str = "en") -> str:
    return format_date(value.astimezone(ZoneInfo(timezone)), "full", locale=locale_of(language))


def format_clock(value: datetime, timezone: str, language: str = "en") -> str:
    return format_time(value.astimezone(ZoneInfo(timezone)), "HH:mm", locale=locale_of(language))


def format_day_time(value: datetime, timezone: str, language: str = "en") -> str:
    return format_datetime(value.astimezone(ZoneInfo(timezone)), "medium", locale=locale_of(language))
