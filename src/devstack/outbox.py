"""/_local/: the local tools, a tiny Chalice app served like the others. The outbox lists the mails the
local SES (moto server) accepted, newest first, each viewable as HTML and text and downloadable as .eml."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from functools import lru_cache
from typing import Any

from chalice import Chalice, NotFoundError, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader

from devstack.dead_letters import DeadLetters
from devstack.moto_server import SENT_MAIL_PATH
from devstack.scheduler import Scheduler
from devstack.sign_in import add_sign_in
from eventreg.http import FORM, JSON, current_request, html, install
from eventreg.templates import environment


@lru_cache(maxsize=1)
def pages() -> Environment:
    """The core's page environment (its settings, filters and web/base.html) with devstack's own templates
    (devstack/templates/: the outbox pages) in front of the core's: they are not shipped with the services.
    Pages get the core's CSP, which hashes the core's inline blocks only: these templates have none (their
    two rules, .mail-frame and .mail-text, are in base.html's style)."""
    core = environment()
    loaders = [PackageLoader("devstack", "templates"), *([core.loader] if core.loader else [])]
    return core.overlay(loader=ChoiceLoader(loaders))


@dataclass(frozen=True)
class Mail:
    message_id: str
    raw: bytes

    @property
    def parsed(self) -> EmailMessage:
        return BytesParser(policy=policy.default).parsebytes(self.raw)  # type: ignore[return-value,unused-ignore]

    def part(self, subtype: str) -> str | None:
        body = self.parsed.get_body(preferencelist=(subtype,))
        return body.get_content() if body is not None else None  # type: ignore[no-any-return,unused-ignore]


class SesOutbox:
    """Reads what the local moto server's SES accepted, from the one narrow endpoint the stack's moto server
    adds for it (no AWS call can list sent mail; moto's whole-state dump fails once S3 holds a multipart
    upload): see devstack.moto_server."""

    def __init__(self, moto_endpoint: str) -> None:
        self.moto_endpoint = moto_endpoint.rstrip("/")

    def mails(self) -> list[Mail]:
        with urllib.request.urlopen(f"{self.moto_endpoint}{SENT_MAIL_PATH}", timeout=10) as answer:  # noqa: S310
            data: dict[str, Any] = json.load(answer)
        mails = [Mail(m["id"], m["raw_data"].encode("utf-8")) for m in data["messages"]]
        return list(reversed(mails))

    def get(self, message_id: str) -> Mail:
        for mail in self.mails():
            if mail.message_id == message_id:
                return mail
        raise NotFoundError(f"No mail {message_id!r} in the outbox.")


def tools_app(
    outbox: SesOutbox, scheduler: Scheduler | None = None, dead_letters: Mapping[str, DeadLetters] | None = None,
    replay: Callable[[bool], dict[str, Any]] | None = None,
) -> Chalice:
    """/_local/: the outbox, the scheduled jobs to run now (POST /_local/jobs/<name>), the stream batches each
    consumer gave up on (GET /_local/dead-letters, by function; POST /_local/dead-letters/replay replays them,
    tools/replay_dead_letters.py), and the back-office's demo sign-in."""
    app = install(Chalice(app_name="eventreg-local-tools"))
    add_sign_in(app)

    @app.route("/dead-letters", methods=["GET"])
    def dead() -> dict[str, Any]:
        return {"dead_letters": {name: queue.peek() for name, queue in (dead_letters or {}).items()}}

    @app.route("/dead-letters/replay", methods=["POST"], content_types=[JSON, FORM])
    def replay_dead() -> dict[str, Any]:
        if replay is None:
            raise NotFoundError("This stack replays no dead letters.")
        asked = current_request(app).json_body or {}
        return {"replayed": replay(bool(asked.get("discard_expired")))}

    @app.route("/jobs", methods=["GET"])
    def jobs() -> dict[str, Any]:
        return {"jobs": scheduler.runs if scheduler else {}}

    @app.route("/jobs/{name}", methods=["POST"], content_types=[JSON, FORM])
    def run_job(name: str) -> dict[str, Any]:
        if scheduler is None or name not in scheduler.jobs:
            raise NotFoundError(f"No job {name!r}.")
        scheduler.run(name)
        return {"job": name, "runs": scheduler.runs[name]}

    @app.route("/outbox", methods=["GET"])
    def index() -> Response:
        mails = outbox.mails()
        if "application/json" in str(current_request(app).headers.get("accept", "")):
            return Response(body={"mails": [_summary(m) for m in mails]})
        rows = [_summary(m) for m in mails]
        return html(pages().get_template("outbox.html").render(mails=rows, lang="en"))

    @app.route("/outbox/{message_id}", methods=["GET"])
    def view(message_id: str) -> Response:
        mail = outbox.get(message_id)
        return html(pages().get_template("outbox_mail.html").render(
            mail=_summary(mail), text=mail.part("plain"), lang="en"))

    @app.route("/outbox/{message_id}/html", methods=["GET"])
    def view_html(message_id: str) -> Response:
        body = outbox.get(message_id).part("html")
        if body is None:
            raise NotFoundError("This mail has no HTML part.")
        # The mail's own HTML, sandboxed: no scripts, no same-origin access; framed by the outbox page only.
        return Response(body=body, headers={
            "Content-Type": "text/html; charset=utf-8",
            "Content-Security-Policy": "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
                                       "frame-ancestors 'self'",
            "X-Frame-Options": "SAMEORIGIN",
        })

    @app.route("/outbox/{message_id}/text", methods=["GET"])
    def view_text(message_id: str) -> Response:
        return Response(body=outbox.get(message_id).part("plain") or "",
                        headers={"Content-Type": "text/plain; charset=utf-8"})

    @app.route("/outbox/{message_id}/attachments/{index}", methods=["GET"])
    def attachment(message_id: str, index: str) -> Response:
        files = list(outbox.get(message_id).parsed.iter_attachments())
        if not index.isdigit() or int(index) >= len(files):
            raise NotFoundError("No such attachment.")
        part = files[int(index)]
        content = part.get_content()
        name = part.get_filename() or f"attachment-{index}"
        return Response(body=content if isinstance(content, str) else content.decode("utf-8", "replace"), headers={
            "Content-Type": part.get_content_type(),
            "Content-Disposition": f'attachment; filename="{name}"',
        })

    @app.route("/outbox/{message_id}/eml", methods=["GET"])
    def download(message_id: str) -> Response:
        mail = outbox.get(message_id)
        return Response(body=mail.raw.decode("utf-8", "replace"), headers={
            "Content-Type": "message/rfc822",
            "Content-Disposition": f'attachment; filename="{message_id}.eml"',
        })

    return app


def _summary(mail: Mail) -> dict[str, Any]:
    parsed = mail.parsed
    return {
        "attachments": [part.get_filename() or part.get_content_type() for part in parsed.iter_attachments()],
        "id": mail.message_id,
        "subject": str(parsed.get("Subject", "")),
        "from": str(parsed.get("From", "")),
        "to": str(parsed.get("To", "")),
        "date": str(parsed.get("Date", "")),
        "text": mail.part("plain") or "",
    }
