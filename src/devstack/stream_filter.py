"""Lambda event filtering (an event source mapping's FilterCriteria) applied locally, to the same patterns
(eventreg.adapters.dynamodb.stream_filters), so that a consumer sees locally what it sees on AWS.

Only the exact-value rules are supported: a nested object narrows to a field, a list names the allowed values,
and a record matches if it matches any pattern. That is all the patterns use; anything else (prefix, numeric,
exists, anything-but…) is refused when the filter is built, so a new pattern cannot silently match differently
here than on AWS. Hand-written rather than moto's EventBridge matcher: that one round-trips every record
through JSON per pattern, which is the CPU this module is meant to save during a burst.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


class UnsupportedPattern(ValueError):
    """A pattern uses a rule this local filter does not implement."""


def _check(pattern: Any, path: str = "") -> None:
    if not isinstance(pattern, dict) or not pattern:
        raise UnsupportedPattern(f"{path or 'pattern'}: expected a non-empty object")
    for name, wanted in pattern.items():
        where = f"{path}.{name}" if path else name
        if name.startswith("$"):
            raise UnsupportedPattern(f"{where}: operators are not supported locally")
        if isinstance(wanted, dict):
            _check(wanted, where)
        elif not isinstance(wanted, list) or not all(isinstance(v, str | int | float | bool) for v in wanted):
            raise UnsupportedPattern(f"{where}: only lists of exact values are supported locally")


def _matches(pattern: Mapping[str, Any], value: Mapping[str, Any]) -> bool:
    for name, wanted in pattern.items():
        if name not in value:
            return False
        got = value[name]
        if isinstance(wanted, dict):
            if not isinstance(got, Mapping) or not _matches(wanted, got):
                return False
        elif isinstance(got, dict | list) or got not in wanted:
            return False
    return True


@dataclass(frozen=True)
class RecordFilter:
    """The FilterCriteria of one consumer: a record passes if it matches any pattern; no patterns, every record."""

    patterns: tuple[dict[str, Any], ...] = ()

    @classmethod
    def of(cls, patterns: Sequence[str]) -> RecordFilter:
        loaded = tuple(json.loads(p) for p in patterns)
        for pattern in loaded:
            _check(pattern)
        return cls(loaded)

    def __call__(self, record: Mapping[str, Any]) -> bool:
        return not self.patterns or any(_matches(p, record) for p in self.patterns)
