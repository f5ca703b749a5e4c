"""Organising: the organisers' use cases (events, sessions, documents, moderation, registrations).

Full organisers of an event manage all of it; a partner organiser (EWRC's partner-run workshops) sees and
manages only the sessions it runs and the registrations for them (eventreg.domain.access.access). A change is one
conditional write (the counters stay as registrations left them), then the programme cache forgets the event,
then freed places (a higher capacity, a reopened event) go to the first in line (Manager.fill_free_places).
The HTTP side (parsing, paging cursors, the JSON answers) is eventreg.entrypoints.http.organisers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eventreg.domain import organising
from eventreg.domain.access import Access, access
from eventreg.domain.errors import Forbidden, RegistrationNotFound, ValidationFailed
from eventreg.domain.models import Document, Event, Registration, RegistrationStatus, Session, utc_now
from eventreg.domain.organising import CapacityBelowRegistrations, EventExists, StatusChangeRefused
from eventreg.notify import overrides
from eventreg.ports import Store
from eventreg.programme import Programme, ProgrammeCache
from eventreg.register.managing import Manager


@dataclass(frozen=True)
class Listing:
    """A page of the registrations an organiser asked for, and where the next page starts (None: the last)."""

    registrations: list[Registration]
    cursor: dict[str, Any] | None


@dataclass(frozen=True)
class Organising:
    repo: Store
    programmes: ProgrammeCache
    manager: Manager

    def programme(self, event_id: str, organiser_id: str) -> tuple[Programme, Access]:
        programme = self.programmes.fresh(event_id)
        return programme, access(programme.event, programme.sessions.values(), organiser_id)

    @staticmethod
    def _full(who: Access) -> None:
        if not who.full:
            raise Forbidden("Only the event's organisers can do this; partners manage their own sessions.")

    def events(self, organiser_id: str) -> list[Event]:
        return [self.repo.get_event(event_id) for event_id in self.repo.organiser_event_ids(organiser_id)]

    def create_event(self, organiser_id: str, data: Any) -> Event:
        event = organising.new_event(data, organiser_id, check_mail=overrides.check)
        if not self.repo.create_event(event):
            raise EventExists(f"An event with the id {event.event_id!r} exists already.")
        return event

    def update_event(self, organiser_id: str, event_id: str, patch: Any) -> int:
        """The organiser's changes; how many were promoted into the places they freed."""
        programme, who = self.programme(event_id, organiser_id)
        self._full(who)
        current = programme.event
        event = organising.updated_event(current, patch, check_mail=overrides.check)
        if not self.repo.update_event(event, current.status.value):
            raise StatusChangeRefused("The event changed meanwhile (status or registrations); reload and try again.")
        self.programmes.forget(event_id)
        return len(self.manager.fill_free_places(event_id, utc_now()))

    def put_session(self, organiser_id: str, event_id: str, session_id: str, data: Any) -> tuple[Session, int]:
        """The session as saved (with current counters) and how many were promoted into freed seats."""
        programme, who = self.programme(event_id, organiser_id)
        current = programme.sessions.get(session_id)
        if not who.full and (current is None or session_id not in who.sessions):
            raise Forbidden("Partners change only the sessions they run.")
        if not who.full and isinstance(data, dict) and data.get("partner_id", organiser_id) != organiser_id:
            raise Forbidden("Partners cannot hand a session to someone else.")
        session = organising.session_for(programme.event, session_id, data, current)
        if not self.repo.put_session(event_id, session):
            raise CapacityBelowRegistrations("More seats were taken meanwhile; the capacity cannot be that low.")
        self.programmes.forget(event_id)
        promoted = self.manager.fill_free_places(event_id, utc_now())
        return self.programmes.fresh(event_id).sessions[session_id], len(promoted)

    def filters(self, who: Access, status: str | None, session: str | None) -> None:
        """Whether the filters of a registrations listing exist and are the organiser's to use."""
        if status and status not in {s.value for s in RegistrationStatus}:
            raise ValidationFailed("Unknown status.", fields={"status": "Unknown status."})
        if session and not who.full and session not in who.sessions:
            raise Forbidden("Partners see only the registrations for their own sessions.")

    def registrations(self, who: Access, event_id: str, limit: int, cursor: dict[str, Any] | None,
                      status: str | None = None, mode: str | None = None, session: str | None = None,
                      search: str | None = None, country: str | None = None,
                      organisation_type: str | None = None) -> Listing:
        """Registrations, oldest first, filtered by status, mode, session, country, organisation type and a
        search of name, email and organisation: up to `limit` of those the organiser may see (a partner: those
        for its own sessions), from `cursor` on."""
        wanted = Wanted(who, status, mode, session, search, country, organisation_type)
        found: list[Registration] = []
        while len(found) < limit:
            page, page_end = self.repo.registrations_page(event_id, limit, cursor)
            cursor = page_end
            for registration in page:
                if not wanted(registration):
                    continue
                found.append(registration)
                if len(found) == limit:  # the next page starts right after this one
                    cursor = self.repo.registration_cursor(event_id, registration.registration_id)
                    break
            if cursor is None:
                break
        return Listing(found, cursor)

    def sorted_registrations(self, event_id: str, wanted: Wanted, sort: str, descending: bool, offset: int,
                             limit: int) -> tuple[list[Registration], int]:
        """One page of the registrations `wanted` keeps, sorted by `sort` (SORTS), and how many there are.
        Sorting needs the whole filtered result: this reads every registration of the event (one paginated
        Query of its partition, as the attendee lists do) and pages by offset, not by cursor."""
        every = sorted((r for r in self.repo.iter_registrations(event_id) if wanted(r)),
                       key=lambda r: (SORTS[sort](r), r.registration_id), reverse=descending)
        return every[offset:offset + limit], len(every)

    def moderate(self, organiser_id: str, event_id: str, registration_id: str, decision: str) -> Registration:
        _, who = self.programme(event_id, organiser_id)
        self._full(who)
        if decision == "approve":
            return self.manager.approve(event_id, registration_id, utc_now())
        if decision == "reject":
            registration, _ = self.manager.cancel(event_id, registration_id, utc_now(), RegistrationStatus.REJECTED)
            return registration
        raise RegistrationNotFound("Unknown decision.")

    def add_document(self, organiser_id: str, event_id: str, data: Any) -> Document:
        """Announce a document (title, file name, type): it is listed on the event."""
        programme, who = self.programme(event_id, organiser_id)
        self._full(who)
        event = programme.event
        document = organising.new_document(event, data)
        others = [d for d in event.documents if d.document_id != document.document_id]
        updated = event.model_copy(update={"documents": [*others, document]})
        if not self.repo.update_event(updated, event.status.value):
            raise StatusChangeRefused("The event changed meanwhile; try again.")
        self.programmes.forget(event_id)
        return document


