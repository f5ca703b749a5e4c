"""eventreg.http: body reading, content negotiation and the JSON error contract."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from chalice import Response
from chalice.app import CaseInsensitiveMapping

from eventreg.domain.errors import EventNotFound, PayloadTooLarge, UnsupportedMediaType, ValidationFailed
from eventreg.http import (
    FORM,
    JSON,
    MAX_BODY,
    MAX_DEPTH,
    error_response,
    html,
    json_errors,
    nested_too_deep,
    read_body,
    wants_html,
)


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
