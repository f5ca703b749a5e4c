"""What the back-office's event pages show, in the reader's language: the overview's facts and counts, the
event form's values with each error placed at its field, and what a status change will do."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel.numbers import format_percent

from eventreg.domain.access import Access
from eventreg.domain.errors import DomainError
from eventreg.domain.events import Event
from eventreg.domain.organising import NEXT_STATUSES
from eventreg.domain.types import LANGUAGES, EventStatus
from eventreg.entrypoints.http.office import event_form
from eventreg.entrypoints.http.office.text_languages import text_languages, written_languages
from eventreg.locale.catalog import N_, words
from eventreg.locale.dates import format_instant, locale_of
from eventreg.locale.errors import in_language
from eventreg.locale.languages import LANGUAGE_NAMES
from eventreg.locale.names import EVENT_STATUSES, MODES, named
from eventreg.programme import Programme

# The button that moves an event to each status (reopening reads differently from opening).
ACTIONS = {"open": N_("Open registration"), "closed": N_("Close registration"), "finished": N_("Mark as finished"),
           "cancelled": N_("Cancel the event")}
REOPEN = N_("Reopen registration")
DONE = {"created": N_("The event was created as a draft."), "saved": N_("Your changes were saved.")}
STATUS_DONE = N_("The event's status is now: %(status)s.")
QUESTION_KINDS = {"text": N_("Free text"), "single": N_("One of the options"), "multi": N_("Any of the options"),
                  "checkbox": N_("Yes or no")}
# The form's fields as the error summary names them (the API's field names, first part).
LABELS = {
    "event_id": N_("Event id (in its web address)"), "language": N_("Default language"), "title": N_("Title"),
    "description": N_("Description"), "timezone": N_("Timezone"), "starts_at": N_("Starts"),
    "ends_at": N_("Ends"), "registration_opens_at": N_("Registration opens"),
    "registration_closes_at": N_("Registration closes"), "modification_deadline": N_("Changes allowed until"),
    "venue": N_("Venue"), "online_url": N_("Online link"), "privacy_url": N_("Privacy statement link"),
    "organising_unit": N_("Organising unit"), "partners": N_("Partner organisations"), "topics": N_("Topics"),
    "modes": N_("Attendance"), "capacity_in_person": N_("Places in person"), "capacity_online": N_("Places online"),
    "moderated": N_("Organisers approve each registration"), "retention_days": N_("Keep personal data (days)"),
    "reminder_days": N_("Reminder (days before)"), "mail_sender_name": N_("Sender name"),
    "reply_to": N_("Reply-To address"), "organiser_emails": N_("Organisers' addresses for notices"),
    "checkin_staff": N_("Check-in staff"),
    "questions": N_("Questions"), "mail_overrides": N_("Mail wording"), "body": N_("The event"),
}
QUESTION = N_("Question %(number)s")
# Where an error of a field that is a group of inputs is shown (its first input).
GROUPS = {"title": "title-{lang}", "description": "description-{lang}", "venue": "venue-name",
          "modes": "modes-in_person", "questions": "questions-0-question_id",
          "mail_overrides": "mail-confirmed-subject"}


def _fill(event: Event, access: Access, programme: Programme, lang: str) -> list[dict[str, Any]]:
    if not access.full:
        return []
    places = []
    for mode in event.modes:
        taken, capacity = event.registered(mode), event.capacity(mode)
        places.append({"mode": named(MODES, mode.value, words(lang)), "registered": taken,
                       "capacity": capacity, "free": event.places(mode),
                       "fill": format_percent(taken / capacity, locale=locale_of(lang)) if capacity else "–"})
    return places


def actions(event: Event, lang: str) -> list[tuple[str, str]]:
    """(status, button text) of each status the event may move to, in the lifecycle's order."""
    order = [s for s in EventStatus if s in NEXT_STATUSES[event.status]]
    return [(s.value, words(lang)(REOPEN if s is EventStatus.OPEN and event.status is EventStatus.CLOSED
                                  else ACTIONS[s.value])) for s in order]


