"""The gettext catalogs against the code: every text the code and templates mark (extracted as `make messages`
does, from babel.cfg) is in the committed eventreg.pot, and translated in every language's .po (not empty,
not fuzzy, the same named placeholders); the plural forms are each language's own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from eventreg.domain.types import LANGUAGES
from eventreg.locale import catalog
from eventreg.locale.catalog import CatalogMissing, translations, words

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "src" / "eventreg"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")

Key = tuple[str | None, str]  # (msgctxt, msgid)


def _key(message: Message) -> Key:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return (message.context, msgid)


@cache  # once for the 24 languages' checks
def extracted() -> dict[Key, tuple[str, ...]]:
    """What the code uses now: (context, msgid) → the msgid (and its plural)."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[Key, tuple[str, ...]] = {}
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        SOURCES, method_map, options_map
    ):
        ids = message if isinstance(message, tuple) else (message,)
        found[(context, ids[0])] = tuple(i for i in ids if i)
    return found


def read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=language)


def entries(path: Path, language: str | None = None) -> Iterator[Message]:
    return (m for m in read(path, language) if m.id)


def po(language: str) -> Path:
    return SOURCES / "locale" / language / "LC_MESSAGES" / "eventreg.po"


def test_the_template_is_up_to_date_with_the_code() -> None:
    """Fails when a text was added, changed or removed without `make messages`."""
    template = {_key(m) for m in entries(SOURCES / "locale" / "eventreg.pot")}
    assert set(extracted()) == template


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_the_code_uses_is_translated(language: str) -> None:
    messages = {_key(m): m for m in entries(po(language), language)}
    for key, ids in extracted().items():
        assert key in messages, f"{language}: {key[1]!r} is not in the catalog: run make messages, then translate it"
        message = messages[key]
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(forms), f"{language}: {key[1]!r} has no translation"
        assert not message.fuzzy, f"{language}: {key[1]!r} is marked fuzzy"
        wanted = set(PLACEHOLDER.findall(ids[0]))
        for form in forms:
            assert set(PLACEHOLDER.findall(form)) == wanted, f"{language}: {form!r} names other placeholders"


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_are_the_language_s_own(language: str) -> None:
    catalog_header = read(po(language), language).plural_forms
    assert catalog_header == Catalog(locale=Locale.parse(language)).plural_forms
    seats = words(language).ngettext
    one, many = seats("%(num)s seat", "%(num)s seats", 1), seats("%(num)s seat", "%(num)s seats", 2)
    assert one != many and one.startswith("1 ") and many.startswith("2 ")


def test_french_counts_zero_as_singular_and_the_others_do_not() -> None:
    assert words("fr").ngettext("%(num)s person", "%(num)s persons", 0) == "0 personne"
    assert words("nl").ngettext("%(num)s person", "%(num)s persons", 0) == "0 personen"


def test_a_missing_compiled_catalog_says_what_to_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(catalog, "LOCALE_DIR", tmp_path)
    translations.cache_clear()
    try:
        with pytest.raises(CatalogMissing, match="make bootstrap"):
            translations("nl")
    finally:
        translations.cache_clear()
