"""In-memory fakes written against eventreg.ports, for unit tests of the use cases without moto or DynamoDB
(as in "Architecture Patterns with Python"). They keep the ports' promises that the use cases rely on: the
conditions of the one-transaction writes (all or nothing, False when one fails), FIFO waiting lists, each
mail claimed once. They do not model DynamoDB's calls, indexes or items: tests about those stay on moto."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from eventreg.domain.changes import Transition, counter, event_scope, session_scope
from eventreg.domain.errors import EventNotFound
from eventreg.domain.idempotency import Idempotency
from eventreg.domain.models import AttendanceMode, Event, EventStatus, Registration, Session
from eventreg.domain.registration import Plan
from eventreg.notify.ports import Mailer
from eventreg.ports import (
    Clock,
    EventStore,
    FileStore,
    PresignedPost,
    Refusal,
    RegistrationStore,
    SendLog,
    Store,
    StoredFile,
)
from eventreg.register.ports import DirectoryStore

if TYPE_CHECKING:
    from eventreg.notify.compose import Mail

T = TypeVar("T", Event, Session)


class FakeStore:
    """EventStore, RegistrationStore and SendLog in dictionaries: one event partition per event id."""

    def __init__(self) -> None:
        self.events: dict[str, Event] = {}
        self.sessions: dict[str, dict[str, Session]] = {}
        self.registrations: dict[tuple[str, str], Registration] = {}
        self.waiting: dict[tuple[str, str], list[str]] = {}  # (event id, scope) -> registration ids, FIFO
        self.guards: dict[tuple[str, str], str] = {}  # (event id, email_norm) -> registration id
        self.idempotency: dict[str, dict[str, Any]] = {}  # key hash -> the stored record
        self.sent: set[tuple[str, str, str]] = set()
        self.reminded: set[str] = set()
        self.organisers: dict[str, list[str]] = {}
        self.writes: list[str] = []  # what was written, in order, e.g. "close_event ewrc-2026"
        self.refuse_transitions = 0  # the next n apply_transition calls lose to a concurrent change

    # -- set-up helpers (not part of any port) ---------------------------------------------------------
    def add_event(self, event: Event, sessions: Sequence[Session] = ()) -> None:
        self.events[event.event_id] = event
        self.sessions[event.event_id] = {s.session_id: s for s in sessions}
        for organiser_id in event.organiser_ids:
            self.organisers.setdefault(organiser_id, []).append(event.event_id)

    def add_registration(self, registration: Registration, waiting_in: Sequence[str] = ()) -> None:
        self.registrations[(registration.event_id, registration.registration_id)] = registration
        if registration.status.live and registration.email_norm:
            self.guards[(registration.event_id, registration.email_norm)] = registration.registration_id
        for scope in waiting_in:
            self.waiting.setdefault((registration.event_id, scope), []).append(registration.registration_id)

    # -- EventStore ------------------------------------------------------------------------------------
    def get_event(self, event_id: str) -> Event:
        if event_id not in self.events:
            raise EventNotFound(f"There is no event {event_id!r}.")
        return self.events[event_id]

    def get_event_with_sessions(self, event_id: str) -> tuple[Event, list[Session]]:
        event = self.get_event(event_id)
        return event, sorted(self.sessions[event_id].values(), key=lambda s: (s.starts_at, s.session_id))

    def create_event(self, event: Event) -> bool:
        if event.event_id in self.events:
            return False
        self.add_event(event)
        return True

    def update_event(self, event: Event, expected_status: str) -> bool:
        current = self.events.get(event.event_id)
        if current is None or current.status.value != expected_status:
            return False
        for mode in event.modes:
            capacity = event.capacity(mode)
            if capacity is not None and current.registered(mode) > capacity:
                return False
        counters = {"registered_in_person": current.registered_in_person,
                    "registered_online": current.registered_online, "waitlisted": current.waitlisted}
        self.events[event.event_id] = event.model_copy(update=counters)
        return True

    def put_session(self, event_id: str, session: Session) -> bool:
        current = self.sessions[event_id].get(session.session_id)
        if current is not None and session.capacity is not None and current.registered > session.capacity:
            return False
        kept = {"registered": current.registered, "waitlisted": current.waitlisted} if current else {}
        self.sessions[event_id][session.session_id] = session.model_copy(update=kept)
        return True

    def organiser_event_ids(self, organiser_id: str) -> list[str]:
        return list(self.organisers.get(organiser_id, []))

    def open_events_due(self, now: datetime) -> list[str]:
        return [e.event_id for e in self.events.values()
                if e.status is EventStatus.OPEN and e.registration_closes_at <= now]

    def open_event_ids(self, now: datetime) -> list[str]:
        open_now = [e for e in self.events.values() if e.status is EventStatus.OPEN and e.registration_closes_at > now]
        return [e.event_id for e in sorted(open_now, key=lambda e: e.registration_closes_at)]

    def close_event(self, event_id: str, now: datetime) -> bool:
        event = self.events.get(event_id)
        if event is None or event.status is not EventStatus.OPEN or event.registration_closes_at > now:
            return False
        self.events[event_id] = event.model_copy(update={"status": EventStatus.CLOSED})
        self.writes.append(f"close_event {event_id}")
        return True

    def events_starting_before(self, until: datetime) -> list[str]:
        return [e.event_id for e in self.events.values() if e.event_id not in self.reminded and e.starts_at <= until]

    def reminder_done(self, event_id: str) -> None:
        self.reminded.add(event_id)

    # -- RegistrationStore -----------------------------------------------------------------------------
    def apply(self, plan: Plan, now: datetime, idempotency: Idempotency | None = None) -> Refusal | None:
        """All or nothing, under the conditions registration_transaction gives DynamoDB: the window and the
        mode on the event, room (or, for a waiting list, still no room) against the capacities the plan was
        made with, each email once per event, each idempotency key once. A refusal carries what the failed
        conditions saw, as DynamoDB's ALL_OLD does."""
        event_id = plan.event.event_id
        event = self.events.get(event_id)
        if event is None:
            return Refusal(event_missing=True)
        refusal = Refusal()
        size, mode = plan.size, plan.mode
        window = (event.status is EventStatus.OPEN and event.registration_opens_at <= now < event.registration_closes_at
                  and mode in event.modes)
        if plan.by_hand:  # an organiser adds it: published and not over, the window aside
            window = event.status in (EventStatus.OPEN, EventStatus.CLOSED) and mode in event.modes
        if not window or not _room(event.capacity(mode), plan.event.capacity(mode), event.registered(mode), size,
                                   waiting=plan.waitlisted):
            refusal.event = event
        sessions = self.sessions.get(event_id, {})
        for session_id in [*plan.seated_sessions, *plan.waiting_sessions]:
            session = sessions.get(session_id)
            if session is None or not _room(session.capacity, plan.session_capacities[session_id],
                                             session.registered, size,
                                             waiting=session_id in plan.waiting_sessions):
                refusal.sessions[session_id] = session
        refusal.emails_taken = [r.email for r in plan.registrations if (event_id, r.email_norm) in self.guards]
        if idempotency is not None and idempotency.key_hash in self.idempotency:
            refusal.replay = self.idempotency[idempotency.key_hash]
        if refusal != Refusal():
            return refusal
        # every condition held: write it all
        deltas = {"waitlisted" if plan.waitlisted else counter(mode): size}
        self.events[event_id] = _bumped(event, deltas)
        for session_id in plan.seated_sessions:
            sessions[session_id] = _bumped(sessions[session_id], {"registered": size})
        for session_id in plan.waiting_sessions:
            sessions[session_id] = _bumped(sessions[session_id], {"waitlisted": size})
        scopes = [event_scope(mode)] if plan.waitlisted else []
        for registration in plan.registrations:
            self.add_registration(registration, [*scopes, *(session_scope(s) for s in plan.waiting_sessions)])
        if idempotency is not None:
            self.idempotency[idempotency.key_hash] = {
                "fingerprint": idempotency.fingerprint,
                "registration_ids": [r.registration_id for r in plan.registrations]}
        self.writes.append(f"apply {event_id}")
        return None

    def apply_transition(self, transition: Transition) -> bool:
        """All or nothing, under the conditions transition_transaction gives DynamoDB."""
        if self.refuse_transitions:
            self.refuse_transitions -= 1
            return False
        t = transition
        event_id = t.event.event_id
        event = self.events.get(event_id)
        if event is None:
            return False
        capacities = {counter(mode): t.event.capacity(mode) for mode in AttendanceMode}
        if not _counters_hold(event, t.event_deltas, capacities, t.event_expect,
                              {counter(mode): event.capacity(mode) for mode in AttendanceMode}):
            return False
        for session_id, deltas in t.session_deltas.items():
            session = self.sessions[event_id].get(session_id)
            if session is None:
                return False
            if not _counters_hold(session, deltas, {"registered": t.session_capacities.get(session_id)},
                                  t.session_expect.get(session_id, {}), {"registered": session.capacity}):
                return False
        for new, version in t.puts:
            old = self.registrations.get((event_id, new.registration_id))
            if old is None or old.version != version:
                return False
        for scope, registration_id in t.wait_puts:
            if registration_id in self.waiting.get((event_id, scope), []):
                return False
        for scope, registration_id in t.wait_deletes:
            if registration_id not in self.waiting.get((event_id, scope), []):
                return False
        for email_norm, registration_id in t.guard_deletes:
            if self.guards.get((event_id, email_norm)) != registration_id:
                return False
        # every condition held: write it all
        self.events[event_id] = _bumped(event, t.event_deltas)
        for session_id, deltas in t.session_deltas.items():
            self.sessions[event_id][session_id] = _bumped(self.sessions[event_id][session_id], deltas)
        for new, _ in t.puts:
            self.registrations[(event_id, new.registration_id)] = new
        for scope, registration_id in t.wait_puts:
            self.waiting.setdefault((event_id, scope), []).append(registration_id)
        for scope, registration_id in t.wait_deletes:
            self.waiting[(event_id, scope)].remove(registration_id)
        for email_norm, _ in t.guard_deletes:
            del self.guards[(event_id, email_norm)]
        self.writes.append(f"apply_transition {event_id}")
        return True

    def get_registration(self, event_id: str, registration_id: str) -> Registration | None:
        return self.registrations.get((event_id, registration_id))

    def first_waiting(self, event_id: str, scope: str) -> Registration | None:
        line = self.waiting.get((event_id, scope), [])
        return self.registrations[(event_id, line[0])] if line else None

    def waiting_list(self, event_id: str, scope: str) -> list[Registration]:
        return [self.registrations[(event_id, rid)] for rid in self.waiting.get((event_id, scope), [])]

    def waiting_position(self, event_id: str, scope: str, registration_id: str) -> int:
        return sum(1 for rid in self.waiting.get((event_id, scope), []) if rid <= registration_id)

    def iter_registrations(self, event_id: str) -> Iterator[Registration]:
        for (event, _), registration in sorted(self.registrations.items()):
            if event == event_id:
                yield registration

    def registrations_page(
        self, event_id: str, limit: int, cursor: dict[str, Any] | None
    ) -> tuple[list[Registration], dict[str, Any] | None]:
        every = list(self.iter_registrations(event_id))
        start = int(cursor["position"]) if cursor else 0
        page = every[start:start + limit]
        return page, ({"position": start + limit} if start + limit < len(every) else None)

    def registration_cursor(self, event_id: str, registration_id: str) -> dict[str, Any]:
        ids = [r.registration_id for r in self.iter_registrations(event_id)]
        return {"position": ids.index(registration_id) + 1}

    def registration_item_pages(self, event_id: str, page_size: int | None = None) -> Iterator[list[dict[str, Any]]]:
        from eventreg.adapters.dynamodb import items  # the stored form is the adapter's: borrowed, not re-written

        every = [items.registration_item(r) for r in self.iter_registrations(event_id)]
        size = page_size or max(len(every), 1)
        for start in range(0, max(len(every), 1), size):
            yield every[start:start + size]

    def registration_fields(self, event_id: str, fields: Sequence[str]) -> Iterator[dict[str, Any]]:
        for registration in self.iter_registrations(event_id):
            data = registration.model_dump(mode="json")
            yield {name: data[name] for name in fields if name in data}

    def registrations_matching(self, event_id: str, equals: Mapping[str, object], fields: Sequence[str],
                               after: str | None, limit: int) -> tuple[list[dict[str, Any]], str | None]:
        from eventreg.adapters.dynamodb import items  # the stored form: an anonymised item has no list_consent

        found = []
        for registration in self.iter_registrations(event_id):
            stored = items.from_av(items.registration_item(registration))
            if (after is None or registration.registration_id > after) \
                    and all(stored.get(name) == value for name, value in equals.items()):
                found.append({name: stored[name] for name in fields if name in stored})
        if len(found) > limit:
            return found[:limit], str(found[limit - 1]["registration_id"])
        return found, None

    def mark_email_status(self, event_id: str, registration_id: str, status: str, now: datetime) -> bool:
        current = self.registrations.get((event_id, registration_id))
        if current is None:
            return False
        self.registrations[(event_id, registration_id)] = current.model_copy(
            update={"email_status": status})
        return True

    def set_role(self, event_id: str, registration_id: str, role: str) -> bool:
        current = self.registrations.get((event_id, registration_id))
        if current is None:
            return False
        self.registrations[(event_id, registration_id)] = current.model_copy(update={"role": role})
        return True

    # -- SendLog ---------------------------------------------------------------------------------------
    def claim_send(self, event_id: str, registration_id: str, state: str, now: datetime) -> bool:
        if (event_id, registration_id, state) in self.sent:
            return False
        self.sent.add((event_id, registration_id, state))
        return True

    def claim_sends(self, claims: Sequence[tuple[str, str, str]], now: datetime) -> set[tuple[str, str, str]]:
        return {claim for claim in dict.fromkeys(claims) if self.claim_send(*claim, now)}

    def release_send(self, event_id: str, registration_id: str, state: str) -> None:
        self.sent.discard((event_id, registration_id, state))

    def sent_to(self, event_id: str, registration_ids: Sequence[str], state: str) -> set[str]:
        return {rid for rid in registration_ids if (event_id, rid, state) in self.sent}


