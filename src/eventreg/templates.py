"""The jinja2 environment shared by pages and mails: autoescape on for HTML, localised date filters."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from eventreg.web.dates import format_clock, format_day, format_instant


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("eventreg", "templates"),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # packaged templates never change under a running process: no stat() per render
    )
    env.filters["instant"] = format_instant
    env.filters["day"] = format_day
    env.filters["clock"] = format_clock
    return env
