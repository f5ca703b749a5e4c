"""ISO 3166-1 alpha-2 countries, from Babel's CLDR data (also used for localised country names)."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

# CLDR lists territories that are not ISO 3166-1 countries (Ascension, Canary Islands, EU...). Kosovo
# (XK) stays: EU programmes use it.
_NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"})


@lru_cache(maxsize=8)
def country_names(language: str = "en") -> dict[str, str]:
    territories = Locale.parse(language).territories
    return dict(
        sorted(
            ((code, name) for code, name in territories.items()
             if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES),
            key=lambda pair: pair[1],
        )
    )


def is_country(code: str) -> bool:
    return code in country_names("en")