def _counters_hold(item: Event | Session, deltas: dict[str, int], planned: dict[str, int | None],
                   expect: dict[str, int], actual: dict[str, int | None]) -> bool:
    """The counter conditions of one update: a seat taken holds the capacity it was planned on and leaves
    the counter at most that; a counter never goes below zero; the counters it was planned on are as seen."""
    for name, delta in deltas.items():
        value = int(getattr(item, name))
        if delta > 0 and name in planned:
            if planned[name] != actual[name]:
                return False
            capacity = planned[name]
            if capacity is not None and value + delta > capacity:
                return False
        if delta < 0 and value < -delta:
            return False
    return all(int(getattr(item, name)) == seen for name, seen in expect.items())


def _room(capacity: int | None, planned: int | None, taken: int, size: int, *, waiting: bool) -> bool:
    """The capacity is still the one planned with, and there is room for `size` more (or, joining a waiting
    list, still none: an unlimited place is never full, so waiting for one is refused and re-planned)."""
    if capacity != planned:
        return False
    if waiting:
        return capacity is not None and taken + size > capacity
    return capacity is None or taken + size <= capacity


def _bumped(item: T, deltas: dict[str, int]) -> T:
    return item.model_copy(update={name: int(getattr(item, name)) + delta for name, delta in deltas.items() if delta})


