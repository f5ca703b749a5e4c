"""Which of the languages pages and mails are written in (eventreg.domain.types.LANGUAGES) a reader gets, what
each language calls itself, and the CLDR locale each is written in."""

from __future__ import annotations

from eventreg.domain.types import LANGUAGES, WRITTEN_IN

# Each language in its own words, as a language switch offers them: CLDR's own name (Babel's
# Locale(code).get_display_name()), capitalised as a menu item. Written out so that rendering a page loads no
# Babel data for 24 locales; tests/unit/test_languages.py checks it against Babel and LANGUAGES.
LANGUAGE_NAMES = {
    "bg": "Български", "cs": "Čeština", "da": "Dansk", "de": "Deutsch", "el": "Ελληνικά", "en": "English",
    "es": "Español", "et": "Eesti", "fi": "Suomi", "fr": "Français", "ga": "Gaeilge", "hr": "Hrvatski",
    "hu": "Magyar", "it": "Italiano", "lt": "Lietuvių", "lv": "Latviešu", "mt": "Malti", "nl": "Nederlands",
    "pl": "Polski", "pt": "Português", "ro": "Română", "sk": "Slovenčina", "sl": "Slovenščina", "sv": "Svenska",
}


def locale_id(language: str) -> str:
    """The CLDR locale a language's dates and numbers follow (en -> en_GB); an unknown code stands for itself."""
    return WRITTEN_IN.get(language, language)


def language_tag(language: str) -> str:
    """The same locale as a BCP 47 tag (en-GB), as documents name their language."""
    return locale_id(language).replace("_", "-")


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
