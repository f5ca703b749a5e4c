"""A registrant's copy of an organiser's message: the organiser's subject and plain text, greeted by name and
signed with the event's links, composed like every other mail (notify/compose). The text is escaped in the
HTML part (paragraphs on blank lines, line breaks kept): an organiser's markup is shown, never run."""

from __future__ import annotations

from eventreg.domain.broadcasts import MESSAGE, Broadcast, Text, recipient_claim
from eventreg.domain.models import Event, Registration, Session
from eventreg.links import manage_url
from eventreg.notify.compose import Mail, compose


def paragraphs(body: str) -> list[list[str]]:
    """The text's paragraphs (split on blank lines), each a list of its lines."""
    return [p.strip().split("\n") for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]


def broadcast_mail(event: Event, registration: Registration, language: str, text: Text, *, sender: str,
                   public_url: str) -> Mail:
    return compose(
        "message", sender=sender, to_name=registration.name, to_email=registration.email, lang=language,
        context={"event": event, "registration": registration, "message_subject": text.subject,
                 "paragraphs": paragraphs(text.body), "body": text.body.strip(),
                 "event_url": f"{public_url}/events/{event.event_id}/register",
                 "manage_url": manage_url(public_url, event.event_id, registration.registration_id)},
        sender_name=event.mail_sender_name or event.organising_unit, reply_to=event.reply_to)


class MessageLetters:
    """notify.broadcast.delivery.Letters for organisers' messages: each registrant's copy in their language."""

    kind = MESSAGE

    def __init__(self, sender: str, public_url: str) -> None:
        self.sender = sender
        self.public_url = public_url

    def claim(self, broadcast: Broadcast) -> str:
        return recipient_claim(broadcast.message_id)

    def mail(self, broadcast: Broadcast, event: Event, sessions: list[Session], registration: Registration) -> Mail:
        language, text = broadcast.text_for(registration.preferred_language)
        return broadcast_mail(event, registration, language, text, sender=self.sender, public_url=self.public_url)
