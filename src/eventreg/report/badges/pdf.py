"""Badges as a print-ready PDF (fpdf2): per badge the name, organisation, country (in the event's language), the
person's role on a coloured band that also names it, the event's title and the check-in QR code.

Every badge is printed twice, front and back (sheets.py puts each back behind its front for duplex printing), so
a badge that turns on its lanyard still shows the name. Names and organisations of any EU language fit: the text
is set in DejaVu Sans (Latin, Greek, Cyrillic), a long one first shrinks to fit one line, then wraps at the
smallest size, and only beyond the lines allowed is it cut with an ellipsis.

The QR code is drawn as vector rectangles straight into the page's content stream: fpdf2's public path API made
a badge take ~36x longer. The same operators serve front and back. Heavy import: export jobs import it lazily.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from fpdf import FPDF

from eventreg.qr_codes import QUIET_ZONE, modules
from eventreg.report.badges.sheets import LabelSheet
from eventreg.report.pdf_text import FAMILY, Widths, add_fonts, wrap_lines

PT = 0.3528  # mm per point
LEADING = 1.2
PAD = 6.0  # mm inside a label's edge
INK = (26, 26, 26)
GREY = (85, 85, 85)
# Band colours by role, each with white text at a contrast of 4.5:1 or more; the band also says the role in words.
BANDS = {"participant": (29, 78, 216), "speaker": (176, 0, 32), "organiser": (21, 101, 52),
         "press": (91, 33, 182), "partner": (154, 52, 18)}


@dataclass(frozen=True)
class Badge:
    name: str
    organisation: str
    country: str  # the country's name, in the event's language
    role: str  # the role's code (BANDS' keys)
    role_label: str  # the role, in the event's language
    code: str  # the check-in code the QR holds


@dataclass(frozen=True)
class Fit:
    """A text as set: its lines at `size` points."""

    lines: tuple[str, ...]
    size: float

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * PT * LEADING


def fit(pdf: FPDF, text: str, width: float, largest: float, smallest: float, max_lines: int, style: str = "") -> Fit:
    """`text` in `width` mm: on one line at the largest size from `largest` down to `smallest` that fits it, else
    wrapped at `smallest` (cut with "…" past `max_lines`)."""
    size = largest
    while size >= smallest:
        pdf.set_font(FAMILY, style, size)
        if Widths(pdf)(text) <= width - 2 * pdf.c_margin:
            return Fit((text,), size)
        size -= 1
    pdf.set_font(FAMILY, style, smallest)
    lines = wrap_lines(pdf, text, width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and Widths(pdf)(last + "…") > width - 2 * pdf.c_margin:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return Fit(tuple(lines), smallest)


class Layout:
    """Where each part of a badge goes on a label of `sheet`: portrait labels have the QR code under the text,
    landscape ones beside it."""

    def __init__(self, sheet: LabelSheet) -> None:
        width, height = sheet.label
        self.width, self.height = width, height
        self.band = max(12.0, height * 0.1)
        self.portrait = height >= width
        self.qr = min(width, height) * (0.38 if self.portrait else 0.36)
        above_band = height - self.band - PAD
        if self.portrait:
            self.text_width = width - 2 * PAD
            self.text_bottom = above_band - self.qr - 3
            self.qr_at = ((width - self.qr) / 2, above_band - self.qr)
        else:
            self.text_width = width - 3 * PAD - self.qr
            self.text_bottom = above_band
            self.qr_at = (width - PAD - self.qr, PAD + (above_band - PAD - self.qr) / 2)
        self.name_size = (24.0, 14.0) if self.portrait else (34.0, 18.0)


class BadgeDocument:
    def __init__(self, sheet: LabelSheet, title: str, language: str) -> None:
        self.sheet, self.title = sheet, title
        self.layout = Layout(sheet)
        pdf = self.pdf = FPDF(unit="mm", format=sheet.page)
        pdf.set_auto_page_break(False)
        pdf.set_margins(0, 0, 0)
        add_fonts(pdf)
        pdf.set_lang(language)
        pdf.set_creator("eventreg")

    def add(self, badges: list[Badge]) -> None:
        """One sheet: the front page with up to `per_page` badges, then its back page."""
        drawn = [(badge, self._qr(badge.code)) for badge in badges]
        for place in (self.sheet.front, self.sheet.back):
            self.pdf.add_page()
            for slot, (badge, qr) in enumerate(drawn):
                self._badge(badge, qr, *place(slot))

    def output(self) -> bytes:
        return bytes(self.pdf.output())

    def _qr(self, code: str) -> str:
        """The QR code's fill operators, at the label's origin (translated per placement with `cm`)."""
        symbol = modules(code)
        unit = self.layout.qr / (symbol.size + 2 * QUIET_ZONE) / PT  # points per module
        ops = [f"{(QUIET_ZONE + column) * unit:.3f} {-(QUIET_ZONE + row + 1) * unit:.3f} {length * unit:.3f} "
               f"{unit:.3f} re" for row, column, length in symbol.runs]
        return "0 g\n" + "\n".join(ops) + "\nf"

    def _badge(self, badge: Badge, qr: str, x: float, y: float) -> None:
        pdf, layout = self.pdf, self.layout
        pdf.set_draw_color(190, 190, 190)
        pdf.rect(x, y, layout.width, layout.height)  # the cutting line
        top = self._lines(fit(pdf, self.title, layout.text_width, 9.0, 7.0, 2), x, y + PAD, GREY) + 3.0
        # The person's texts, as many as fit above the QR code (name first), centred in the space left.
        bottom = y + layout.text_bottom
        parts = [(fit(pdf, badge.name, layout.text_width, *layout.name_size, 3, "B"), "B", INK, 2.5),
                 (fit(pdf, badge.organisation, layout.text_width, 14.0, 9.0, 2), "", INK, 1.5),
                 (fit(pdf, badge.country, layout.text_width, 12.0, 9.0, 1), "", GREY, 0.0)]
        shown, height = [], 0.0
        for part in parts:
            if part[0].lines != ("",) and top + height + part[0].height <= bottom:
                shown.append(part)
                height += part[0].height + part[3]
        top += max(0.0, (bottom - top - height) / 2)
        for set_text, style, colour, after in shown:
            pdf.set_font(FAMILY, style, set_text.size)
            top = self._lines(set_text, x, top, colour) + after
        qr_x, qr_y = x + layout.qr_at[0], y + layout.qr_at[1]
        # fpdf2's private _out: the public path API is ~36x slower (module docstring)
        pdf._out(f"q 1 0 0 1 {qr_x / PT:.3f} {(pdf.h - qr_y) / PT:.3f} cm\n{qr}\nQ")
        band_y = y + layout.height - layout.band
        pdf.set_fill_color(*BANDS.get(badge.role, BANDS["participant"]))
        pdf.rect(x, band_y, layout.width, layout.band, style="F")
        pdf.set_text_color(255, 255, 255)
        label = fit(pdf, badge.role_label.upper(), layout.width - 2 * PAD, 16.0, 10.0, 1, "B")
        pdf.set_xy(x + PAD, band_y)
        pdf.cell(layout.width - 2 * PAD, layout.band, label.lines[0], align="C")

    def _lines(self, set_text: Fit, x: float, top: float, colour: tuple[int, int, int]) -> float:
        """Draws `set_text` centred from `top` (its font already set by fit); returns where it ends."""
        pdf = self.pdf
        pdf.set_text_color(*colour)
        line_height = set_text.size * PT * LEADING
        for line in set_text.lines:
            pdf.set_xy(x + PAD, top)
            pdf.cell(self.layout.text_width, line_height, line, align="C")
            top += line_height
        return top


def chunks(badges: Iterable[Badge], size: int) -> Iterator[list[Badge]]:
    items = iter(badges)
    while chunk := list(islice(items, size)):
        yield chunk


def render(badges: Iterable[Badge], sheet: LabelSheet, title: str, language: str, document_title: str) -> bytes:
    """The badges on `sheet`, in order, each front followed by its back; `document_title` names the file in
    viewers."""
    document = BadgeDocument(sheet, title, language)
    document.pdf.set_title(document_title)
    for chunk in chunks(badges, sheet.per_page):
        document.add(chunk)
    if document.pdf.page == 0:  # nobody to print: one empty sheet, not a file viewers refuse
        document.pdf.add_page()
    return document.output()
