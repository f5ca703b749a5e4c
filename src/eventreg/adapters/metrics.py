"""Business metrics as CloudWatch embedded metric format (EMF) through Powertools Metrics: counted by the adapters
where a thing happens (a registration written, a mail handed to SES), written out once per invocation by the
entry points' middleware (eventreg.entrypoints.observability). No API call: CloudWatch reads the EMF lines that
the function prints to its log.

Namespace `eventreg`; dimensions `service` (POWERTOOLS_SERVICE_NAME, set by infra/) and `stage` (EVENTREG_STAGE).
Values are counts and names are fixed: nothing about a person is ever a dimension or a value.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit

NAMESPACE = "eventreg"

REGISTRATIONS = {"confirmed": "RegistrationsConfirmed", "pending": "RegistrationsPending",
                 "waitlisted": "RegistrationsWaitlisted"}
CANCELLED = "RegistrationsCancelled"
PROMOTED = "RegistrationsPromoted"
MAILS_SENT = "MailsSent"
MAILS_FAILED = "MailsFailed"
MAIL_STATUSES = {"bounced": "MailsBounced", "complained": "MailsComplained"}
EXPORTS = "ExportsMade"

# Powertools keeps the metric set on the class: every Metrics() of the process adds to the same one.
_metrics = Metrics(namespace=NAMESPACE)


def dimensions(service: str) -> None:
    """The dimensions of every metric this process emits (one service per Lambda function; a process that loads
    several apps, as make run does, names the last one: it prints no metrics)."""
    _metrics.clear_default_dimensions()
    _metrics.clear_metrics()
    _metrics.set_default_dimensions(service=service, stage=os.environ.get("EVENTREG_STAGE", "local"))


def count(name: str, value: int = 1) -> None:
    if value:
        _metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)


def count_statuses(statuses: Iterable[str], names: dict[str, str]) -> None:
    """One metric per status that has a name (e.g. registrations by their status); others are not counted."""
    for status, number in Counter(statuses).items():
        if status in names:
            count(names[status], number)


def flush(emit: bool) -> None:
    """The invocation's metrics as one EMF line on stdout (`emit`: on Lambda), or dropped (locally, in tests
    that do not ask for them); either way the next invocation starts from none."""
    if not _metrics.metric_set:
        return  # Powertools would warn about an empty flush; an invocation that counted nothing prints nothing
    if emit:
        _metrics.flush_metrics()  # prints the EMF document and clears, unless POWERTOOLS_METRICS_DISABLED
    _metrics.clear_metrics()
