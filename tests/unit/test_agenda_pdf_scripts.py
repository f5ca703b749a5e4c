"""The agenda PDF in every EU script (#14): its embedded font (DejaVu Sans, subset by tools/subset_fonts.py)
has Greek, Cyrillic and every Latin letter of the EU languages, and the text of a Greek and a Bulgarian agenda
reads back (pypdf) with the catalog's words, CLDR's day names and the organiser's texts."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from agenda_helpers import autumn_event, autumn_sessions
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from eventreg.locale.catalog import labelled, words
from eventreg.locale.dates import format_day
from eventreg.report.agenda.content import build
from eventreg.report.agenda.pdf import render

NOW = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
FONTS = Path(__file__).resolve().parents[2] / "src" / "eventreg" / "report" / "agenda" / "fonts"
# The letters beyond ASCII of the 24 languages' alphabets (Greek and Bulgarian Cyrillic whole), both cases.
LETTERS = ("ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩάέήίόύώϊϋΐΰς" "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЬЮЯ"
           "ħżġċ" "āēīūčšžģķļņ" "ąčęėįšųūž" "ąćęłńóśźż" "áčďéěíňóřšťúůýž" "ăâîșțşţ" "őű" "äöüß" "åæø" "õ"
           "àèéìíòóùúç" "ãõ" "ñ" "ĺľŕô" "đ")
TITLES = {"el": "Νύχτα των Περιφερειών", "bg": "Нощ на регионите"}
SESSION = "Ħamrun, Żebbuġ, Ċirkewwa; Rīga, Šiauliai, Łódź, Brno-Žabovřesky, Timișoara, Constanța"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)  # line breaks, and CLDR's narrow no-break spaces ("2026\u202fг.")


@pytest.mark.parametrize("font", ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"])
def test_the_fonts_have_every_letter_of_the_eu_languages(font: str) -> None:
    cmap = TTFont(str(FONTS / font)).getBestCmap()
    letters = LETTERS + LETTERS.upper()
    assert [letter for letter in letters if ord(letter) not in cmap] == []


@pytest.mark.parametrize("language", ["el", "bg"])
def test_a_greek_and_a_bulgarian_agenda_read_back_in_their_script(language: str) -> None:
    event = autumn_event(title={"en": "Night of the Regions", language: TITLES[language]}, language=language)
    sessions = autumn_sessions()
    sessions[0] = sessions[0].model_copy(update={"title": {"en": SESSION}})
    data = render(build(event, sessions, language), NOW, "https://events.example.eu/agenda.html")
    reader = PdfReader(io.BytesIO(data))
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    say = words(language)
    expected = [TITLES[language], say("Agenda"), say("Page %(n)s of %(total)s", n=1, total=len(reader.pages)),
                say("All times are in the %(zone)s time zone.", zone=event.timezone),
                labelled(say("Speakers"), "Elżbieta Bieńkowska", language),
                format_day(sessions[1].starts_at, event.timezone, language), SESSION]
    assert [e for e in map(flat, expected) if e not in text] == []
    assert say("Agenda") != "Agenda" and "Speakers" not in text  # translated, not English
