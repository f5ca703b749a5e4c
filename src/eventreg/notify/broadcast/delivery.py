"""The notifications service's side of a message: the queue's jobs (a page of recipients each), sent once per
person however often SQS delivers a job or Lambda retries it.

Per recipient: read the registration (still in the audience?), claim (registration, message) in the send log,
compose in the registrant's language, send, count. A claim found taken means sent before: skipped, not
counted again. A send that fails gives its claim back and fails the job, so SQS delivers it again (the
recipients already sent are skipped); on the job's last delivery (the queue's redrive limit) it is counted as
failed instead, its claim kept, and the job finishes. A page is counted done once (its own send-log claim),
so the message finishes exactly when every page has been through.

What each person receives is the Letters' of the broadcast's kind: an organiser's text (notify/broadcast/letter,
the notifications service) or a certificate of attendance (report/certificates/mail, the reports service, which
alone ships the PDF library). Each kind has its own queue and consumer; a job of another kind is dropped."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, Protocol

from eventreg.domain.broadcasts import MAX_RECEIVES, Broadcast, page_claim
from eventreg.domain.ids import is_generated, is_slug
from eventreg.domain.models import Event, Registration, Session, utc_now
from eventreg.notify.compose import Mail
from eventreg.notify.ports import BroadcastStore, Mailer, NotifierStore

log = logging.getLogger(__name__)


class Letters(Protocol):
    """One kind of broadcast's mail to each recipient."""

    kind: str  # domain.broadcasts.MESSAGE or CERTIFICATES
    sender: str

    def claim(self, broadcast: Broadcast) -> str:
        """The send-log state under which a person's copy is claimed (each person once)."""
        ...

    def mail(self, broadcast: Broadcast, event: Event, sessions: list[Session],
             registration: Registration) -> Mail | None:
        """The person's mail, or None when there is nothing to send them any more."""
        ...


@dataclass(frozen=True)
class Job:
    event_id: str
    message_id: str
    page: int
    registrations: list[str]


def parse_job(body: str) -> Job | None:
    """A queued job, or None for a body no sender of ours wrote (dropped: retrying cannot mend it)."""
    try:
        data = json.loads(body)
        found = Job(data["event_id"], data["message_id"], int(data["page"]), list(data["registrations"]))
    except (ValueError, KeyError, TypeError):
        return None
    if not (is_slug(found.event_id) and is_generated(found.message_id)
            and all(is_generated(r) for r in found.registrations)):
        return None
    return found


class Delivery:
    def __init__(self, repo: NotifierStore, store: BroadcastStore, mailer: Mailer, letters: Letters) -> None:
        self.repo = repo
        self.store = store
        self.mailer = mailer
        self.letters = letters

    def handle_batch(self, event: dict[str, Any]) -> dict[str, Any]:
        """A Lambda SQS event: each job on its own; the failed ones reported (ReportBatchItemFailures)."""
        failures = []
        for record in event.get("Records") or []:
            job = parse_job(str(record.get("body") or ""))
            if job is None:
                log.warning("a message job that cannot be read was dropped", extra={"sqs_id": record.get("messageId")})
                continue
            receives = int((record.get("attributes") or {}).get("ApproximateReceiveCount") or 1)
            try:
                self.deliver(job, last_try=receives >= MAX_RECEIVES)
            except Exception:
                log.exception("a message job failed; the queue delivers it again",
                              extra={"message_id": job.message_id, "page": job.page, "receives": receives})
                failures.append({"itemIdentifier": record["messageId"]})
        return {"batchItemFailures": failures}

    def deliver(self, job: Job, last_try: bool = False) -> None:
        broadcast = self.store.get_broadcast(job.event_id, job.message_id)
        if broadcast is None or broadcast.kind != self.letters.kind:
            log.warning("a job of an unknown message was dropped", extra={"message_id": job.message_id})
            return
        event, sessions = self.repo.get_event_with_sessions(job.event_id)
        state = self.letters.claim(broadcast)
        sender = self.letters.sender
        for registration_id in job.registrations:
            registration = self.repo.get_registration(job.event_id, registration_id)
            if registration is None or not broadcast.audience.includes(registration.model_dump(mode="json")):
                continue  # cancelled, erased or changed since the message was sent: not written to
            if not self.repo.claim_send(job.event_id, registration_id, state, utc_now()):
                continue  # sent by an earlier delivery of this job
            try:
                mail = self.letters.mail(broadcast, event, sessions, registration)
                if mail is None:
                    self.repo.release_send(job.event_id, registration_id, state)
                    continue  # e.g. no longer checked in: nothing to send, and a later press may still send it
                self.mailer.send(mail, sender, registration.email,
                                 tags={"event": job.event_id, "message": job.message_id})
            except Exception:
                if not last_try:
                    self.repo.release_send(job.event_id, registration_id, state)
                    raise
                log.exception("a message could not be sent; counted as failed",
                              extra={"message_id": job.message_id, "registration": registration_id})
                self.store.add_progress(job.event_id, job.message_id, failed=1)
                continue
            log.info("message sent", extra={"message_id": job.message_id, "kind": broadcast.kind,
                                            "registration": registration_id})
            self.store.add_progress(job.event_id, job.message_id, sent=1)
        if self.repo.claim_send(job.event_id, job.message_id, page_claim(job.page), utc_now()):
            self.store.add_progress(job.event_id, job.message_id, pages_done=1)
