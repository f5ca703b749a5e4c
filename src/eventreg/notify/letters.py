"""What each mail says and carries: the registrant's words, links and calendar files (or the organiser's
own wording), and the organisers' notice that registration closed. Pure: returns composed mails."""

from __future__ import annotations

from typing import Any

from eventreg.domain.models import Event, EventStatus, Registration, RegistrationStatus, Session
from eventreg.links import checkin_code, manage_url
from eventreg.locale.catalog import N_, words
from eventreg.locale.dates import format_instant
from eventreg.notify.calendar import calendar
from eventreg.notify.compose import Attachment, InlineImage, Mail, Wording, compose
from eventreg.notify.overrides import render
from eventreg.qr_codes import png, png_size
from eventreg.urls import final_list_path, reports_url

# What each mail announces: its subject's headline and its opening line (after "Dear …,").
STATES: dict[str, tuple[str, str]] = {
    "confirmed": (N_("Registration confirmed"),
                  N_("your registration is confirmed.")),
    "pending": (N_("Registration received"),
                N_("we received your registration; the organisers will confirm it shortly.")),
    "waitlisted": (N_("On the waiting list"),
                   N_("the event is full: you are on the waiting list. We will write to you as soon as a place "
                      "frees up for you.")),
    "promoted": (N_("A place for you"),
                 N_("good news: a place freed up and your registration is now confirmed.")),
    "approved": (N_("Registration approved"),
                 N_("the organisers approved your registration: it is confirmed.")),
    "modified": (N_("Registration changed"),
                 N_("your registration was changed; here it is as it stands now.")),
    "cancelled": (N_("Registration cancelled"),
                  N_("your registration is cancelled. We hope to see you another time.")),
    "rejected": (N_("Registration not accepted"),
                 N_("we are sorry: the organisers could not accept your registration.")),
    "reminder": (N_("Reminder"),
                 N_("a reminder: the event is coming up soon. We look forward to seeing you.")),
    "event_changed": (N_("Event changed"),
                      N_("the organisers changed the event's date, time or place; here it is as it stands now.")),
    "event_cancelled": (N_("Event cancelled"),
                        N_("we are sorry: the organisers cancelled the event.")),
}


def state_texts(state: str, language: str) -> tuple[str, str]:
    headline, intro = STATES[state]
    return words(language)(headline), words(language)(intro)


CALENDAR_REQUEST = frozenset({"confirmed", "promoted", "approved", "modified"})
CALENDAR_CANCEL = frozenset({"cancelled", "rejected"})
REQUEST = "text/calendar; method=REQUEST; charset=utf-8"
CANCEL = "text/calendar; method=CANCEL; charset=utf-8"


def registrant_mail(state: str, event: Event, sessions: list[Session], registration: Registration,
                    old: dict[str, Any], *, sender: str, public_url: str) -> Mail:
    """The mail of kind `state` to a registrant, in their language; `old`: the registration before the
    change (its sessions and status decide what the calendar files cancel)."""
    language = registration.preferred_language
    headline, intro = state_texts(state, language)
    attachments = calendar_files(state, event, sessions, registration, old, sender, language)
    context = _context(event, sessions, registration, public_url)
    wording = organiser_wording(state, event, registration, context, language)
    note = calendar_note(attachments, language)  # before the QR code may join the attachments
    code = mailed_checkin_code(state, event, registration)
    images: list[InlineImage] = []
    if code:
        qr = InlineImage(QR_CID, "check-in-code.png", png(code, QR_SCALE), "image/png")
        context |= {"checkin_code": code, "qr_cid": QR_CID, "qr_size": png_size(code, QR_SCALE)}
        if wording and wording.text:  # the organiser's own text has no <img>: the code comes as a file
            attachments.append(Attachment(qr.filename, qr.content, qr.content_type))
        else:
            images.append(qr)
    return compose(
        "registration",
        sender=sender,
        to_name=registration.name,
        to_email=registration.email,
        lang=language,
        context={**context, "headline": headline, "intro": intro,
                 "calendar_note": note},
        attachments=attachments,
        sender_name=event.mail_sender_name or event.organising_unit,
        reply_to=event.reply_to,
        wording=wording,
        images=images,
    )


QR_CID = "checkin-qr@eventreg"
CHECKIN_LABEL = N_("Your check-in code")
QR_SCALE = 5  # pixels per module: a version 6 symbol with its quiet zone is 245 px, scannable from a phone screen
# Mails that find the person with a place at an event that is going ahead: they carry the check-in code.
CHECKIN_STATES = CALENDAR_REQUEST | {"reminder", "event_changed"}


