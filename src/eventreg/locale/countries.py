"""Country names in the reader's language, from Babel's CLDR data, sorted by name (the codes and what counts
as a country: eventreg.domain.countries)."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

from eventreg.domain.countries import is_country_code


@lru_cache(maxsize=8)
def country_names(language: str = "en") -> dict[str, str]:
    territories = Locale.parse(language).territories
    return dict(
        sorted(
            ((code, name) for code, name in territories.items() if is_country_code(code)),
            key=lambda pair: pair[1],
        )
    )
