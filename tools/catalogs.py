"""Compile the gettext catalogs: each src/eventreg/locale/<lang>/LC_MESSAGES/eventreg.po to the .mo next to
it, which the running code reads (eventreg.locale.catalog). The .mo files are build output, never in git:
`make bootstrap` runs this (so `make run` and `make test` have them) and tools/package_service.py runs it
into each Lambda bundle's copy of the core.

    python tools/catalogs.py [LOCALE_DIR]

Babel's own API (what `pybabel compile` runs), so that a build needs no console script on PATH. A fuzzy or
untranslated entry still compiles (tests/unit/test_catalogs.py is what refuses one).
"""

from __future__ import annotations

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
        mo = po.with_suffix(".mo")
        with mo.open("wb") as target:
            write_mo(target, catalog)
        written.append(mo)
    if not written:
        raise SystemExit(f"no catalogs (*/LC_MESSAGES/*.po) under {locale_dir}")
    return written


def main() -> int:
    locale_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else LOCALE_DIR
    for mo in compile_catalogs(locale_dir):
        print(f"compiled {mo}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
