"""Country names in the reader's language, from Babel's CLDR data, in that language's alphabetical order (the
codes and what counts as a country: eventreg.domain.countries).

The order is the Unicode Collation Algorithm's ("Égypte" among the E, "Österreich" among the O), worked out at
build time by tools/catalogs.py and written next to the language's catalog: loading a collation table costs more
than a whole cold start, and the names only change with Babel's data, which the build has too."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel import Locale

ORDER_FILE = "countries.txt"


class CountryOrderMissing(RuntimeError):
    """The build step that sorts the names did not run (`make catalogs`, or tools/package_service.py)."""


@lru_cache(maxsize=8)
def country_names(language: str = "en") -> dict[str, str]:
    territories = Locale.parse(language).territories
    order = Path(__file__).parent / language / ORDER_FILE
    try:
        codes = order.read_text(encoding="utf-8").split()
    except FileNotFoundError:
        raise CountryOrderMissing(f"{order} is missing: run `make catalogs`") from None
    return {code: territories[code] for code in codes}