# What a registrations listing sorts by (ties: oldest first); registered-on is the storage's own order.
SORTS: dict[str, Callable[[Registration], Any]] = {
    "registered": lambda r: r.created_at,
    "name": lambda r: r.name.casefold(),
    "organisation": lambda r: r.organisation.casefold(),
    "status": lambda r: r.status.value,
}


@dataclass(frozen=True)
class Wanted:
    """The filters of a registrations listing, as one test of a registration (a partner: its own sessions)."""

    who: Access
    status: str | None = None
    mode: str | None = None
    session: str | None = None
    search: str | None = None
    country: str | None = None
    organisation_type: str | None = None

    def __call__(self, registration: Registration) -> bool:
        held = registration.sessions + registration.waitlisted_sessions
        needle = (self.search or "").strip().casefold()
        return self.who.sees(held) and (not self.status or registration.status.value == self.status) \
            and (not self.mode or registration.attendance_mode.value == self.mode) \
            and (not self.session or self.session in held) \
            and (not self.country or registration.country == self.country) \
            and (not self.organisation_type or registration.organisation_type.value == self.organisation_type) \
            and (not needle or _matches(registration, needle))


def _matches(registration: Registration, needle: str) -> bool:
    """Whether the search (case-folded) is part of the name, email or organisation."""
    return any(needle in field.casefold() for field in (registration.name, registration.email,
                                                        registration.organisation))