def overview_values(programme: Programme, access: Access, lang: str) -> dict[str, Any]:
    event = programme.event

    def at(value: datetime | None) -> str:
        return format_instant(value, event.timezone, lang) if value else ""

    own = sorted((s for s in programme.sessions.values() if access.full or s.session_id in access.sessions),
                 key=lambda s: (s.starts_at, s.session_id))
    return {
        "event": event, "title": event.title_in(lang), "full_access": access.full,
        "status_name": named(EVENT_STATUSES, event.status.value, words(lang)),
        "starts": at(event.starts_at), "ends": at(event.ends_at), "opens": at(event.registration_opens_at),
        "closes": at(event.registration_closes_at), "changes_until": at(event.modification_closes_at),
        "places": _fill(event, access, programme, lang), "waitlisted": event.waitlisted if access.full else None,
        "sessions": [{"title": s.title_in(lang, event.language), "starts": at(s.starts_at), "room": s.room,
                      "registered": s.registered, "capacity": s.capacity, "waitlisted": s.waitlisted} for s in own],
        "modes": [named(MODES, m.value, words(lang)) for m in event.modes],
        "questions": [q.label_in(lang, event.language) for q in event.questions],
        "documents": [d.title_in(lang, event.language) for d in event.documents],
        "actions": actions(event, lang) if access.full else [],
    }


def done_notice(done: str, lang: str) -> str:
    """What an action just did, from the overview's `done` (a known code only, never text from the query)."""
    if done in DONE:
        return words(lang)(DONE[done])
    status = done.removeprefix("status-")
    if done.startswith("status-") and status in EVENT_STATUSES:
        return words(lang)(STATUS_DONE, status=named(EVENT_STATUSES, status, words(lang)))
    return ""


def _anchor(field: str, ids: set[str], default_language: str) -> str | None:
    """The input an error of `field` (the API's name, e.g. questions.0.label) is shown at."""
    parts = field.split(".")
    if parts[0] == "mail_overrides" and len(parts) > 1:
        return f"mail-{parts[1]}-subject" if f"mail-{parts[1]}-subject" in ids else None
    for end in range(len(parts), 0, -1):
        candidate = "-".join(parts[:end])
        if candidate in ids:
            return candidate
        if end == 1 and candidate in GROUPS:
            return GROUPS[candidate].format(lang=default_language)
        if end == 2 and parts[0] == "questions":
            return f"questions-{parts[1]}-question_id"
    return None


def input_ids(rows: int) -> set[str]:
    ids = {"event_id", "language", "timezone", *event_form.DATES, *event_form.TEXTS, *event_form.OPTIONAL_TEXTS,
           *event_form.LINES, *event_form.CAPACITIES, *event_form.DAYS, "moderated", "venue-name", "venue-address",
           "venue-room", "modes-in_person", "modes-online"}
    ids |= {f"{name}-{lang}" for name in ("title", "description") for lang in LANGUAGES}
    ids |= {f"mail-{kind}-{part}" for kind in event_form.MAIL_KINDS for part in ("subject", "body")}
    for n in range(rows):
        ids |= {f"questions-{n}-{name}" for name in ("question_id", "kind", "required", "options")}
        ids |= {f"questions-{n}-label-{lang}" for lang in LANGUAGES}
    return ids


def _label(field: str, lang: str) -> str:
    from eventreg.notify.letters import STATES  # lazy (cold start): letters loads the mail composer

    parts = field.split(".")
    if parts[0] == "questions" and len(parts) > 1 and parts[1].isdigit():
        return words(lang)(QUESTION, number=int(parts[1]) + 1)
    if parts[0] == "mail_overrides" and len(parts) > 1 and parts[1] in STATES:
        return f"{words(lang)(LABELS['mail_overrides'])}: {words(lang)(STATES[parts[1]][0])}"
    return words(lang)(LABELS[parts[0]]) if parts[0] in LABELS else field


