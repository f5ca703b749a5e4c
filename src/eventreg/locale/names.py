"""What the pages, mails and reports call the system's codes (attendance modes, registration statuses, types
of organisation, form fields), as msgids marked for extraction; shown translated with eventreg.locale.catalog."""

from __future__ import annotations

from eventreg.locale.catalog import N_, Words

MODES = {"in_person": N_("In person"), "online": N_("Online")}
STATUSES = {
    "confirmed": N_("Confirmed"),
    "pending": N_("Awaiting approval"),
    "waitlisted": N_("On the waiting list"),
    "cancelled": N_("Cancelled"),
    "rejected": N_("Not accepted"),
}
# An event's lifecycle, as the back-office shows it.
EVENT_STATUSES = {
    "draft": N_("Draft"),
    "open": N_("Open for registration"),
    "closed": N_("Registration closed"),
    "finished": N_("Finished"),
    "cancelled": N_("Cancelled"),
}
# A person's role at the event, as badges, lists and the back-office name it (domain.types.AttendanceRole).
ROLES = {
    "participant": N_("Participant"),
    "speaker": N_("Speaker"),
    "organiser": N_("Organiser"),
    "press": N_("Press"),
    "partner": N_("Partner"),
}
ORGANISATION_TYPES = {
    "city": N_("City or municipality"),
    "region": N_("Region"),
    "national_administration": N_("National administration"),
    "eu_institution": N_("EU institution or body"),
    "ngo": N_("NGO or association"),
    "business": N_("Business"),
    "academia": N_("University or research"),
    "citizen": N_("Citizen"),
    "other": N_("Other"),
}
# The registration form's fields, as its labels and error summary name them.
FIELDS = {
    "name": N_("Full name"),
    "email": N_("Email address"),
    "organisation": N_("Organisation"),
    "organisation_type": N_("Type of organisation"),
    "country": N_("Country"),
    "job_title": N_("Job title"),
    "attendance_mode": N_("How will you attend?"),
    "sessions": N_("Workshops and sessions"),
    "preferred_language": N_("Language for our emails"),
    "accessibility_needs": N_("Accessibility needs"),
    "dietary_needs": N_("Dietary requirements (in person)"),
    "privacy_consent": N_(
        "I have read the privacy statement and agree that my data is processed to organise this event."),
    "list_consent": N_("My name and organisation may appear in the list of participants."),
}


def named(names: dict[str, str], code: str, words: Words) -> str:
    return words(names[code])