@dataclass
class FakeMailer:
    """Mailer: keeps what it was asked to send."""

    sent: list[tuple[Mail, str, str, dict[str, str] | None]] = field(default_factory=list)

    def send(self, message: Mail, sender: str, recipient: str, tags: dict[str, str] | None = None) -> str:
        self.sent.append((message, sender, recipient, tags))
        return f"fake-message-{len(self.sent)}"


@dataclass
class FakeFileStore:
    """FileStore: keys in a dictionary; URLs that say what they are for."""

    files: dict[str, bytes] = field(default_factory=dict)

    def upload_url(self, key: str, content_type: str) -> str:
        return f"https://files.test/upload/{key}?type={content_type}"

    def download_url(self, key: str, filename: str) -> str:
        return f"https://files.test/download/{key}?as={filename}"

    def presigned_post(self, key: str, content_type: str, max_bytes: int, redirect: str) -> PresignedPost:
        return PresignedPost(url="https://files.test/upload", fields={
            "key": key, "Content-Type": content_type, "success_action_redirect": redirect,
            "max_bytes": str(max_bytes)})

    def head(self, key: str) -> StoredFile | None:
        return StoredFile(size=len(self.files[key]), content_type="application/octet-stream") \
            if key in self.files else None

    def delete_prefix(self, prefix: str) -> int:
        gone = [key for key in self.files if key.startswith(prefix)]
        for key in gone:
            del self.files[key]
        return len(gone)


