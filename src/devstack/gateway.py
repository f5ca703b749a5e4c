"""One local HTTP origin for the three Chalice apps, as API Gateway's base-path mappings do on AWS:
registration at /, reports under /reports/, local tools under /_local/.

Each app is driven through chalice.local.LocalGateway (routing, authorizers, binary bodies), so
the apps run exactly as Lambda would run them. Requests are served on threads.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from chalice import Chalice
from chalice.config import Config
from chalice.local import LocalGateway, LocalGatewayException

from eventreg.adapters.jwt import Unauthorized
from eventreg.http import JSON, JSON_HEADERS

log = logging.getLogger(__name__)

Reply = tuple[int, dict[str, str], bytes]
Handler = Callable[[str, str, dict[str, str], bytes | None], Reply]


class _PerThread:
    """Chalice keeps the current request on the app object (one request per Lambda container). The
    local server runs requests on threads, so locally that attribute is kept per thread."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.local = threading.local()

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return getattr(self.local, f"{self.name}_{id(obj)}", None)

    def __set__(self, obj: object, value: Any) -> None:
        setattr(self.local, f"{self.name}_{id(obj)}", value)


def _thread_safe_chalice() -> None:
    if not isinstance(Chalice.__dict__.get("current_request"), _PerThread):
        Chalice.current_request = _PerThread("current_request")  # type: ignore[assignment]
        Chalice.lambda_context = _PerThread("lambda_context")  # type: ignore[assignment]


def _json(status: int, code: str, message: str) -> Reply:
    """An answer of the gateway itself, as infra/ configures API Gateway's gateway responses: the JSON
    error contract with its type and the headers every answer carries."""
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    return status, {"Content-Type": JSON, **JSON_HEADERS}, body


NOT_FOUND = (404, "not_found", "There is nothing at this address.")
UNAUTHORIZED = (401, "unauthorized", "A valid organiser bearer token is required.")


def _gateway_error(error: LocalGatewayException) -> Reply:
    """chalice's LocalGateway raises what API Gateway would answer itself. An unknown path is a 403
    "Missing Authentication Token" there, or with an Authorization header the SigV4 text "Authorization
    header requires 'Credential' parameter…" (both ErrorType UnauthorizedException): eventreg answers
    the documented 404, as infra/ makes API Gateway do (MISSING_AUTHENTICATION_TOKEN)."""
    error_type = {k.lower(): v for k, v in error.headers.items()}.get("x-amzn-errortype")
    if error.CODE == 403 and error_type == "UnauthorizedException":
        return _json(*NOT_FOUND)
    if error.CODE == 401:
        return _json(*UNAUTHORIZED)
    if error.CODE == 403:
        return _json(403, "forbidden", "This token does not give access to this address.")
    return _json(500, "internal_error", "Something went wrong on our side.")


def chalice_handler(app: Chalice) -> Handler:
    _thread_safe_chalice()
    gateway = LocalGateway(app, Config(chalice_stage="local"))

    def handle(method: str, path: str, headers: dict[str, str], body: bytes | None) -> Reply:
        try:
            response = gateway.handle_request(method=method, path=path, headers=headers, body=body)
        except Unauthorized:
            # API Gateway's answer when an authorizer fails with "Unauthorized".
            return _json(*UNAUTHORIZED)
        except LocalGatewayException as error:
            return _gateway_error(error)
        out_headers = {k: str(v) for k, v in response.get("headers", {}).items()}
        for name, values in (response.get("multiValueHeaders") or {}).items():
            # Set-Cookie cannot be folded into one line (its dates hold commas): one line per cookie, which
            # the server writes out separately.
            out_headers[name] = "\n".join(str(v) for v in values) if name.lower() == "set-cookie" \
                else ", ".join(str(v) for v in values)
        raw = response.get("body") or b""
        if response.get("isBase64Encoded"):
            raw = base64.b64decode(raw)
        elif isinstance(raw, str):
            raw = raw.encode("utf-8")
        return int(response["statusCode"]), out_headers, raw

    return handle


@dataclass(frozen=True)
class Mount:
    prefix: str  # "" or "/reports" - stripped before the app sees the path
    handler: Handler


class Router:
    def __init__(self, mounts: list[Mount]) -> None:
        # Longest prefix first, so /reports/... never falls through to the registration app.
        self.mounts = sorted(mounts, key=lambda m: len(m.prefix), reverse=True)

    def __call__(self, method: str, path: str, headers: dict[str, str], body: bytes | None) -> Reply:
        for mount in self.mounts:
            if not mount.prefix or path == mount.prefix or path.startswith(mount.prefix + "/") \
                    or path.startswith(mount.prefix + "?"):
                inner = path[len(mount.prefix):] or "/"
                if inner.startswith("?"):
                    inner = "/" + inner
                return mount.handler(method, inner, headers, body)
        return _json(*NOT_FOUND)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: clients reuse connections as they would with API Gateway
    # Headers and body go out as two writes; with Nagle the body would wait for the client's delayed
    # ACK: measured ~40 ms on every local response (bench/registration_latency.py).
    disable_nagle_algorithm = True
    server: LocalHTTPServer

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            status, out_headers, payload = self.server.router(self.command, self.path, headers, body)
        except Exception:
            log.exception("unhandled error serving %s", self.command)
            status, out_headers, payload = _json(500, "internal_error", "Something went wrong on our side.")
        self.send_response(status)
        for name, value in out_headers.items():
            if name.lower() not in {"content-length", "connection", "transfer-encoding"}:
                for line in value.split("\n") if name.lower() == "set-cookie" else [value]:
                    self.send_header(name, line)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve

    def log_message(self, format: str, *args: Any) -> None:
        # Paths only (no bodies, no query strings): personal data stays out of logs.
        log.debug("%s %s", self.command, self.path.split("?")[0])


class LocalHTTPServer(ThreadingHTTPServer):
    """One thread per connection (keep-alive clients hold theirs; a bounded pool would starve them), daemon
    threads so a stop never waits for an idle client, and the accept loop does nothing but accept."""

    daemon_threads = True
    # socketserver's default listen backlog is 5: a burst of new connections overflowed it and the kernel
    # reset them (32 of 160 posts at 32 clients, 153 of 320 at 64). The kernel caps this at somaxconn.
    request_queue_size = 1024
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], router: Router) -> None:
        self.router = router
        super().__init__(address, _RequestHandler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="eventreg-http", daemon=True)
        thread.start()
        return thread
