"""The suite's own layout: pytest imports test modules by their base name (rootdir-relative, no packages), so two
tiers holding a test_x.py of the same name break collection on a clean checkout (a cached run can hide it)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_no_two_test_modules_share_a_name() -> None:
    names = Counter(path.name for path in TESTS.rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []
