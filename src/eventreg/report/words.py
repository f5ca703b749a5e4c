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
    # statistics
    "statistics": ("Statistics", "Statistieken", "Statistiques", "Statistik"),
    "by_status": ("Registrations by status", "Inschrijvingen per status", "Inscriptions par statut",
                  "Anmeldungen nach Status"),
    "by_mode": ("Registrations by attendance mode", "Inschrijvingen per wijze van deelname",
                "Inscriptions par mode de participation", "Anmeldungen nach Teilnahmeart"),
    "by_country": ("Registrations by country", "Inschrijvingen per land", "Inscriptions par pays",
                   "Anmeldungen nach Land"),
    "by_organisation_type": ("Registrations by type of organisation", "Inschrijvingen per type organisatie",
                             "Inscriptions par type d'organisation", "Anmeldungen nach Art der Organisation"),
    "event_places": ("Places in the event", "Plaatsen in het evenement", "Places de l'événement",
                     "Plätze der Veranstaltung"),
    "session_fill": ("Session fill rates", "Bezetting van de sessies", "Taux de remplissage des sessions",
                     "Auslastung der Sitzungen"),
    "over_time": ("Registrations over time", "Inschrijvingen in de tijd", "Inscriptions dans le temps",
                  "Anmeldungen im Zeitverlauf"),
    "registrations": ("Registrations", "Inschrijvingen", "Inscriptions", "Anmeldungen"),
    "date": ("Date", "Datum", "Date", "Datum"),
    "received_that_day": ("Received that day", "Ontvangen die dag", "Reçues ce jour-là", "An diesem Tag eingegangen"),
    "cumulative": ("Cumulative", "Cumulatief", "Cumul", "Kumuliert"),
    "capacity": ("Capacity", "Capaciteit", "Capacité", "Kapazität"),
    "registered": ("Registered", "Ingeschreven", "Inscrits", "Angemeldet"),
    "waitlisted": ("Waiting list", "Wachtlijst", "Liste d'attente", "Warteliste"),
    "fill_rate": ("Fill rate", "Bezetting", "Taux de remplissage", "Auslastung"),
    "unlimited": ("Unlimited", "Onbeperkt", "Illimité", "Unbegrenzt"),
    "mode": ("Attendance mode", "Wijze van deelname", "Mode de participation", "Teilnahmeart"),
    "total_received": ("Registrations received", "Ontvangen inschrijvingen", "Inscriptions reçues",
                       "Eingegangene Anmeldungen"),
    "live": ("Live (confirmed, awaiting approval, waiting list)", "Lopend (bevestigd, wacht op goedkeuring, "
             "wachtlijst)", "En cours (confirmées, en attente de validation, liste d'attente)",
             "Aktiv (bestätigt, wartet auf Bestätigung, Warteliste)"),
    "anonymised": ("Of which anonymised after the retention period", "Waarvan geanonimiseerd na de bewaartermijn",
                   "Dont anonymisées après la durée de conservation",
                   "Davon nach Ablauf der Aufbewahrungsfrist anonymisiert"),
    "live_basis": ("Attendance mode, country and type of organisation count live registrations.",
                   "Wijze van deelname, land en type organisatie tellen de lopende inschrijvingen.",
                   "Le mode de participation, le pays et le type d'organisation comptent les inscriptions en cours.",
                   "Teilnahmeart, Land und Art der Organisation zählen die aktiven Anmeldungen."),
    "partner_scope": ("These figures cover your sessions only: {sessions}.",
                      "Deze cijfers betreffen alleen uw sessies: {sessions}.",
                      "Ces chiffres ne concernent que vos sessions : {sessions}.",
                      "Diese Zahlen betreffen nur Ihre Sitzungen: {sessions}."),
    "no_registrations": ("No registrations yet.", "Nog geen inschrijvingen.", "Pas encore d'inscriptions.",
                         "Noch keine Anmeldungen."),
    "unknown": ("Unknown", "Onbekend", "Inconnu", "Unbekannt"),
    "chart_of": ("Chart: {title}", "Grafiek: {title}", "Graphique : {title}", "Diagramm: {title}"),
    "line_desc": ("{total} registrations from {first} to {last}.", "{total} inschrijvingen van {first} tot {last}.",
                  "{total} inscriptions du {first} au {last}.", "{total} Anmeldungen vom {first} bis {last}."),
}


def word(key: str, language: str, **values: object) -> str:
    """A report word, or a page word of eventreg.web.i18n, in `language` (English if unknown)."""
    if key not in _WORDS:
        return text(key, language, **values)
    words = _WORDS[key]
    chosen = words[LANGUAGES.index(language)] if language in LANGUAGES else words[0]
    return chosen.format(**values) if values else chosen


def labelled(key: str, value: str, language: str) -> str:
    """"Speakers: A, B", with the colon as the language writes it (French: "Intervenants : A, B")."""
    return f"{word(key, language)}{' : ' if language == 'fr' else ': '}{value}"


def words_in(language: str) -> Callable[..., str]:
    def t(key: str, **values: object) -> str:
        return word(key, language, **values)

    return t
