"""Codes inside error messages (statuses, attendance modes) read as codes in the API's English and as their
translated names on a page, so a translated sentence carries no English word (#14)."""

from __future__ import annotations

import pytest

from eventreg.domain.errors import N_, Message, Named
from eventreg.locale.catalog import words
from eventreg.locale.errors import in_language
from eventreg.locale.names import EVENT_STATUSES, MODES, STATUSES

MODE_MESSAGE = N_("“%(title)s” is not held for this attendance mode: %(mode)s.")
STATUS_MESSAGE = N_("This registration can no longer be changed (status: %(status)s).")


def test_the_api_reads_the_code() -> None:
    assert Message(MODE_MESSAGE, title="Lab", mode=Named("mode", "in_person")) == \
        "“Lab” is not held for this attendance mode: in person."


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_a_page_reads_the_codes_name_in_its_language(language: str) -> None:
    translate = words(language)
    mode = in_language(Message(MODE_MESSAGE, title="Lab", mode=Named("mode", "in_person")), language)
    status = in_language(Message(STATUS_MESSAGE, status=Named("status", "cancelled")), language)
    assert mode == translate(MODE_MESSAGE, title="Lab", mode=translate(MODES["in_person"]))
    assert status == translate(STATUS_MESSAGE, status=translate(STATUSES["cancelled"]))
    assert "in person" not in mode and "cancelled" not in status.lower()


def test_an_events_status_has_its_own_names() -> None:
    refused = in_language(Message(N_("An event cannot go from “%(current)s” to “%(wanted)s”."),
                                  current=Named("event_status", "finished"),
                                  wanted=Named("event_status", "open")), "de")
    translate = words("de")
    assert translate(EVENT_STATUSES["finished"]) in refused and translate(EVENT_STATUSES["open"]) in refused
    assert "finished" not in refused
