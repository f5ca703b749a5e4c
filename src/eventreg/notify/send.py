"""Send each mail once: a send-log item is claimed before the mail goes to SES, and given back if it fails,
so a retried or repeated stream record neither loses nor doubles a mail."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from eventreg.domain.models import Event, Registration, RegistrationStatus, Session, iso, utc_now
from eventreg.notify.decide import Announcement, Claim, announcement, event_notice, is_event_change
from eventreg.notify.letters import closed_notice, registrant_mail
from eventreg.notify.ports import Mailer, NotifierStore
from eventreg.ports import Change
from eventreg.programme import ProgrammeCache

log = logging.getLogger(__name__)


class Notifier:
    def __init__(self, repo: NotifierStore, mailer: Mailer, sender: str, public_url: str) -> None:
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
        if is_event_change(change):
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
            message = registrant_mail(state, event, sessions, registration, old,
                                      sender=self.sender, public_url=self.public_url)
            self.mailer.send(message, self.sender, registration.email,
                             tags={"event": event.event_id, "registration": registration.registration_id})
        except Exception:
            # Give the claim back so the stream's retry of this record sends the mail.
            self.repo.release_send(registration.event_id, registration.registration_id, state_key)
            raise
        log.info("mail sent", extra={"registration": registration.registration_id, "state": state})
        return True

    def _event_changed(self, change: Change) -> bool:
        """An event's own changes: registration closed (to its organisers), cancelled or moved (to every
        registrant, each once per change: a retried batch resumes where it stopped)."""
        notice = event_notice(change)
        if notice is None:
            return False
        if notice.state == "closed":
            return self._tell_organisers(notice.event)
        return self.tell_registrants(notice.event, notice.state, notice.key)

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
                message = closed_notice(event, address, sender=self.sender, public_url=self.public_url)
                self.mailer.send(message, self.sender, address, tags={"event": event.event_id})
        except Exception:
            self.repo.release_send(event.event_id, "EVENT", key)
            raise
        return True
