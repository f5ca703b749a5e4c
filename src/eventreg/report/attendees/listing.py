"""An attendee list, resolved for one organiser: the preset's columns, the scope (a partner sees only
the registrations of its own sessions), the session and the filters, and the rows produced page by page
as the Query delivers them. Each item is read once; ReadStats counts items read against rows made."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

from eventreg.domain.access import Access
from eventreg.domain.errors import Forbidden, SessionNotFound
from eventreg.domain.models import Event, Session
from eventreg.report.attendees.columns import Column, Item, Value, catalogue, text, text_list
from eventreg.report.attendees.filters import ATTRIBUTES, ListRequest
from eventreg.report.attendees.presets import ANSWERS, DEFAULT, PRESETS


@dataclass
class ReadStats:
    """Items the Query returned, rows the list got from them, pages read."""

    items_read: int = 0
    rows: int = 0
    pages: int = 0

    @property
    def reads_per_row(self) -> float:
        return self.items_read / self.rows if self.rows else 0.0


Row = list[Value]
PageHook = Callable[[ReadStats], None]


@dataclass(frozen=True)
class AttendeeList:
    event: Event
    request: ListRequest
    columns: tuple[Column, ...]
    wants: Callable[[Item], bool]
    estimate: int  # rows expected, from the counters (cancelled registrations are not counted there)
    partner: bool = False

    def filename(self, extension: str) -> str:
        preset = "attendees" if self.request.preset == DEFAULT else self.request.preset
        parts = [self.event.event_id, self.request.session or "", preset]
        return "-".join(p for p in parts if p) + f".{extension}"

    def rows(self, pages: Iterable[list[Item]], stats: ReadStats, on_page: PageHook | None = None) -> Iterator[Row]:
        """The list's rows, produced as each page of items arrives."""
        readers = [column.read for column in self.columns]
        wants = self.wants
        for page in pages:
            stats.pages += 1
            stats.items_read += len(page)
            for item in page:
                if wants(item):
                    stats.rows += 1
                    yield [read(item) for read in readers]
            if on_page is not None:
                on_page(stats)


def _predicate(who: Access, request: ListRequest) -> Callable[[Item], bool]:
    checks = [(ATTRIBUTES[name], values) for name, values in request.filters]
    own = None if who.full else who.sessions
    session = request.session

    def wants(item: Item) -> bool:
        if own is not None or session is not None:
            chosen = text_list(item, "sessions") + text_list(item, "waitlisted_sessions")
            if own is not None and own.isdisjoint(chosen):
                return False
            if session is not None and session not in chosen:
                return False
        for attribute, values in checks:
            default = "other" if attribute == "organisation_type" else ""
            if text(item, attribute, default) not in values:
                return False
        return True

    return wants


def shows_attendance(request: ListRequest) -> bool:
    """Whether the list has the check-in column (then the caller reads the event's check-ins: one more Query)."""
    return "checked_in_at" in PRESETS[request.preset].columns


def attendee_list(event: Event, sessions: Iterable[Session], who: Access, request: ListRequest,
                  attendance: Mapping[str, datetime] | None = None) -> AttendeeList:
    by_id = {s.session_id: s for s in sessions}
    if request.session is not None:
        if request.session not in by_id:
            raise SessionNotFound(f"The event has no session {request.session!r}.")
        if not who.full and request.session not in who.sessions:
            raise Forbidden("Partners see only the registrations for their own sessions.")
    available = catalogue(event, None if who.full else who.sessions, attendance)
    columns: list[Column] = []
    for key in PRESETS[request.preset].columns:
        if key == ANSWERS:
            columns += [c for k, c in available.items() if k.startswith("answer:")]
        else:
            columns.append(available[key])
    if request.session is not None:
        counted = [by_id[request.session]]
    elif not who.full:
        counted = [by_id[s] for s in who.sessions if s in by_id]
    else:
        counted = []
    if counted:
        estimate = sum(s.registered + s.waitlisted for s in counted)
    else:
        estimate = event.registered_in_person + event.registered_online + event.waitlisted
    return AttendeeList(event, request, tuple(columns), _predicate(who, request), estimate, partner=not who.full)
