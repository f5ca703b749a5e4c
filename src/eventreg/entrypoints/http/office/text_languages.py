"""Which languages a back-office form offers an organiser's text in (an event's title and description, its
questions, a document's title): 24 inputs per text would bury the form, so the event's language and those
already written are open, and the others wait folded in a <details> (no JavaScript) to be added."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

from eventreg.domain.types import LANGUAGES
from eventreg.entrypoints.http.office.activity import MORE_FIELDS
from eventreg.locale.catalog import translations
from eventreg.locale.languages import LANGUAGE_NAMES

NAMED = 3  # languages named in the folded part's summary before "and N more"


def written_languages(values: Mapping[str, Any], *prefixes: str) -> set[str]:
    """The languages a form's values hold text in, for fields named `<prefix><code>` (e.g. title.de)."""
    return {code for key, value in values.items() if str(value or "").strip()
            for prefix in prefixes if key.startswith(prefix) and (code := key[len(prefix):]) in LANGUAGES}


def text_languages(first: str, written: Iterable[str], lang: str) -> dict[str, Any]:
    """What the form template's by_language macro renders: `open_languages` (the event's language first, then
    those written, in LANGUAGES' order), `folded_languages` (the rest) and `more_languages` (the folded part's
    summary: "Български, Čeština, Dansk and 18 more", each name in its own language and marked so), each
    language as (code, name)."""
    opened = [first, *(code for code in LANGUAGES if code in set(written) and code != first)]
    folded = [code for code in LANGUAGES if code not in opened]
    summary = Markup(", ").join(Markup('<span lang="{}">{}</span>').format(code, LANGUAGE_NAMES[code])
                                for code in folded[:NAMED])
    if len(folded) > NAMED:
        # the catalog's text escaped, the marked names kept: a translation cannot inject markup
        summary = escape(translations(lang).gettext(MORE_FIELDS)) % {"names": summary, "num": len(folded) - NAMED}
    return {"open_languages": [(code, LANGUAGE_NAMES[code]) for code in opened if code in LANGUAGE_NAMES],
            "folded_languages": [(code, LANGUAGE_NAMES[code]) for code in folded], "more_languages": summary}
