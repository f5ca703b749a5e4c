"""The notifications service's wiring: the mail flows on the configured table and SES.

Cold start: the mail composer (MIME, jinja2, icalendar) loads when a flow is first built, not at import."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from eventreg.config import settings
from eventreg.entrypoints.bootstrap import mailer, public_origin, repository

if TYPE_CHECKING:
    from eventreg.notify.broadcast.delivery import Delivery
    from eventreg.notify.send import Notifier


class Notifications:
    """What the notifications service's handlers work with, built on first use (once per container)."""

    @cached_property
    def notifier(self) -> Notifier:
        from eventreg.notify.send import Notifier

        config = settings()
        return Notifier(repository(), mailer(), config.mail_from, public_origin())

    @cached_property
    def delivery(self) -> Delivery:
        """Organisers' messages, sent from their queue once per person."""
        from eventreg.adapters.dynamodb.broadcasts import BroadcastItems
        from eventreg.notify.broadcast.delivery import Delivery
        from eventreg.notify.broadcast.letter import MessageLetters

        repo = repository()
        return Delivery(repo, BroadcastItems(repo), mailer(), MessageLetters(settings().mail_from, public_origin()))
