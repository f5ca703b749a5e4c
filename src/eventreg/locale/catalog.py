"""The words of pages, mails and reports in the reader's language, from gettext catalogs (one domain,
`eventreg`). The msgids are the English texts with `%(name)s` placeholders (python-format, as jinja2's
newstyle gettext fills them); translators edit locale/<lang>/LC_MESSAGES/eventreg.po, and the .mo files
next to them are compiled at build time (tools/catalogs.py: `make bootstrap`, the Lambda bundles)."""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

from eventreg.domain.types import LANGUAGES

DOMAIN = "eventreg"
LOCALE_DIR = Path(__file__).resolve().parent


class CatalogMissing(RuntimeError):
    """A compiled catalog is not there: the build did not compile the .po files."""


def catalog_path(language: str) -> Path:
    """A language's compiled catalog, gzip-compressed (tools/catalogs.py): 24 languages' .mo files take 1.9 MB
    in every Lambda bundle as they are, 0.7 MB compressed; each is read once per process."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo.gz"


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> gettext.GNUTranslations:
    """The compiled catalog of a language (English for a language the pages are not written in), read once
    per process. No silent fallback: a missing .mo means a broken build, and English pages would hide it."""
    import gzip  # (the first page or mail only)

    path = catalog_path(language if language in LANGUAGES else "en")
    try:
        with gzip.open(path, "rb") as compiled:
            return gettext.GNUTranslations(compiled)
    except FileNotFoundError:
        raise CatalogMissing(
            f"{path} is missing: compile the catalogs with `make bootstrap` (or `python tools/catalogs.py`)"
        ) from None


class Words:
    """One language's texts. `words("Hello %(name)s", name=…)`, `words.ngettext(singular, plural, n)` (the
    count is `%(num)s`, as in jinja2's ngettext) and `words.pgettext(context, text)`. Placeholders are
    always filled, so a literal percent sign is written `%%`."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._catalog = translations(language)

    def __call__(self, message: str, **params: object) -> str:
        return self._catalog.gettext(message) % params

    def ngettext(self, singular: str, plural: str, n: int, /, **params: object) -> str:
        """The form for `n`; `%(num)s` is `n` unless given (as a formatted number, say)."""
        return self._catalog.ngettext(singular, plural, n) % {"num": n, **params}

    def pgettext(self, context: str, message: str, **params: object) -> str:
        return self._catalog.pgettext(context, message) % params


@lru_cache(maxsize=len(LANGUAGES))
def words(language: str) -> Words:
    return Words(language)


def labelled(label: str, value: str, language: str) -> str:
    """"Speakers: A, B", with the colon as the language writes it (French: "Intervenants : A, B"); `label`
    is already translated. Joined with +, so a template's (escaped) label escapes the value too."""
    return label + (" : " if language == "fr" else ": ") + value


def N_(message: str) -> str:  # gettext's name for "extract this, translate it where it is shown"
    return message
