"""The words of the mails in en/nl/fr/de: per announced change a subject headline and an opening line,
and the labels of the frame. Dates and times come from Babel in the same language."""

from __future__ import annotations

from eventreg.domain.types import LANGUAGES

# state: (headline, intro) per language, in LANGUAGES order
STATES: dict[str, tuple[tuple[str, str], ...]] = {
    "confirmed": (
        ("Registration confirmed", "your registration is confirmed."),
        ("Inschrijving bevestigd", "uw inschrijving is bevestigd."),
        ("Inscription confirmée", "votre inscription est confirmée."),
        ("Anmeldung bestätigt", "Ihre Anmeldung ist bestätigt."),
    ),
    "pending": (
        ("Registration received", "we received your registration; the organisers will confirm it shortly."),
        ("Inschrijving ontvangen", "we hebben uw inschrijving ontvangen; de organisatoren bevestigen ze binnenkort."),
        ("Inscription reçue", "nous avons reçu votre inscription ; les organisateurs la confirmeront sous peu."),
        ("Anmeldung erhalten", "wir haben Ihre Anmeldung erhalten; die Veranstalter bestätigen sie in Kürze."),
    ),
    "waitlisted": (
        ("On the waiting list", "the event is full: you are on the waiting list. We will write to you as soon as "
         "a place frees up for you."),
        ("Op de wachtlijst", "het evenement is volzet: u staat op de wachtlijst. We schrijven u zodra er een "
         "plaats voor u vrijkomt."),
        ("Sur la liste d'attente", "l'événement est complet : vous êtes sur la liste d'attente. Nous vous écrirons "
         "dès qu'une place se libère pour vous."),
        ("Auf der Warteliste", "die Veranstaltung ist ausgebucht: Sie stehen auf der Warteliste. Wir schreiben "
         "Ihnen, sobald ein Platz für Sie frei wird."),
    ),
    "promoted": (
        ("A place for you", "good news: a place freed up and your registration is now confirmed."),
        ("Een plaats voor u", "goed nieuws: er kwam een plaats vrij en uw inschrijving is nu bevestigd."),
        ("Une place pour vous", "bonne nouvelle : une place s'est libérée et votre inscription est confirmée."),
        ("Ein Platz für Sie", "gute Nachricht: Ein Platz ist frei geworden, Ihre Anmeldung ist jetzt bestätigt."),
    ),
    "approved": (
        ("Registration approved", "the organisers approved your registration: it is confirmed."),
        ("Inschrijving goedgekeurd", "de organisatoren hebben uw inschrijving goedgekeurd: ze is bevestigd."),
        ("Inscription acceptée", "les organisateurs ont accepté votre inscription : elle est confirmée."),
        ("Anmeldung angenommen", "die Veranstalter haben Ihre Anmeldung angenommen: Sie ist bestätigt."),
    ),
    "modified": (
        ("Registration changed", "your registration was changed; here it is as it stands now."),
        ("Inschrijving gewijzigd", "uw inschrijving is gewijzigd; zo ziet ze er nu uit."),
        ("Inscription modifiée", "votre inscription a été modifiée ; la voici telle qu'elle est maintenant."),
        ("Anmeldung geändert", "Ihre Anmeldung wurde geändert; so sieht sie jetzt aus."),
    ),
    "cancelled": (
        ("Registration cancelled", "your registration is cancelled. We hope to see you another time."),
        ("Inschrijving geannuleerd", "uw inschrijving is geannuleerd. Hopelijk tot een volgende keer."),
        ("Inscription annulée", "votre inscription est annulée. Nous espérons vous voir une autre fois."),
        ("Anmeldung storniert", "Ihre Anmeldung ist storniert. Wir hoffen, Sie ein anderes Mal zu sehen."),
    ),
    "rejected": (
        ("Registration not accepted", "we are sorry: the organisers could not accept your registration."),
        ("Inschrijving niet aanvaard", "het spijt ons: de organisatoren konden uw inschrijving niet aanvaarden."),
        ("Inscription non acceptée", "nous sommes désolés : les organisateurs n'ont pas pu accepter votre "
         "inscription."),
        ("Anmeldung nicht angenommen", "es tut uns leid: Die Veranstalter konnten Ihre Anmeldung nicht annehmen."),
    ),
}

