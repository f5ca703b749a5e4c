"""Fill translations: `python tools/fill_translations.py table.json`, the table being
{msgid: {"nl": ..., "fr": ..., "de": ...}}, sets each msgstr in the four catalogs (en: the msgid itself).
Then `make messages` compiles them. Babel reads and writes the .po files, so their layout stays pybabel's."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parent.parent / "src" / "eventreg" / "locale"


def fill(table: dict[str, dict[str, str]]) -> list[str]:
    missing: list[str] = []
    for lang in ("en", "nl", "fr", "de"):
        path = LOCALE / lang / "LC_MESSAGES" / "eventreg.po"
        with path.open("rb") as source:
            catalog = read_po(source, locale=lang)
        for msgid, translated in table.items():
            message = catalog.get(msgid)
            if message is None:
                missing.append(f"{lang}: {msgid}")
                continue
            message.string = msgid if lang == "en" else translated[lang]
            message.flags.discard("fuzzy")
        with path.open("wb") as target:
            write_po(target, catalog, width=0, include_lineno=False, sort_output=True)
    return missing


if __name__ == "__main__":
    with Path(sys.argv[1]).open(encoding="utf-8") as table_file:
        not_found = fill(json.load(table_file))
    for line in not_found:
        print("not in the catalog (run make messages first):", line)
    sys.exit(1 if not_found else 0)
