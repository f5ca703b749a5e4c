"""eventreg.http: body reading, content negotiation and the JSON error contract."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from chalice import Response
from chalice.app import CaseInsensitiveMapping

from eventreg import templates
from eventreg.domain.errors import EventNotFound, PayloadTooLarge, UnsupportedMediaType, ValidationFailed
from eventreg.http import (
    FORM,
    JSON,
    MAX_BODY,
    MAX_DEPTH,
    error_response,
    html,
    install,
    json_errors,
    nested_too_deep,
    read_body,
    typed,
    wants_html,
)
from eventreg.templates import inline_hashes


@dataclass
class FakeRequest:
    raw_body: bytes = b""
    header_values: dict[str, str] = field(default_factory=dict)

    @property
    def headers(self) -> CaseInsensitiveMapping:
        return CaseInsensitiveMapping(self.header_values)


def request(body: bytes | str, content_type: str | None = None, **headers: str) -> FakeRequest:
    values = dict(headers)
    if content_type is not None:
        values["Content-Type"] = content_type
    return FakeRequest(body.encode("utf-8") if isinstance(body, str) else body, values)


def test_form_body() -> None:
    body = "name=El%C5%BCbieta+Bie%C5%84kowska&email=e%40example.eu&organisation=&country=PL"
    assert read_body(request(body, FORM)) == {
        "name": "Elżbieta Bieńkowska",
        "email": "e@example.eu",
        "organisation": "",
        "country": "PL",
    }


def test_form_body_with_charset_parameter() -> None:
    assert read_body(request("a=1", "Application/X-WWW-Form-Urlencoded; charset=UTF-8")) == {"a": "1"}


def test_json_body() -> None:
    data = {"name": "Ana", "nested": {"x": [1, 2]}}
    assert read_body(request(json.dumps(data), JSON)) == data
    assert read_body(request(json.dumps(data), "application/json; charset=utf-8")) == data


def test_json_is_assumed_without_a_content_type() -> None:
    assert read_body(request('{"a": 1}')) == {"a": 1}


def test_body_at_the_limit_is_read() -> None:
    prefix, suffix = '{"pad": "', '"}'
    body = prefix + "x" * (MAX_BODY - len(prefix) - len(suffix)) + suffix
    assert len(body) == MAX_BODY
    assert len(read_body(request(body, JSON))["pad"]) == MAX_BODY - 11


@pytest.mark.parametrize("content_type", [JSON, FORM, "text/plain"])
def test_body_over_the_limit_is_too_large(content_type: str) -> None:
    with pytest.raises(PayloadTooLarge) as caught:
        read_body(request(b"x" * (MAX_BODY + 1), content_type))
    assert caught.value.status == 413
    assert caught.value.body()["error"]["code"] == "payload_too_large"


@pytest.mark.parametrize("body", [b"{not json", b'{"a": 1', b"\xff\xfe\x00", b"{'a': 1}"])
def test_malformed_json(body: bytes) -> None:
    with pytest.raises(ValidationFailed) as caught:
        read_body(request(body, JSON))
    assert caught.value.message == "The body is not valid JSON."


@pytest.mark.parametrize("body", [b"[]", b'"text"', b"42", b"null", b""])
def test_json_must_be_an_object(body: bytes) -> None:
    with pytest.raises(ValidationFailed) as caught:
        read_body(request(body, JSON))
    assert caught.value.message == "The body must be a JSON object."


def test_form_must_be_utf8() -> None:
    with pytest.raises(ValidationFailed) as caught:
        read_body(request(b"name=\xff\xfe", FORM))
    assert caught.value.status == 400


@pytest.mark.parametrize("content_type", ["text/plain", "multipart/form-data; boundary=x", "application/xml"])
def test_wrong_media_type(content_type: str) -> None:
    with pytest.raises(UnsupportedMediaType) as caught:
        read_body(request("name=Ana", content_type))
    assert caught.value.status == 415
    assert caught.value.code == "unsupported_media_type"


@pytest.mark.parametrize(
    ("content_type", "accept", "expected"),
    [
        (FORM, "", True),
        (FORM, "application/json", True),
        (JSON, "", False),
        (JSON, "application/json", False),
        (JSON, "text/html,application/xhtml+xml", True),
        (JSON, "text/html, application/json", False),
        (None, "*/*", False),
    ],
)
def test_wants_html(content_type: str | None, accept: str, expected: bool) -> None:
    assert wants_html(request(b"", content_type, Accept=accept)) is expected


def test_error_response_follows_the_contract() -> None:
    error = ValidationFailed("Some fields need your attention.", fields={"email": "Required."})
    response = error_response(error)
    assert response.status_code == 400
    assert response.headers["Content-Type"] == JSON
    assert response.body == {
        "error": {
            "code": "validation_error",
            "message": "Some fields need your attention.",
            "fields": {"email": "Required."},
        }
    }


def test_json_errors_turns_domain_errors_into_responses() -> None:
    @json_errors
    def view(fail: bool) -> Any:
        if fail:
            raise EventNotFound("There is no event 'x'.")
        return {"ok": True}

    assert view(False) == {"ok": True}
    response = view(True)
    assert isinstance(response, Response)
    assert response.status_code == 404
    assert response.body["error"]["code"] == "event_not_found"
    assert view.__name__ == "view"


def test_json_errors_lets_other_exceptions_through() -> None:
    @json_errors
    def view() -> None:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        view()


def test_html_response() -> None:
    response = html("<p>x</p>", 409)
    assert response.status_code == 409
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"


# -- nesting: json.loads recurses once per level, so a deep body must be refused before it parses --------
@pytest.mark.parametrize("body", [
    "[" * 30_000 + "]" * 30_000,
    '{"a":' * 10_000 + "1" + "}" * 10_000,
    "[" * 60_000,  # never closed
    "[{" * 20,  # 40 levels, not closed either
])
def test_deeply_nested_json_is_refused_before_parsing(body: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        read_body(request(body, JSON))
    assert caught.value.status == 400


def test_nesting_up_to_the_limit_is_read() -> None:
    value: Any = "x"
    for level in range(MAX_DEPTH - 1):
        value = [value] if level % 2 else {"k": value}
    assert read_body(request(json.dumps({"v": value}), JSON))["v"] == value


@pytest.mark.parametrize("text", ['"[[[[[[[["', '"{{\\"{{{{{"', '"\\\\[[["'])
def test_brackets_inside_strings_do_not_count(text: str) -> None:
    body = '{"a": [' + ", ".join([text.replace("[", "[" * 10).replace("{", "{" * 10)] * 50) + "]}"
    assert not nested_too_deep(body.encode(), 3)
    assert read_body(request(body, JSON))["a"]


def test_wide_json_is_not_deep() -> None:
    assert not nested_too_deep(b"[" + b",".join([b"[[1],{}]"] * 5000) + b"]", 3)
    assert nested_too_deep(b"[" + b",".join([b"[[[1]]]"] * 5000) + b"]", 3)


# -- every response's type and security headers (the middleware every app installs) -------------------


def typed_headers(body: Any, status: int = 200, **headers: str) -> dict[str, str]:
    return {k: str(v) for k, v in typed(Response(body=body, status_code=status, headers=dict(headers))).headers.items()}


@pytest.mark.parametrize("body", [{"event": {"event_id": "x"}}, [1, 2], {"error": {"code": "x", "message": "y"}}])
def test_dicts_and_lists_are_typed_json(body: Any) -> None:
    headers = typed_headers(body)
    assert headers["Content-Type"] == JSON
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"


def test_untyped_text_and_bytes_say_what_they_are() -> None:
    assert typed_headers("")["Content-Type"] == "text/plain; charset=utf-8"
    assert typed_headers(b"\x00\x01")["Content-Type"] == "application/octet-stream"
    redirect = typed_headers("", 302, Location="https://example.eu/file")
    assert redirect["Content-Type"] == "text/plain; charset=utf-8" and redirect["X-Content-Type-Options"] == "nosniff"


def test_a_304_gets_no_type_but_the_headers() -> None:
    headers = typed_headers("", 304, ETag='W/"abc"')
    assert not any(k.lower() == "content-type" for k in headers)
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_pages_get_a_csp_that_allows_only_the_templates_inline_blocks() -> None:
    headers = typed_headers("<p>x</p>", **{"Content-Type": "text/html; charset=utf-8"})
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"  # the manage page's token never leaves in a Referer
    directives = {d.split()[0]: d.split()[1:] for d in headers["Content-Security-Policy"].split("; ")}
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    hashes = inline_hashes()
    assert directives["script-src"] == ["'self'", *hashes["script"]] and len(hashes["script"]) == 1
    assert directives["style-src"] == ["'self'", *hashes["style"]] and hashes["style"]


def test_files_get_the_base_headers_and_no_csp() -> None:
    """A CSP on a PDF can keep a browser's own viewer from showing it."""
    headers = typed_headers(b"%PDF-1.7", **{"Content-Type": "application/pdf"})
    assert headers["Content-Type"] == "application/pdf" and headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in headers


