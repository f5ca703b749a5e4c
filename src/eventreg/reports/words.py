"""The words of the agenda and statistics reports in en/nl/fr/de. Words the pages already have
(agenda, room, online, ...) come from eventreg.web.i18n, so one word is translated once."""

from __future__ import annotations

from collections.abc import Callable

from eventreg.domain.types import LANGUAGES
from eventreg.web.i18n import text

# key: (en, nl, fr, de)
_WORDS: dict[str, tuple[str, str, str, str]] = {
    "time": ("Time", "Tijd", "Heure", "Zeit"),
    "track": ("Track", "Thema", "Thème", "Themenbereich"),
    "speakers": ("Speakers", "Sprekers", "Intervenants", "Referenten"),
    "seats": ("{n} seats", "{n} plaatsen", "{n} places", "{n} Plätze"),
    "times_in": ("All times are in the {zone} time zone.", "Alle tijden in de tijdzone {zone}.",
                 "Toutes les heures sont dans le fuseau horaire {zone}.", "Alle Zeiten in der Zeitzone {zone}."),
    "draft": ("Draft programme: not yet published.", "Ontwerpprogramma: nog niet gepubliceerd.",
              "Projet de programme : pas encore publié.", "Programmentwurf: noch nicht veröffentlicht."),
    "event_cancelled": ("This event has been cancelled.", "Dit evenement is geannuleerd.",
                        "Cet événement a été annulé.", "Diese Veranstaltung wurde abgesagt."),
    "no_sessions": ("The programme has not been announced yet.", "Het programma is nog niet bekendgemaakt.",
                    "Le programme n'a pas encore été annoncé.", "Das Programm wurde noch nicht bekanntgegeben."),
    "download_pdf": ("Download as PDF", "Downloaden als pdf", "Télécharger en PDF", "Als PDF herunterladen"),
    "subscribe_ics": ("Add to your calendar (.ics)", "Toevoegen aan uw agenda (.ics)",
                      "Ajouter à votre agenda (.ics)", "Zum Kalender hinzufügen (.ics)"),
    "page": ("Page {n} of {total}", "Pagina {n} van {total}", "Page {n} sur {total}", "Seite {n} von {total}"),
    "programme_days": ("Programme days", "Programmadagen", "Jours du programme", "Programmtage"),
}


def word(key: str, language: str, **values: object) -> str:
    """A report word, or a page word of eventreg.web.i18n, in `language` (English if unknown)."""
    if key not in _WORDS:
        return text(key, language, **values)
    words = _WORDS[key]
    chosen = words[LANGUAGES.index(language)] if language in LANGUAGES else words[0]
    return chosen.format(**values) if values else chosen


def words_in(language: str) -> Callable[..., str]:
    def t(key: str, **values: object) -> str:
        return word(key, language, **values)

    return t
