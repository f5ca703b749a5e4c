"""Cell safety shared by the CSV and XLSX writers: text that a spreadsheet would take for a formula, and
invisible characters that would disguise what a cell says."""

from __future__ import annotations

import re

# A spreadsheet evaluates a cell starting with one of these (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Removed from every exported cell: control characters other than tab and line breaks (NUL, ESC, ...),
# bidirectional overrides, embeddings, isolates and marks (a name that reads backwards: "Trojan Source"),
# zero-width characters and the byte order mark.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)


def visible(value: str) -> str:
    """The text without characters that cannot be seen but change how it reads."""
    return _INVISIBLE.sub("", value)


def formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def inert(value: str) -> str:
    """A cell a spreadsheet will not evaluate, and without invisible controls: text starting like a formula
    (once they are gone) gets a leading quote."""
    value = visible(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value
