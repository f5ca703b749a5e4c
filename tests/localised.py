"""Comparing localised text without depending on CLDR's spacing choices.

Babel releases change the spaces CLDR puts in dates (a thin space around an interval's dash, a narrow
no-break space before a time zone): tests compare against what the installed Babel formats for the same
inputs, or compare with `spacing_free`, never against a hand-typed literal of Babel's output. The one test
that pins the exact bytes for the locked Babel is tests/unit/test_locked_babel.py.
"""

from __future__ import annotations

import re

# Every Unicode space separator, tab and line break: the classes CLDR has moved between.
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def spacing_free(text: str) -> str:
    """The text with every run of spaces (of any class) removed: '12 – 15 Oct' == '12–15 Oct'."""
    return _SPACES.sub("", text)
