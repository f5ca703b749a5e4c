"""The stage's keys (infra/eventreg_infra/keys.py): secrets in Secrets Manager named by ARN in the functions'
environment (never a value), read at runtime by exactly the functions that need them, and rotated on a schedule
by the notifications service's rotate_key, whose rights are the rotation's four calls on those two secrets."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from eventreg_infra.permissions import FUNCTIONS, Grant
from eventreg_infra.stage import stage_config
from infra_support import Synth
from test_stack import STAGES, actions, functions, resources, role_statements

# What a key's value looks like (generated: 64 letters and digits; rotated: 64 URL-safe characters), and what
# CloudFormation would resolve into a value at deploy (a dynamic reference).
KEY_VALUE = re.compile(r"^[A-Za-z0-9_-]{40,}$")
RESOLVED = "{{resolve:secretsmanager"
SECRET_NAMES = re.compile(r"(_KEY|SECRET|PASSWORD|TOKEN)$")
READ_ACTIONS = {"secretsmanager:GetSecretValue"}
ROTATE_ACTIONS = {"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
                  "secretsmanager:UpdateSecretVersionStage"}


def secret_ids(synth: Synth, stage: str) -> dict[str, str]:
    """link / session -> the secret's logical ID."""
    found = {}
    for logical_id, secret in resources(synth, stage, "AWS::SecretsManager::Secret").items():
        description = secret["Properties"]["Description"]
        found["link" if "links" in description else "session"] = logical_id
    assert len(found) == 2
    return found


