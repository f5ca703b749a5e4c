"""Which of the languages pages and mails are written in (eventreg.domain.types.LANGUAGES) a reader gets."""

from __future__ import annotations

from eventreg.domain.types import LANGUAGES

# Each language in its own words, as a language switch offers them.
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands", "fr": "Français", "de": "Deutsch"}


def pick_language(requested: str | None, accept_language: str | None, default: str) -> str:
    """?lang= first, then the browser's Accept-Language (by quality), then the event's language."""
    if requested in LANGUAGES:
        return requested
    ranked: list[tuple[float, str]] = []
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((quality, tag.split("-")[0].lower()))
    for quality, language in sorted(ranked, key=lambda pair: -pair[0]):
        if quality > 0 and language in LANGUAGES:  # q=0 means "not acceptable" (RFC 9110)
            return language
    return default