STATES.update({
    "reminder": (
        ("Reminder", "a reminder: the event is coming up soon. We look forward to seeing you."),
        ("Herinnering", "een herinnering: het evenement komt eraan. We kijken ernaar uit u te zien."),
        ("Rappel", "un rappel : l'événement approche. Nous nous réjouissons de vous voir."),
        ("Erinnerung", "eine Erinnerung: Die Veranstaltung steht bevor. Wir freuen uns auf Sie."),
    ),
    "event_changed": (
        ("Event changed", "the organisers changed the event's date, time or place; here it is as it stands now."),
        ("Evenement gewijzigd", "de organisatoren hebben datum, uur of plaats gewijzigd; zo ziet het er nu uit."),
        ("Événement modifié", "les organisateurs ont modifié la date, l'heure ou le lieu ; voici ce qu'il en est."),
        ("Veranstaltung geändert", "die Veranstalter haben Datum, Zeit oder Ort geändert; so sieht es jetzt aus."),
    ),
    "event_cancelled": (
        ("Event cancelled", "we are sorry: the organisers cancelled the event."),
        ("Evenement geannuleerd", "het spijt ons: de organisatoren hebben het evenement geannuleerd."),
        ("Événement annulé", "nous sommes désolés : les organisateurs ont annulé l'événement."),
        ("Veranstaltung abgesagt", "es tut uns leid: Die Veranstalter haben die Veranstaltung abgesagt."),
    ),
})

LABELS: dict[str, tuple[str, str, str, str]] = {
    "dear": ("Dear {name},", "Beste {name},", "Bonjour {name},", "Guten Tag {name},"),
    "event": ("Event", "Evenement", "Événement", "Veranstaltung"),
    "when": ("When", "Wanneer", "Quand", "Wann"),
    "where": ("Where", "Waar", "Où", "Wo"),
    "how": ("How", "Hoe", "Comment", "Wie"),
    "online": ("online", "online", "en ligne", "online"),
    "name": ("Name", "Naam", "Nom", "Name"),
    "organisation": ("Organisation", "Organisatie", "Organisation", "Organisation"),
    "reference": ("Reference", "Referentie", "Référence", "Referenz"),
    "your_sessions": ("Your sessions", "Uw sessies", "Vos sessions", "Ihre Sitzungen"),
    "waiting_for": ("On the waiting list for", "Op de wachtlijst voor", "Sur la liste d'attente pour",
                    "Auf der Warteliste für"),
    "manage": ("View, change or cancel your registration", "Uw inschrijving bekijken, wijzigen of annuleren",
               "Consulter, modifier ou annuler votre inscription", "Anmeldung ansehen, ändern oder stornieren"),
    "event_page": ("Event page", "Evenementpagina", "Page de l'événement", "Veranstaltungsseite"),
    "calendar": ("The attached calendar file adds the event and your sessions to your calendar.",
                 "Met het bijgevoegde agendabestand zet u het evenement en uw sessies in uw agenda.",
                 "Le fichier de calendrier joint ajoute l'événement et vos sessions à votre agenda.",
                 "Mit der angehängten Kalenderdatei tragen Sie die Veranstaltung und Ihre Sitzungen in Ihren "
                 "Kalender ein."),
}


def _index(language: str) -> int:
    return LANGUAGES.index(language) if language in LANGUAGES else 0


def state_texts(state: str, language: str) -> tuple[str, str]:
    return STATES[state][_index(language)]


def label(key: str, language: str, **values: str) -> str:
    text = LABELS[key][_index(language)]
    return text.format(**values) if values else text
