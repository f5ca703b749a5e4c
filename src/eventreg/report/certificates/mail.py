"""The certificate of attendance by mail (notify.broadcast.delivery.Letters for CERTIFICATES broadcasts): one mail
per person checked in, in their language, their certificate attached as a PDF. Sent from the reports service, which
alone ships the PDF library; the sending itself (queue, send log, progress) is the broadcasts' delivery."""

from __future__ import annotations

from eventreg.domain.broadcasts import CERTIFICATES, Broadcast
from eventreg.domain.certificates import CLAIM
from eventreg.domain.checkins import EVENT_SCOPE
from eventreg.domain.models import Event, Registration, Session, utc_now
from eventreg.locale.languages import pick_language
from eventreg.notify.compose import Attachment, Mail, compose
from eventreg.ports import CheckinStore, Clock
from eventreg.report.certificates.content import certificate_of, checked_in_scopes, file_name
from eventreg.report.certificates.pdf import render

PDF = "application/pdf"


class CertificateLetters:
    kind = CERTIFICATES

    def __init__(self, checkins: CheckinStore, sender: str, public_url: str, clock: Clock = utc_now) -> None:
        self.checkins = checkins
        self.sender = sender
        self.public_url = public_url
        self.clock = clock

    def claim(self, broadcast: Broadcast) -> str:
        return CLAIM  # per event and person, whichever press queued them

    def mail(self, broadcast: Broadcast, event: Event, sessions: list[Session],
             registration: Registration) -> Mail | None:
        came = checked_in_scopes(self.checkins, registration)
        if EVENT_SCOPE not in came:
            return None  # the check-in was taken back (or erased) since the press
        language = pick_language(registration.preferred_language, None, event.language)
        pdf = render(certificate_of(event, sessions, registration, came, language), self.clock())
        return compose(
            "certificate", sender=self.sender, to_name=registration.name, to_email=registration.email,
            lang=language, attachments=[Attachment(file_name(event, language), pdf, PDF)],
            context={"event": event, "registration": registration,
                     "event_url": f"{self.public_url}/events/{event.event_id}/register"},
            sender_name=event.mail_sender_name or event.organising_unit, reply_to=event.reply_to)
