"""A registration's check-in code (eventreg.links.checkin_code) as a QR symbol, in the form each medium shows it:
a PNG for mail clients (a CID-attached image: most clients block data: URIs and remote images), an inline SVG for
the manage page, and the rows of dark modules that the badge PDF draws as vector rectangles.

segno is imported on first use: the apps' import stays free of it (tests/unit/test_cold_start_imports.py).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import segno

# Level M: 15 % of the symbol may be lost (a creased badge, a glare on a phone screen) and it still reads.
# No Micro QR: phone cameras and the browsers' BarcodeDetector read only the full symbol.
ERROR_LEVEL = "m"
QUIET_ZONE = 4  # modules of light margin around the symbol, as ISO/IEC 18004 asks; scanners need it


@lru_cache(maxsize=64)  # a mail's HTML and text parts, a badge's front and back: one symbol each
def symbol(code: str) -> segno.QRCode:
    import segno

    return segno.make(code, error=ERROR_LEVEL, micro=False, boost_error=False)


def png(code: str, scale: int = 5) -> bytes:
    """The symbol as a PNG, `scale` pixels per module, quiet zone included (black on white, 1 bit deep)."""
    out = io.BytesIO()
    symbol(code).save(out, kind="png", scale=scale, border=QUIET_ZONE)
    return out.getvalue()


def png_size(code: str, scale: int = 5) -> int:
    """The PNG's width (= height) in pixels: the mail's <img> states it, so clients reserve the space."""
    width, _ = symbol(code).symbol_size(scale=scale, border=QUIET_ZONE)
    return int(width)


def svg(code: str, label: str) -> str:
    """An inline SVG that scales to its box (viewBox, no fixed size) with `label` as its accessible name."""
    drawn = symbol(code).svg_inline(omitsize=True, svgclass="qr", border=QUIET_ZONE, title=label)
    return drawn.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


@dataclass(frozen=True)
class Modules:
    """The symbol as rectangles: `size` modules a side (quiet zone excluded), `runs` as (row, column, length) of
    consecutive dark modules in a row, so a PDF draws ~4x fewer rectangles than one per module."""

    size: int
    runs: tuple[tuple[int, int, int], ...]


def modules(code: str) -> Modules:
    matrix = symbol(code).matrix
    runs: list[tuple[int, int, int]] = []
    for row, cells in enumerate(matrix):
        start = None
        for column, dark in enumerate((*cells, 0)):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                runs.append((row, start, column - start))
                start = None
    return Modules(len(matrix), tuple(runs))
