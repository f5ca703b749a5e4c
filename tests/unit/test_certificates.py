"""The certificate of attendance's PDF (#15): in the attendee's language, with the person, the event, its dates
and place, the sessions they were checked in for and the organiser; every EU script embedded (text read back)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from eventreg.report.certificates.pdf import Certificate, render


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


@pytest.mark.parametrize(("language", "name", "said"), [
    ("en", "Elżbieta Bieńkowska", "Certificate of attendance"),
    ("fr", "Zoë Müller-Lüdenscheidt", "Attestation de participation"),
    ("de", "Ørjan Ødegård", "Teilnahmebescheinigung"),
    ("nl", "Δημήτρης Παπαδόπουλος", "Bewijs van deelname"),
    ("en", "Иван Петров", "This is to certify that"),
])
def test_the_certificate_says_who_attended_what(language: str, name: str, said: str) -> None:
    pdf = render(Certificate(language, name, "Region of Test", "European Week of Regions and Cities",
                             "12–15 October 2026", "Square, Brussels", ["Mon 12 Oct 09:30 Opening session"],
                             "European Committee of the Regions"), datetime(2026, 10, 16, tzinfo=UTC))
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    for expected in (said, name, "Region of Test", "European Week of Regions and Cities", "12–15 October 2026",
                     "Opening session", "European Committee of the Regions"):
        assert expected in text, expected
