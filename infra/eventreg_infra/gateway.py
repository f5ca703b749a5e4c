"""API Gateway's own answers (gateway responses), in the services' JSON error contract.

What API Gateway answers without calling a function - an unknown path, a refused or missing token,
throttling, a body too large - would otherwise be its own text: an unknown path is a 403 "Missing
Authentication Token", or with an Authorization header the SigV4 text "Authorization header requires
'Credential' parameter…", untyped. Here every one is `{"error": {"code", "message"}}` as
application/json with the headers the apps' middleware gives every answer (eventreg.http); an unknown path
is the documented 404 not_found. The local origin answers the same (devstack.gateway).
"""

from __future__ import annotations

import json
from typing import Any

from eventreg.http import BASE_HEADERS, JSON

# Static header values are single-quoted for API Gateway. A gateway response's CSP is "sandbox" (no
# quotes inside a quoted value); X-Frame-Options keeps it out of frames.
HEADERS = {"Content-Type": JSON, **BASE_HEADERS, "Content-Security-Policy": "sandbox", "X-Frame-Options": "DENY"}

# response type -> (status or None to keep API Gateway's, code, message or None for API Gateway's own)
RESPONSES: dict[str, tuple[int | None, str, str | None]] = {
    "MISSING_AUTHENTICATION_TOKEN": (404, "not_found", "There is nothing at this address."),
    "RESOURCE_NOT_FOUND": (404, "not_found", "There is nothing at this address."),
    "UNAUTHORIZED": (401, "unauthorized", "A valid organiser bearer token is required."),
    "ACCESS_DENIED": (403, "forbidden", "This token does not give access to this address."),
    "THROTTLED": (429, "throttled", "Too many requests right now; please try again in a moment."),
    "REQUEST_TOO_LARGE": (413, "payload_too_large", "The request is too large."),
    "UNSUPPORTED_MEDIA_TYPE": (415, "unsupported_media_type", "This content type is not accepted here."),
    "DEFAULT_4XX": (None, "bad_request", None),
    "DEFAULT_5XX": (None, "internal_error", "Something went wrong on our side."),
}


def body(code: str, message: str | None) -> str:
    """The mapping template: JSON text, with $context.error.messageString (a JSON string, quotes
    included) where API Gateway's own message is kept."""
    shown = json.dumps(message) if message is not None else "$context.error.messageString"
    return '{"error": {"code": ' + json.dumps(code) + ', "message": ' + shown + "}}"


def gateway_responses() -> dict[str, Any]:
    """AWS::Serverless::Api GatewayResponses (SAM writes them into the API's definition, so a change
    is deployed with the API)."""
    responses: dict[str, Any] = {}
    for kind, (status, code, message) in RESPONSES.items():
        response: dict[str, Any] = {
            "ResponseParameters": {"Headers": {name: f"'{value}'" for name, value in HEADERS.items()}},
            "ResponseTemplates": {JSON: body(code, message)},
        }
        if status is not None:
            response["StatusCode"] = str(status)
        responses[kind] = response
    return responses
