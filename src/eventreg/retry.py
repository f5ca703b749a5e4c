"""Exponential backoff with full jitter, written once: before retry `attempt` (0, 1, 2, ...) wait a random
time between 0 and min(cap, base * 2**attempt) seconds. Each caller keeps its own base and cap; the sleep
and the random source can be injected (tests pass fakes, SesMailer passes its own sleep)."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass


def _sleep(seconds: float) -> None:
    time.sleep(seconds)  # looked up at call time, so a patched time.sleep is seen


def _uniform(low: float, high: float) -> float:
    return random.uniform(low, high)  # noqa: S311 - jitter, not crypto


@dataclass(frozen=True)
class Backoff:
    base: float  # the ceiling of the first wait, in seconds
    cap: float = math.inf  # no wait is longer than this
    sleep: Callable[[float], None] = _sleep
    uniform: Callable[[float, float], float] = _uniform

    def ceiling(self, attempt: int) -> float:
        """The longest wait before retry `attempt`: base * 2**attempt, at most cap."""
        return min(self.cap, self.base * 2.0**attempt)

    def delay(self, attempt: int) -> float:
        """A wait before retry `attempt`, drawn uniformly from [0, ceiling(attempt)]."""
        return self.uniform(0, self.ceiling(attempt))

    def pause(self, attempt: int) -> None:
        """Sleep a jittered while before retry `attempt`."""
        self.sleep(self.delay(attempt))
