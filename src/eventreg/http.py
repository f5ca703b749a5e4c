"""HTTP plumbing shared by the Chalice apps: bodies, content negotiation, the JSON error contract."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar
from urllib.parse import parse_qsl, quote, urlencode

from chalice import Blueprint, Chalice, Response
from chalice.app import Request as ChaliceRequest

from eventreg.domain.errors import DomainError, PayloadTooLarge, UnsupportedMediaType, ValidationFailed
from eventreg.domain.ids import check_path_ids
from eventreg.locale.errors import written_out

MAX_BODY = 64 * 1024
MAX_DEPTH = 32  # nesting of JSON arrays and objects; json.loads recurses, so a deep body would crash it
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
HTML_TYPE = "text/html; charset=utf-8"


class Request(Protocol):
    """What the helpers need of a chalice.app.Request (read-only, so fakes are easy in tests)."""

    @property
    def headers(self) -> Any: ...

    @property
    def raw_body(self) -> str | bytes: ...


def current_request(app: Chalice | Blueprint) -> ChaliceRequest:
    """The request being handled (Chalice types it as optional: it is unset outside a request)."""
    request = app.current_request
    if request is None:
        raise RuntimeError("no request is being handled")
    return request


def media_type(request: Request) -> str:
    return str(request.headers.get("content-type", "")).split(";")[0].strip().lower()


def wants_html(request: Request) -> bool:
    """HTML clients (a browser's form post) get pages; everything else gets JSON."""
    if media_type(request) == FORM:
        return True
    accept = str(request.headers.get("accept", ""))
    return "text/html" in accept and "application/json" not in accept


def app_path(request: Any) -> str:
    """The path asked for, as the app routes it (without API Gateway's stage), with its query string:
    the route's template filled with the request's path parameters."""
    path = str(request.path)
    for name, value in (request.uri_params or {}).items():
        path = path.replace("{" + name + "}", quote(str(value), safe=""))
    query: Any = request.query_params or {}
    pairs = [(key, value) for key in query for value in query.getlist(key)] if query else []
    return path + ("?" + urlencode(pairs) if pairs else "")


def request_scheme(request: Any) -> str:
    """How the browser reached us: API Gateway and CloudFront say so (X-Forwarded-Proto); the local stack
    is plain http on loopback; anything else is taken to be https."""
    headers = request.headers
    forwarded = str(headers.get("x-forwarded-proto") or "").split(",")[0].strip().lower()
    if forwarded in ("http", "https"):
        return forwarded
    host = str(headers.get("host") or "")
    return "http" if not host or host.startswith(("127.0.0.1", "localhost", "[::1]")) else "https"


# Set by the stage's CloudFront distribution (infra/eventreg_infra/origin.py) to the host the browser asked for:
# API Gateway sees its own host there (CloudFront must not forward the viewer's Host to it). A caller of the API's
# own URL who forges it only changes the links it is sent; Cognito accepts only the registered callback.
FORWARDED_HOST = "x-forwarded-host"


def request_host(request: Any) -> str:
    """The host the browser reached: CloudFront's forwarded host, else the Host header."""
    headers = request.headers
    return str(headers.get(FORWARDED_HOST) or headers.get("host") or "")


def base_path(request: Any) -> str:
    """What goes before an app path in a link the browser follows: API Gateway's stage when the request
    came to the API's own URL (…execute-api…/api/…), nothing behind a custom domain, behind the stage's
    CloudFront distribution (which mounts each API at its path, as the domain's mappings do) or locally."""
    context = request.context or {}
    if (getattr(request, "headers", None) or {}).get(FORWARDED_HOST):
        return ""
    if ".execute-api." in str(context.get("domainName", "")) and context.get("stage"):
        return f"/{context['stage']}"
    return ""


def read_body(request: Request) -> dict[str, Any]:
    """The submitted fields of a form or JSON body, within the size limit."""
    raw = request.raw_body or b""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if len(raw) > MAX_BODY:
        raise PayloadTooLarge(f"The request body is larger than {MAX_BODY // 1024} KiB.")
    kind = media_type(request)
    if kind == FORM:
        try:
            pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise ValidationFailed("The form is not valid UTF-8.") from None
        fields: dict[str, Any] = {}
        for name, value in pairs:  # a repeated name (checkboxes) gives a list
            if name in fields:
                previous = fields[name]
                fields[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
            else:
                fields[name] = value
        return fields
    if kind == JSON or not kind:
        data = parse_json(raw or b"null")
        if not isinstance(data, dict):
            raise ValidationFailed("The body must be a JSON object.")
        return data
    raise UnsupportedMediaType(f"Send {JSON} or {FORM}, not {kind}.")


# A JSON string (or an unterminated one, to the end): brackets inside it do not nest anything.
_STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_INNERMOST = re.compile(rb"\[\]|\{\}")


def nested_too_deep(raw: bytes, max_depth: int) -> bool:
    """Whether arrays and objects nest more than max_depth levels in a JSON text. Linear passes in C and
    no recursion, so it is safe on any input: strings are blanked, only the brackets kept, and each pass
    removes the innermost pairs; what remains after max_depth passes nests deeper."""
    brackets = _STRINGS.sub(b"", raw).translate(None, _NOT_BRACKETS)
    for passes in range(max_depth):
        inner = _INNERMOST.sub(b"", brackets)
        if len(inner) == len(brackets):  # none left, or unpaired (not JSON): the parser nests at most this deep
            return passes + len(brackets) > max_depth
        brackets = inner
    return bool(brackets)


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")  # Python's json reads NaN and Infinity; JSON has no such numbers


def parse_json(raw: bytes | str, max_depth: int = MAX_DEPTH) -> Any:
    """JSON from a client (a body, a cursor): nesting deeper than max_depth is refused before parsing,
    so no input can make the parser recurse until it crashes."""
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    if nested_too_deep(data, max_depth):
        raise ValidationFailed(f"The JSON is nested more than {max_depth} levels deep.")
    try:
        return json.loads(data, parse_constant=_not_json)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ValidationFailed("The body is not valid JSON.") from None


# The domain error the last error response answered (in this request's context): the back-office shows it as
# a page in the reader's language (entrypoints/http/office.html_errors) rather than the JSON the API gets.
_ANSWERED: ContextVar[DomainError | None] = ContextVar("eventreg_answered_error", default=None)


def answered_error() -> DomainError | None:
    return _ANSWERED.get()


def forget_answered_error() -> None:
    _ANSWERED.set(None)


def error_response(error: DomainError) -> Response:
    """The JSON error contract; a deadline the error names is written out in the event's language. A page
    that needs a signed-in organiser sends the browser to sign in instead."""
    _ANSWERED.set(error)
    sign_in = getattr(error, "sign_in", None)
    if sign_in:
        return Response(body="", status_code=303, headers={"Location": sign_in, "Cache-Control": "no-store"})
    return Response(body=written_out(error).body(), status_code=error.status, headers={"Content-Type": JSON})


def html(body: str, status: int = 200) -> Response:
    return Response(body=body, status_code=status, headers={"Content-Type": HTML_TYPE})


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower().removesuffix("_error")


def contract_errors(event: Any, get_response: Callable[[Any], Response]) -> Response:
    """HTTP middleware: errors Chalice answers itself (415 for a content type a route does not take,
    405, its 500 for an unhandled exception) follow the same JSON error contract as ours."""
    response = get_response(event)
    body = response.body
    if response.status_code >= 400 and isinstance(body, dict) and set(body) == {"Code", "Message"}:
        code = "internal_error" if response.status_code >= 500 else _snake(str(body["Code"]))
        message = "Something went wrong on our side." if response.status_code >= 500 else str(body["Message"])
        return Response(
            body={"error": {"code": code, "message": message}},
            status_code=response.status_code,
            headers={**(response.headers or {}), "Content-Type": JSON},
        )
    return response


# -- what every response says about itself ------------------------------------------------------------
TEXT_TYPE = "text/plain; charset=utf-8"
BINARY_TYPE = "application/octet-stream"
WASM = "application/wasm"  # the check-in desk's QR decoder (binary: base64 through API Gateway)
# Every response: no content sniffing, and no Referer from any page. A manage link carries its token in
# the query: with no-referrer, a link followed from that page (the privacy statement, an online room)
# never hands it on.
BASE_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
# JSON: nothing to load, nothing to frame. (Files - PDF, calendars, spreadsheets - get the base headers
# only: a CSP on a PDF can stop a browser's own viewer from showing it.)
API_CSP = "default-src 'none'; frame-ancestors 'none'"
JSON_HEADERS = {**BASE_HEADERS, "Content-Security-Policy": API_CSP}
NO_BODY = (204, 304)


def page_csp(form_origin: str = "", wasm: bool = False) -> str:
    """Pages load everything from their own origin; inline code only as hashed from the templates (the
    error summary's focus script, each template's <style>); never framed; forms post to the same origin.
    Two narrow exceptions, each on that page's answer only: a page whose form sends a file straight to storage
    (a document's upload) names that storage's origin in `form_origin`; the check-in desk (`wasm`) may compile
    WebAssembly ('wasm-unsafe-eval' allows that alone, not JavaScript's eval)."""
    from eventreg.templates import inline_hashes  # jinja2: imported by the apps that serve pages only

    hashes = inline_hashes()
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *(["'wasm-unsafe-eval'"] if wasm else []), *hashes["script"]]),
        " ".join(["style-src 'self'", *hashes["style"]]),
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        " ".join(["form-action 'self'", *([form_origin] if form_origin else [])]),
        "frame-ancestors 'none'",
    ])


