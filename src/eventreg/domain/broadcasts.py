"""Messages organisers write to their event's registrants (a "broadcast", to keep it apart from domain.errors'
Message): who receives one (the audience: filters and a partner's sessions), which language each reads, the
limits on the texts and on how often an event may send. Pure: no I/O; errors carry msgids (N_) and fields."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from eventreg.domain.access import Access
from eventreg.domain.errors import N_, Forbidden, Message, TooManyMessages, ValidationFailed
from eventreg.domain.models import LANGUAGES, AttendanceMode, Event, RegistrationStatus

MAX_SUBJECT = 150
MAX_BODY = 8_000  # characters per language; the 64 KiB form limit holds about 8 languages written at full length
PAGE_SIZE = 50  # recipients per queued job (one SQS message): 6,000 registrants are 120 jobs
# A queued job's deliveries before SQS moves it to the dead-letter queue (the queue's redrive policy, in infra/
# and the local stack); on the last one, a send that fails is counted as failed instead of tried again.
MAX_RECEIVES = 5
# What a broadcast sends: an organiser's own text, or each checked-in person's certificate of attendance
# (eventreg.domain.certificates). Both go through the same recording, queue, delivery and progress page.
MESSAGE = "message"
CERTIFICATES = "certificates"
MAX_PER_DAY = 10  # messages one event may send in 24 hours: a slip of the hand cannot flood 6,000 inboxes
# The registration fields the audience is decided on (a projection: no personal data is read to count).
AUDIENCE_FIELDS = ("registration_id", "status", "attendance_mode", "sessions", "waitlisted_sessions",
                   "anonymised", "preferred_language")


@dataclass(frozen=True)
class Audience:
    """Who a message goes to: registrations with this status (None: every live one), mode and session
    (None: any), and for a partner only those holding or awaiting one of its sessions (scope)."""

    status: str | None = None
    mode: str | None = None
    session: str | None = None
    scope: frozenset[str] | None = None  # None: the whole event (a full organiser)

    def includes(self, fields: Mapping[str, Any]) -> bool:
        """Whether a registration (its AUDIENCE_FIELDS, plain values) receives the message."""
        if fields.get("anonymised"):
            return False  # nobody to write to any more
        status = str(fields.get("status") or "")
        if self.status is None and status not in {s.value for s in RegistrationStatus if s.live}:
            return False
        if self.status is not None and status != self.status:
            return False
        if self.mode is not None and str(fields.get("attendance_mode") or "") != self.mode:
            return False
        held = [*(fields.get("sessions") or []), *(fields.get("waitlisted_sessions") or [])]
        if self.session is not None and self.session not in held:
            return False
        return self.scope is None or bool(self.scope.intersection(held))

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "mode": self.mode, "session": self.session,
                "scope": sorted(self.scope) if self.scope is not None else None}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Audience:
        scope = data.get("scope")
        return cls(data.get("status") or None, data.get("mode") or None, data.get("session") or None,
                   frozenset(scope) if scope is not None else None)


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


@dataclass(frozen=True)
class Broadcast:
    """A message as recorded: what was written, by whom, to whom, and how far its sending got."""

    event_id: str
    message_id: str
    author_id: str
    author_name: str
    created_at: datetime
    audience: Audience
    texts: dict[str, Text]  # by language; the event's first language always there
    recipients: int
    pages: int
    pages_done: int = 0
    sent: int = 0
    failed: int = 0
    queued: bool = False  # every page is on the queue
    languages: tuple[str, ...] = field(default_factory=tuple)  # the event's, first the fallback
    kind: str = MESSAGE  # CERTIFICATES: no texts (the mail's words are the catalogs'), a PDF for each person

    @property
    def finished(self) -> bool:
        return self.queued and self.pages_done >= self.pages

    def text_for(self, language: str) -> tuple[str, Text]:
        return choose_language(language, self.texts, self.languages)


def event_languages(event: Event) -> list[str]:
    """The languages an event is written in: its default first, then those its title has."""
    return [event.language, *(lang for lang in LANGUAGES if lang != event.language and lang in event.title)]


def choose_language(preferred: str, texts: Mapping[str, Text], languages: Sequence[str]) -> tuple[str, Text]:
    """The registrant's language if the message has it, else the event's first language."""
    if preferred in texts:
        return preferred, texts[preferred]
    first = languages[0] if languages else next(iter(texts))
    return first, texts[first]


def draft(event: Event, who: Access, session_ids: Iterable[str],
          form: Mapping[str, Any]) -> tuple[Audience, dict[str, Text]]:
    """The audience and texts a compose form asks for, or ValidationFailed naming each wrong field
    (subject_<lang>, body_<lang>, status, mode, session). A partner's message is scoped to its sessions."""
    errors: dict[str, str] = {}
    status, mode, session = (str(form.get(name) or "").strip() or None for name in ("status", "mode", "session"))
    if status is not None and status not in {s.value for s in RegistrationStatus}:
        errors["status"] = Message(N_("Choose a status from the list."))
    if mode is not None and mode not in {m.value for m in AttendanceMode}:
        errors["mode"] = Message(N_("Choose an attendance mode from the list."))
    if session is not None and session not in set(session_ids):
        errors["session"] = Message(N_("Choose a session from the list."))
    if session is not None and not who.full and session not in who.sessions:
        raise Forbidden(Message(N_("Partners write only to the registrants of their own sessions.")))
    languages = event_languages(event)
    texts: dict[str, Text] = {}
    for index, lang in enumerate(languages):
        subject = " ".join(str(form.get(f"subject_{lang}") or "").split())
        body = str(form.get(f"body_{lang}") or "").replace("\r\n", "\n").strip()
        if not subject and not body and index > 0:
            continue  # an optional language left empty: its readers get the first language
        if not subject:
            errors[f"subject_{lang}"] = Message(N_("Write a subject."))
        elif len(subject) > MAX_SUBJECT:
            errors[f"subject_{lang}"] = Message(N_("Keep the subject to %(limit)s characters."), limit=MAX_SUBJECT)
        if not body:
            errors[f"body_{lang}"] = Message(N_("Write the message."))
        elif len(body) > MAX_BODY:
            errors[f"body_{lang}"] = Message(N_("Keep the message to %(limit)s characters."), limit=MAX_BODY)
        texts[lang] = Text(subject, body)
    if errors:
        raise ValidationFailed(Message(N_("The message cannot be sent yet: see the marked fields.")), fields=errors)
    scope = None if who.full else frozenset(who.sessions)
    return Audience(status, mode, session, scope), texts


def check_rate(sent_at: Iterable[datetime], now: datetime) -> None:
    """At most MAX_PER_DAY messages per event in any 24 hours."""
    if sum(1 for at in sent_at if now - at < timedelta(days=1)) >= MAX_PER_DAY:
        raise TooManyMessages(Message(N_("This event has sent %(limit)s messages in the last 24 hours; "
                                         "wait before sending another."), limit=MAX_PER_DAY))


def pages_of(registration_ids: Sequence[str], size: int = PAGE_SIZE) -> list[list[str]]:
    return [list(registration_ids[start:start + size]) for start in range(0, len(registration_ids), size)]


def recipient_claim(message_id: str) -> str:
    """The send-log state under which a registrant's copy of a message is claimed: each person once."""
    return f"message#{message_id}"


def page_claim(page: int) -> str:
    """The send-log state marking a page of a message done (counted once, however often it is delivered)."""
    return f"message-page#{page}"
