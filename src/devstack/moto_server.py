"""The local stack's moto server (`python -m devstack.moto_server -H 127.0.0.1 -p PORT`): moto's own
server app, as `python -m moto.server` runs it, plus one narrow read-only endpoint for the outbox:

    GET /_eventreg/ses/sent  ->  {"messages": [{"id": ..., "raw_data": ...}, ...]}  (oldest first)

the raw mails moto's SES accepted, read straight from its backends. No AWS API lists sent mail, and
moto's `/moto-api/data.json` dumps every model of every service at once: it answers 500 as soon as an S3
multipart upload has been completed (any export job), and grows with every stored object.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Iterable
from typing import Any

SENT_MAIL_PATH = "/_eventreg/ses/sent"


def sent_messages() -> list[dict[str, str]]:
    """Every raw mail moto's SES (v1 and v2 share the backend) accepted, in every account and region."""
    from moto.ses.models import RawMessage, ses_backends

    found: list[dict[str, str]] = []
    # Copies, not live views: requests on other threads may add an account, a region or a message.
    for _, regions in list(ses_backends.items()):
        for _, backend in list(regions.items()):
            for message in list(backend.sent_messages):
                if isinstance(message, RawMessage):
                    found.append({"id": message.id, "raw_data": message.raw_data})
    return found


class WithSentMail:
    """WSGI middleware: answers SENT_MAIL_PATH itself, hands everything else to moto."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == SENT_MAIL_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            body = json.dumps({"messages": sent_messages()}).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        result: Iterable[bytes] = self.app(environ, start_response)
        return result


def main(argv: list[str] | None = None) -> None:
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from werkzeug.serving import run_simple

    parser = argparse.ArgumentParser(prog="devstack.moto_server", description=__doc__)
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("MOTO_PORT", str(args.port))  # as moto.server does: URLs moto builds point here

    def stop(signum: int, frame: object) -> None:
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    moto_app = DomainDispatcherApplication(create_backend_app)
    run_simple(args.host, args.port, WithSentMail(moto_app), threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
