"""tools/bundle_trim.py cuts Babel's CLDR data in the Lambda bundles to what eventreg formats: with the data cut
so, every kind of text eventreg has Babel write (dates, times, intervals, numbers, percentages, lists, country
and language names) still comes out, identical, in each of the 24 languages."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import babel
import babel.localedata
import pytest
from babel.dates import format_interval
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from eventreg.domain.types import LANGUAGES
from eventreg.locale import countries, dates
from eventreg.locale.dates import format_day, format_day_time, format_instant, locale_of
from eventreg.locale.fallbacks import language_note

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

from bundle_trim import UNUSED_CLDR, kept_locales, trim_locale_data

AT = datetime(2026, 10, 12, 7, 30, tzinfo=UTC)
LATER = datetime(2026, 10, 15, 15, 0, tzinfo=UTC)


def written(language: str) -> list[str]:
    """Everything eventreg has Babel write, in `language`."""
    locale = locale_of(language)
    return [format_instant(AT, "Europe/Brussels", language), format_day(AT, "Europe/Athens", language),
            format_day_time(AT, "Europe/Lisbon", language), str(format_interval(AT, LATER, "yMMMd", locale=locale)),
            format_decimal(12345.5, locale=locale), format_percent(0.875, locale=locale),
            format_list(["A", "B", "C"], locale=locale), language_note(["en", "fr"], language),
            ",".join(countries.country_names(language).values())]


def clear_caches() -> None:
    babel.localedata._cache.clear()
    dates.locale_of.cache_clear()
    countries.country_names.cache_clear()


@pytest.fixture
def trimmed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Babel reading a copy of the bundles' locale data, trimmed as tools/bundle_trim.py trims it."""
    source = Path(babel.__file__).parent / "locale-data"
    for name in kept_locales():
        shutil.copy2(source / f"{name}.dat", tmp_path / f"{name}.dat")
        trim_locale_data(tmp_path / f"{name}.dat")
    clear_caches()
    monkeypatch.setattr(babel.localedata, "_dirname", str(tmp_path))
    yield tmp_path
    monkeypatch.undo()
    clear_caches()


def test_the_trimmed_data_write_everything_as_the_full_data_do(trimmed: Path) -> None:
    full_size = sum((Path(babel.__file__).parent / "locale-data" / p.name).stat().st_size for p in trimmed.iterdir())
    assert sum(p.stat().st_size for p in trimmed.iterdir()) < full_size * 0.6
    cut = {language: written(language) for language in LANGUAGES}
    babel.localedata._dirname = str(Path(babel.__file__).parent / "locale-data")
    clear_caches()
    assert cut == {language: written(language) for language in LANGUAGES}
    assert "time_zones" in UNUSED_CLDR and "territories" not in UNUSED_CLDR
