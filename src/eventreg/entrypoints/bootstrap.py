"""Bootstrap: the one place where the adapters are built (DynamoDB, S3, SES on the configured clients) and
handed to the flows, which know only the ports.

Per service, one object holds what its handlers work with, built on first use: each app.py makes one at
import, so a Lambda container (or the local stack's fresh load of an app) builds it once and a new container
never reuses clients bound to an old one. repository(), file_store(), reports(), privacy_store(),
erasure_requests() and erasures() are cheap (the boto3 clients are shared per process, eventreg.adapters.clients)
and built per call.

Cold start: what only one service, or only some requests, need is imported inside the function or property
that builds it (the one pattern for lazy loading here; the types come under TYPE_CHECKING). Mail (MIME,
jinja2, icalendar) and the erasure flow load when first built, not when an app that may never use them is
imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from eventreg.adapters import clients, origin
from eventreg.adapters.dynamodb.activity import ActivityItems
from eventreg.adapters.dynamodb.broadcasts import BroadcastItems
from eventreg.adapters.dynamodb.erasure_requests import ErasureRequests
from eventreg.adapters.dynamodb.export_items import ExportItems
from eventreg.adapters.dynamodb.privacy import PrivacyStore
from eventreg.adapters.dynamodb.programme_imports import ProgrammeImportTable
from eventreg.adapters.dynamodb.repository import Repository
from eventreg.adapters.s3.files import FileStore
from eventreg.adapters.sqs import SqsBroadcastQueue
from eventreg.config import settings
from eventreg.programme import ProgrammeCache
from eventreg.report.service import Reports, direct_rows

if TYPE_CHECKING:
    from eventreg.adapters.ses import SesMailer
    from eventreg.notify.broadcast.delivery import Delivery
    from eventreg.notify.broadcast.writing import Writing
    from eventreg.notify.send import Notifier
    from eventreg.privacy.erasure_stream import Erasures
    from eventreg.register.managing import Manager
    from eventreg.register.on_behalf import OnBehalf
    from eventreg.register.organising import Organising
    from eventreg.register.programme_import import ProgrammeImport
    from eventreg.register.registering import Registrar


def public_origin() -> str:
    """Where attendees and organisers reach the services (the SSM parameter on AWS, cached; see adapters.origin)."""
    return origin.public_url()


def repository() -> Repository:
    """The events, registrations and send log on the configured table."""
    return Repository(clients.dynamodb(), settings().table_name)


def file_store() -> FileStore:
    return FileStore(clients.s3(), settings().bucket)


def reports() -> Reports:
    """What the reports service's views, stream handler and jobs work with."""
    repo = repository()
    return Reports(repo, ExportItems(repo), file_store(), public_origin(), direct_rows())


def privacy_store(repo: Repository | None = None) -> PrivacyStore:
    """Retention, erasure and delegation reads and writes beside the repository, on its table."""
    return PrivacyStore(repo or repository())


def erasure_requests() -> ErasureRequests:
    return ErasureRequests(repository())


def erasures(repo: Repository | None = None) -> Erasures:
    """What the erasure stream works with, all on one repository (the configured one unless given)."""
    from eventreg.privacy.erasure_stream import Erasures
    from eventreg.register.managing import Manager

    repo = repo or repository()
    return Erasures(ErasureRequests(repo), PrivacyStore(repo), Manager(repo), ExportItems(repo))


def mailer() -> SesMailer:
    from eventreg.adapters.ses import SesMailer

    return SesMailer(clients.sesv2(), settings().ses_configuration_set)


def broadcast_queue() -> SqsBroadcastQueue:
    """The queue organisers' messages fan out through (SQS; the moto server locally)."""
    return SqsBroadcastQueue(clients.sqs(), settings().messages_queue_url)


@dataclass
class Desk:
    """What the registration routes work with: the use cases on one repository and one programme cache."""

    repo: Repository
    programmes: ProgrammeCache
    registrar: Registrar
    manager: Manager
    organising: Organising

    @classmethod
    def on(cls, repo: Repository) -> Desk:
        # Lazy (cold start): the registration use cases load with the registration service's first request.
        from eventreg.register.managing import Manager
        from eventreg.register.organising import Organising
        from eventreg.register.registering import Registrar

        programmes = ProgrammeCache(repo)
        manager = Manager(repo, programmes)
        return cls(repo, programmes, Registrar(repo, programmes), manager, Organising(repo, programmes, manager))

    @property
    def on_behalf(self) -> OnBehalf:
        """The back-office acting for attendees (cancel, move, add by hand, waiting lists): no state of its own."""
        from eventreg.register.on_behalf import OnBehalf

        return OnBehalf(self.organising, self.registrar)


class Registration:
    """The registration service's wiring."""

    @cached_property
    def desk(self) -> Desk:
        return Desk.on(repository())

    @cached_property
    def files(self) -> FileStore:
        return file_store()

    @cached_property
    def programme_import(self) -> ProgrammeImport:
        """The back-office's programme import: the desk's use cases, the staged imports on the same table."""
        from eventreg.register.programme_import import ProgrammeImport

        desk = self.desk
        return ProgrammeImport(desk.organising, ProgrammeImportTable(desk.repo.client, desk.repo.table))

    @cached_property
    def activity(self) -> ActivityItems:
        """The organisers' activity log, on the desk's table."""
        return ActivityItems(self.desk.repo)

    @cached_property
    def writing(self) -> Writing:
        """Organisers' messages: recorded on the desk's table, queued for the notifications service."""
        from eventreg.notify.broadcast.writing import Writing

        config = settings()
        return Writing(self.desk.repo, BroadcastItems(self.desk.repo), broadcast_queue(), config.mail_from,
                       public_origin())

    @cached_property
    def exports(self) -> ExportItems:
        """The reports' items (the final list's state), read by the back-office's downloads page."""
        return ExportItems(self.desk.repo)

    @cached_property
    def direct_rows(self) -> int:
        """Above this many rows an attendee list is an export job: the downloads page says so."""
        return direct_rows()


class Notifications:
    """The notifications service's wiring."""

    @cached_property
    def notifier(self) -> Notifier:
        from eventreg.notify.send import Notifier

        config = settings()
        return Notifier(repository(), mailer(), config.mail_from, public_origin())

    @cached_property
    def delivery(self) -> Delivery:
        """Organisers' messages, sent from their queue once per person."""
        from eventreg.notify.broadcast.delivery import Delivery

        config = settings()
        repo = repository()
        return Delivery(repo, BroadcastItems(repo), mailer(), config.mail_from, public_origin())
