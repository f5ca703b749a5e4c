"""ISO 3166-1 alpha-2 countries, from Babel's CLDR data (their names in a language: eventreg.locale.countries)."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

# CLDR lists territories that are not ISO 3166-1 countries (Ascension, Canary Islands, EU...). Kosovo
# (XK) stays: EU programmes use it.
_NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"})


def is_country_code(code: str) -> bool:
    """Whether a CLDR territory code is an ISO 3166-1 country."""
    return len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    return frozenset(code for code, _name in Locale.parse("en").territories.items() if is_country_code(code))


def is_country(code: str) -> bool:
    return code in country_codes()
