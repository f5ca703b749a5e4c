"""Where the agenda sends its reader: the registration form only inside the registration window, otherwise
the reason in the reader's language; the accessible HTML version always, absolute and in that language."""

from __future__ import annotations

from agenda_helpers import autumn_event, utc

from eventreg.domain.models import EventStatus
from eventreg.report.agenda.links import agenda_links

ORIGIN = "https://events.example.eu"
OPENS, CLOSES = utc(9, 1, 8), utc(10, 20, 21, 59)


def test_inside_the_window_the_agenda_leads_to_the_form_in_the_readers_language() -> None:
    links = agenda_links(autumn_event(registration_opens_at=OPENS), "nl", ORIGIN, utc(10, 1, 12))
    assert links.register_path == "/events/night-of-regions/register?lang=nl"
    assert links.registration_notice == ""
    assert links.page_url == f"{ORIGIN}/reports/events/night-of-regions/agenda.html?lang=nl"


def test_before_the_window_it_says_when_registration_opens() -> None:
    links = agenda_links(autumn_event(registration_opens_at=OPENS), "nl", ORIGIN, utc(8, 1, 12))
    assert links.register_path is None
    assert links.registration_notice == "De inschrijving opent op 1 september 2026, 10:00 CEST."


def test_after_the_deadline_or_closed_early_it_says_so() -> None:
    after = agenda_links(autumn_event(registration_opens_at=OPENS), "fr", ORIGIN, utc(10, 21, 12))
    assert after.register_path is None
    assert after.registration_notice.startswith("Les inscriptions ont été closes le 20 octobre 2026")
    early = agenda_links(autumn_event(registration_opens_at=OPENS, status=EventStatus.CLOSED), "fr", ORIGIN,
                         utc(10, 1, 12))
    assert (early.register_path, early.registration_notice) == (None, "Les inscriptions sont closes.")
    assert early.fingerprint() != agenda_links(autumn_event(registration_opens_at=OPENS), "fr", ORIGIN,
                                               utc(10, 1, 12)).fingerprint()
