"""SESv2 adapter: sends raw MIME messages (moto has no SESv2 templates; we render ourselves)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventreg.mail.compose import Mail

if TYPE_CHECKING:
    from mypy_boto3_sesv2 import SESV2Client


class SesMailer:
    def __init__(self, client: SESV2Client, configuration_set: str | None = None) -> None:
        self.client = client
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
        answer = self.client.send_email(**kwargs)
        return answer.get("MessageId", "")


def _tag(value: str) -> str:
    """SES tag values allow letters, digits, _ - . @ only."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "_-.@") else "_" for c in value)[:256]
