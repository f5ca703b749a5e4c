"""Country lists in the reader's alphabetical order (#14): accented names among their letter, not after Z."""

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


@pytest.mark.parametrize("language", sorted(LANGUAGE_NAMES))
def test_every_language_has_every_country_once(language: str) -> None:
    names = country_names(language)
    assert len(names) == len(country_names("en")) > 190
    assert "BE" in names and "EU" not in names  # countries, not regions or groupings
