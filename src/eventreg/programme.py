"""A short-lived, per-process cache of each event's definition and programme.

Registration validates against it (sessions exist, do not overlap, answers fit the questions) without
a read per request. It is never trusted for capacity, status or the cutoff: those are conditions of
the write itself, and a refused write refreshes the cache with what it read back.
"""

from __future__ import annotations

import threading
import time

from eventreg.domain.errors import EventNotFound
from eventreg.domain.models import Event, EventStatus, Session
from eventreg.ports import EventStore

TTL_SECONDS = 30.0


class Programme:
    def __init__(self, event: Event, sessions: list[Session]) -> None:
        self.event = event
        self.sessions = {s.session_id: s for s in sessions}
        self.loaded = time.monotonic()

    def with_fresh(self, event: Event | None, sessions: dict[str, Session | None]) -> Programme:
        fresh = Programme(event or self.event, list(self.sessions.values()))
        for session_id, session in sessions.items():
            if session is not None:
                fresh.sessions[session_id] = session
        return fresh


class ProgrammeCache:
    def __init__(self, repo: EventStore, ttl: float = TTL_SECONDS) -> None:
        self.repo = repo
        self.ttl = ttl
        self._entries: dict[str, Programme] = {}
        self._lock = threading.Lock()

    def get(self, event_id: str) -> Programme:
        with self._lock:
            entry = self._entries.get(event_id)
        if entry is not None and time.monotonic() - entry.loaded < self.ttl:
            return entry
        event, sessions = self.repo.get_event_with_sessions(event_id)
        return self.put(Programme(event, sessions))

    def put(self, programme: Programme) -> Programme:
        with self._lock:
            self._entries[programme.event.event_id] = programme
        return programme

    def forget(self, event_id: str) -> None:
        with self._lock:
            self._entries.pop(event_id, None)

    def fresh(self, event_id: str) -> Programme:
        """The programme with current counters (for pages that show places left)."""
        event, sessions = self.repo.get_event_with_sessions(event_id)
        return self.put(Programme(event, sessions))

    def published(self, event_id: str, fresh: bool = False) -> Programme:
        """The programme of an event the public may see. A draft is not found, exactly as a missing event
        is: only its organisers see it (through /organiser/). A cached draft is read again before saying
        so, in case it was published a moment ago."""
        programme = self.fresh(event_id) if fresh else self.get(event_id)
        if programme.event.status is EventStatus.DRAFT and not fresh:
            programme = self.fresh(event_id)
        if programme.event.status is EventStatus.DRAFT:
            raise EventNotFound(f"There is no event {event_id!r}.")
        return programme
