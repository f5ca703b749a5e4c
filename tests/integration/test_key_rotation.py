"""Rotating the link and session keys in Secrets Manager (moto): the rotation handler's four steps move the
version stages; a manage link mailed and a back-office session sealed before a rotation still open after it;
a second rotation pushes the old key out (the emergency procedure after a leak: rotate twice)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from back_office_support import HTML, cookie_header
from chalice.test import Client
from integration_support import LambdaContext, Stack
from test_manage import page_path, register

from devstack.seed import DEMO_ORGANISER
from eventreg import keys
from eventreg.adapters import clients
from eventreg.adapters.key_rotation import STEPS, RotationRefused
from eventreg.auth import session_store
from eventreg.config import settings
from eventreg.entrypoints.http import sessions

FIRST_KEY = "the-stage-key-as-cloudformation-generated-it-0123456789abcdefghi"


@pytest.fixture
def secrets(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """The stage's two secrets, named in the environment as infra/ names them (no key values in it)."""
    made = {name: clients.secretsmanager().create_secret(Name=f"eventreg-dev-{name}",
                                                         SecretString=f"{FIRST_KEY}{name}")["ARN"]
            for name in ("link", "session")}
    monkeypatch.delenv("EVENTREG_LINK_KEY")
    monkeypatch.setenv("EVENTREG_LINK_KEY_ARN", made["link"])
    monkeypatch.setenv("EVENTREG_SESSION_KEY_ARN", made["session"])
    settings.cache_clear()
    keys.reset()
    yield made
    keys.reset()
    settings.cache_clear()


def rotate(service: ModuleType, arn: str, token: str | None = None) -> str:
    """What Secrets Manager does on a schedule or `rotate-secret`: the four steps, one invocation each."""
    token = token or str(uuid.uuid4())
    for step in STEPS:
        service.rotate_key({"SecretId": arn, "ClientRequestToken": token, "Step": step}, LambdaContext())
    keys.reset()  # a process started after the rotation (a warm one sees it within the cache's five minutes)
    return token


def stages(arn: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = clients.secretsmanager().describe_secret(SecretId=arn)["VersionIdsToStages"]
    return found


def value(arn: str, stage: str) -> str:
    return str(clients.secretsmanager().get_secret_value(SecretId=arn, VersionStage=stage)["SecretString"])


def test_the_four_steps_move_the_stages(secrets: dict[str, str], notifications_service: ModuleType) -> None:
    arn = secrets["link"]
    (first,) = stages(arn)
    token = rotate(notifications_service, arn)
    assert "AWSPREVIOUS" in stages(arn)[first] and "AWSCURRENT" in stages(arn)[token]
    new = value(arn, "AWSCURRENT")
    assert new != FIRST_KEY + "link" and len(new) == 64 and value(arn, "AWSPREVIOUS") == FIRST_KEY + "link"
    # Secrets Manager retries failed steps: a step run again changes nothing.
    for step in STEPS:
        notifications_service.rotate_key({"SecretId": arn, "ClientRequestToken": token, "Step": step},
                                         LambdaContext())
    assert value(arn, "AWSCURRENT") == new and "AWSPREVIOUS" in stages(arn)[first]


def test_steps_out_of_order_or_for_an_unknown_version_are_refused(secrets: dict[str, str],
                                                                   notifications_service: ModuleType) -> None:
    arn = secrets["session"]
    for step in ("setSecret", "testSecret", "finishSecret"):
        with pytest.raises(RotationRefused, match="does not exist"):
            notifications_service.rotate_key({"SecretId": arn, "ClientRequestToken": str(uuid.uuid4()),
                                              "Step": step}, LambdaContext())
    assert value(arn, "AWSCURRENT") == FIRST_KEY + "session"
    (first,) = stages(arn)
    rotate(notifications_service, arn)
    current = value(arn, "AWSCURRENT")
    with pytest.raises(RotationRefused, match="not pending"):  # the previous version cannot come back
        notifications_service.rotate_key({"SecretId": arn, "ClientRequestToken": first, "Step": "finishSecret"},
                                         LambdaContext())
    assert value(arn, "AWSCURRENT") == current


def test_a_manage_link_mailed_before_a_rotation_opens_until_the_next(
        secrets: dict[str, str], registration_service: ModuleType, notifications_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        before = register(client, "ana@example.eu")
        rotate(notifications_service, secrets["link"])
        assert client.http.get(page_path(before), headers=HTML).status_code == 200
        after = register(client, "ben@example.eu")
        assert client.http.get(page_path(after), headers=HTML).status_code == 200
        rotate(notifications_service, secrets["link"])  # the grace period of the first key ends
        refused = client.http.get(page_path(before), headers=HTML)
        still = client.http.get(page_path(after), headers=HTML)
    assert refused.status_code == 403 and still.status_code == 200


def test_a_back_office_session_signed_before_a_rotation_stays_signed_in(
        secrets: dict[str, str], registration_service: ModuleType, notifications_service: ModuleType) -> None:
    store = session_store()
    who = store.start(DEMO_ORGANISER, "anna@example.eu", "Anna Lindqvist", ["organisers"])
    jar = {sessions.SESSION: store.cookie(who)}
    csrf = store.csrf_token(who)
    rotate(notifications_service, secrets["session"])
    body = json.dumps({"capacity_in_person": 6001})
    with Client(registration_service.app) as client:
        home = client.http.get("/organiser/", headers={**HTML, **cookie_header(jar)})
        # A form rendered before the rotation still posts: its CSRF token was made with the previous key.
        changed = client.http.patch("/organiser/events/ewrc-demo", body=body, headers={
            **cookie_header(jar), "Content-Type": "application/json", "X-CSRF-Token": csrf})
    assert home.status_code == 200 and "Signed in as Anna Lindqvist" in home.body.decode()
    assert changed.status_code == 200
    assert session_store().open(jar[sessions.SESSION]) == who
    rotate(notifications_service, secrets["session"])
    assert session_store().open(jar[sessions.SESSION]) is None  # two rotations later: signed out


def test_the_link_key_and_the_session_key_rotate_apart(secrets: dict[str, str],
                                                       notifications_service: ModuleType) -> None:
    rotate(notifications_service, secrets["session"])
    assert keys.link_keys().current() == FIRST_KEY + "link" and keys.link_keys().previous() is None
    ring: Any = keys.session_keys()
    assert ring.previous() == FIRST_KEY + "session" and ring.current() == value(secrets["session"], "AWSCURRENT")
