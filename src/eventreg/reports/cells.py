"""Cell safety shared by the CSV and XLSX writers: text that a spreadsheet would take for a formula."""

from __future__ import annotations

# A spreadsheet evaluates a cell starting with one of these (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def inert(value: str) -> str:
    """A cell a spreadsheet will not evaluate: text starting like a formula gets a leading quote."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
