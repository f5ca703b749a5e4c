"""The registration service's wiring: the registration use cases, the back-office's, on the configured table.

Cold start: the use cases load with the service's first request; what only some back-office pages use (the
programme import, organisers' messages and their queue, the activity log, the reports' items) with its first
use, so that the public pages' requests never load it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from eventreg.adapters import clients
from eventreg.adapters.dynamodb.repository import Repository
from eventreg.adapters.s3.files import FileStore
from eventreg.config import settings
from eventreg.entrypoints.bootstrap import checkin_store, file_store, public_origin, repository
from eventreg.programme import ProgrammeCache

if TYPE_CHECKING:
    from eventreg.adapters.dynamodb.activity import ActivityItems
    from eventreg.adapters.dynamodb.export_items import ExportItems
    from eventreg.adapters.sqs import SqsBroadcastQueue
    from eventreg.notify.broadcast.certificates import CertificateSending
    from eventreg.notify.broadcast.writing import Writing
    from eventreg.register.checking_in import CheckInDesk
    from eventreg.register.managing import Manager
    from eventreg.register.on_behalf import OnBehalf
    from eventreg.register.organising import Organising
    from eventreg.register.programme_import import ProgrammeImport
    from eventreg.register.registering import Registrar


def broadcast_queue(url: str) -> SqsBroadcastQueue:
    """A queue organisers' broadcasts fan out through (SQS; the moto server locally)."""
    from eventreg.adapters.sqs import SqsBroadcastQueue

    return SqsBroadcastQueue(clients.sqs(), url)


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

    @cached_property
    def checkins(self) -> CheckInDesk:
        """Checking people in at the door, on the same table (their check-ins are items of the event partition)."""
        from eventreg.register.checking_in import CheckInDesk

        return CheckInDesk(self.programmes, self.repo, checkin_store(self.repo))


class Registration:
    """What the registration service's routes work with, built on first use (once per container)."""

    @cached_property
    def desk(self) -> Desk:
        return Desk.on(repository())

    @cached_property
    def files(self) -> FileStore:
        return file_store()

    @cached_property
    def programme_import(self) -> ProgrammeImport:
        """The back-office's programme import: the desk's use cases, the staged imports on the same table."""
        from eventreg.adapters.dynamodb.programme_imports import ProgrammeImportTable
        from eventreg.register.programme_import import ProgrammeImport

        desk = self.desk
        return ProgrammeImport(desk.organising, ProgrammeImportTable(desk.repo.client, desk.repo.table))

    @cached_property
    def activity(self) -> ActivityItems:
        """The organisers' activity log, on the desk's table."""
        from eventreg.adapters.dynamodb.activity import ActivityItems

        return ActivityItems(self.desk.repo)

    @cached_property
    def writing(self) -> Writing:
        """Organisers' messages: recorded on the desk's table, queued for the notifications service."""
        from eventreg.adapters.dynamodb.broadcasts import BroadcastItems
        from eventreg.notify.broadcast.writing import Writing

        config = settings()
        return Writing(self.desk.repo, BroadcastItems(self.desk.repo), broadcast_queue(config.messages_queue_url),
                       config.mail_from, public_origin())

    @cached_property
    def certificates(self) -> CertificateSending:
        """Every certificate of attendance, queued for the reports service (which renders the PDFs)."""
        from eventreg.adapters.dynamodb.broadcasts import BroadcastItems
        from eventreg.notify.broadcast.certificates import CertificateSending

        repo = self.desk.repo
        return CertificateSending(repo, checkin_store(repo), repo, BroadcastItems(repo),
                                  broadcast_queue(settings().certificates_queue_url))

    @cached_property
    def exports(self) -> ExportItems:
        """The reports' items (the final list's state), read by the back-office's downloads page."""
        from eventreg.adapters.dynamodb.export_items import ExportItems

        return ExportItems(self.desk.repo)

    @cached_property
    def direct_rows(self) -> int:
        """Above this many rows an attendee list is an export job: the downloads page says so."""
        from eventreg.report.service import direct_rows

        return direct_rows()

