"""Fill translations into the catalogs (src/eventreg/locale/<lang>/LC_MESSAGES/eventreg.po). Two inputs:

    python tools/fill_translations.py table.json
        {msgid: {"nl": ..., "fr": ..., "de": ...}}: each language named in an entry gets its msgstr, and en
        the msgid itself.
    python tools/fill_translations.py --language pl pl.json
        one language's table, as translators write it: {msgid: text | [form, ...]}; a plural entry is keyed by
        its singular msgid and gives a list of exactly the language's number of plural forms (its Plural-Forms
        header, CLDR's), in the order of the header's plural expression.

Run `make messages` first (so each msgid is in the catalogs); the .mo files are compiled by `make catalogs`.
Babel reads and writes the .po files, so their layout stays pybabel's. Exits 1, writing nothing of that
language, when an entry does not fit: a msgid not in the catalog, a plural given as one text or with the
wrong number of forms, a plain message given as a list.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parent.parent / "src" / "eventreg" / "locale"

def po_path(language: str, locale_dir: Path = LOCALE) -> Path:
    return locale_dir / language / "LC_MESSAGES" / "eventreg.po"


def _singular(message: Message) -> str:
    return str(message.id[0] if isinstance(message.id, (tuple, list)) else message.id)


def _fitted(message: Message, value: object, forms: int) -> str | tuple[str, ...] | None:
    """The msgstr for `message` from a table's value, or None when the value does not fit the message."""
    if isinstance(message.id, tuple):
        if isinstance(value, list) and len(value) == forms and all(isinstance(v, str) and v for v in value):
            return tuple(value)
        return None
    return value if isinstance(value, str) and value else None


def fill_language(language: str, table: Mapping[str, object], locale_dir: Path = LOCALE) -> list[str]:
    """Set each msgstr of `language`'s catalog from `table` ({msgid: text | [forms]}) and clear its fuzzy flag.
    Returns the problems; the catalog is written only when there are none."""
    path = po_path(language, locale_dir)
    with path.open("rb") as source:
        catalog: Catalog = read_po(source, locale=language)
    by_singular = {_singular(m): m for m in catalog if m.id}
    problems: list[str] = []
    for msgid, value in table.items():
        message = by_singular.get(msgid)
        if message is None:
            problems.append(f"{language}: not in the catalog (run make messages first): {msgid!r}")
            continue
        string = _fitted(message, value, catalog.num_plurals)
        if string is None:
            wanted = f"a list of {catalog.num_plurals} texts" if isinstance(message.id, tuple) else "one text"
            problems.append(f"{language}: {msgid!r} needs {wanted}, got {value!r}")
            continue
        message.string = string
        message.flags.discard("fuzzy")
    if not problems:
        with path.open("wb") as target:
            write_po(target, catalog, width=0, include_lineno=False, sort_output=True)
    return problems


def untranslated(language: str, locale_dir: Path = LOCALE) -> list[str]:
    """The msgids of `language`'s catalog still without a translation (or fuzzy)."""
    with po_path(language, locale_dir).open("rb") as source:
        catalog = read_po(source, locale=language)
    return [_singular(m) for m in catalog if m.id and (m.fuzzy or not all(
        m.string if isinstance(m.string, tuple) else (m.string,)))]


def fill_references(table: Mapping[str, Mapping[str, str]], locale_dir: Path = LOCALE) -> list[str]:
    """The {msgid: {lang: text | [forms]}} table: each language it names, and English (the msgid itself, or
    the singular and plural msgids)."""
    languages = sorted({lang for texts in table.values() for lang in texts} - {"en"})
    with po_path("en", locale_dir).open("rb") as source:
        english = {_singular(m): m.id for m in read_po(source, locale="en") if m.id}
    problems = fill_language("en", {msgid: list(english[msgid]) if isinstance(english.get(msgid), tuple) else msgid
                                    for msgid in table}, locale_dir) if table else []
    for language in languages:
        problems += fill_language(language, {m: t[language] for m, t in table.items() if language in t}, locale_dir)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--language", help="the table is this one language's {msgid: text | [plural forms]}")
    parser.add_argument("table", type=Path)
    parser.add_argument("--locale-dir", type=Path, default=LOCALE, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    with args.table.open(encoding="utf-8") as table_file:
        table = json.load(table_file)
    if args.language:
        problems = fill_language(args.language, table, args.locale_dir)
        left = [] if problems else untranslated(args.language, args.locale_dir)
        if left:
            print(f"{args.language}: {len(left)} msgids still untranslated, e.g. {left[0]!r}")
    else:
        problems = fill_references(table, args.locale_dir)
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
