"""The agenda as a printable A4 PDF (fpdf2: pure Python, so it runs on Lambda as it runs here).

Lambda has no system fonts, and PDF's built-in fonts know only Latin-1 ("Bieńkowska", "Łódź" would be
lost), so the text is set in DejaVu Sans shipped inside the package (reports/fonts, subset to the
scripts of European events; fpdf2 embeds only the glyphs a document uses). Each day is a bookmark in
the PDF's outline; a session never splits across two pages.

Heavy import (fpdf2 with fontTools): only the PDF route imports this module.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from eventreg.reports.agenda import Agenda, Entry
from eventreg.reports.words import labelled, words_in

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
MARGIN = 15.0
TIME_WIDTH = 34.0  # mm, the time column
GAP = 4.0
INK = (26, 26, 26)
GREY = (85, 85, 85)
Words = Callable[..., str]
ACCENT = (29, 78, 216)


class _Document(FPDF):
    def __init__(self, title: str, page_label: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.running_title = title
        self.page_label = page_label  # "Page {n} of {total}", localised

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*GREY)
        width = self.epw / 2
        self.cell(width, 5, self.running_title[:90], align="L")
        self.cell(width, 5, self.page_label.format(n=self.page_no(), total="{nb}"), align="R")


def _height(pdf: FPDF, width: float, line: float, text: str) -> float:
    """How tall `text` will be in the current font (a dry run: nothing is drawn)."""
    height = pdf.multi_cell(width, line, text, align="L", dry_run=True, output=MethodReturnValue.HEIGHT)
    assert isinstance(height, float | int)
    return float(height)


def _paragraph(pdf: FPDF, x: float, width: float, line: float, text: str, style: str, size: float,
               colour: tuple[int, int, int] = INK) -> None:
    pdf.set_font(FAMILY, style, size)
    pdf.set_text_color(*colour)
    pdf.set_x(x)
    pdf.multi_cell(width, line, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _blocks(entry: Entry, t: Words, language: str) -> list[tuple[str, str, float, tuple[int, int, int]]]:
    """The lines of one session's text: (text, style, size, colour)."""
    blocks = [(entry.title, "B", 10.5, INK)]
    if entry.speakers:
        blocks.append((labelled("speakers", ", ".join(entry.speakers), language), "", 9.0, INK))
    details = [
        labelled("room", entry.room, language) if entry.room else "",
        labelled("track", entry.track, language) if entry.track else "",
        " · ".join(entry.modes),
        t("seats", n=entry.capacity) if entry.capacity is not None else "",
    ]
    blocks.append((" · ".join(d for d in details if d), "", 8.5, GREY))
    if entry.description:
        blocks.append((entry.description, "", 8.5, INK))
    return blocks


def _entry(pdf: FPDF, entry: Entry, t: Words, language: str) -> None:
    content_x = MARGIN + TIME_WIDTH + GAP
    content_w = pdf.w - MARGIN - content_x
    blocks = _blocks(entry, t, language)
    heights = []
    for text, style, size, _ in blocks:
        pdf.set_font(FAMILY, style, size)
        heights.append(_height(pdf, content_w, size * 0.45, text))
    pdf.set_font(FAMILY, "B", 9.5)
    time_height = _height(pdf, TIME_WIDTH, 4.5, entry.time)
    needed = max(sum(heights), time_height) + 3
    if pdf.will_page_break(needed):
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_draw_color(200, 200, 200)
    pdf.line(MARGIN, top, pdf.w - MARGIN, top)
    pdf.set_xy(MARGIN, top + 1.5)
    _paragraph(pdf, MARGIN, TIME_WIDTH, 4.5, entry.time, "B", 9.5)
    pdf.set_y(top + 1.5)
    for text, style, size, colour in blocks:
        _paragraph(pdf, content_x, content_w, size * 0.45, text, style, size, colour)
    pdf.set_y(top + needed)


def _front(pdf: FPDF, agenda: Agenda, t: Words) -> None:
    _paragraph(pdf, MARGIN, pdf.epw, 5, t("agenda"), "", 10, GREY)
    _paragraph(pdf, MARGIN, pdf.epw, 8, agenda.title, "B", 17)
    pdf.ln(1)
    if not agenda.published:
        _paragraph(pdf, MARGIN, pdf.epw, 5, t("draft"), "B", 10, ACCENT)
    if agenda.status == "cancelled":
        _paragraph(pdf, MARGIN, pdf.epw, 5, t("event_cancelled"), "B", 10, (176, 0, 32))
    facts = [("when", agenda.when), ("where", agenda.where), ("organiser", agenda.organiser)]
    for label, value in facts:
        if value:
            _paragraph(pdf, MARGIN, pdf.epw, 4.8, labelled(label, value, agenda.language), "", 9.5)
    _paragraph(pdf, MARGIN, pdf.epw, 4.8, t("times_in", zone=agenda.timezone), "", 9.5, GREY)
    pdf.ln(2)


def render(agenda: Agenda, created: datetime) -> bytes:
    t = words_in(agenda.language)
    pdf = _Document(agenda.title, t("page", n="{n}", total="{total}"))
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title(f"{t('agenda')}: {agenda.title}")
    pdf.set_lang(agenda.language)
    pdf.set_creator("eventreg")
    pdf.set_creation_date(created)
    pdf.add_page()
    _front(pdf, agenda, t)
    if not agenda.days:
        _paragraph(pdf, MARGIN, pdf.epw, 5, t("no_sessions"), "", 10)
    for day in agenda.days:
        if pdf.will_page_break(30):
            pdf.add_page()
        pdf.ln(3)
        pdf.start_section(day.label)  # a bookmark in the outline
        _paragraph(pdf, MARGIN, pdf.epw, 7, day.label, "B", 13, ACCENT)
        pdf.ln(1)
        for slot in day.slots:
            for entry in slot.entries:
                _entry(pdf, entry, t, agenda.language)
    return bytes(pdf.output())
