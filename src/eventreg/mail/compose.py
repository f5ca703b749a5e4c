"""Compose a multipart (text + HTML) message from jinja2 templates. Pure: returns the RFC 5322 bytes."""

from __future__ import annotations

import unicodedata
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from eventreg.domain.models import utc_now
from eventreg.templates import environment

MAX_SUBJECT = 200


def header_safe(value: str, limit: int = 200) -> str:
    """Headers never carry CR/LF or other control characters (no header injection, nothing RFC 5322
    forbids) and stay a readable length."""
    flat = " ".join("".join(" " if unicodedata.category(c) in ("Cc", "Cf") else c for c in value).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def compose(
    template: str, *, sender: str, to_name: str, to_email: str, lang: str, context: dict[str, Any]
) -> EmailMessage:
    env = environment()
    context = {**context, "lang": lang}
    subject = header_safe(env.get_template(f"mail/{template}.subject.txt").render(context), MAX_SUBJECT)
    context["subject"] = subject
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    username, _, domain = to_email.rpartition("@")
    message["To"] = Address(display_name=header_safe(to_name, 100), username=username, domain=domain)
    message["Date"] = format_datetime(utc_now())
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(env.get_template(f"mail/{template}.txt").render(context))
    message.add_alternative(env.get_template(f"mail/{template}.html").render(context), subtype="html")
    return message
