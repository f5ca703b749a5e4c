"""The words of pages (and the mails' frame) in en/nl/fr/de. Organisers' own texts (titles, questions)
come localised from the event; dates and country names come from Babel's CLDR data."""

from __future__ import annotations

import re
from collections.abc import Callable

from eventreg.domain.types import LANGUAGES

# key: (en, nl, fr, de)
_TEXTS: dict[str, tuple[str, str, str, str]] = {
    "when": ("When", "Wanneer", "Quand", "Wann"),
    "where": ("Where", "Waar", "Où", "Wo"),
    "online": ("Online", "Online", "En ligne", "Online"),
    "in_person": ("In person", "Ter plaatse", "Sur place", "Vor Ort"),
    "organiser": ("Organiser", "Organisator", "Organisateur", "Veranstalter"),
    "partners": ("Partners", "Partners", "Partenaires", "Partner"),
    "registration": ("Registration", "Inschrijving", "Inscription", "Anmeldung"),
    "register_until": (
        "You can register until {deadline}.",
        "U kunt zich inschrijven tot {deadline}.",
        "Vous pouvez vous inscrire jusqu'au {deadline}.",
        "Sie können sich bis zum {deadline} anmelden.",
    ),
    "agenda": ("Agenda", "Programma", "Programme", "Programm"),
    "session": ("Session", "Sessie", "Session", "Sitzung"),
    "room": ("Room", "Zaal", "Salle", "Raum"),
    "register": ("Register", "Inschrijven", "S'inscrire", "Anmelden"),
    "required_note": (
        "Fields marked * are required.",
        "Velden met * zijn verplicht.",
        "Les champs marqués * sont obligatoires.",
        "Mit * markierte Felder sind Pflichtfelder.",
    ),
    "name": ("Full name", "Volledige naam", "Nom complet", "Vollständiger Name"),
    "email": ("Email address", "E-mailadres", "Adresse e-mail", "E-Mail-Adresse"),
    "organisation": ("Organisation", "Organisatie", "Organisation", "Organisation"),
    "organisation_type": ("Type of organisation", "Type organisatie", "Type d'organisation", "Art der Organisation"),
    "country": ("Country", "Land", "Pays", "Land"),
    "job_title": ("Job title", "Functie", "Fonction", "Funktion"),
    "attendance_mode": ("How will you attend?", "Hoe neemt u deel?", "Comment participerez-vous ?",
                        "Wie nehmen Sie teil?"),
    "sessions": ("Workshops and sessions", "Workshops en sessies", "Ateliers et sessions", "Workshops und Sitzungen"),
    "sessions_hint": (
        "Choose the sessions you want to attend; sessions at the same time cannot be combined.",
        "Kies de sessies die u wilt bijwonen; sessies op hetzelfde moment kunnen niet samen.",
        "Choisissez les sessions auxquelles vous voulez assister ; deux sessions simultanées sont exclues.",
        "Wählen Sie die Sitzungen, an denen Sie teilnehmen möchten; gleichzeitige Sitzungen sind ausgeschlossen.",
    ),
    "places_left": ("{n} places left", "nog {n} plaatsen", "{n} places restantes", "noch {n} Plätze"),
    "full_waitlist": ("Full: waiting list", "Volzet: wachtlijst", "Complet : liste d'attente",
                      "Ausgebucht: Warteliste"),
    "preferred_language": ("Language for our emails", "Taal van onze e-mails", "Langue de nos e-mails",
                           "Sprache unserer E-Mails"),
    "accessibility_needs": ("Accessibility needs", "Toegankelijkheidsbehoeften", "Besoins d'accessibilité",
                            "Barrierefreiheit: Ihre Bedürfnisse"),
    "dietary_needs": ("Dietary requirements (in person)", "Dieetwensen (ter plaatse)",
                      "Régime alimentaire (sur place)", "Ernährungswünsche (vor Ort)"),
    "privacy_consent": (
        "I have read the privacy statement and agree that my data is processed to organise this event.",
        "Ik heb de privacyverklaring gelezen en ga akkoord met de verwerking van mijn gegevens voor dit evenement.",
        "J'ai lu la déclaration de confidentialité et j'accepte le traitement de mes données pour cet événement.",
        "Ich habe die Datenschutzerklärung gelesen und stimme der Verarbeitung meiner Daten für diese "
        "Veranstaltung zu.",
    ),
    "list_consent": (
        "My name and organisation may appear in the list of participants.",
        "Mijn naam en organisatie mogen op de deelnemerslijst staan.",
        "Mon nom et mon organisation peuvent figurer dans la liste des participants.",
        "Mein Name und meine Organisation dürfen in der Teilnehmerliste erscheinen.",
    ),
    "hall_full": (
        "The hall is full. Choose what you prefer:",
        "De zaal is volzet. Kies wat u verkiest:",
        "La salle est complète. Choisissez ce que vous préférez :",
        "Der Saal ist voll. Wählen Sie:",
    ),
    "when_full_waitlist": ("Put me on the waiting list for a seat", "Zet mij op de wachtlijst voor een plaats",
                           "M'inscrire sur la liste d'attente", "Auf die Warteliste für einen Platz"),
    "when_full_online": ("Register me to attend online", "Schrijf mij in om online deel te nemen",
                         "M'inscrire pour participer en ligne", "Online teilnehmen"),
    "errors_intro": ("Please correct the following:", "Gelieve het volgende te verbeteren:",
                     "Veuillez corriger ce qui suit :", "Bitte korrigieren Sie Folgendes:"),
    "registered_title": ("You are registered", "U bent ingeschreven", "Vous êtes inscrit·e", "Sie sind angemeldet"),
    "waitlisted_title": ("You are on the waiting list", "U staat op de wachtlijst", "Vous êtes sur la liste d'attente",
                         "Sie stehen auf der Warteliste"),
    "pending_title": ("Your registration awaits approval", "Uw inschrijving wacht op goedkeuring",
                      "Votre inscription attend une validation", "Ihre Anmeldung wartet auf Bestätigung"),
    "confirmation_sent": ("A confirmation has been sent to {email}.", "Een bevestiging is verstuurd naar {email}.",
                          "Une confirmation a été envoyée à {email}.", "Eine Bestätigung wurde an {email} gesendet."),
    "reference": ("Your reference", "Uw referentie", "Votre référence", "Ihre Referenz"),
    "manage": ("View, change or cancel your registration", "Uw inschrijving bekijken, wijzigen of annuleren",
               "Consulter, modifier ou annuler votre inscription", "Anmeldung ansehen, ändern oder stornieren"),
    "choose": ("— choose —", "— kies —", "— choisir —", "— bitte wählen —"),
    "yes": ("Yes", "Ja", "Oui", "Ja"),
    "not_open": ("Registration is not open.", "De inschrijving is niet open.", "Les inscriptions ne sont pas ouvertes.",
                 "Die Anmeldung ist nicht geöffnet."),
    "language": ("Language", "Taal", "Langue", "Sprache"),
    "org_city": ("City or municipality", "Stad of gemeente", "Ville ou commune", "Stadt oder Gemeinde"),
    "org_region": ("Region", "Regio", "Région", "Region"),
    "org_national_administration": ("National administration", "Nationale overheid", "Administration nationale",
                                    "Nationale Verwaltung"),
    "org_eu_institution": ("EU institution or body", "EU-instelling of -orgaan", "Institution ou organe de l'UE",
                           "EU-Institution oder -Einrichtung"),
    "org_ngo": ("NGO or association", "Ngo of vereniging", "ONG ou association", "NGO oder Verband"),
    "org_business": ("Business", "Bedrijf", "Entreprise", "Unternehmen"),
    "org_academia": ("University or research", "Universiteit of onderzoek", "Université ou recherche",
                     "Hochschule oder Forschung"),
    "org_citizen": ("Citizen", "Burger", "Citoyen·ne", "Bürger/in"),
    "org_other": ("Other", "Andere", "Autre", "Sonstige"),
    "documents": ("Documents", "Documenten", "Documents", "Dokumente"),
    "error_prefix": ("Error", "Fout", "Erreur", "Fehler"),
    "privacy_statement": ("privacy statement", "privacyverklaring", "déclaration de confidentialité",
                          "Datenschutzerklärung"),
    "privacy_link": ("Read the privacy statement", "Lees de privacyverklaring", "Lire la déclaration de "
                     "confidentialité", "Datenschutzerklärung lesen"),
    "problem_title": ("This link does not work", "Deze link werkt niet", "Ce lien ne fonctionne pas",
                      "Dieser Link funktioniert nicht"),
    "problem_help": (
        "Open the link from your confirmation email again: mail programs sometimes cut long links. "
        "If it still does not work, reply to that email and the organisers will help you.",
        "Open de link uit uw bevestigingsmail opnieuw: e-mailprogramma's knippen lange links soms af. "
        "Werkt het nog steeds niet, antwoord dan op die e-mail en de organisatoren helpen u verder.",
        "Ouvrez à nouveau le lien de votre e-mail de confirmation : les logiciels de messagerie coupent parfois "
        "les longs liens. Si cela ne fonctionne toujours pas, répondez à cet e-mail et les organisateurs vous "
        "aideront.",
        "Öffnen Sie den Link aus Ihrer Bestätigungs-E-Mail erneut: E-Mail-Programme kürzen lange Links manchmal. "
        "Wenn es weiterhin nicht funktioniert, antworten Sie auf diese E-Mail; die Veranstalter helfen Ihnen.",
    ),
    "manage_title": ("Your registration", "Uw inschrijving", "Votre inscription", "Ihre Anmeldung"),
    "status": ("Status", "Status", "Statut", "Status"),
    "status_confirmed": ("Confirmed", "Bevestigd", "Confirmée", "Bestätigt"),
    "status_pending": ("Awaiting approval", "Wacht op goedkeuring", "En attente de validation",
                       "Wartet auf Bestätigung"),
    "status_waitlisted": ("On the waiting list", "Op de wachtlijst", "Sur la liste d'attente", "Auf der Warteliste"),
    "status_cancelled": ("Cancelled", "Geannuleerd", "Annulée", "Storniert"),
    "status_rejected": ("Not accepted", "Niet aanvaard", "Non acceptée", "Nicht angenommen"),
    "change_title": ("Change your registration", "Uw inschrijving wijzigen", "Modifier votre inscription",
                     "Anmeldung ändern"),
    "change_until": ("You can make changes until {deadline}.", "U kunt wijzigen tot {deadline}.",
                     "Vous pouvez modifier jusqu'au {deadline}.", "Änderungen sind bis zum {deadline} möglich."),
    "changes_closed": ("Changes are no longer possible; you can still cancel.",
                       "Wijzigen is niet meer mogelijk; annuleren kan nog.",
                       "Les modifications ne sont plus possibles ; vous pouvez encore annuler.",
                       "Änderungen sind nicht mehr möglich; Sie können noch stornieren."),
    "save_changes": ("Save changes", "Wijzigingen opslaan", "Enregistrer", "Änderungen speichern"),
    "cancel_title": ("Cancel your registration", "Uw inschrijving annuleren", "Annuler votre inscription",
                     "Anmeldung stornieren"),
    "confirm_cancel": ("Yes, I want to cancel my registration.", "Ja, ik wil mijn inschrijving annuleren.",
                       "Oui, je veux annuler mon inscription.", "Ja, ich möchte meine Anmeldung stornieren."),
    "cancel_button": ("Cancel registration", "Inschrijving annuleren", "Annuler l'inscription", "Anmeldung stornieren"),
    "notice_cancelled": ("Your registration is cancelled. Your place goes to the next person on the waiting list.",
                         "Uw inschrijving is geannuleerd. Uw plaats gaat naar de volgende op de wachtlijst.",
                         "Votre inscription est annulée. Votre place revient à la personne suivante sur la liste "
                         "d'attente.",
                         "Ihre Anmeldung ist storniert. Ihr Platz geht an die nächste Person auf der Warteliste."),
    "notice_changed": ("Your changes are saved.", "Uw wijzigingen zijn opgeslagen.", "Vos modifications sont "
                       "enregistrées.", "Ihre Änderungen sind gespeichert."),
    "waiting_for": ("On the waiting list for", "Op de wachtlijst voor", "Sur la liste d'attente pour",
                    "Auf der Warteliste für"),
    "trip_report_title": ("Trip report", "Reisverslag", "Rapport de mission", "Reisebericht"),
    "trip_report_text": (
        "A report on your delegation's trip, pre-filled with who went, which days and which sessions. Complete it "
        "in the browser and print it, or download it to edit:",
        "Een verslag van de reis van uw delegatie, vooraf ingevuld met wie meeging, welke dagen en welke sessies. "
        "Vul het aan in de browser en druk het af, of download het om te bewerken:",
        "Un rapport sur le voyage de votre délégation, prérempli avec qui est venu, quels jours et quelles "
        "sessions. Complétez-le dans le navigateur et imprimez-le, ou téléchargez-le pour le modifier :",
        "Ein Bericht über die Reise Ihrer Delegation, vorausgefüllt mit Teilnehmenden, Tagen und Sitzungen. "
        "Ergänzen Sie ihn im Browser und drucken Sie ihn, oder laden Sie ihn zum Bearbeiten herunter:"),
    "trip_report_html": ("Open the report", "Verslag openen", "Ouvrir le rapport", "Bericht öffnen"),
    "trip_report_docx": ("Word document (.docx)", "Word-document (.docx)", "Document Word (.docx)",
                         "Word-Dokument (.docx)"),
    "anonymised_notice": ("The personal data of this registration has been erased.",
                          "De persoonsgegevens van deze inschrijving zijn gewist.",
                          "Les données personnelles de cette inscription ont été effacées.",
                          "Die personenbezogenen Daten dieser Anmeldung wurden gelöscht."),
}

LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands", "fr": "Français", "de": "Deutsch"}


def text(key: str, language: str, **values: object) -> str:
    texts = _TEXTS[key]
    index = LANGUAGES.index(language) if language in LANGUAGES else 0
    return (texts[index] or texts[0]).format(**values) if values else texts[index] or texts[0]


def translator(language: str) -> Callable[..., str]:
    def t(key: str, **values: object) -> str:
        return text(key, language, **values)

    return t


# Messages of the domain, translated where pages show them: English text -> (nl, fr, de).
_MESSAGES: dict[str, tuple[str, str, str]] = {
    "Some fields need your attention.": ("Enkele velden vragen uw aandacht.", "Certains champs demandent votre "
                                         "attention.", "Einige Felder brauchen Ihre Aufmerksamkeit."),
    "Some answers need your attention.": ("Enkele antwoorden vragen uw aandacht.", "Certaines réponses demandent "
                                          "votre attention.", "Einige Antworten brauchen Ihre Aufmerksamkeit."),
    "This field is required.": ("Dit veld is verplicht.", "Ce champ est obligatoire.", "Dieses Feld ist erforderlich."),
    "Unknown field.": ("Onbekend veld.", "Champ inconnu.", "Unbekanntes Feld."),
    "You must accept the privacy statement to register.": (
        "U moet de privacyverklaring aanvaarden om u in te schrijven.",
        "Vous devez accepter la déclaration de confidentialité pour vous inscrire.",
        "Sie müssen der Datenschutzerklärung zustimmen, um sich anzumelden."),
    "Choose a country (ISO 3166 two-letter code, e.g. BE).": ("Kies een land.", "Choisissez un pays.",
                                                              "Wählen Sie ein Land."),
    "This question is required.": ("Deze vraag is verplicht.", "Cette question est obligatoire.",
                                   "Diese Frage ist erforderlich."),
    "Choose one of the options.": ("Kies een van de mogelijkheden.", "Choisissez une des options.",
                                   "Wählen Sie eine der Möglichkeiten."),
    "Choose among the options.": ("Kies uit de mogelijkheden.", "Choisissez parmi les options.",
                                  "Wählen Sie aus den Möglichkeiten."),
    "Answer yes or no.": ("Antwoord ja of nee.", "Répondez par oui ou non.", "Antworten Sie mit Ja oder Nein."),
    "Two of your sessions take place at the same time.": (
        "Twee van uw sessies vinden tegelijk plaats.", "Deux de vos sessions ont lieu en même temps.",
        "Zwei Ihrer Sitzungen finden gleichzeitig statt."),
    "This email address is already registered for this event.": (
        "Dit e-mailadres is al ingeschreven voor dit evenement.",
        "Cette adresse e-mail est déjà inscrite à cet événement.",
        "Diese E-Mail-Adresse ist für diese Veranstaltung bereits angemeldet."),
    "Already registered for this event.": ("Al ingeschreven voor dit evenement.", "Déjà inscrit·e à cet événement.",
                                           "Für diese Veranstaltung bereits angemeldet."),
    "Enter a valid email address.": ("Geef een geldig e-mailadres op.", "Indiquez une adresse e-mail valide.",
                                     "Geben Sie eine gültige E-Mail-Adresse ein."),
    "This link is not valid. Use the link from your confirmation email.": (
        "Deze link is niet geldig. Gebruik de link uit uw bevestigingsmail.",
        "Ce lien n'est pas valide. Utilisez le lien de votre e-mail de confirmation.",
        "Dieser Link ist ungültig. Verwenden Sie den Link aus Ihrer Bestätigungs-E-Mail."),
    "There is no such registration.": ("Deze inschrijving bestaat niet.", "Cette inscription n'existe pas.",
                                       "Diese Anmeldung gibt es nicht."),
    "Tick the box to confirm the cancellation.": ("Vink het vakje aan om de annulering te bevestigen.",
                                                  "Cochez la case pour confirmer l'annulation.",
                                                  "Kreuzen Sie das Feld an, um die Stornierung zu bestätigen."),
    "Confirm that you want to cancel.": ("Bevestig dat u wilt annuleren.", "Confirmez que vous voulez annuler.",
                                         "Bestätigen Sie, dass Sie stornieren möchten."),
}
_OVERLAP = re.compile(r"^“(?P<a>.+)” and “(?P<b>.+)” overlap: choose one of them\.$")
_OVERLAP_TEXT = ("“{a}” en “{b}” overlappen: kies er één.", "« {a} » et « {b} » se chevauchent : choisissez-en une.",
                 "„{a}“ und „{b}“ überschneiden sich: Wählen Sie eine davon.")


def translate_message(message: str, language: str, field: str | None = None) -> str:
    """A domain message in the page's language (English messages the table does not know stay English,
    except on the email field, whose many checks all mean the same to a reader)."""
    if language not in LANGUAGES or language == "en":
        return message
    index = LANGUAGES.index(language) - 1
    if message in _MESSAGES:
        return _MESSAGES[message][index]
    overlap = _OVERLAP.match(message)
    if overlap:
        return _OVERLAP_TEXT[index].format(**overlap.groupdict())
    if field == "email":
        return _MESSAGES["Enter a valid email address."][index]
    return message
