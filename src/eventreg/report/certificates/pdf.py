"""A certificate of attendance as a one-page A4 PDF (fpdf2, as the agenda), in the attendee's language: who, what,
when and where, the sessions they were checked in for, and who organised it. DejaVu Sans, embedded from the
agenda's fonts, covers every EU script (Latin, Greek, Cyrillic)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from eventreg.locale.catalog import words
from eventreg.report.agenda.pdf import ACCENT, GREY, INK
from eventreg.report.pdf_text import FAMILY, add_fonts


@dataclass(frozen=True)
class Certificate:
    language: str
    name: str
    organisation: str
    event_title: str
    dates: str
    venue: str
    sessions: list[str]  # the sessions they were checked in for, as people read them
    organiser: str  # the organising unit, or ""


def _line(pdf: FPDF, height: float, text: str, centred: bool = False) -> None:
    """A paragraph across the page, then back to the left margin on the next line."""
    pdf.multi_cell(0, height, text, align="C" if centred else "L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render(certificate: Certificate, created: datetime) -> bytes:
    _ = words(certificate.language)
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    add_fonts(pdf)
    title = _("Certificate of attendance")
    pdf.set_title(f"{title}: {certificate.event_title}")
    pdf.set_lang(certificate.language)
    pdf.set_creator("eventreg")
    pdf.set_creation_date(created)
    pdf.set_margins(25, 30, 25)
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 24)
    pdf.set_text_color(*ACCENT)
    _line(pdf, 12, title, centred=True)
    pdf.ln(12)
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "", 12)
    _line(pdf, 7, _("This is to certify that"), centred=True)
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", 20)
    _line(pdf, 10, certificate.name, centred=True)
    if certificate.organisation:
        pdf.set_font(FAMILY, "", 12)
        _line(pdf, 7, certificate.organisation, centred=True)
    pdf.ln(4)
    pdf.set_font(FAMILY, "", 12)
    _line(pdf, 7, _("attended"), centred=True)
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", 16)
    _line(pdf, 9, certificate.event_title, centred=True)
    pdf.set_font(FAMILY, "", 12)
    _line(pdf, 7, " · ".join(part for part in (certificate.dates, certificate.venue) if part), centred=True)
    if certificate.sessions:
        pdf.ln(8)
        pdf.set_font(FAMILY, "B", 11)
        _line(pdf, 6, _("Sessions attended"))
        pdf.set_font(FAMILY, "", 10)
        for line in certificate.sessions:
            _line(pdf, 5.5, f"• {line}")
    if certificate.organiser:
        pdf.ln(10)
        pdf.set_text_color(*GREY)
        pdf.set_font(FAMILY, "", 10)
        _line(pdf, 6, _("Organised by %(organiser)s", organiser=certificate.organiser), centred=True)
    return bytes(pdf.output())
