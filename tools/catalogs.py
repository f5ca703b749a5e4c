"""Compile the gettext catalogs: each src/eventreg/locale/<lang>/LC_MESSAGES/eventreg.po to the .mo next to
it, gzip-compressed (eventreg.mo.gz), which the running code reads (eventreg.locale.catalog). They are build
output, never in git:
`make bootstrap` runs this (so `make run` and `make test` have them) and tools/package_service.py runs it
into each Lambda bundle's copy of the core.

    python tools/catalogs.py [LOCALE_DIR]

Babel's own API (what `pybabel compile` runs), so that a build needs no console script on PATH. A fuzzy or
untranslated entry still compiles (tests/unit/test_catalogs.py is what refuses one).

Next to each catalog it writes the order of the country names in that language (eventreg.locale.countries):
sorted by ICU's collator for that language (the Unicode Collation Algorithm with CLDR's tailoring of the
language), so "Égypte" comes before "Espagne", not after "Zimbabwe", and a Swede finds "Österrike" after "Zambia",
a Czech "Chile" after "Honduras". Done here once: the functions never load ICU.
"""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE_DIR = ROOT / "src" / "eventreg" / "locale"


def compile_catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    written = []
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parts[-3])
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        mo = po.with_suffix(".mo.gz")  # what eventreg.locale.catalog reads: a third of the .mo's size in a bundle
        mo.write_bytes(gzip.compress(compiled.getvalue(), compresslevel=9, mtime=0))  # mtime 0: same bytes each build
        po.with_suffix(".mo").unlink(missing_ok=True)  # an uncompressed one from an older build: read by nothing
        written.append(mo)
    if not written:
        raise SystemExit(f"no catalogs (*/LC_MESSAGES/*.po) under {locale_dir}")
    return written


def write_country_orders(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    import icu  # PyICU (pyicu-wheels): build-time only
    from babel import Locale

    from eventreg.domain.countries import is_country_code
    from eventreg.domain.types import LANGUAGES
    from eventreg.locale.countries import ORDER_FILE

    written = []
    for language in LANGUAGES:
        collator = icu.Collator.createInstance(icu.Locale(language))
        names = {code: name for code, name in Locale.parse(language).territories.items() if is_country_code(code)}
        # The collation key, then the name itself: two names the collator ranks equal still come in one fixed order.
        order = sorted(names, key=lambda code: (collator.getSortKey(names[code]), names[code]))
        target = locale_dir / language / ORDER_FILE
        target.write_text("\n".join(order) + "\n", encoding="utf-8")
        written.append(target)
    return written


def main() -> int:
    locale_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else LOCALE_DIR
    for mo in compile_catalogs(locale_dir):
        print(f"compiled {mo}")
    for order in write_country_orders(locale_dir):
        print(f"wrote {order}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
