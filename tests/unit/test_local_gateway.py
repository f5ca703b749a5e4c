"""devstack.gateway: what the local origin answers itself, as API Gateway does with infra/'s gateway
responses: the JSON error contract, typed, with the headers every answer carries."""

from __future__ import annotations

import json
from typing import Any

import pytest
from chalice import AuthResponse, Chalice
from chalice.app import AuthRequest

from devstack.gateway import chalice_handler
from eventreg.http import install


def app() -> Chalice:
    service = install(Chalice(app_name="gateway-test"))

    @service.authorizer()
    def organiser(auth_request: AuthRequest) -> AuthResponse:
        if auth_request.token == "Bearer good":
            return AuthResponse(routes=["/organiser/*"], principal_id="org-a")
        return AuthResponse(routes=[], principal_id="org-a")  # a valid token without this route

    @service.route("/events/{event_id}", methods=["GET"])
    def event(event_id: str) -> dict[str, Any]:
        return {"event": {"event_id": event_id}}

    @service.route("/organiser/events", methods=["GET"], authorizer=organiser)
    def events() -> dict[str, Any]:
        return {"events": []}

    return service


def error_of(reply: tuple[int, dict[str, str], bytes]) -> tuple[int, str]:
    status, headers, body = reply
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Content-Type-Options"] == "nosniff"
    error = json.loads(body)["error"]
    assert set(error) == {"code", "message"} and error["message"]
    return status, str(error["code"])


@pytest.mark.parametrize("authorization", [None, "Bearer good", "Bearer x", "AWS4-HMAC-SHA256 Credential=x"])
@pytest.mark.parametrize("path", ["/nothing-here", "/events", "/events/a/b/c", "/organiser"])
def test_an_unknown_path_is_the_documented_404_with_or_without_authorization(path: str,
                                                                             authorization: str | None) -> None:
    """API Gateway answers an unknown path with a 403 and no type: "Missing Authentication Token", or with an
    Authorization header the SigV4 text "Authorization header requires 'Credential' parameter…"."""
    headers = {"authorization": authorization} if authorization else {}
    assert error_of(chalice_handler(app())("GET", path, headers, None)) == (404, "not_found")


def test_a_route_answers_typed() -> None:
    status, headers, body = chalice_handler(app())("GET", "/events/x", {}, None)
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert json.loads(body) == {"event": {"event_id": "x"}}


def test_the_authorizers_answers_follow_the_contract() -> None:
    handle = chalice_handler(app())
    assert error_of(handle("GET", "/organiser/events", {}, None)) == (401, "unauthorized")
    assert error_of(handle("GET", "/organiser/events", {"authorization": "Bearer other"}, None)) == (403, "forbidden")
    status, _, body = handle("GET", "/organiser/events", {"authorization": "Bearer good"}, None)
    assert (status, json.loads(body)) == (200, {"events": []})
