"""Compose a multipart (text + HTML) message from jinja2 templates. Pure: returns the RFC 5322 bytes."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from eventreg.domain.models import utc_now
from eventreg.mail.overrides import as_html
from eventreg.mail.texts import label
from eventreg.templates import environment

MAX_SUBJECT = 200


def header_safe(value: str, limit: int = 200) -> str:
    """Headers never carry CR/LF or other control characters (no header injection, nothing RFC 5322
    forbids) and stay a readable length."""
    flat = " ".join("".join(" " if unicodedata.category(c) in ("Cc", "Cf") else c for c in value).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    content_type: str  # e.g. "text/calendar; method=REQUEST"


@dataclass(frozen=True)
class Wording:
    """An organiser's own subject and text for a mail (already rendered)."""

    subject: str
    text: str


def compose(
    template: str, *, sender: str, to_name: str, to_email: str, lang: str, context: dict[str, Any],
    attachments: Sequence[Attachment] = (), sender_name: str = "", reply_to: str | None = None,
    wording: Wording | None = None,
) -> EmailMessage:
    env = environment()
    context = {"with_calendar": bool(attachments), **context, "lang": lang,
               "m": lambda key, **values: label(key, lang, **values)}
    standard = env.get_template(f"mail/{template}.subject.txt").render(context)
    subject = header_safe(wording.subject if wording and wording.subject else standard, MAX_SUBJECT)
    context["subject"] = subject
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = Address(display_name=header_safe(sender_name, 100), addr_spec=sender) if sender_name else sender
    if reply_to:
        message["Reply-To"] = reply_to
    username, _, domain = to_email.rpartition("@")
    message["To"] = Address(display_name=header_safe(to_name, 100), username=username, domain=domain)
    message["Date"] = format_datetime(utc_now())
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    if wording and wording.text:
        message.set_content(wording.text)
        message.add_alternative(as_html(wording.text), subtype="html")
    else:
        message.set_content(env.get_template(f"mail/{template}.txt").render(context))
        message.add_alternative(env.get_template(f"mail/{template}.html").render(context), subtype="html")
    for attachment in attachments:
        maintype, _, rest = attachment.content_type.partition("/")
        subtype, *params = [part.strip() for part in rest.split(";")]
        message.add_attachment(attachment.content, maintype=maintype, subtype=subtype,
                               filename=attachment.filename,
                               params=dict(p.split("=", 1) for p in params if "=" in p))
    return message
