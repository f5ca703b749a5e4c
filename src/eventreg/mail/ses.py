"""SESv2 adapter: sends raw MIME messages (moto has no SESv2 templates; we render ourselves)."""

from __future__ import annotations

from email.message import EmailMessage
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mypy_boto3_sesv2 import SESV2Client


class SesMailer:
    def __init__(self, client: SESV2Client) -> None:
        self.client = client

    def send(self, message: EmailMessage, sender: str, recipient: str) -> str:
        answer = self.client.send_email(
            FromEmailAddress=sender,
            Destination={"ToAddresses": [recipient]},
            Content={"Raw": {"Data": message.as_bytes()}},
        )
        return answer.get("MessageId", "")
