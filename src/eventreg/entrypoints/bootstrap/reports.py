"""The reports service's wiring: exports, final lists, statistics, and the erasure requests it carries out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventreg.adapters.dynamodb.erasure_requests import ErasureRequests
from eventreg.adapters.dynamodb.export_items import ExportItems
from eventreg.adapters.dynamodb.privacy import PrivacyStore
from eventreg.adapters.dynamodb.repository import Repository
from eventreg.config import settings
from eventreg.entrypoints.bootstrap import checkin_store, file_store, mailer, public_origin, repository
from eventreg.report.service import Reports, direct_rows

if TYPE_CHECKING:
    from eventreg.notify.broadcast.delivery import Delivery
    from eventreg.privacy.erasure_stream import Erasures


def reports() -> Reports:
    """What the reports service's views, stream handler and jobs work with."""
    repo = repository()
    return Reports(repo, ExportItems(repo), file_store(), public_origin(), checkin_store(repo), direct_rows())


def erasure_requests() -> ErasureRequests:
    return ErasureRequests(repository())


def erasures(repo: Repository | None = None) -> Erasures:
    """What the erasure stream works with, all on one repository (the configured one unless given)."""
    # Lazy (cold start): the erasure flow (final lists, their XLSX) loads with the first erasure request.
    from eventreg.privacy.erasure_stream import Erasures
    from eventreg.register.managing import Manager

    repo = repo or repository()
    return Erasures(ErasureRequests(repo), PrivacyStore(repo), Manager(repo), ExportItems(repo))


def certificate_delivery() -> Delivery:
    """The certificates of attendance, sent from their queue once per person (here: the PDF library is reports')."""
    # Lazy (cold start): the mail composer and the PDF library load with the first job.
    from eventreg.adapters.dynamodb.broadcasts import BroadcastItems
    from eventreg.notify.broadcast.delivery import Delivery
    from eventreg.report.certificates.mail import CertificateLetters

    repo = repository()
    letters = CertificateLetters(checkin_store(repo), settings().mail_from, public_origin())
    return Delivery(repo, BroadcastItems(repo), mailer(), letters)
