"""eventreg.domain.models.new_id: ULID layout, time order, uniqueness."""

from __future__ import annotations

import itertools
import time

import pytest

from eventreg.domain.models import new_id

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def decode_ms(identifier: str) -> int:
    """The 48-bit millisecond timestamp of a ULID (its first 10 characters)."""
    value = 0
    for char in identifier[:10]:
        value = value * 32 + CROCKFORD.index(char)
    return value


def test_shape() -> None:
    identifier = new_id()
    assert len(identifier) == 26
    assert set(identifier) <= set(CROCKFORD)
    assert identifier[0] in "01234567"  # 128 bits in 130: the top digit never exceeds 7


def test_unique() -> None:
    ids = [new_id() for _ in range(20_000)]
    assert len(set(ids)) == len(ids)


# new_id reads time.time_ns(); patching the time module is undone after each test.


def test_carries_the_millisecond(monkeypatch: pytest.MonkeyPatch) -> None:
    ms = 1_779_141_599_000  # 18 May 2026, 21:59:59 UTC
    monkeypatch.setattr(time, "time_ns", lambda: ms * 1_000_000 + 999_999)
    assert decode_ms(new_id()) == ms


def test_ids_sort_in_time_order(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = itertools.count(1_779_141_599_000)
    monkeypatch.setattr(time, "time_ns", lambda: next(clock) * 1_000_000)
    ids = [new_id() for _ in range(500)]
    assert sorted(ids) == ids


def test_same_millisecond_ids_differ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time_ns", lambda: 1_779_141_599_000_000_000)
    ids = {new_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert len({identifier[:10] for identifier in ids}) == 1
