"""The organiser's side of a message: who it reaches, how each language reads (a preview composed exactly as
the registrants will receive it), and sending: the message is recorded once (its id comes from the preview,
so a form sent twice records and queues it once), then its recipients go on the queue a page per job.

Recipients are chosen here, when the organiser sends: one Query of the event's registrations with a
projection (no personal data read), 6,000 of them in well under a second on DynamoDB; the sending itself,
which takes minutes at that size, is the notifications service's (notify/broadcast/delivery)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eventreg.domain.access import Access
from eventreg.domain.broadcasts import (
    AUDIENCE_FIELDS,
    Audience,
    Broadcast,
    Text,
    check_rate,
    choose_language,
    draft,
    event_languages,
    pages_of,
)
from eventreg.domain.errors import N_, BroadcastNotFound, Message, ValidationFailed
from eventreg.domain.models import utc_now
from eventreg.notify.broadcast.letter import broadcast_mail
from eventreg.notify.ports import BroadcastQueue, BroadcastStore
from eventreg.ports import Clock, RegistrationStore
from eventreg.programme import Programme

NOBODY = Message(N_("No registrant matches these filters."))


@dataclass(frozen=True)
class Copy:
    """One language's copy as a registrant receives it."""

    language: str
    readers: int  # recipients who get this language
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class Preview:
    audience: Audience
    texts: dict[str, Text]
    recipients: int
    copies: list[Copy]


def job(broadcast: Broadcast, page: int, registration_ids: list[str]) -> dict[str, Any]:
    """What one queued job carries: ids only."""
    return {"event_id": broadcast.event_id, "message_id": broadcast.message_id, "page": page,
            "registrations": registration_ids}


def enqueue(store: BroadcastStore, queue: BroadcastQueue, broadcast: Broadcast,
            registration_ids: list[str]) -> Broadcast:
    """Every page on the queue, then the broadcast marked queued. Queued again after a failure half-way, the
    pages already sent cost a look at the send log each and send nothing twice."""
    queue.enqueue([job(broadcast, page, ids) for page, ids in enumerate(pages_of(registration_ids))])
    store.mark_queued(broadcast.event_id, broadcast.message_id)
    return store.get_broadcast(broadcast.event_id, broadcast.message_id) or broadcast


class Writing:
    def __init__(self, repo: RegistrationStore, store: BroadcastStore, queue: BroadcastQueue, sender: str,
                 public_url: str, clock: Clock = utc_now) -> None:
        self.repo = repo
        self.store = store
        self.queue = queue
        self.sender = sender
        self.public_url = public_url
        self.clock = clock

    def recipients(self, event_id: str, audience: Audience) -> list[dict[str, Any]]:
        """The AUDIENCE_FIELDS of every registration the message goes to, oldest first."""
        return [fields for fields in self.repo.registration_fields(event_id, AUDIENCE_FIELDS)
                if audience.includes(fields)]

    def preview(self, programme: Programme, who: Access, form: Mapping[str, Any]) -> Preview:
        """The message as each language's readers will get it, addressed to one of them (ValidationFailed
        if the form is wrong or nobody would receive it)."""
        event = programme.event
        audience, texts = draft(event, who, programme.sessions, form)
        people = self.recipients(event.event_id, audience)
        if not people:
            raise ValidationFailed(NOBODY, fields={"status": NOBODY})
        languages = event_languages(event)
        reading: dict[str, list[dict[str, Any]]] = {}
        for fields in people:
            language, _ = choose_language(str(fields.get("preferred_language") or ""), texts, languages)
            reading.setdefault(language, []).append(fields)
        copies = []
        for language, text in texts.items():
            readers = reading.get(language, [])
            sample = self.repo.get_registration(event.event_id, (readers or people)[0]["registration_id"])
            if sample is None:
                continue  # gone since the Query: no copy to show for it
            parsed = broadcast_mail(event, sample, language, text, sender=self.sender,
                                    public_url=self.public_url).parsed()
            plain, rich = parsed.get_body(("plain",)), parsed.get_body(("html",))
            copies.append(Copy(language, len(readers), str(parsed["Subject"]),
                               plain.get_content() if plain else "", rich.get_content() if rich else ""))
        return Preview(audience, texts, len(people), copies)

    def send(self, programme: Programme, who: Access, author_name: str, message_id: str,
             form: Mapping[str, Any]) -> Broadcast:
        """Record the message and queue its recipients, a page per job. The same message_id again (a
        double click, a retry after an error) records nothing new and queues only what was not queued."""
        event = programme.event
        audience, texts = draft(event, who, programme.sessions, form)
        existing = self.store.get_broadcast(event.event_id, message_id)
        if existing is not None:
            if existing.author_id != who.organiser_id:
                raise BroadcastNotFound("There is no such message of this event.")
            return existing if existing.queued else self._queue(existing)
        now = self.clock()
        check_rate([b.created_at for b in self.store.broadcasts(event.event_id)], now)
        people = self.recipients(event.event_id, audience)
        if not people:
            raise ValidationFailed(NOBODY, fields={"status": NOBODY})
        broadcast = Broadcast(event.event_id, message_id, who.organiser_id, author_name, now, audience, texts,
                              recipients=len(people), pages=len(pages_of([p["registration_id"] for p in people])),
                              languages=tuple(event_languages(event)))
        if not self.store.create_broadcast(broadcast):  # the same form, sent twice at once
            return self.store.get_broadcast(event.event_id, message_id) or broadcast
        return self._queue(broadcast, [p["registration_id"] for p in people])

    def _queue(self, broadcast: Broadcast, registration_ids: list[str] | None = None) -> Broadcast:
        if registration_ids is None:
            registration_ids = [p["registration_id"] for p in self.recipients(broadcast.event_id, broadcast.audience)]
        return enqueue(self.store, self.queue, broadcast, registration_ids)

    def sent(self, event_id: str, who: Access) -> list[Broadcast]:
        """An event's messages, newest first: all of them for its organisers, a partner's own for a partner."""
        return [b for b in self.store.broadcasts(event_id) if who.full or b.author_id == who.organiser_id]

    def progress(self, event_id: str, message_id: str, who: Access) -> Broadcast:
        found = self.store.get_broadcast(event_id, message_id)
        if found is None or not (who.full or found.author_id == who.organiser_id):
            raise BroadcastNotFound("There is no such message of this event.")
        return found
