"""The one test that pins Babel's exact output: for the Babel version uv.lock holds.

Everything else compares localised text against Babel's own formatting (tests/localised.py), so a Babel
release cannot turn main red; this test fails on purpose when `make lock` moves Babel, so that whoever
refreshes the lock sees what changed in the text people read.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime
from importlib.metadata import version
from pathlib import Path

from babel.dates import format_interval

from eventreg.locale.dates import format_instant, locale_of

LOCK = Path(__file__).resolve().parents[2] / "uv.lock"


def locked_version(name: str) -> str:
    return next(p["version"] for p in tomllib.loads(LOCK.read_text())["package"] if p["name"] == name)


def test_the_installed_babel_is_the_locked_one() -> None:
    assert version("babel") == locked_version("babel") == "2.19.0"


def test_exact_output_of_the_locked_babel() -> None:
    # 2.19 (CLDR 47) puts thin spaces (U+2009) around the dash of a day range.
    assert format_interval(date(2026, 10, 12), date(2026, 10, 15), "yMMMd", locale=locale_of("en")) == (
        "12\u2009\u2013\u200915 Oct 2026")
    assert format_instant(datetime(2018, 5, 18, 21, 59, tzinfo=UTC), "Europe/Brussels", "de") == (
        "18. Mai 2018, 23:59 CEST")
