"""Organisers' own mail wording: which kinds of mail and variables they may use, checked when saved and
rendered in the sandbox when sent; an unsafe or broken one falls back to the standard mail."""

from __future__ import annotations

import logging
from typing import Any

from markupsafe import Markup, escape

log = logging.getLogger(__name__)

KINDS = frozenset({"confirmed", "pending", "waitlisted", "promoted", "approved", "modified", "cancelled",
                   "rejected", "reminder", "event_changed", "event_cancelled"})
# What an organiser's template may use.
VARIABLES = ("name", "organisation", "reference", "status", "event_title", "event_start", "event_end", "venue",
             "online_url", "sessions", "manage_url", "event_url")


class OverrideInvalid(ValueError):
    pass


def check(kind: str, subject: str, body: str) -> None:
    """Refuse, with a clear message, a template that does not parse, uses unknown variables or goes past
    the sandbox's bounds."""
    if kind not in KINDS:
        raise OverrideInvalid(f"unknown kind of mail {kind!r}; use one of {', '.join(sorted(KINDS))}")
    # Lazy (cold start): jinja2's sandbox loads when an organiser's wording is first checked or rendered.
    from jinja2 import TemplateError

    from eventreg.notify.sandbox import render_bounded

    sample = {name: "x" for name in VARIABLES} | {"sessions": ["x"]}
    for part, text in (("subject", subject), ("body", body)):
        try:
            render_bounded(text, sample)
        except TemplateError as error:
            raise OverrideInvalid(f"{kind} {part}: {error}") from None


def render(text: str, values: dict[str, Any]) -> str | None:
    """The organiser's text with the values, or None (the standard wording is used) if it fails."""
    from jinja2 import TemplateError  # lazy, as in check

    from eventreg.notify.sandbox import render_bounded

    try:
        return render_bounded(text, values)
    except TemplateError:
        log.warning("an organiser's mail template failed; the standard mail is sent")
        return None


def as_html(text: str) -> str:
    """Plain text as simple HTML: escaped, paragraphs on blank lines, line breaks kept."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    inner = "".join(Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in p.split("\n")))
                    for p in paragraphs)
    head = '<!doctype html><html><head><meta charset="utf-8"></head><body style="font-family: Arial, sans-serif">'
    return f"{head}{inner}</body></html>"
