"""The notifications service's wiring: the mail flows on the configured table and SES.

Cold start: the mail composer (MIME, jinja2, icalendar) loads when a flow is first built, not at import."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from eventreg.adapters import clients
from eventreg.config import settings
from eventreg.entrypoints.bootstrap import public_origin, repository

if TYPE_CHECKING:
    from eventreg.adapters.ses import SesMailer
    from eventreg.notify.broadcast.delivery import Delivery
    from eventreg.notify.send import Notifier


def mailer() -> SesMailer:
    from eventreg.adapters.ses import SesMailer

    return SesMailer(clients.sesv2(), settings().ses_configuration_set)


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

        config = settings()
        repo = repository()
        return Delivery(repo, BroadcastItems(repo), mailer(), config.mail_from, public_origin())
