"""The badge PDF's layout rules (#15): EU letters and long names fit (shrink first, then wrap, never past the
label), each back lies behind its front for duplex printing, and label sheets that do not fit are refused."""

from __future__ import annotations

import io

import pytest
from fpdf import FPDF
from pypdf import PdfReader

from eventreg.report.badges.pdf import Badge, fit, render
from eventreg.report.badges.sheets import A4_TWO, A6, LabelSheet
from eventreg.report.pdf_text import FAMILY, add_fonts

# The longest names of the benches' and fixtures' people, letters of every EU script, and a 60-character name.
NAMES = ["Elżbieta Bieńkowska", "Seán Ó Briain", "Γεώργιος Παπαδόπουλος-Καραμανλής", "Ħarry Żammit Ċassar",
         "Ștefan Țurcanu-Łukasiewicz", "Йорданка Христозова-Ангелова", "Zsófia Őrsi-Kovács",
         "Maximiliane Alexandra von Hohenzollern-Sigmaringen-Hechingen"]
SIXTY = NAMES[-1]


def pdf(size: float = 24) -> FPDF:
    document = FPDF(unit="mm")
    add_fonts(document)
    document.set_font(FAMILY, "B", size)
    return document


def badges(names: list[str]) -> list[Badge]:
    return [Badge(name, "Περιφέρεια Κεντρικής Μακεδονίας — Министерство регионального развития", "България",
                  "speaker", "Speaker", f"ER1.ewrc-demo.01JREG{i:020d}.sig") for i, name in enumerate(names)]


def test_the_sixty_character_name_is_sixty_characters() -> None:
    assert len(SIXTY) == 60


def test_a_short_name_keeps_the_largest_size_on_one_line() -> None:
    assert fit(pdf(), "Jan Peeters", 93, 24, 14, 3, "B").size == 24
    assert fit(pdf(), "Jan Peeters", 93, 24, 14, 3, "B").lines == ("Jan Peeters",)


def test_a_longer_name_shrinks_before_it_wraps() -> None:
    set_text = fit(pdf(), "Ștefan Țurcanu-Łukasiewicz", 93, 24, 14, 3, "B")
    assert 14 <= set_text.size < 24 and set_text.lines == ("Ștefan Țurcanu-Łukasiewicz",)


@pytest.mark.parametrize("name", NAMES)
def test_every_name_fits_the_a6_text_width_whole(name: str) -> None:
    document = pdf()
    set_text = fit(document, name, 93, 24, 14, 3, "B")
    document.set_font(FAMILY, "B", set_text.size)
    assert all(document.get_string_width(line) <= 93 - 2 * document.c_margin + 1e-6 for line in set_text.lines)
    assert "".join(set_text.lines).replace(" ", "") == name.replace(" ", "")  # nothing cut


def test_the_sixty_character_name_wraps_at_the_smallest_size() -> None:
    set_text = fit(pdf(), SIXTY, 93, 24, 14, 3, "B")
    assert set_text.size == 14 and 2 <= len(set_text.lines) <= 3


def test_text_beyond_its_lines_is_cut_with_an_ellipsis() -> None:
    set_text = fit(pdf(), "Organisation " * 20, 60, 14, 9, 2)
    assert len(set_text.lines) == 2 and set_text.lines[-1].endswith("…")


@pytest.mark.parametrize("sheet", [A6, A4_TWO])
def test_every_letter_is_in_the_pdf_and_each_back_repeats_its_front(sheet: LabelSheet) -> None:
    reader = PdfReader(io.BytesIO(render(badges(NAMES), sheet, "EWRC 2026", "en", "Badges: EWRC 2026")))
    sheets = -(-len(NAMES) // sheet.per_page)
    assert len(reader.pages) == 2 * sheets
    texts = [page.extract_text() for page in reader.pages]
    for front, back in zip(texts[::2], texts[1::2], strict=True):
        assert sorted(front.splitlines()) == sorted(back.splitlines())
    joined = " ".join(" ".join(texts).split())
    for name in NAMES[:-1]:
        assert name in joined
    assert "Περιφέρεια Κεντρικής Μακεδονίας" in joined and "България" in joined and "SPEAKER" in joined


def test_backs_are_mirrored_for_long_edge_duplex() -> None:
    three = LabelSheet("3x1", (210.0, 297.0), (60.0, 90.0), 3, 1, margin=(10.0, 20.0), gap=(5.0, 0.0))
    assert [three.front(slot) for slot in range(3)] == [(10.0, 20.0), (75.0, 20.0), (140.0, 20.0)]
    # The back of the left badge lies behind it: on the back page it is on the right, mirrored about the page.
    assert [three.back(slot) for slot in range(3)] == [(140.0, 20.0), (75.0, 20.0), (10.0, 20.0)]
    assert A4_TWO.back(1) == A4_TWO.front(1) == (0.0, 148.5)


def test_a_sheet_whose_labels_do_not_fit_is_refused() -> None:
    with pytest.raises(ValueError, match="do not fit"):
        LabelSheet("too-wide", (210.0, 297.0), (110.0, 148.0), 2, 2)


def test_no_badges_make_one_empty_page() -> None:
    assert len(PdfReader(io.BytesIO(render([], A6, "EWRC", "en", "Badges"))).pages) == 1
