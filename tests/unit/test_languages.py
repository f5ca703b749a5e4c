"""The one list of languages (eventreg.domain.types.WRITTEN_IN) and what is derived from it: the EU's 24 official
languages, each with a CLDR locale of its own language, its name in its own words as Babel has it, its plural
rule and Babel data in the Lambda bundles."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from babel import Locale

from eventreg.domain.types import LANGUAGES, WRITTEN_IN
from eventreg.locale.dates import format_instant, locale_of
from eventreg.locale.languages import LANGUAGE_NAMES, language_tag, locale_id

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

from bundle_trim import kept_locales

EU_OFFICIAL = ("bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv",
               "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv")
# The member states whose conventions each language's dates follow (en: the EU institutions' British style).
EU_TERRITORIES = {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
                  "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "GB"}


def test_the_languages_are_the_eu_s_24_official_ones() -> None:
    assert LANGUAGES == EU_OFFICIAL


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_is_written_in_a_locale_of_its_own_language(language: str) -> None:
    locale = Locale.parse(locale_id(language))
    assert locale.language == language and locale.territory in EU_TERRITORIES
    assert language_tag(language) == f"{language}-{locale.territory}"
    assert locale_of(language) == locale


def test_the_locales_keep_the_styles_the_pages_had() -> None:
    assert (locale_id("en"), locale_id("nl"), locale_id("fr"), locale_id("de")) == ("en_GB", "nl_BE", "fr_BE", "de_DE")
    assert locale_id("xx") == "xx"  # not offered: stands for itself


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_is_named_in_its_own_words_as_cldr_names_it(language: str) -> None:
    own = Locale.parse(language).get_display_name()
    assert LANGUAGE_NAMES[language] == own[0].upper() + own[1:]


def test_the_names_cover_exactly_the_languages() -> None:
    assert list(LANGUAGE_NAMES) == list(LANGUAGES) == list(WRITTEN_IN)


@pytest.mark.parametrize(("language", "expected"), [
    ("el", "18 Μαΐου 2018, 23:59 CEST"), ("bg", "18 май 2018\u202fг., 23:59 CEST"),
    ("mt", "18 ta’ Mejju 2018, 23:59 CEST"), ("pl", "18 maja 2018, 23:59 CEST"),
    ("ga", "18 Bealtaine 2018, 23:59 CEST"),
])
def test_dates_are_written_in_the_language_s_cldr_locale(language: str, expected: str) -> None:
    from datetime import UTC, datetime

    assert format_instant(datetime(2018, 5, 18, 21, 59, tzinfo=UTC), "Europe/Brussels", language) == expected


def test_the_bundles_keep_the_babel_data_of_each_language_and_its_locale_with_their_parents() -> None:
    kept = kept_locales()
    for language in LANGUAGES:
        assert {language, locale_id(language)} <= kept
    assert {"root", "en_001", "en_150"} & kept >= {"root", "en_001"}
    assert "ja" not in kept and "fr_CA" not in kept and "pt_BR" not in kept  # nothing not offered
