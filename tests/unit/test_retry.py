"""eventreg.retry.Backoff: full jitter between 0 and min(cap, base * 2**attempt), with a fake sleep and random."""

from __future__ import annotations

import math
import random

import pytest

from eventreg.adapters.dynamodb import privacy, table
from eventreg.register import managing
from eventreg.retry import Backoff


def recording(high_is_drawn: bool = True) -> tuple[Backoff, list[float], list[tuple[float, float]]]:
    """A Backoff whose 'random' returns the top of its range (or the bottom) and whose sleep records."""
    slept: list[float] = []
    ranges: list[tuple[float, float]] = []

    def uniform(low: float, high: float) -> float:
        ranges.append((low, high))
        return high if high_is_drawn else low

    return Backoff(base=0.1, cap=2.0, sleep=slept.append, uniform=uniform), slept, ranges


def test_the_ceiling_doubles_per_attempt_from_the_base() -> None:
    backoff, _, _ = recording()
    assert [backoff.ceiling(a) for a in range(5)] == pytest.approx([0.1, 0.2, 0.4, 0.8, 1.6])


def test_the_ceiling_stops_at_the_cap() -> None:
    backoff, _, _ = recording()
    assert [backoff.ceiling(a) for a in range(5, 40)] == [2.0] * 35


def test_without_a_cap_the_ceiling_keeps_growing() -> None:
    backoff = Backoff(base=0.005)
    assert backoff.cap == math.inf
    assert [backoff.ceiling(a) for a in range(8)] == pytest.approx([0.005 * 2**a for a in range(8)])


def test_pause_sleeps_a_draw_from_zero_to_the_ceiling() -> None:
    backoff, slept, ranges = recording()
    for attempt in range(7):
        backoff.pause(attempt)
    assert [low for low, _ in ranges] == [0] * 7
    assert [high for _, high in ranges] == pytest.approx([0.1, 0.2, 0.4, 0.8, 1.6, 2.0, 2.0])
    assert slept == pytest.approx([0.1, 0.2, 0.4, 0.8, 1.6, 2.0, 2.0])
    low, slept_low, _ = recording(high_is_drawn=False)
    low.pause(3)
    assert slept_low == [0]


def test_real_draws_stay_within_the_bounds() -> None:
    random.seed(11)
    backoff = Backoff(base=0.01, cap=0.2)
    for attempt in range(12):
        draws = [backoff.delay(attempt) for _ in range(200)]
        assert all(0 <= d <= min(0.2, 0.01 * 2**attempt) for d in draws)
        assert max(draws) > 0.5 * min(0.2, 0.01 * 2**attempt)  # full jitter: the range is used, not a point


def test_the_default_sleep_is_time_sleep_looked_up_when_called(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr("time.sleep", slept.append)
    Backoff(base=0.001, cap=0.001).pause(0)
    assert len(slept) == 1 and 0 <= slept[0] <= 0.001


def test_each_call_site_keeps_its_numbers() -> None:
    """The retry loops that used to write the formula out keep their base and cap (the SES mailer's
    0.1 s / 2 s: test_ses_mailer checks its waits)."""
    assert (table.CONFLICT_BACKOFF.base, table.CONFLICT_BACKOFF.cap) == (0.005, math.inf)
    assert (privacy.UNPROCESSED_BACKOFF.base, privacy.UNPROCESSED_BACKOFF.cap) == (0.05, 1.0)
    assert (managing.LOST_ROUND_BACKOFF.base, managing.LOST_ROUND_BACKOFF.cap) == (0.01, 0.2)
