"""Country lists in the reader's alphabetical order (#14): accented names among their letter, not after Z, and each
language's own letters where its alphabet puts them."""

from __future__ import annotations

import pytest

from eventreg.locale.countries import country_names
from eventreg.locale.languages import LANGUAGE_NAMES


def position(language: str, name: str) -> int:
    return list(country_names(language).values()).index(name)


def test_french_puts_egypte_among_the_e() -> None:
    assert position("fr", "Égypte") < position("fr", "Espagne") < position("fr", "Zimbabwe")
    assert position("fr", "Danemark") < position("fr", "Égypte")


def test_german_puts_osterreich_among_the_o() -> None:
    assert position("de", "Oman") < position("de", "Österreich") < position("de", "Pakistan")
    assert position("de", "Österreich") < position("de", "Zypern")


# The language's own alphabet (CLDR's tailoring, through ICU at build time), not one order for all: a Swede, a Dane
# or an Estonian looks for these letters after z, a Czech for ch after h, a Lithuanian for ž after z.
def test_swedish_and_danish_put_their_own_letters_after_z() -> None:
    assert position("sv", "Zimbabwe") < position("sv", "Åland") < position("sv", "Österrike")
    assert position("sv", "Oman") < position("sv", "Zambia") < position("sv", "Österrike")
    assert position("da", "Zimbabwe") < position("da", "Østrig") < position("da", "Åland")


def test_czech_puts_ch_after_h() -> None:
    assert position("cs", "Honduras") < position("cs", "Chile") < position("cs", "Irsko")
    assert position("cs", "Dánsko") < position("cs", "Honduras")


def test_estonian_and_lithuanian_letters_after_z() -> None:
    assert position("et", "Wallis ja Futuna") < position("et", "Ühendkuningriik")
    assert position("lt", "Zimbabvė") < position("lt", "Žaliasis Kyšulys")


@pytest.mark.parametrize("language", sorted(LANGUAGE_NAMES))
def test_every_language_has_every_country_once(language: str) -> None:
    names = country_names(language)
    assert len(names) == len(country_names("en")) > 190
    assert "BE" in names and "EU" not in names  # countries, not regions or groupings
