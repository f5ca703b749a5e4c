"""eventreg.adapters.metrics: what the adapters count, and one EMF document per invocation (or none)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from botocore.exceptions import ClientError
from test_ses_mailer import MAIL, REQUEST, mailer

from eventreg.adapters import metrics
from eventreg.adapters.ses import THROTTLED_ATTEMPTS


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    metrics.dimensions("eventreg-notifications")
    yield
    metrics.flush(emit=False)


def counted() -> dict[str, list[float]]:
    return {name: list(metric["Value"]) for name, metric in metrics._metrics.metric_set.items()}


def test_a_mail_ses_accepts_counts_as_sent_and_one_it_refuses_as_failed() -> None:
    ses, stub, _ = mailer()
    stub.add_client_error("send_email", "TooManyRequestsException", http_status_code=429, expected_params=REQUEST)
    stub.add_response("send_email", {"MessageId": "m-1"}, REQUEST)
    stub.add_client_error("send_email", "MessageRejected", http_status_code=400)
    with stub:
        ses.send(MAIL, "events@example.eu", "jan@example.eu")  # sent on the second try: one mail
        with pytest.raises(ClientError):
            ses.send(MAIL, "events@example.eu", "jan@example.eu")
    assert counted() == {"MailsSent": [1.0], "MailsFailed": [1.0]}


def test_throttling_to_the_end_counts_one_failed_mail() -> None:
    ses, stub, _ = mailer()
    for _ in range(THROTTLED_ATTEMPTS):
        stub.add_client_error("send_email", "TooManyRequestsException", http_status_code=429)
    with stub, pytest.raises(ClientError):
        ses.send(MAIL, "events@example.eu", "jan@example.eu")
    assert counted() == {"MailsFailed": [1.0]}


def test_statuses_count_by_their_names_and_others_not_at_all() -> None:
    metrics.count_statuses(["confirmed", "waitlisted", "confirmed", "rejected"], metrics.REGISTRATIONS)
    metrics.count(metrics.PROMOTED, 0)  # nothing happened: no metric
    assert counted() == {"RegistrationsConfirmed": [2.0], "RegistrationsWaitlisted": [1.0]}


def test_a_flush_prints_one_emf_document_then_starts_again_from_none(capsys: pytest.CaptureFixture[str]) -> None:
    metrics.count(metrics.EXPORTS)
    metrics.flush(emit=True)
    (line,) = capsys.readouterr().out.splitlines()
    document = json.loads(line)
    assert document["ExportsMade"] == [1.0] and document["service"] == "eventreg-notifications"
    assert document["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "eventreg"
    assert counted() == {}
    metrics.flush(emit=True)  # nothing counted since: nothing printed, no warning
    metrics.count(metrics.EXPORTS)
    metrics.flush(emit=False)  # off Lambda: dropped
    assert capsys.readouterr().out == "" and counted() == {}
