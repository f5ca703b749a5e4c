"""The whole programme as an .ics feed attendees subscribe to: one VEVENT per session, times with
TZID in the event's timezone (and its VTIMEZONE), UIDs that stay the same from one fetch to the next,
so a calendar that refreshes the feed updates its entries instead of duplicating them."""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar
from icalendar import Event as VEvent

from eventreg.domain.models import Event, EventStatus
from eventreg.locale.catalog import labelled, words
from eventreg.locale.names import MODES
from eventreg.notify.calendar import add_timezone, local_time, session_item, uid_of
from eventreg.report.agenda.content import Agenda, Entry

PRODID = "-//eventreg//programme//EN"
REFRESH = timedelta(hours=1)  # how often subscribers' calendars should fetch the feed again


def session_uid(event_id: str, session_id: str) -> str:
    return uid_of(event_id, session_item(session_id))


def _location(event: Event, entry: Entry, language: str) -> str:
    if not entry.in_person:
        return words(language)(MODES["online"])
    venue = event.venue.name if event.venue else ""
    return ", ".join(p for p in (entry.room, venue) if p)


def _description(entry: Entry, language: str) -> str:
    lines, _ = [], words(language)
    if entry.speakers:
        lines.append(labelled(_("Speakers"), ", ".join(entry.speakers), language))
    if entry.track:
        lines.append(labelled(_("Track"), entry.track, language))
    lines.append(" · ".join(entry.modes))
    if entry.description:
        lines += ["", entry.description]
    return "\n".join(lines)


def programme_calendar(event: Event, agenda: Agenda, now: datetime) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", agenda.title)
    cal.add("x-wr-calname", agenda.title)
    cal.add("x-wr-timezone", event.timezone)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")  # the same, for Outlook
    cancelled = event.status is EventStatus.CANCELLED
    for day in agenda.days:
        for slot in day.slots:
            for entry in slot.entries:
                item = VEvent()
                item.add("uid", session_uid(event.event_id, entry.session_id))
                item.add("dtstamp", now)
                item.add("summary", entry.title)
                item.add("dtstart", local_time(entry.starts_at, event))
                item.add("dtend", local_time(entry.ends_at, event))
                location = _location(event, entry, agenda.language)
                if location:
                    item.add("location", location)
                item.add("description", _description(entry, agenda.language))
                if entry.track:
                    item.add("categories", [entry.track])
                item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
                item.add("transp", "OPAQUE")
                cal.add_component(item)
    add_timezone(cal, event)
    return bytes(cal.to_ical())
