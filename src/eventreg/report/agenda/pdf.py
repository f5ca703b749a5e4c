"""The agenda as a printable A4 PDF (fpdf2: pure Python, so it runs on Lambda as it runs here).

Lambda has no system fonts, and PDF's built-in fonts know only Latin-1 ("Bieńkowska", "Łódź" would be
lost), so the text is set in DejaVu Sans shipped inside the package (report/agenda/fonts, subset to the
scripts of European events; fpdf2 embeds only the glyphs a document uses). Each day is a bookmark in
the PDF's outline; a session never splits across two pages.

Accessibility, as far as fpdf2 (2.8) goes: real text (never images) written in reading order (title, facts,
then each day's sessions, a session's time before its texts), the document's language (/Lang), its title
shown by viewers instead of the file name, subject and author in the metadata, the outline. fpdf2 cannot tag
text: its structure tree holds only /Figure elements (images with alt text, styled section titles), never
headings, paragraphs or tables, and a partly tagged file (/MarkInfo /Marked true) hides its untagged text from
readers that trust the tags. So the PDF stays untagged and names the accessible version, the same agenda as
an HTML page, on its first page (and the pages that offer the PDF link the HTML beside it).

Heavy import (fpdf2 with fontTools): only the PDF route imports this module.
"""

from __future__ import annotations

from datetime import datetime

from fpdf import FPDF, ViewerPreferences
from fpdf.enums import XPos, YPos

from eventreg.locale.catalog import Words, labelled, words
from eventreg.report.agenda.content import Agenda, Entry
from eventreg.report.pdf_text import FAMILY, add_fonts, wrap_lines

MARGIN = 15.0
TIME_WIDTH = 34.0  # mm, the time column
GAP = 4.0
LEADING = 0.45  # line height in mm per point of font size
INK = (26, 26, 26)
GREY = (85, 85, 85)
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


def _draw(pdf: FPDF, x: float, width: float, height: float, lines: list[str], link: str = "") -> None:
    for line in lines:
        pdf.set_x(x)
        pdf.cell(width, height, line, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT, link=link)


def _paragraph(pdf: FPDF, x: float, width: float, line: float, text: str, style: str, size: float,
               colour: tuple[int, int, int] = INK, link: str = "") -> None:
    """`text` in lines that fit `width`; with `link`, each line is a link to it (a URI annotation)."""
    pdf.set_font(FAMILY, style, size)
    pdf.set_text_color(*colour)
    _draw(pdf, x, width, line, wrap_lines(pdf, text, width), link)


def _blocks(entry: Entry, _: Words, language: str) -> list[tuple[str, str, float, tuple[int, int, int]]]:
    """The lines of one session's text: (text, style, size, colour)."""
    blocks = [(entry.title, "B", 10.5, INK)]
    if entry.speakers:
        blocks.append((labelled(_("Speakers"), ", ".join(entry.speakers), language), "", 9.0, INK))
    details = [
        labelled(_("Room"), entry.room, language) if entry.room else "",
        labelled(_("Track"), entry.track, language) if entry.track else "",
        " · ".join(entry.modes),
        _.ngettext("%(num)s seat", "%(num)s seats", entry.capacity) if entry.capacity is not None else "",
    ]
    blocks.append((" · ".join(d for d in details if d), "", 8.5, GREY))
    if entry.description:
        blocks.append((entry.description, "", 8.5, INK))
    return blocks