def strings(value: Any) -> list[str]:
    """Every string inside a (possibly intrinsic) template value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in (key, *strings(item))]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


def key_statements(synth: Synth, stage: str, function: dict[str, Any], prefix: str) -> list[dict[str, Any]]:
    return [s for s in role_statements(synth, stage, function) if any(a.startswith(prefix) for a in actions(s))]


@pytest.mark.parametrize("stage", STAGES)
def test_no_function_environment_holds_a_key(synth: Synth, stage: str) -> None:
    ids = secret_ids(synth, stage)
    checked = 0
    for (service, handler), function in functions(synth, stage).items():
        variables: dict[str, Any] = function["Environment"]["Variables"]
        for name, value in variables.items():
            assert not SECRET_NAMES.search(name), f"{service}.{handler}: {name}"
            for text in strings(value):
                assert RESOLVED not in text, f"{service}.{handler}: {name} resolves a secret at deploy"
                assert not (KEY_VALUE.match(text) and len(text) >= 60), f"{service}.{handler}: {name} = a key?"
            checked += 1
        grants = FUNCTIONS[(service, handler)].grants
        assert ("EVENTREG_LINK_KEY_ARN" in variables) == (Grant.LINK_KEY in grants)
        assert ("EVENTREG_SESSION_KEY_ARN" in variables) == (Grant.SESSION_KEY in grants)
        if Grant.LINK_KEY in grants:
            assert variables["EVENTREG_LINK_KEY_ARN"] == {"Ref": ids["link"]}  # Ref of a secret: its ARN
        if Grant.SESSION_KEY in grants:
            assert variables["EVENTREG_SESSION_KEY_ARN"] == {"Ref": ids["session"]}
    assert checked > 50


@pytest.mark.parametrize("stage", STAGES)
def test_the_functions_that_need_a_key_may_read_exactly_that_secret_and_decrypt_it(synth: Synth, stage: str) -> None:
    ids = secret_ids(synth, stage)
    (key_id,) = resources(synth, stage, "AWS::KMS::Key")
    readers = 0
    for (service, handler), function in functions(synth, stage).items():
        grants = FUNCTIONS[(service, handler)].grants
        if Grant.ROTATE_KEYS in grants:
            continue  # below
        wanted = [{"Ref": ids[name]} for name, grant in (("link", Grant.LINK_KEY), ("session", Grant.SESSION_KEY))
                  if grant in grants]
        found = key_statements(synth, stage, function, "secretsmanager:")
        if not wanted:
            assert found == [], f"{service}.{handler} may read a secret it does not need"
            continue
        readers += 1
        (statement,) = found
        assert set(actions(statement)) == READ_ACTIONS
        listed = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        assert listed == wanted, f"{service}.{handler}"
        assert _decrypts_via_secrets_manager(synth, stage, function, key_id)
    # registration API, notifications' three senders, reports API, stream handler (badges) and certificates sender
    assert readers == 7


@pytest.mark.parametrize("stage", STAGES)
def test_each_key_rotates_on_schedule_through_rotate_key_alone(synth: Synth, stage: str) -> None:
    ids = secret_ids(synth, stage)
    rotator_id = next(logical_id for logical_id, r in resources(synth, stage, "AWS::Serverless::Function").items()
                      if r["Properties"]["Handler"] == "app.rotate_key")
    schedules = {s["Properties"]["SecretId"]["Ref"]: s["Properties"]
                 for s in resources(synth, stage, "AWS::SecretsManager::RotationSchedule").values()}
    assert set(schedules) == set(ids.values())
    for schedule in schedules.values():
        assert schedule["RotationLambdaARN"] == {"Fn::GetAtt": [rotator_id, "Arn"]}
        assert schedule["RotationRules"] == {"ScheduleExpression": "rate(90 days)"}
        assert schedule["RotateImmediatelyOnUpdate"] is False
    (permission,) = [p["Properties"] for p in resources(synth, stage, "AWS::Lambda::Permission").values()
                     if p["Properties"]["Principal"] == "secretsmanager.amazonaws.com"]
    assert permission["FunctionName"] == {"Fn::GetAtt": [rotator_id, "Arn"]}
    assert permission["SourceAccount"] == {"Ref": "AWS::AccountId"}

    rotator = functions(synth, stage)[("notifications", "rotate_key")]
    (statement,) = key_statements(synth, stage, rotator, "secretsmanager:")
    assert set(actions(statement)) == ROTATE_ACTIONS
    assert sorted(statement["Resource"], key=json.dumps) == sorted(
        [{"Ref": ids["link"]}, {"Ref": ids["session"]}], key=json.dumps)
    (key_id,) = resources(synth, stage, "AWS::KMS::Key")
    assert _decrypts_via_secrets_manager(synth, stage, rotator, key_id, {"kms:Decrypt", "kms:GenerateDataKey"})
    # Nothing else: no table, no mail, no files.
    others = {a for s in role_statements(synth, stage, rotator) for a in actions(s)} - ROTATE_ACTIONS
    assert {a.split(":")[0] for a in others} <= {"kms", "logs", "xray"}
    assert "EVENTREG_LINK_KEY_ARN" not in rotator["Environment"]["Variables"]  # it is told which secret per call


def test_the_rotation_period_is_set_per_stage_by_context() -> None:
    context = {"prod.key_rotation_days": "30", "key_rotation_days": "60"}
    assert stage_config("prod", context.get, "eu-west-1").key_rotation_days == 30
    assert stage_config("dev", context.get, "eu-west-1").key_rotation_days == 60
    assert stage_config("dev", {}.get, "eu-west-1").key_rotation_days == 90


def _decrypts_via_secrets_manager(synth: Synth, stage: str, function: dict[str, Any], key_id: str,
                                  wanted: set[str] | None = None) -> bool:
    for statement in key_statements(synth, stage, function, "kms:"):
        via = json.dumps(statement.get("Condition", {}))
        if statement["Resource"] == {"Fn::GetAtt": [key_id, "Arn"]} and "secretsmanager." in via:
            return set(actions(statement)) == (wanted or {"kms:Decrypt"})
    return False


@pytest.mark.parametrize("stage", STAGES)
def test_the_stack_names_the_secrets_for_rotating_by_hand(synth: Synth, stage: str) -> None:
    ids = secret_ids(synth, stage)
    outputs = synth.raw(stage)["Outputs"]
    assert outputs["LinkKeySecretArn"]["Value"] == {"Ref": ids["link"]}
    assert outputs["SessionKeySecretArn"]["Value"] == {"Ref": ids["session"]}