@dataclass
class FixedClock:
    """Clock: an instant that moves only when a test moves it."""

    now: datetime = field(default_factory=lambda: datetime(2026, 5, 18, 22, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now


if TYPE_CHECKING:  # mypy --strict (pyproject's files) checks the fakes and the adapters against the ports
    from eventreg.adapters.dynamodb.erasure_requests import ErasureRequests as DynamoErasureRequests
    from eventreg.adapters.dynamodb.events import EventTable
    from eventreg.adapters.dynamodb.export_items import ExportItems
    from eventreg.adapters.dynamodb.privacy import PrivacyStore as DynamoPrivacyStore
    from eventreg.adapters.dynamodb.registrations import RegistrationTable
    from eventreg.adapters.dynamodb.repository import Repository
    from eventreg.adapters.dynamodb.send_log import SendLogTable
    from eventreg.adapters.s3.files import FileStore as S3FileStore
    from eventreg.adapters.ses import SesMailer
    from eventreg.office_ports import DocumentFiles
    from eventreg.ports import Decode, ExportStore
    from eventreg.privacy.ports import ErasureRequests, ErasureStore, PrivacyStore, RetentionStore
    from eventreg.report.ports import DelegationStore, ReportFiles, Uploads

    def _fakes_conform(store: FakeStore, mailer: FakeMailer, files: FakeFileStore,
                       clock: FixedClock) -> tuple[EventStore, RegistrationStore, SendLog, Store, Mailer, FileStore,
                                                   Clock]:
        return store, store, store, store, mailer, files, clock

    def _adapters_conform(repo: Repository, mailer: SesMailer,
                          files: S3FileStore) -> tuple[EventStore, RegistrationStore, SendLog, Store, Mailer,
                                                       FileStore, Clock]:
        from eventreg.domain.models import utc_now

        return repo, repo, repo, repo, mailer, files, utc_now

    def _directory_conforms(fake: FakeStore, repo: Repository) -> tuple[DirectoryStore, DirectoryStore]:
        return fake, repo

    def _aggregates_conform(events: EventTable, registrations: RegistrationTable,
                            sends: SendLogTable) -> tuple[EventStore, RegistrationStore, SendLog]:
        return events, registrations, sends

    def _document_files_conform(fake: FakeFileStore, s3: S3FileStore) -> tuple[DocumentFiles, DocumentFiles]:
        return fake, s3

    def _reports_and_privacy_conform(exports: ExportItems, files: S3FileStore, privacy: DynamoPrivacyStore,
                                     requests: DynamoErasureRequests) -> tuple[
            ExportStore, ReportFiles, Uploads, PrivacyStore, RetentionStore, ErasureStore, DelegationStore,
            ErasureRequests, Decode]:
        from eventreg.adapters.dynamodb.stream import change_of

        return exports, files, files, privacy, privacy, privacy, privacy, requests, change_of
