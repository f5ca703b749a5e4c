"""Amazon DynamoDB Local for the concurrency tests: one Java process per test session, always stopped.

moto is not a concurrent engine (it overbooks under load, see DESIGN.md), so races are tested here,
against the real transactional engine. Tests are skipped with the reason when Java or the jar is missing.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest

from devstack.engines import DynamoDBLocal, EngineError
from eventreg.adapters import clients
from eventreg.adapters.dynamodb.repository import Repository
from eventreg.entrypoints.bootstrap import repository
from eventreg.schema import create_table_kwargs

REGION = "eu-west-1"


@pytest.fixture(scope="session")
def dynamodb_local() -> Iterator[DynamoDBLocal]:
    """DynamoDB Local (in memory) on a free loopback port; skips the tests if Java or the jar is missing."""
    try:
        engine = DynamoDBLocal()
        engine.start(timeout=60)  # start() stops the child itself if it fails to come up
    except EngineError as error:
        pytest.skip(f"DynamoDB Local is not available: {error}")
    try:
        yield engine
    finally:
        engine.stop()


@pytest.fixture(scope="module")
def table_name(dynamodb_local: DynamoDBLocal) -> Iterator[str]:
    """A fresh table on DynamoDB Local; eventreg's settings and clients point at it for one test module
    only (environment restored and clients forgotten when the module ends, so that tests collected
    after this directory never talk to DynamoDB Local by accident)."""
    name = f"eventreg-race-{uuid.uuid4().hex[:8]}"
    env = {
        "EVENTREG_DYNAMODB_ENDPOINT": dynamodb_local.endpoint,
        "EVENTREG_TABLE": name,
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": REGION,
    }
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        patch.delenv("AWS_REGION", raising=False)
        patch.delenv("AWS_SESSION_TOKEN", raising=False)
        patch.delenv("AWS_PROFILE", raising=False)
        clients.reset()
        client = clients.dynamodb()
        client.create_table(**create_table_kwargs(name))
        for _ in range(100):
            if client.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE":
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"table {name} did not become ACTIVE")
        yield name
    clients.reset()  # the environment is restored: forget the clients and settings bound to it


@pytest.fixture()
def repo(table_name: str) -> Repository:
    """The process-wide repository, as the services build it, on the session's table."""
    found = repository()
    assert found.table == table_name
    return found


@pytest.fixture()
def event_id() -> str:
    """A fresh event (partition) per test, so that tests never see each other's items."""
    return f"race-{uuid.uuid4().hex[:12]}"

