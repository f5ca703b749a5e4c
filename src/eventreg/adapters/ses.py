"""SESv2 adapter: sends raw MIME messages (moto has no SESv2 templates; we render ourselves)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from eventreg.adapters import metrics
from eventreg.notify.compose import Mail
from eventreg.retry import Backoff

if TYPE_CHECKING:
    from mypy_boto3_sesv2 import SESV2Client


THROTTLED_ATTEMPTS = 6  # SES's sending rate (per second) refused: backoff 0.1, 0.2, ... 2 s, jittered


class SesMailer:
    """SendEmail is not idempotent: the client makes no retries of its own (a retry after a timeout or a 5xx
    could send a mail SES had accepted). Only a refusal for the sending rate, which SES did not accept, is
    tried again here, with backoff; anything else raises, and the stream's retry of the record sends it."""

    def __init__(self, client: SESV2Client, configuration_set: str | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.client = client
        self.sleep = sleep
        # The configuration set publishes bounces and complaints to SNS (infra/); tags say whose mail it was.
        self.configuration_set = configuration_set

    def send(self, message: Mail, sender: str, recipient: str, tags: dict[str, str] | None = None) -> str:
        kwargs: dict[str, Any] = {
            "FromEmailAddress": sender,
            "Destination": {"ToAddresses": [recipient]},
            "Content": {"Raw": {"Data": message.as_bytes()}},
        }
        if tags:
            kwargs["EmailTags"] = [{"Name": name, "Value": _tag(value)} for name, value in tags.items()]
        if self.configuration_set:
            kwargs["ConfigurationSetName"] = self.configuration_set
        for attempt in range(THROTTLED_ATTEMPTS):
            try:
                answer = self.client.send_email(**kwargs)
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "TooManyRequestsException" or attempt + 1 == THROTTLED_ATTEMPTS:
                    metrics.count(metrics.MAILS_FAILED)
                    raise
                self.sleep(Backoff(base=0.1, cap=2.0).delay(attempt))
            else:
                metrics.count(metrics.MAILS_SENT)
                return answer.get("MessageId", "")
        raise AssertionError("unreachable")


def _tag(value: str) -> str:
    """SES tag values allow letters, digits, _ - . @ only."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "_-.@") else "_" for c in value)[:256]