def _entry(pdf: FPDF, entry: Entry, words: Words, language: str) -> None:
    """One session: its time on the left, its texts on the right, never split across pages."""
    content_x = MARGIN + TIME_WIDTH + GAP
    content_w = pdf.w - MARGIN - content_x
    laid_out = []
    for text, style, size, colour in _blocks(entry, words, language):
        pdf.set_font(FAMILY, style, size)
        laid_out.append((wrap_lines(pdf, text, content_w), style, size, colour))
    pdf.set_font(FAMILY, "B", 9.5)
    time_lines = wrap_lines(pdf, entry.time, TIME_WIDTH)
    needed = max(sum(len(lines) * size * LEADING for lines, _, size, _ in laid_out), len(time_lines) * 4.5) + 3
    if pdf.will_page_break(needed):
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_draw_color(200, 200, 200)
    pdf.line(MARGIN, top, pdf.w - MARGIN, top)
    pdf.set_y(top + 1.5)
    pdf.set_text_color(*INK)
    _draw(pdf, MARGIN, TIME_WIDTH, 4.5, time_lines)
    pdf.set_y(top + 1.5)
    for lines, style, size, colour in laid_out:
        pdf.set_font(FAMILY, style, size)
        pdf.set_text_color(*colour)
        _draw(pdf, content_x, content_w, size * LEADING, lines)
    pdf.set_y(top + needed)


def _front(pdf: FPDF, agenda: Agenda, _: Words, page_url: str) -> None:
    _paragraph(pdf, MARGIN, pdf.epw, 5, _("Agenda"), "", 10, GREY)
    _paragraph(pdf, MARGIN, pdf.epw, 8, agenda.title, "B", 17)
    pdf.ln(1)
    # Right after the title: a screen reader reaches the link to the accessible version first.
    accessible = _("An accessible version of this agenda: %(url)s", url=page_url)
    _paragraph(pdf, MARGIN, pdf.epw, 4.8, accessible, "", 9.5, ACCENT, link=page_url)
    pdf.ln(1)
    if not agenda.published:
        _paragraph(pdf, MARGIN, pdf.epw, 5, _("Draft programme: not yet published."), "B", 10, ACCENT)
    if agenda.status == "cancelled":
        _paragraph(pdf, MARGIN, pdf.epw, 5, _("This event has been cancelled."), "B", 10, (176, 0, 32))
    facts = [(_("When"), agenda.when), (_("Where"), agenda.where), (_("Organiser"), agenda.organiser)]
    for label, value in facts:
        if value:
            _paragraph(pdf, MARGIN, pdf.epw, 4.8, labelled(label, value, agenda.language), "", 9.5)
    zone = _("All times are in the %(zone)s time zone.", zone=agenda.timezone)
    _paragraph(pdf, MARGIN, pdf.epw, 4.8, zone, "", 9.5, GREY)
    pdf.ln(2)


def _describe(pdf: FPDF, agenda: Agenda, _: Words) -> None:
    """The document's metadata: what a viewer's title bar, a search index and assistive technology read."""
    pdf.set_title(labelled(_("Agenda"), agenda.title, agenda.language))
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)  # the title, not the file name
    pdf.set_lang(agenda.language)
    pdf.set_subject(" · ".join(part for part in (agenda.when, agenda.where) if part))
    if agenda.organiser:
        pdf.set_author(agenda.organiser)
    pdf.set_creator("eventreg")


def render(agenda: Agenda, created: datetime, page_url: str) -> bytes:
    """The agenda as a PDF; `page_url` is its HTML version, the accessible one, named on the first page."""
    _ = words(agenda.language)
    pdf = _Document(agenda.title, _("Page %(n)s of %(total)s", n="{n}", total="{total}"))
    add_fonts(pdf)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=18)
    _describe(pdf, agenda, _)
    pdf.set_creation_date(created)
    pdf.add_page()
    _front(pdf, agenda, _, page_url)
    if not agenda.days:
        _paragraph(pdf, MARGIN, pdf.epw, 5, _("The programme has not been announced yet."), "", 10)
    for day in agenda.days:
        if pdf.will_page_break(30):
            pdf.add_page()
        pdf.ln(3)
        pdf.start_section(day.label)  # a bookmark in the outline
        _paragraph(pdf, MARGIN, pdf.epw, 7, day.label, "B", 13, ACCENT)
        pdf.ln(1)
        for slot in day.slots:
            for entry in slot.entries:
                _entry(pdf, entry, _, agenda.language)
    return bytes(pdf.output())
