"""Instants shown in the event's timezone and language (Babel), e.g. "18 May 2018, 23:59 CEST"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, format_time, get_timezone_name


def format_instant(value: datetime, timezone: str, language: str = "en") -> str:
    local = value.astimezone(ZoneInfo(timezone))
    day = format_datetime(local, "d MMMM y", locale=language)
    clock = format_time(local, "HH:mm", locale=language)
    return f"{day}, {clock} {local.tzname()}"


def format_day(value: datetime, timezone: str, language: str = "en") -> str:
    return format_datetime(value.astimezone(ZoneInfo(timezone)), "EEEE d MMMM y", locale=language)


def format_clock(value: datetime, timezone: str, language: str = "en") -> str:
    return format_time(value.astimezone(ZoneInfo(timezone)), "HH:mm", locale=language)


def timezone_label(timezone: str, language: str = "en") -> str:
    return str(get_timezone_name(ZoneInfo(timezone), locale=language))
