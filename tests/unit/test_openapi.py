"""The OpenAPI description and the Chalice apps' routes never drift apart: every route of every service is
described (at its path on the one origin: reports under /reports), and every described operation exists.
The description is valid OpenAPI 3.1 and says what the contract says (error shape, security)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from openapi_spec_validator import validate

from devstack.apps import SERVICES, load_service
from eventreg import openapi

# Where each service is mounted on the one origin (locally, and by the custom domain's base paths on AWS).
MOUNTS = {"registration": "", "notifications": "", "reports": "/reports"}


def routed_operations() -> set[tuple[str, str]]:
    """(METHOD, path on the origin) of every route registered on the services' Chalice apps."""
    found = set()
    for service in SERVICES:
        app = load_service(service).app
        for path, methods in app.routes.items():
            for method in methods:
                found.add((method.upper(), MOUNTS[service] + path))
    return found


def test_every_route_is_described_and_every_description_is_a_route() -> None:
    routes, described = routed_operations(), openapi.operations()
    assert routes - described == set(), "routes missing from eventreg/openapi/paths.py"
    assert described - routes == set(), "eventreg/openapi/paths.py describes routes that no app has"
    assert len(routes) >= 40  # both HTTP services: the notifications app has no routes


def test_a_missing_or_extra_route_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison itself: a route added to an app without its description fails."""
    app = load_service("reports").app
    monkeypatch.setitem(app.routes, "/events/{event_id}/new-thing", {"GET": object()})
    assert ("GET", "/reports/events/{event_id}/new-thing") in routed_operations() - openapi.operations()


def test_it_is_valid_openapi_3_1() -> None:
    document = openapi.document()
    assert document["openapi"].startswith("3.1")
    validate(document)
    json.dumps(document)  # served as JSON: nothing that does not serialise


def operations_of(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, op) for path, item in document["paths"].items() for method, op in item.items()]


def test_every_error_answer_is_the_error_contract() -> None:
    document = openapi.document()
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    assert error["properties"]["error"]["required"] == ["code", "message"]
    assert set(error["properties"]["error"]["properties"]) == {"code", "message", "fields"}
    for method, path, op in operations_of(document):
        for status, answer in op["responses"].items():
            if int(status) >= 400:
                assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}, \
                    (method, path, status)


def test_security_follows_the_organisers_only_routes() -> None:
    """Routes marked organisers_only need a bearer token or the back-office session; public ones neither."""
    document = openapi.document()
    authorized = set()
    for service in SERVICES:
        for path, methods in load_service(service).app.routes.items():
            for method, entry in methods.items():
                assert entry.authorizer is None, (method, path)  # callers are identified in the function
                if getattr(entry.view_function, "organisers_only", False):
                    authorized.add((method, MOUNTS[service] + path))
    assert len(authorized) >= 20
    for method, path, op in operations_of(document):
        schemes = {name for requirement in op["security"] for name in requirement}
        if (method, path) in authorized:
            assert [set(r) for r in op["security"]] == [{"organiserBearer"}, {"organiserSession"}], (method, path)
        else:
            assert all("organiserBearer" not in r for r in op["security"]) or {} in op["security"], (method, path)
        if path.startswith("/reports/privacy/"):
            assert op["security"] == [{"organiserBearer": ["privacy-officers"]},
                                      {"organiserSession": ["privacy-officers"]}]
        if "/registrations/{registration_id}" in path and (method, path) not in authorized:
            assert schemes & {"manageToken", "reportToken", "certificateToken"}, (method, path)


def test_bodies_come_from_the_pydantic_models() -> None:
    from eventreg.domain.models import RegistrationRequest

    document = openapi.document()
    schemas = document["components"]["schemas"]
    post = document["paths"]["/events/{event_id}/registrations"]["post"]["requestBody"]["content"]
    assert post["application/json"]["schema"] == {"$ref": "#/components/schemas/RegistrationRequest"}
    assert set(schemas["RegistrationRequest"]["properties"]) == set(RegistrationRequest.model_fields)
    assert "application/x-www-form-urlencoded" in post
    # Organisers never set the counters or the organisers' ids.
    assert not {"registered_in_person", "organiser_ids"} & set(schemas["EventInput"]["properties"])


def test_the_generator_is_not_on_a_handlers_import_path() -> None:
    code = ("import sys; from devstack.apps import load_service\n"
            "[load_service(s) for s in ('registration', 'reports', 'notifications')]\n"
            "print('eventreg.openapi' in sys.modules)")
    env = {"EVENTREG_JWT_SECRET": "x", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "False"


def test_the_public_event_describes_no_private_field() -> None:
    schemas = openapi.document()["components"]["schemas"]
    private = {"organiser_ids", "organiser_emails", "mail_overrides", "mail_sender_name", "reply_to", "online_url"}
    assert not private & set(schemas["PublicEvent"]["properties"])
    assert schemas["PublicEvent"]["additionalProperties"] is False
    assert "key" not in schemas["PublicDocument"]["properties"]  # S3 keys stay private
    assert "partner_id" not in schemas["PublicSession"]["properties"]
