"""Shared by the attendee-list integration tests: the S3 bucket, five registrations, HTTP helpers."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest
from chalice.test import Client
from integration_support import DEMO_EVENT, Stack
from test_reports_api import bearer, rows

from eventreg.adapters import clients
from eventreg.config import settings

EVENT = f"/events/{DEMO_EVENT}"
PARTNER_SESSION = "connected-in-europe"


@pytest.fixture(name="bucket")
def bucket_fixture(stack: Stack) -> str:
    name = settings().bucket
    clients.s3().create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    return name


def register(stack: Stack, name: str, email: str, organisation: str = "City of Oulu", **extra: Any) -> str:
    from eventreg.domain.models import RegistrationRequest, utc_now
    from eventreg.register.registering import Registrar

    fields = {"name": name, "email": email, "organisation": organisation, "organisation_type": "city",
              "country": "FI", "privacy_consent": True, "answers": {"interest": "Networking"}, **extra}
    return Registrar(stack.repo).register(DEMO_EVENT, RegistrationRequest.model_validate(fields),
                                          utc_now()).registration_id


@pytest.fixture(name="people")
def people_fixture(stack: Stack) -> dict[str, str]:
    """Five registrations: two in the partner's workshop, one online, one Belgian NGO, one cancelled."""
    from eventreg.domain.models import utc_now
    from eventreg.register.managing import Manager

    made = {
        "ela": register(stack, "Elżbieta Bieńkowska", "e.b@example.eu", "European Commission",
                        sessions=[PARTNER_SESSION, "opening"], dietary_needs="Vegetarian"),
        "jan": register(stack, "Jan Peeters", "jan@gent.example.be", "Stad Gent", country="BE",
                        sessions=[PARTNER_SESSION]),
        "mikko": register(stack, "Mikko Virtanen", "mikko@example.fi", attendance_mode="online"),
        "ngo": register(stack, "Anna Smet", "anna@ngo.example.be", "Green NGO", country="BE",
                        organisation_type="ngo", sessions=["opening"]),
        "gone": register(stack, "Piet Gone", "piet@example.nl", "Utrecht", country="NL"),
    }
    Manager(stack.repo).cancel(DEMO_EVENT, made["gone"], utc_now())
    return made


def get(service: ModuleType, path: str, organiser: str | None = None, **headers: str) -> Any:
    with Client(service.app) as client:
        return client.http.get(path, headers={**(bearer(organiser) if organiser else bearer()), **headers})


def table(body: bytes) -> list[dict[str, str]]:
    header, *lines = rows(body)
    return [dict(zip(header, line, strict=True)) for line in lines]


def names(body: bytes) -> list[str]:
    return sorted(row["Name"] for row in table(body))
