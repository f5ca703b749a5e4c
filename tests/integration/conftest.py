"""Integration fixtures: moto's mock_aws in-process, the table from eventreg.schema, the demo event seeded,
SES's sender verified, and each service's app.py loaded under its own module name."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest
from integration_support import JWT_SECRET, LINK_KEY, MAIL_FROM, REGION, Stack, load_service
from moto import mock_aws

from devstack.seed import demo_event
from eventreg.adapters import clients
from eventreg.config import settings
from eventreg.entrypoints.bootstrap import repository
from eventreg.schema import create_table_kwargs

_CLEARED = (
    "AWS_PROFILE",
    "AWS_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_DYNAMODB",
    "AWS_ENDPOINT_URL_SESV2",
    "EVENTREG_TABLE",
    "EVENTREG_DYNAMODB_ENDPOINT",
    "EVENTREG_AWS_ENDPOINT",
    "EVENTREG_PUBLIC_URL",
    "EVENTREG_STREAM_ARN",
)


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in _CLEARED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_ACCOUNT_ID_ENDPOINT_MODE", "disabled")
    monkeypatch.setenv("EVENTREG_JWT_SECRET", JWT_SECRET)
    monkeypatch.setenv("EVENTREG_MAIL_FROM", MAIL_FROM)
    monkeypatch.setenv("EVENTREG_LINK_KEY", LINK_KEY)
    clients.reset()
    with mock_aws():
        yield
    clients.reset()


@pytest.fixture
def stack(aws_env: None) -> Stack:
    table = settings().table_name
    clients.dynamodb().create_table(**create_table_kwargs(table))
    clients.sesv2().create_email_identity(EmailIdentity=MAIL_FROM)
    repo = repository()
    assert repo.client is clients.dynamodb()
    repo.put_event(*demo_event())
    return Stack(repo=repo, table=table)


@pytest.fixture
def registration_service(stack: Stack) -> ModuleType:
    return load_service("registration")


@pytest.fixture
def notifications_service(stack: Stack) -> ModuleType:
    return load_service("notifications")


@pytest.fixture
def reports_service(stack: Stack) -> ModuleType:
    return load_service("reports")
