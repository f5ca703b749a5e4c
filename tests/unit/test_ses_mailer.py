"""eventreg.adapters.ses: SendEmail is not idempotent, so only a refusal for the sending rate is tried again."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from eventreg.adapters import clients
from eventreg.adapters.ses import THROTTLED_ATTEMPTS, SesMailer
from eventreg.notify.compose import Mail

MAIL = Mail(b"Subject: hello\r\n\r\nbody\r\n")
REQUEST = {"FromEmailAddress": "events@example.eu", "Destination": {"ToAddresses": ["jan@example.eu"]},
           "Content": {"Raw": {"Data": MAIL.raw}}}


def mailer() -> tuple[SesMailer, Stubber, list[float]]:
    client = boto3.client("sesv2", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x")
    waits: list[float] = []
    return SesMailer(client, sleep=waits.append), Stubber(client), waits


def test_throttled_sends_are_tried_again_with_backoff() -> None:
    ses, stub, waits = mailer()
    for _ in range(2):
        stub.add_client_error("send_email", "TooManyRequestsException", http_status_code=429,
                              expected_params=REQUEST)
    stub.add_response("send_email", {"MessageId": "m-1"}, REQUEST)
    with stub:
        assert ses.send(MAIL, "events@example.eu", "jan@example.eu") == "m-1"
    stub.assert_no_pending_responses()
    assert len(waits) == 2 and 0 <= waits[0] <= 0.1 and 0 <= waits[1] <= 0.2


def test_throttling_that_lasts_raises_after_the_last_attempt() -> None:
    ses, stub, waits = mailer()
    for _ in range(THROTTLED_ATTEMPTS):
        stub.add_client_error("send_email", "TooManyRequestsException", http_status_code=429)
    with stub, pytest.raises(ClientError, match="TooManyRequests"):
        ses.send(MAIL, "events@example.eu", "jan@example.eu")
    assert len(waits) == THROTTLED_ATTEMPTS - 1


@pytest.mark.parametrize(("code", "status"), [("InternalFailure", 500), ("MessageRejected", 400),
                                              ("LimitExceededException", 400)])
def test_an_ambiguous_or_final_failure_is_not_retried(code: str, status: int) -> None:
    """A 5xx may hide a mail SES accepted: a blind retry could send it twice. The record's retry decides."""
    ses, stub, waits = mailer()
    stub.add_client_error("send_email", code, http_status_code=status)
    with stub, pytest.raises(ClientError, match=code):
        ses.send(MAIL, "events@example.eu", "jan@example.eu")
    stub.assert_no_pending_responses()
    assert waits == []


def test_the_ses_client_makes_no_retries_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    clients.reset()
    try:
        assert clients.sesv2().meta.config.retries["total_max_attempts"] == 1  # the first call, no retry
        assert clients.dynamodb().meta.config.retries["total_max_attempts"] == 6
    finally:
        clients.reset()
