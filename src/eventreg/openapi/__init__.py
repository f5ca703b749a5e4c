"""The HTTP API's contract: an OpenAPI 3.1 description of every route of the registration and reports
services, on the one origin they share (registration at `/`, reports under `/reports`, as locally and
behind the custom domain's base-path mappings on AWS).

Request and response bodies come from the pydantic models where they exist (`model_json_schema`); what
has no model (list views, export and erasure views, forms) is described once here. Served at
`GET /openapi.json` (and `GET /reports/openapi.json`); `tests/unit/test_openapi.py` fails when a route of a
Chalice app and this description drift apart.

Not on a handler's import path: the services import it inside the route that serves it.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

from eventreg.openapi.office_checkin import office_checkin_paths
from eventreg.openapi.office_registrations import office_registration_paths
from eventreg.openapi.paths import _registration_paths, _reports_paths
from eventreg.openapi.programme_paths import programme_paths
from eventreg.openapi.schemas import OPENAPI, REPORTS, VERSION, _schemas

SECURITY_SCHEMES = {
    "organiserBearer": {
        "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
        "description": "An organiser's token (on AWS the Cognito user pool's ID token; locally `organiser_token` "
                       "in .local/stack.json). Privacy officers' tokens carry `privacy-officers` in "
                       "`cognito:groups` (locally `privacy_officer_token`).",
    },
    "organiserSession": {
        "type": "apiKey", "in": "cookie", "name": "__Host-eventreg-session",
        "description": "The back-office's session (after signing in at /organiser/sign-in; `eventreg-session` "
                       "over plain http locally). Requests that change something also need the session's "
                       "CSRF token in the X-CSRF-Token header.",
    },
    "manageToken": {"type": "apiKey", "in": "query", "name": "token",
                    "description": "The signed token of a registration's manage link (from its confirmation mail)."},
    "manageTokenHeader": {"type": "apiKey", "in": "header", "name": "X-Manage-Token",
                          "description": "The same token, as a header."},
    "certificateToken": {"type": "apiKey", "in": "query", "name": "token",
                         "description": "The signed token of a certificate of attendance's link (on the manage page)."},
    "reportToken": {"type": "apiKey", "in": "query", "name": "token",
                    "description": "The signed token of a delegation lead's trip-report link (on their manage page)."},
}


@lru_cache(maxsize=1)
def _document() -> dict[str, Any]:
    paths = dict(_registration_paths())
    paths.update(office_registration_paths())
    paths.update(office_checkin_paths())  # the check-in desk
    paths.update(programme_paths())  # the back-office's programme pages
    for path, item in _reports_paths().items():
        paths[REPORTS + path] = {method: {**operation, "tags": [*operation["tags"], "reports service"]}
                                 for method, operation in item.items()}
    for path, item in paths.items():
        for method, operation in item.items():
            operation.setdefault("operationId", _operation_id(method, path))
    return {
        "openapi": OPENAPI,
        "info": {
            "title": "eventreg",
            "version": VERSION,
            "description": "Event registration for public-sector events: the registration service at `/`, the "
                           "reports service under `/reports`. Errors are JSON: "
                           '`{"error": {"code": ..., "message": ..., "fields": {...}}}` (HTML clients of the '
                           "pages get the page again, with the messages next to the fields).",
        },
        "servers": [{"url": "/", "description": "The origin that serves this description."}],
        "paths": paths,
        "components": {"schemas": _schemas(), "securitySchemes": SECURITY_SCHEMES},
    }


def _operation_id(method: str, path: str) -> str:
    words = [part.strip("{}").replace(".", "_").replace("-", "_") for part in path.split("/") if part]
    return "_".join([method, *words])


def document() -> dict[str, Any]:
    """The whole origin's description (a fresh copy: callers may change it)."""
    return copy.deepcopy(_document())


def operations() -> set[tuple[str, str]]:
    """(METHOD, path) of every described operation, e.g. ("GET", "/reports/events/{event_id}/agenda.pdf")."""
    return {(method.upper(), path) for path, item in _document()["paths"].items() for method in item}
