"""What a reader is told when some of an organiser's texts are not in the reader's language: one sentence
naming the languages they are shown in instead, each named in the reader's language (Babel's CLDR names,
so "Englisch" for a German reader, "anglais" for a French one)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from babel.lists import format_list

from eventreg.domain.types import fallback_languages
from eventreg.locale.catalog import N_, words
from eventreg.locale.dates import locale_of

if TYPE_CHECKING:
    from eventreg.domain.events import Event

NOTE = N_("Some texts of this event are only available in %(languages)s.")
TITLES_NOTE = N_("Some of these events' titles are only available in %(languages)s.")


def fallback_note(texts: Iterable[dict[str, str]], language: str, default: str) -> str:
    """The note for a page or mail in `language` showing `texts` (falling back to `default`), or "" when
    every one of them is in the reader's language."""
    return language_note(fallback_languages(texts, language, default), language)


def titles_note(events: Iterable[Event], language: str) -> str:
    """The note for a list of events, each title falling back to its own event's language."""
    shown = (code for event in events for code in fallback_languages([event.title], language, event.language))
    return language_note(list(dict.fromkeys(shown)), language, TITLES_NOTE)


def language_note(languages: list[str], language: str, note: str = NOTE) -> str:
    if not languages:
        return ""
    locale = locale_of(language)
    names = [locale.languages.get(code, code) for code in languages]
    return words(language)(note, languages=format_list(names, locale=locale))