def mailed_checkin_code(state: str, event: Event, registration: Registration) -> str | None:
    """The check-in code a mail shows: only to a confirmed registration (not waiting, pending or cancelled)."""
    if state not in CHECKIN_STATES or registration.status is not RegistrationStatus.CONFIRMED \
            or registration.anonymised or event.status is EventStatus.CANCELLED:
        return None
    return checkin_code(event.event_id, registration.registration_id)


def calendar_files(state: str, event: Event, sessions: list[Session], registration: Registration,
                   old: dict[str, Any], sender: str, language: str) -> list[Attachment]:
    """A confirmed place comes with its calendar entries; a cancellation or a dropped session cancels
    the same entries (METHOD:CANCEL, same UIDs)."""
    held = [s for s in sessions if s.session_id in registration.sessions]
    before = set(old.get("sessions") or [])
    if state in CALENDAR_REQUEST and registration.status is RegistrationStatus.CONFIRMED:
        code = mailed_checkin_code(state, event, registration)
        note = f"{words(language)(CHECKIN_LABEL)}: {code}" if code else ""
        files = [Attachment("invitation.ics", calendar(event, held, registration, sender, language,
                                                       description=note), REQUEST)]
        dropped = [s for s in sessions if s.session_id in before - set(registration.sessions)]
        if dropped:
            ics = calendar(event, dropped, registration, sender, language, cancel=True, only_sessions=True)
            files.append(Attachment("cancelled-sessions.ics", ics, CANCEL))
        return files
    if state in CALENDAR_CANCEL and old.get("status") == RegistrationStatus.CONFIRMED:
        had = [s for s in sessions if s.session_id in before]
        ics = calendar(event, had, registration, sender, language, cancel=True)
        return [Attachment("cancellation.ics", ics, CANCEL)]
    return []


# What the mail says about its calendar files: a cancellation's file removes the entries, not adds them.
CALENDAR_NOTES = {
    (REQUEST,): N_("The attached calendar file adds the event and your sessions to your calendar."),
    (CANCEL,): N_("The attached calendar file removes the event and your sessions from your calendar."),
    (REQUEST, CANCEL): N_("The attached calendar files update your calendar: one adds the event and your sessions, "
                          "the other removes the sessions you dropped."),
}


def calendar_note(attachments: list[Attachment], language: str) -> str:
    kinds = tuple(dict.fromkeys(a.content_type for a in attachments))
    return words(language)(CALENDAR_NOTES[kinds]) if attachments else ""


def organiser_wording(state: str, event: Event, registration: Registration, context: dict[str, Any],
                      language: str) -> Wording | None:
    """The organiser's own subject/body for this kind of mail, if any, rendered in the sandbox."""
    override = event.mail_overrides.get(state)
    if override is None:
        return None
    venue = event.venue
    values = {
        "name": registration.name, "organisation": registration.organisation,
        "reference": registration.registration_id, "status": registration.status.value,
        "event_title": event.title_in(language),
        "event_start": format_instant(event.starts_at, event.timezone, language),
        "event_end": format_instant(event.ends_at, event.timezone, language),
        "venue": ", ".join(p for p in (venue.name, venue.room, venue.address) if p) if venue else "",
        "online_url": (event.online_url or "") if registration.status is RegistrationStatus.CONFIRMED else "",
        "sessions": [s.title_in(language, event.language) for s in context["sessions"]],
        "manage_url": context["manage_url"], "event_url": context["event_url"],
    }
    subject = render(override.subject, values) if override.subject else ""
    text = render(override.body, values) if override.body else ""
    if subject is None or text is None:
        return None
    return Wording(subject, text)


def _context(event: Event, sessions: list[Session], registration: Registration, public_url: str) -> dict[str, Any]:
    return {
        "event": event,
        "registration": registration,
        "sessions": [s for s in sessions if s.session_id in registration.sessions],
        "waiting": [s for s in sessions if s.session_id in registration.waitlisted_sessions],
        "event_url": f"{public_url}/events/{event.event_id}/register",
        "manage_url": manage_url(public_url, event.event_id, registration.registration_id),
    }


def closed_notice(event: Event, address: str, *, sender: str, public_url: str) -> Mail:
    """To one of the event's organisers: registration closed, with the counts and the final list's links."""
    return compose(
        "organisers_closed", sender=sender, to_name="", to_email=address, lang=event.language,
        context={"event": event,
                 "final_list_url": reports_url(public_url, final_list_path(event.event_id, "csv")),
                 "final_list_xlsx_url": reports_url(public_url, final_list_path(event.event_id, "xlsx"))},
        sender_name="eventreg")
