"""multipart/form-data, the body of a form with a file (the programme import): its fields and one file, within
a size limit. API Gateway hands such a body over base64-encoded (the registration app lists the type among
its binary types), so Chalice gives the bytes as sent."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from eventreg.domain.errors import ValidationFailed

MULTIPART = "multipart/form-data"
_CACHE = "eventreg.multipart"
# The CSRF token is the form's first field (before the file), so it is read from the body's head even when
# the file is too large to parse: the page then says so, instead of a CSRF refusal.
_HEAD = 16 * 1024
_TOKEN = re.compile(rb'content-disposition:\s*form-data;\s*name="csrf_token"\r\n\r\n([A-Za-z0-9_.=-]{1,512})\r\n',
                    re.IGNORECASE)


@dataclass(frozen=True)
class Form:
    fields: dict[str, str]
    file_name: str
    file: bytes | None  # None: no file was chosen


def raw(request: Any) -> bytes:
    body = request.raw_body or b""
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def csrf_token(request: Any) -> str | None:
    """The form's csrf_token field, from the head of the body."""
    found = _TOKEN.search(raw(request)[:_HEAD])
    return found.group(1).decode() if found else None


def read_form(request: Any, file_field: str, max_bytes: int) -> Form:
    """The fields (text) and the file of `file_field`; ValidationFailed for a body that is not multipart.
    The caller checks the size of the body (max_bytes) before: this parses it whole."""
    known = request.context.get(_CACHE)
    if isinstance(known, Form):
        return known
    body = raw(request)
    content_type = str(request.headers.get("content-type", ""))
    if len(body) > max_bytes or "\r" in content_type or "\n" in content_type:
        raise ValidationFailed("The form is too large.")
    # Lazy (cold start): the email package's policy machinery (header registry and parser, ~10 ms) loads with the
    # first programme upload, not with every app that reads this module's MULTIPART constant.
    from email import policy
    from email.message import EmailMessage
    from email.parser import BytesParser

    message = BytesParser(policy=policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1", "replace") + b"\r\n\r\n" + body)
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        raise ValidationFailed("Send the form as multipart/form-data.")
    fields: dict[str, str] = {}
    file_name, file = "", None
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(payload, bytes):
            continue
        if name == file_field:
            file_name, file = str(part.get_filename() or ""), payload if part.get_filename() or payload else None
        else:
            fields[name] = payload.decode("utf-8", "replace")[:1000]
    form = Form(fields, file_name, file)
    request.context[_CACHE] = form
    return form