def test_headers_a_view_set_are_kept_whatever_their_case() -> None:
    headers = typed_headers("<p>mail</p>", **{"content-type": "text/html", "content-security-policy": "sandbox",
                                              "x-frame-options": "SAMEORIGIN"})
    assert headers["content-security-policy"] == "sandbox" and headers["x-frame-options"] == "SAMEORIGIN"
    assert not any(k in headers for k in ("Content-Type", "Content-Security-Policy", "X-Frame-Options"))


def test_an_inline_block_with_a_template_tag_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from jinja2 import DictLoader, Environment

    env = Environment(loader=DictLoader({"web/x.html": "<script>var a = {{ value }};</script>"}), autoescape=True)
    monkeypatch.setattr(templates, "environment", lambda: env)
    templates.inline_hashes.cache_clear()
    try:
        with pytest.raises(ValueError, match="must be constant"):
            templates.inline_hashes()
    finally:
        templates.inline_hashes.cache_clear()


def test_every_app_answers_typed_with_the_headers() -> None:
    from chalice import Chalice
    from chalice.test import Client

    app = install(Chalice(app_name="typed"))

    @app.route("/thing", methods=["GET"])
    def thing() -> dict[str, Any]:
        return {"thing": 1}

    @app.route("/boom", methods=["GET"])
    def boom() -> dict[str, Any]:
        raise RuntimeError("unhandled")

    @app.route("/page", methods=["GET"])
    def page() -> Response:
        return html("<p>x</p>")

    with Client(app) as client:
        for path, status, kind in (("/thing", 200, JSON), ("/boom", 500, JSON), ("/page", 200, "text/html")):
            response = client.http.get(path)
            assert response.status_code == status
            assert response.headers["Content-Type"].startswith(kind), path
            assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert client.http.post("/thing", body=b"").headers["Content-Type"] == JSON  # Chalice's own 405
