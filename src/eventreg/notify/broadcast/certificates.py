"""The organiser's side of sending every certificate of attendance (#15): a broadcast of kind CERTIFICATES whose
recipients are those checked in at the event and not sent theirs yet, queued a page per job like a message (on the
certificates' own queue: the reports service renders the PDFs) and followed on the message's progress page.

A press is recorded once under the id its form carries (a double click queues nothing more); a press while an
earlier one is still being sent leads to that one; a later press sends only to those the send log does not name
(checked in since), or is refused when that is nobody. The rules are eventreg.domain.certificates'."""

from __future__ import annotations

import logging

from eventreg.domain.access import Access
from eventreg.domain.broadcasts import AUDIENCE_FIELDS, CERTIFICATES, Broadcast, event_languages, pages_of
from eventreg.domain.certificates import AUDIENCE, CLAIM, attendees, check_may_send, not_sent_yet
from eventreg.domain.checkins import EVENT_SCOPE
from eventreg.domain.errors import BroadcastNotFound
from eventreg.domain.models import utc_now
from eventreg.notify.broadcast.writing import enqueue
from eventreg.notify.ports import BroadcastQueue, BroadcastStore
from eventreg.ports import CheckinStore, Clock, RegistrationStore, SentLookup
from eventreg.programme import Programme

log = logging.getLogger(__name__)


class CertificateSending:
    def __init__(self, repo: RegistrationStore, checkins: CheckinStore, sent: SentLookup, store: BroadcastStore,
                 queue: BroadcastQueue, clock: Clock = utc_now) -> None:
        self.repo = repo
        self.checkins = checkins
        self.sent = sent
        self.store = store
        self.queue = queue
        self.clock = clock

    def _to_send(self, event_id: str) -> list[str]:
        """Those checked in at the event, still confirmed and not erased, whose certificate was not sent yet."""
        came = (c.registration_id for c in self.checkins.checkins(event_id, EVENT_SCOPE))
        attended = attendees(came, self.repo.registration_fields(event_id, AUDIENCE_FIELDS))
        return not_sent_yet(attended, self.sent.sent_to(event_id, attended, CLAIM))

    def send(self, programme: Programme, who: Access, author_name: str, message_id: str) -> Broadcast:
        event = programme.event
        existing = self.store.get_broadcast(event.event_id, message_id)
        if existing is not None:  # the same press again
            if existing.kind != CERTIFICATES or existing.author_id != who.organiser_id:
                raise BroadcastNotFound("There is no such message of this event.")
            return existing if existing.queued else enqueue(self.store, self.queue, existing,
                                                            self._to_send(event.event_id))
        check_may_send(event, who, self.clock())
        sending = next((b for b in self.store.broadcasts(event.event_id)
                        if b.kind == CERTIFICATES and not b.finished), None)
        if sending is not None:
            return sending  # its people are not in the send log yet: a second send would count them twice
        people = self._to_send(event.event_id)
        broadcast = Broadcast(event.event_id, message_id, who.organiser_id, author_name, self.clock(), AUDIENCE, {},
                              recipients=len(people), pages=len(pages_of(people)),
                              languages=tuple(event_languages(event)), kind=CERTIFICATES)
        if not self.store.create_broadcast(broadcast):  # the same form, sent twice at once
            return self.store.get_broadcast(event.event_id, message_id) or broadcast
        log.info("certificates queued", extra={"event": event.event_id, "message_id": message_id,
                                               "recipients": len(people)})
        return enqueue(self.store, self.queue, broadcast, people)
