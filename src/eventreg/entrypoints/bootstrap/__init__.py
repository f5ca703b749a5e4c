"""Bootstrap: the one place where the adapters are built (DynamoDB, S3, SES on the configured clients) and
handed to the flows, which know only the ports.

This package holds the adapters every service builds (repository(), file_store(), privacy_store(), the public
origin: cheap, the boto3 clients are shared per process, eventreg.adapters.clients) and one module per service
with what only that service's handlers work with: registration (Desk, Registration), notifications
(Notifications) and reports (reports(), erasure_requests(), erasures()). Per service because the bundles ship
what a service's modules import (tools/import_graph.py): one module holding every service's flows would credit
notifications with the final lists' openpyxl and the programme import (infra/docs/bundles.md).

Cold start: what only some requests need is imported inside the function or property that builds it (the one
pattern for lazy loading here; the types come under TYPE_CHECKING).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventreg.adapters import clients, origin
from eventreg.adapters.dynamodb.checkins import CheckinTable
from eventreg.adapters.dynamodb.privacy import PrivacyStore
from eventreg.adapters.dynamodb.repository import Repository
from eventreg.adapters.s3.files import FileStore
from eventreg.config import settings

if TYPE_CHECKING:
    from eventreg.adapters.ses import SesMailer


def public_origin() -> str:
    """Where attendees and organisers reach the services (the SSM parameter on AWS, cached; see adapters.origin)."""
    return origin.public_url()


def repository() -> Repository:
    """The events, registrations and send log on the configured table."""
    return Repository(clients.dynamodb(), settings().table_name)


def file_store() -> FileStore:
    return FileStore(clients.s3(), settings().bucket)


def privacy_store(repo: Repository | None = None) -> PrivacyStore:
    """Retention, erasure and delegation reads and writes beside the repository, on its table."""
    return PrivacyStore(repo or repository())


def checkin_store(repo: Repository | None = None) -> CheckinTable:
    """The check-ins, items of the event partitions: the desk writes them, the reports count them."""
    found = repo or repository()
    return CheckinTable(found.client, found.table)


def mailer() -> SesMailer:
    """SES, for the services that send mail (notifications; reports for the certificates of attendance)."""
    from eventreg.adapters.ses import SesMailer

    return SesMailer(clients.sesv2(), settings().ses_configuration_set)
