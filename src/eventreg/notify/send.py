"""What the notifications service does with one change of the table: decide, render, send once."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from eventreg.domain.models import Event, Registration, RegistrationStatus, Session, iso, utc_now
from eventreg.links import manage_url
from eventreg.notify.calendar import calendar
from eventreg.notify.compose import Attachment, Wording, compose
from eventreg.notify.overrides import render
from eventreg.notify.ses import SesMailer
from eventreg.notify.texts import state_texts
from eventreg.storage import items
from eventreg.storage.programme import ProgrammeCache
from eventreg.storage.repository import Repository
from eventreg.urls import final_list_path, reports_url
from eventreg.web.dates import format_instant

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    """One stream record, reduced to what matters here (images in plain Python form)."""

    event_name: str  # INSERT | MODIFY | REMOVE
    new: dict[str, Any] | None
    old: dict[str, Any] | None

    @classmethod
    def from_stream(cls, event_name: str, new_image: Any, old_image: Any) -> Change:
        return cls(
            event_name,
            items.from_av(new_image) if new_image else None,
            items.from_av(old_image) if old_image else None,
        )


Claim = tuple[str, str, str]  # (event_id, registration_id, state key): one send-log item


@dataclass(frozen=True)
class Announcement:
    """The mail a change of a registration calls for."""

    registration: Registration
    state: str
    old: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.state}#v{self.registration.version}"

    @property
    def claim(self) -> Claim:
        return self.registration.event_id, self.registration.registration_id, self.key


def announcement(change: Change) -> Announcement | None:
    state = mail_state(change)
    if state is None or change.new is None:
        return None
    return Announcement(Registration.model_validate(change.new), state, change.old or {})


def mail_state(change: Change) -> str | None:
    """The state change this record announces by mail, if any."""
    new, old = change.new or {}, change.old or {}
    if new.get("type") != "registration" or new.get("anonymised"):
        return None  # an anonymised registration (retention, erasure) is never written to
    status, before = new.get("status"), old.get("status")
    if status == before:
        moved = any(new.get(k) != old.get(k) for k in ("attendance_mode", "sessions", "waitlisted_sessions"))
        return "modified" if moved and status in ("confirmed", "pending") else None
    if status == RegistrationStatus.CONFIRMED:
        return {"waitlisted": "promoted", "pending": "approved"}.get(str(before), "confirmed")
    if status in ("pending", "waitlisted", "cancelled", "rejected"):
        return str(status)
    return None


MAX_REMINDER_DAYS = 60
CALENDAR_REQUEST = frozenset({"confirmed", "promoted", "approved", "modified"})
CALENDAR_CANCEL = frozenset({"cancelled", "rejected"})
REQUEST = "text/calendar; method=REQUEST; charset=utf-8"
CANCEL = "text/calendar; method=CANCEL; charset=utf-8"


class Notifier:
    def __init__(self, repo: Repository, mailer: SesMailer, sender: str, public_url: str) -> None:
        self.repo = repo
        self.programmes = ProgrammeCache(repo, ttl=10.0)
        self.mailer = mailer
        self.sender = sender
        self.public_url = public_url

    def handle(self, change: Change, claimed: set[Claim] | None = None) -> bool:
        """Send the mail(s) this change calls for, at most once each. True if any was sent.

        `claimed`: the send-log items a batch claimed in bulk and not yet used (see `claim`); a registrant's
        mail whose item is not among them was sent before (or by a duplicate record of this batch): it is
        taken out when used. None: claim here, one write per mail."""
        if (change.new or {}).get("type") == "event":
            return self._event_changed(change)
        news = announcement(change)
        if news is None:
            return False
        if claimed is not None and news.claim not in claimed:
            log.info("mail already sent", extra={"registration": news.registration.registration_id,
                                                 "state": news.state})
            return False
        if claimed is not None:
            claimed.discard(news.claim)
        return self.tell(news.registration, news.state, news.key, news.old, claimed=claimed is not None)

    def claim(self, mails: Sequence[Announcement]) -> set[Claim]:
        """Claim the send-log items of these mails in one transaction (a PutItem each cost 2 ms of CPU in
        botocore; 25 in one TransactWriteItems, 0.12 ms each). The answer leaves out those already sent."""
        return self.repo.claim_sends([news.claim for news in mails], utc_now()) if mails else set()

    def release(self, held: Sequence[Announcement], claimed: set[Claim]) -> None:
        """Give back the unused claims of mails that were held back (an earlier change of the item failed)."""
        for news in held:
            if news.claim in claimed:
                claimed.discard(news.claim)
                self.repo.release_send(*news.claim)

    def tell(self, registration: Registration, state: str, state_key: str, old: dict[str, Any],
             event: Event | None = None, sessions: list[Session] | None = None, claimed: bool = False) -> bool:
        """One mail of kind `state` to a registrant, once per `state_key` (the send log). `claimed`: the
        caller holds the send-log item already."""
        if not claimed and not self.repo.claim_send(registration.event_id, registration.registration_id,
                                                    state_key, utc_now()):
            log.info("mail already sent", extra={"registration": registration.registration_id, "state": state})
            return False
        try:
            if event is None or sessions is None:
                # The programme as cached for a few seconds: a burst of mails does not re-read it each time.
                programme = self.programmes.get(registration.event_id)
                event, sessions = programme.event, list(programme.sessions.values())
            language = registration.preferred_language
            headline, intro = state_texts(state, language)
            attachments = self._calendar(state, event, sessions, registration, old, language)
            context = self._context(event, sessions, registration)
            message = compose(
                "registration",
                sender=self.sender,
                to_name=registration.name,
                to_email=registration.email,
                lang=language,
                context={**context, "headline": headline, "intro": intro, "with_calendar": bool(attachments)},
                attachments=attachments,
                sender_name=event.mail_sender_name or event.organising_unit,
                reply_to=event.reply_to,
                wording=self._wording(state, event, registration, context, language),
            )
            self.mailer.send(message, self.sender, registration.email,
                             tags={"event": event.event_id, "registration": registration.registration_id})
        except Exception:
            # Give the claim back so the stream's retry of this record sends the mail.
            self.repo.release_send(registration.event_id, registration.registration_id, state_key)
            raise
        log.info("mail sent", extra={"registration": registration.registration_id, "state": state})
        return True

    def _calendar(self, state: str, event: Event, sessions: list[Session], registration: Registration,
                  old: dict[str, Any], language: str) -> list[Attachment]:
        """A confirmed place comes with its calendar entries; a cancellation or a dropped session cancels
        the same entries (METHOD:CANCEL, same UIDs)."""
        held = [s for s in sessions if s.session_id in registration.sessions]
        before = set(old.get("sessions") or [])
        if state in CALENDAR_REQUEST and registration.status is RegistrationStatus.CONFIRMED:
            files = [Attachment("invitation.ics", calendar(event, held, registration, self.sender, language), REQUEST)]
            dropped = [s for s in sessions if s.session_id in before - set(registration.sessions)]
            if dropped:
                ics = calendar(event, dropped, registration, self.sender, language, cancel=True, only_sessions=True)
                files.append(Attachment("cancelled-sessions.ics", ics, CANCEL))
            return files
        if state in CALENDAR_CANCEL and old.get("status") == RegistrationStatus.CONFIRMED:
            had = [s for s in sessions if s.session_id in before]
            ics = calendar(event, had, registration, self.sender, language, cancel=True)
            return [Attachment("cancellation.ics", ics, CANCEL)]
        return []

    def _event_changed(self, change: Change) -> bool:
        """An event's own changes: registration closed (to its organisers), cancelled or moved (to every
        registrant, each once per change: a retried batch resumes where it stopped)."""
        new, old = change.new or {}, change.old or {}
        if not old:
            return False
        event = Event.model_validate({k: v for k, v in new.items() if k in Event.model_fields})
        if new.get("status") == "closed" and old.get("status") == "open":
            return self._tell_organisers(event)
        if new.get("status") == "cancelled" and old.get("status") != "cancelled":
            return self.tell_registrants(event, "event_cancelled", "once")
        moved = [k for k in ("starts_at", "ends_at", "venue", "online_url", "timezone") if new.get(k) != old.get(k)]
        if moved and new.get("status") in ("open", "closed"):
            fingerprint = hashlib.sha256(json.dumps([new.get(k) for k in moved], sort_keys=True).encode()).hexdigest()
            return self.tell_registrants(event, "event_changed", fingerprint[:16])
        return False

    def tell_registrants(self, event: Event, state: str, key: str, confirmed_only: bool = False) -> bool:
        _, sessions = self.repo.get_event_with_sessions(event.event_id)
        sent = False
        for registration in self.repo.iter_registrations(event.event_id):
            wanted = registration.status is RegistrationStatus.CONFIRMED if confirmed_only else registration.status.live
            if wanted and not registration.anonymised:
                sent |= self.tell(registration, state, f"{state}#{key}", {}, event, sessions)
        return sent

    def _tell_organisers(self, event: Event) -> bool:
        if not event.organiser_emails:
            return False
        key = f"closed#{iso(event.registration_closes_at)}"
        if not self.repo.claim_send(event.event_id, "EVENT", key, utc_now()):
            return False
        try:
            for address in event.organiser_emails:
                message = compose(
                    "organisers_closed", sender=self.sender, to_name="", to_email=address, lang=event.language,
                    context={"event": event,
                             "final_list_url": reports_url(self.public_url, final_list_path(event.event_id, "csv")),
                             "final_list_xlsx_url": reports_url(self.public_url,
                                                                final_list_path(event.event_id, "xlsx"))},
                    sender_name="eventreg")
                self.mailer.send(message, self.sender, address, tags={"event": event.event_id})
        except Exception:
            self.repo.release_send(event.event_id, "EVENT", key)
            raise
        return True

    @staticmethod
    def _wording(state: str, event: Event, registration: Registration, context: dict[str, Any],
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

    def _context(self, event: Event, sessions: list[Session], registration: Registration) -> dict[str, Any]:
        return {
            "event": event,
            "registration": registration,
            "sessions": [s for s in sessions if s.session_id in registration.sessions],
            "waiting": [s for s in sessions if s.session_id in registration.waitlisted_sessions],
            "event_url": f"{self.public_url}/events/{event.event_id}/register",
            "manage_url": manage_url(event.event_id, registration.registration_id),
        }


WORKERS = 4  # mails of one batch in flight at once: the waits on DynamoDB and SES overlap
WINDOW = 25  # records whose send-log items are claimed in one transaction (and at most the mails a crash loses)
RESERVE_MS = 20_000  # no new window when the invocation has less time left: its records are retried instead


class HeldBack(Exception):
    """Not attempted: an earlier change of the same item failed, and this one waits for its retry."""


class OutOfTime(Exception):
    """Not attempted: the invocation was close to its timeout. Reported as failed, so Lambda retries it."""


def handle_batch(event: dict[str, Any], notifier: Notifier, context: Any = None) -> dict[str, Any]:
    """A stream batch, record by record (Powertools' batch utility): the answer lists the records that
    failed (ReportBatchItemFailures), so Lambda retries those and never repeats the ones that went out.
    If every record fails, it raises and the whole batch is retried.

    The records go in windows of WINDOW: the window's send-log items are claimed in one transaction, then
    records of different items are handled on a few threads at once, while the records of one item (say a
    registration confirmed, then cancelled) stay in stream order on one thread. A failed record holds back
    its item's later records (their claims are given back) and nobody else's."""
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    records = event.get("Records") or []
    outcome: dict[int, BaseException] = {}
    items_of = [json.dumps((raw.get("dynamodb") or {}).get("Keys") or {}, sort_keys=True) for raw in records]
    changes: dict[int, Change] = {}
    news: dict[int, Announcement] = {}
    for index, raw in enumerate(records):
        images = raw.get("dynamodb") or {}
        try:
            changes[index] = Change.from_stream(raw.get("eventName", ""), images.get("NewImage"),
                                                images.get("OldImage"))
            found = announcement(changes[index])
        except Exception as error:  # a poison record: reported alone, below
            outcome[index] = error
            continue
        if found is not None:
            news[index] = found
    failed_items = {items_of[index] for index in outcome}

    def hold_back(indexes: Sequence[int], error: BaseException, claimed: set[Claim]) -> None:
        """Later changes of a failed item wait for its retry, as the stream order asks."""
        for later in indexes:
            outcome.setdefault(later, error)
        notifier.release([news[i] for i in indexes if i in news], claimed)

    for start in range(0, len(records), WINDOW):
        window = [i for i in range(start, min(start + WINDOW, len(records))) if i not in outcome]
        held = [i for i in window if items_of[i] in failed_items]
        hold_back(held, HeldBack("an earlier change of this item failed"), set())
        window = [i for i in window if i not in held]
        if context is not None and context.get_remaining_time_in_millis() < RESERVE_MS:
            for index in range(start, len(records)):
                outcome.setdefault(index, OutOfTime("the invocation ran out of time"))
            break
        try:
            claimed = notifier.claim([news[i] for i in window if i in news])
        except Exception as error:  # DynamoDB throttled or down: the whole window is retried
            hold_back(window, error, set())
            failed_items.update(items_of[i] for i in window)
            continue
        groups: dict[str, list[int]] = {}
        for index in window:
            groups.setdefault(items_of[index], []).append(index)

        def run(group: list[int], claimed: set[Claim] = claimed) -> None:
            for position, index in enumerate(group):
                try:
                    notifier.handle(changes[index], claimed)
                except Exception as error:  # reported per record below
                    outcome[index] = error
                    hold_back(group[position + 1:], error, claimed)
                    failed_items.add(items_of[index])
                    return

        if len(groups) > 1:
            with ThreadPoolExecutor(max_workers=WORKERS) as pool:
                list(pool.map(run, groups.values()))
        else:
            for group in groups.values():
                run(group)
    position = {id(raw): index for index, raw in enumerate(records)}

    def report(record: Any) -> None:
        error = outcome.get(position.get(id(record.raw_event), -1))
        if error is not None:
            raise error

    processor = BatchProcessor(event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=True)
    return dict(process_partial_response(event=event, record_handler=report, processor=processor, context=context))


def handle_ses_notification(notification: dict[str, Any], repo: Repository) -> str | None:
    """SES (through SNS) says a mail bounced for good or drew a complaint: mark the registration's
    address, so organisers see it. Transient bounces change nothing. Returns the status set, if any."""
    kind = notification.get("notificationType") or notification.get("eventType")
    if kind == "Bounce" and (notification.get("bounce") or {}).get("bounceType") == "Permanent":
        status = "bounced"
    elif kind == "Complaint":
        status = "complained"
    else:
        return None
    tags = (notification.get("mail") or {}).get("tags") or {}
    event_id, registration_id = (tags.get("event") or [None])[0], (tags.get("registration") or [None])[0]
    if not event_id or not registration_id:
        log.warning("an SES %s without eventreg tags", kind)
        return None
    repo.mark_email_status(event_id, registration_id, status, utc_now())
    log.info("email marked undeliverable", extra={"registration": registration_id, "status": status})
    return status


def send_reminders(repo: Repository, notifier: Notifier, now: datetime) -> list[str]:
    """The scheduled reminder: events whose start is within their reminder_days get one mail per
    confirmed attendee (a Query of the sparse UpcomingByStart index; harmless when run twice)."""
    reminded = []
    for event_id in repo.events_starting_before(now + timedelta(days=MAX_REMINDER_DAYS)):
        event = repo.get_event(event_id)
        if event.reminder_days is None or now < event.starts_at - timedelta(days=event.reminder_days):
            continue
        if now < event.starts_at:
            notifier.tell_registrants(event, "reminder", "once", confirmed_only=True)
            reminded.append(event_id)
        repo.reminder_done(event_id)
    return reminded
