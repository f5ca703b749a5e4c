"""tools/fill_translations.py: one language's table as translators write it ({msgid: text | [plural forms]}, a
plural keyed by its singular msgid, as many forms as the language's Plural-Forms) and the {msgid: {lang: text}}
table of references; nothing is written when an entry does not fit."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

from fill_translations import fill_language, fill_references, main, untranslated

SEATS = ("%(num)s seat left", "%(num)s seats left")


@pytest.fixture
def locale_dir(tmp_path: Path) -> Path:
    """Catalogs of en, pl (3 plural forms) and ga (5), each with one plain and one plural msgid, untranslated."""
    for language in ("en", "pl", "ga", "nl"):
        catalog = Catalog(locale=language)
        catalog.add("Register", "")
        catalog.add(SEATS, ("",) * catalog.num_plurals)
        path = tmp_path / language / "LC_MESSAGES" / "eventreg.po"
        path.parent.mkdir(parents=True)
        with path.open("wb") as target:
            write_po(target, catalog)
    return tmp_path


def read(locale_dir: Path, language: str) -> Catalog:
    with (locale_dir / language / "LC_MESSAGES" / "eventreg.po").open("rb") as source:
        return read_po(source, locale=language)


def test_a_language_s_table_fills_plain_and_plural_messages(locale_dir: Path) -> None:
    forms = ["Zostało %(num)s miejsce", "Zostały %(num)s miejsca", "Zostało %(num)s miejsc"]
    assert fill_language("pl", {"Register": "Zarejestruj się", SEATS[0]: forms}, locale_dir) == []
    catalog = read(locale_dir, "pl")
    assert catalog.get("Register").string == "Zarejestruj się"
    assert catalog.get(SEATS).string == tuple(forms)
    assert untranslated("pl", locale_dir) == []


def test_a_plural_needs_exactly_the_language_s_number_of_forms(locale_dir: Path) -> None:
    problems = fill_language("ga", {"Register": "Cláraigh", SEATS[0]: ["a", "b", "c"]}, locale_dir)
    assert problems == [f"ga: {SEATS[0]!r} needs a list of 5 texts, got ['a', 'b', 'c']"]
    assert read(locale_dir, "ga").get("Register").string == ""  # nothing written
    assert fill_language("ga", {SEATS[0]: "one text"}, locale_dir)
    assert fill_language("ga", {"Register": ["a", "b"]}, locale_dir) == [
        "ga: 'Register' needs one text, got ['a', 'b']"]


def test_an_unknown_msgid_is_reported(locale_dir: Path) -> None:
    assert fill_language("pl", {"Not there": "x"}, locale_dir) == [
        "pl: not in the catalog (run make messages first): 'Not there'"]


def test_a_fuzzy_message_is_no_longer_fuzzy_once_filled(locale_dir: Path) -> None:
    catalog = read(locale_dir, "pl")
    catalog.get("Register").flags.add("fuzzy")
    with (locale_dir / "pl" / "LC_MESSAGES" / "eventreg.po").open("wb") as target:
        write_po(target, catalog)
    assert untranslated("pl", locale_dir) == ["Register", SEATS[0]]
    fill_language("pl", {"Register": "Zarejestruj się"}, locale_dir)
    assert not read(locale_dir, "pl").get("Register").fuzzy


def test_the_reference_table_fills_each_language_it_names_and_english(locale_dir: Path) -> None:
    table = {"Register": {"nl": "Inschrijven"}, SEATS[0]: {"nl": ["Nog %(num)s plaats", "Nog %(num)s plaatsen"]}}
    assert fill_references(table, locale_dir) == []
    assert read(locale_dir, "nl").get("Register").string == "Inschrijven"
    assert read(locale_dir, "en").get(SEATS).string == SEATS
    assert read(locale_dir, "en").get("Register").string == "Register"


def test_the_command_line_takes_a_language_and_exits_1_on_a_problem(locale_dir: Path, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "pl.json"
    table.write_text(json.dumps({"Register": "Zarejestruj się"}), encoding="utf-8")
    assert main(["--language", "pl", str(table), "--locale-dir", str(locale_dir)]) == 0
    assert "pl: 1 msgids still untranslated" in capsys.readouterr().out
    table.write_text(json.dumps({SEATS[0]: ["only one"]}), encoding="utf-8")
    assert main(["--language", "pl", str(table), "--locale-dir", str(locale_dir)]) == 1
