"""The words of the delegation trip report in en/nl/fr/de. The Dutch headings are the sections of the model
report the report follows (seed 004, "verslag buitenlandse dienstreis")."""

from __future__ import annotations

from collections.abc import Callable

from eventreg.domain.types import LANGUAGES

# key: (en, nl, fr, de); a key ending in "_one" is the singular of the same key without it.
_TEXTS: dict[str, tuple[str, str, str, str]] = {
    "title": ("Report on an official trip abroad", "Verslag buitenlandse dienstreis",
              "Rapport de mission à l'étranger", "Bericht über eine Dienstreise ins Ausland"),
    "intro": (
        "Pre-filled with what the registration system knows about this delegation. Complete the marked "
        "fields and check the rest.",
        "Vooraf ingevuld met wat het inschrijvingssysteem over deze delegatie weet. Vul de gemarkeerde "
        "velden aan en kijk de rest na.",
        "Prérempli avec ce que le système d'inscription sait de cette délégation. Complétez les champs "
        "signalés et vérifiez le reste.",
        "Vorausgefüllt mit dem, was das Anmeldesystem über diese Delegation weiß. Ergänzen Sie die "
        "markierten Felder und prüfen Sie den Rest.",
    ),
    "event": ("Event", "Evenement", "Événement", "Veranstaltung"),
    "dates": ("Dates", "Data", "Dates", "Datum"),
    "venue": ("Venue", "Locatie", "Lieu", "Ort"),
    "online": ("Online", "Online", "En ligne", "Online"),
    "in_person": ("In person", "Ter plaatse", "Sur place", "Vor Ort"),
    "organisation": ("Organisation", "Organisatie", "Organisation", "Organisation"),
    "lead": ("Delegation lead", "Delegatieleider", "Chef de délégation", "Delegationsleitung"),
    "reference": ("Delegation reference", "Referentie delegatie", "Référence de la délégation",
                  "Referenz der Delegation"),
    "h_persons": ("How many people made the trip?", "Hoeveel personen hebben de reis gemaakt?",
                  "Combien de personnes ont fait le voyage ?", "Wie viele Personen haben die Reise unternommen?"),
    "h_duration": ("How long did the trip last?", "Hoelang duurde de reis?", "Combien de temps a duré le voyage ?",
                   "Wie lange dauerte die Reise?"),
    "h_purpose": ("What was the purpose of the trip?", "Wat was het doel van de reis?",
                  "Quel était l'objectif du voyage ?", "Was war der Zweck der Reise?"),
    "h_places": ("Which places were visited?", "Welke locaties zijn bezocht?", "Quels lieux ont été visités ?",
                 "Welche Orte wurden besucht?"),
    "h_met": ("Whom did you meet? (State their positions)", "Wie heb je ontmoet? (Benoem de functieomschrijving)",
              "Qui avez-vous rencontré ? (Précisez leurs fonctions)", "Wen haben Sie getroffen? (Mit Funktion)"),
    "h_outcomes": ("What did the trip bring {who}?", "Wat heeft de reis {who} opgeleverd?",
                   "Qu'a apporté le voyage à {who} ?", "Was hat die Reise {who} gebracht?"),
    "who_city": ("the city", "de gemeente", "la ville", "der Stadt"),
    "who_other": ("the organisation", "de organisatie", "l'organisation", "der Organisation"),
    "h_followup": ("Were follow-up arrangements made? If so, which?", "Zijn er vervolgafspraken? Zo ja, welke?",
                   "Des suites ont-elles été convenues ? Si oui, lesquelles ?",
                   "Gibt es Folgevereinbarungen? Wenn ja, welche?"),
    "persons": ("{n} persons", "{n} personen", "{n} personnes", "{n} Personen"),
    "persons_one": ("{n} person", "{n} persoon", "{n} personne", "{n} Person"),
    "days": ("{n} days", "{n} dagen", "{n} jours", "{n} Tage"),
    "days_one": ("{n} day", "{n} dag", "{n} jour", "{n} Tag"),
    "nights": ("{n} nights", "{n} nachten", "{n} nuits", "{n} Nächte"),
    "nights_one": ("{n} night", "{n} nacht", "{n} nuit", "{n} Nacht"),
    "duration_same": ("{days}, {nights}.", "{days}, {nights}.", "{days}, {nights}.", "{days}, {nights}."),
    "duration_varies": ("Differed per person, at most {days}, {nights}.",
                        "Verschilde per persoon maar max {days}, {nights}.",
                        "Variable selon les personnes, au plus {days}, {nights}.",
                        "Je nach Person verschieden, höchstens {days}, {nights}."),
    "nights_note": (
        "Days come from each person's sessions (the whole event for those without sessions); nights are a "
        "suggestion: trip days minus one in person, none online.",
        "Dagen volgen uit de sessies van elke persoon (het hele evenement voor wie geen sessies koos); "
        "nachten zijn een suggestie: reisdagen min één ter plaatse, geen online.",
        "Les jours découlent des sessions de chacun (tout l'événement sans session choisie) ; les nuits sont "
        "une suggestion : jours de voyage moins un sur place, aucune en ligne.",
        "Die Tage ergeben sich aus den Sitzungen jeder Person (die ganze Veranstaltung ohne Sitzungen); die "
        "Nächte sind ein Vorschlag: Reisetage minus eins vor Ort, keine online.",
    ),
    "purpose_line": ("Participation in {event}, {dates}, {venue}.", "Deelname aan {event}, {dates}, {venue}.",
                     "Participation à {event}, {dates}, {venue}.", "Teilnahme an {event}, {dates}, {venue}."),
    "topics": ("Topics of the event:", "Thema's van het evenement:", "Thèmes de l'événement :",
               "Themen der Veranstaltung:"),
    "rooms": ("Rooms of the sessions attended:", "Zalen van de bijgewoonde sessies:",
              "Salles des sessions suivies :", "Räume der besuchten Sitzungen:"),
    "speakers": ("Speakers of the sessions attended (to check):", "Sprekers van de bijgewoonde sessies (na te kijken):",
                 "Intervenants des sessions suivies (à vérifier) :",
                 "Vortragende der besuchten Sitzungen (zu prüfen):"),
    "partners": ("Partner organisations of the event:", "Partnerorganisaties van het evenement:",
                 "Organisations partenaires de l'événement :", "Partnerorganisationen der Veranstaltung:"),
    "col_name": ("Name", "Naam", "Nom", "Name"),
    "col_job": ("Job title", "Functie", "Fonction", "Funktion"),
    "col_mode": ("Attendance", "Deelname", "Participation", "Teilnahme"),
    "col_days": ("Days attended", "Aanwezige dagen", "Jours de présence", "Anwesenheitstage"),
    "col_trip": ("Trip", "Reis", "Voyage", "Reise"),
    "col_nights": ("Nights (suggestion)", "Nachten (suggestie)", "Nuits (suggestion)", "Nächte (Vorschlag)"),
    "col_sessions": ("Sessions (times in {zone})", "Sessies (tijden in {zone})", "Sessions (heures : {zone})",
                     "Sitzungen (Zeiten in {zone})"),
    "cap_persons": ("Who travelled", "Wie reisde mee", "Qui a voyagé", "Wer reiste mit"),
    "cap_duration": ("Days per person", "Dagen per persoon", "Jours par personne", "Tage pro Person"),
    "cap_sessions": ("Sessions per person", "Sessies per persoon", "Sessions par personne", "Sitzungen pro Person"),
    "whole_event": ("whole event", "hele evenement", "tout l'événement", "ganze Veranstaltung"),
    "waiting": ("On the waiting list, not counted: {names}.", "Op de wachtlijst, niet meegeteld: {names}.",
                "Sur liste d'attente, non compté(s) : {names}.", "Auf der Warteliste, nicht gezählt: {names}."),
    "pending": ("awaiting approval", "wacht op goedkeuring", "en attente d'approbation", "wartet auf Freigabe"),
    "anonymised": ("(anonymised)", "(geanonimiseerd)", "(anonymisé)", "(anonymisiert)"),
    "to_complete": ("To complete", "In te vullen", "À compléter", "Auszufüllen"),
    "hint_persons": ("anyone who travelled without registering here", "wie meereisde zonder zich hier in te schrijven",
                     "toute personne ayant voyagé sans s'inscrire ici", "wer ohne Anmeldung hier mitreiste"),
    "hint_duration": ("the actual travel days and nights, if they differ", "de werkelijke reisdagen en nachten, als "
                      "die afwijken", "les jours et nuits de voyage réels, s'ils diffèrent",
                      "die tatsächlichen Reisetage und Nächte, falls abweichend"),
    "hint_purpose": ("the goals of the visit: knowledge, network, profile", "de doelen van het bezoek: kennis, "
                     "netwerk, profilering", "les objectifs de la visite : connaissances, réseau, visibilité",
                     "die Ziele des Besuchs: Wissen, Netzwerk, Profilierung"),
    "hint_places": ("other places, sessions and network events visited", "andere bezochte locaties, sessies en "
                    "netwerkevenementen", "autres lieux, sessions et événements de réseautage visités",
                    "weitere besuchte Orte, Sitzungen und Netzwerkveranstaltungen"),
    "hint_met": ("the people you met and their positions", "wie u ontmoet hebt en hun functie",
                 "les personnes rencontrées et leurs fonctions", "die getroffenen Personen und ihre Funktionen"),
    "hint_outcomes": ("insights, knowledge and solutions, network, profile", "inzichten, kennis en oplossingen, "
                      "netwerk, profilering", "enseignements, connaissances et solutions, réseau, visibilité",
                      "Erkenntnisse, Wissen und Lösungen, Netzwerk, Profilierung"),
    "hint_followup": ("the arrangements made and who follows them up", "de gemaakte afspraken en wie ze opvolgt",
                      "les accords conclus et qui en assure le suivi",
                      "die getroffenen Vereinbarungen und wer sie weiterverfolgt"),
    "download_docx": ("Download as an editable document (.docx)", "Downloaden als bewerkbaar document (.docx)",
                      "Télécharger en document modifiable (.docx)", "Als bearbeitbares Dokument herunterladen (.docx)"),
    "languages": ("Language", "Taal", "Langue", "Sprache"),
}

Translate = Callable[..., str]


def trip_translator(language: str) -> Translate:
    index = LANGUAGES.index(language) if language in LANGUAGES else 0

    def t(key: str, **values: object) -> str:
        n = values.get("n")
        chosen = f"{key}_one" if n == 1 and f"{key}_one" in _TEXTS else key
        text = _TEXTS[chosen][index]
        return text.format(**values) if values else text

    return t