def form_values(values: dict[str, Any], current: Event | None, lang: str, error: DomainError | None,
                preview: dict[str, Any] | None) -> dict[str, Any]:
    """Everything the event form shows: the values, the choices, each error at its input and in a summary
    at the top (linked to the input), and the mail preview."""
    rows = int(values.get("rows") or event_form.rows({}, 0))
    ids = input_ids(rows)
    default_language = str(values.get("language") or "en")
    errors_at: dict[str, list[str]] = {}
    summary = []
    for field, message in (error.fields.items() if error else []):
        shown = in_language(message, lang)
        anchor = _anchor(field, ids, default_language if default_language in LANGUAGES else "en")
        if anchor:
            errors_at.setdefault(anchor, []).append(shown)
        summary.append({"anchor": anchor, "label": _label(field, lang), "message": shown})
    say = words(lang)
    from eventreg.notify.letters import STATES  # lazy (cold start): letters loads the mail composer

    return {
        "creating": current is None, "event": current, "title": current.title_in(lang) if current else "",
        "values": values, "rows": rows, "errors_at": {k: " ".join(v) for k, v in errors_at.items()},
        "summary": summary, "error_message": in_language(error.message, lang) if error else "",
        "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        **text_languages(default_language if default_language in LANGUAGES else "en", _written(values, errors_at),
                         lang),
        "modes": [(code, say(name)) for code, name in MODES.items()],
        "question_kinds": [(code, say(name)) for code, name in QUESTION_KINDS.items()],
        "mail_kinds": [(kind, say(STATES[kind][0])) for kind in event_form.MAIL_KINDS],
        "variables": ", ".join("{{ " + name + " }}" for name in _variables()),
        "preview": preview, "labels": {name: say(text) for name, text in LABELS.items()},
    }


def _written(values: dict[str, Any], errors_at: dict[str, list[str]]) -> set[str]:
    """The languages the organiser's texts are written in, and those an error points at (kept open to be seen)."""
    prefixes = ("title.", "description.", *{key[:key.index(".label.") + 7] for key in values if ".label." in key})
    pointed = {anchor.rsplit("-", 1)[-1] for anchor in errors_at if anchor.startswith(("title-", "description-"))
               or "-label-" in anchor}
    return written_languages(values, *prefixes) | pointed


def _variables() -> tuple[str, ...]:
    from eventreg.notify.overrides import VARIABLES

    return VARIABLES


def status_values(event: Event, target: EventStatus, lang: str) -> dict[str, Any]:
    """The confirmation page of a status change: what it does, and who gets a mail (see notify/decide)."""
    say = words(lang)

    def at(value: datetime) -> str:
        return format_instant(value, event.timezone, lang)

    registered = event.registered_in_person + event.registered_online + event.waitlisted
    if target is EventStatus.OPEN and event.status is EventStatus.CLOSED:
        effects = [say(N_("The registration form opens again until %(closes)s."),
                       closes=at(event.registration_closes_at)),
                   say(N_("Places that freed up go to the first people on the waiting list; each of them gets a "
                          "mail. The final attendee list frozen at closing is marked as superseded."))]
    elif target is EventStatus.OPEN:
        effects = [say(N_("The public registration form takes registrations from %(opens)s until %(closes)s."),
                       opens=at(event.registration_opens_at), closes=at(event.registration_closes_at)),
                   say(N_("No mail is sent now; each registrant gets their own confirmation."))]
    elif target is EventStatus.CLOSED:
        effects = [say(N_("The registration form stops taking registrations now, before the planned closing."))]
        effects.append(say(N_("The event's organiser addresses get a mail with the counts and links to the final "
                              "attendee list, which is frozen now.")) if event.organiser_emails else
                       say(N_("The final attendee list is frozen now. No organiser address is set, so no mail "
                              "goes out.")))
    elif target is EventStatus.FINISHED:
        effects = [say(N_("The event is marked as finished. Nothing is sent. Its status cannot change after "
                          "this."))]
    else:
        effects = [say(N_("Every registrant (%(num)s) gets a mail saying that the event is cancelled."),
                       num=registered),
                   say(N_("This cannot be undone: a cancelled event cannot be opened again."))]
    return {"event": event, "title": event.title_in(lang), "target": target.value,
            "action": dict(actions(event, lang))[target.value], "effects": effects,
            "status_name": named(EVENT_STATUSES, event.status.value, words(lang)),
            "dangerous": target in (EventStatus.CANCELLED, EventStatus.FINISHED)}
