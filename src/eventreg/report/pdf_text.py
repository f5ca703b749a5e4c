"""Text set in a PDF (fpdf2) the way eventreg's documents need it: DejaVu Sans shipped inside the package (Lambda
has no system fonts, and PDF's built-in fonts know only Latin-1: "Bieńkowska", "Łódź", Greek and Cyrillic would be
lost), and lines broken to a width with each character measured once. Shared by the agenda and the badges.

Heavy import (fpdf2 with fontTools): only the modules that write PDFs import this one.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "agenda" / "fonts"
FAMILY = "DejaVu"


def add_fonts(pdf: FPDF) -> None:
    """DejaVu Sans, regular and bold, as FAMILY (fpdf2 embeds only the glyphs a document uses)."""
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))


def wrap_lines(pdf: FPDF, text: str, width: float) -> list[str]:
    """`text` broken into lines that fit `width` in the current font. Each word is measured once:
    fpdf2's multi_cell measures the whole line again for every character it adds, which made a
    100-session agenda take seconds instead of a fraction of one."""
    room = width - 2 * pdf.c_margin
    measure = Widths(pdf)
    space = measure(" ")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words: list[str] = []
        used = 0.0
        for word in paragraph.split(" "):
            size = measure(word)
            while size > room:  # a word longer than a line (a URL): cut it where the line ends
                if words:
                    lines.append(" ".join(words))
                    words, used = [], 0.0
                cut = fitting(measure, word, room)
                lines.append(word[:cut])
                word = word[cut:]
                size = measure(word)
            if words and used + space + size > room:
                lines.append(" ".join(words))
                words, used = [], 0.0
            used += (space if words else 0.0) + size
            words.append(word)
        lines.append(" ".join(words))
    return lines


def fitting(measure: Widths, word: str, room: float) -> int:
    """How many leading characters of `word` fit in `room` (at least one)."""
    used = 0.0
    for index, character in enumerate(word):
        used += measure(character)
        if used > room:
            return max(index, 1)
    return len(word)


# (family, style, size, character) -> width in mm: the same font files for every document, so the
# widths hold for the process (bounded by the fonts' glyphs times the few sizes used).
_WIDTHS: dict[tuple[str, str, float, str], float] = {}


class Widths:
    """Text widths in the current font from its characters' widths, each asked of fpdf2 once
    (its get_string_width costs ~0.1 ms a call, whatever the text's length)."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.font = (pdf.font_family, pdf.font_style, pdf.font_size_pt)

    def __call__(self, text: str) -> float:
        known = _WIDTHS
        total = 0.0
        for character in text:
            key = (*self.font, character)
            width = known.get(key)
            if width is None:
                width = known[key] = self.pdf.get_string_width(character)
            total += width
        return total