def page_headers() -> dict[str, str]:
    return {**BASE_HEADERS, "Content-Security-Policy": page_csp(), "X-Frame-Options": "DENY"}


def _header(headers: dict[str, Any], name: str) -> str | None:
    lowered = name.lower()
    for key, value in headers.items():
        if key.lower() == lowered:
            return str(value)
    return None


def typed(response: Response) -> Response:
    """The response with its Content-Type (JSON for the dicts and lists views return, which Chalice
    sends untyped) and the security headers for its kind. Headers a view set itself are kept."""
    headers: dict[str, Any] = dict(response.headers or {})
    kind = _header(headers, "Content-Type")
    if kind is None and response.status_code not in NO_BODY:
        body = response.body
        kind = TEXT_TYPE if isinstance(body, str) else BINARY_TYPE if isinstance(body, bytes) else JSON
        headers["Content-Type"] = kind
    media = (kind or "").split(";")[0].strip().lower()
    extra = page_headers() if media == "text/html" else JSON_HEADERS if media == JSON else BASE_HEADERS
    for name, value in extra.items():
        if _header(headers, name) is None:
            headers[name] = value
    response.headers = headers
    return response


def security_headers(event: Any, get_response: Callable[[Any], Response]) -> Response:
    """HTTP middleware: every answer carries its type, nosniff and no-referrer; pages a CSP too."""
    return typed(get_response(event))


def install(app: Chalice) -> Chalice:
    """What every eventreg app gets: typed responses with security headers (outermost, so it sees the
    error contract's answers too) and the error contract for Chalice's own errors."""
    app.register_middleware(security_headers, "http")
    app.register_middleware(contract_errors, "http")
    return app


F = TypeVar("F", bound=Callable[..., Any])


def json_errors(view: F) -> F:
    """Turn domain errors raised by a view into the JSON error contract (never a 500). Ids in the path
    (event_id, registration_id, ...) that cannot exist are answered 404 before the view runs."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            check_path_ids(kwargs)
            return view(*args, **kwargs)
        except DomainError as error:
            return error_response(error)

    return wrapper  # type: ignore[return-value]
