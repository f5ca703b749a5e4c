"""The back-office's sign-in on AWS (issue #12): the user pool, its groups, managed login, the
authorization-code client with its callback URLs, and the one parameter that tells the functions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from infra_support import Synth
from test_stack import STAGES, functions, resources, role_statements

Match = pytest.importorskip("aws_cdk.assertions").Match


def one(synth: Synth, stage: str, kind: str) -> tuple[str, dict[str, Any]]:
    (found,) = resources(synth, stage, kind).items()
    return found[0], found[1]["Properties"]


@pytest.mark.parametrize("stage", STAGES)
def test_organisers_are_invited_to_a_pool_with_optional_mfa(synth: Synth, stage: str) -> None:
    _, pool = one(synth, stage, "AWS::Cognito::UserPool")
    assert pool["UserPoolName"] == f"eventreg-{stage}-organisers"
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True  # no self sign-up
    assert pool["MfaConfiguration"] == "OPTIONAL"
    assert pool["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    assert pool["UsernameAttributes"] == ["email"] and pool["AutoVerifiedAttributes"] == ["email"]
    assert pool["UserPoolTier"] == "ESSENTIALS"
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 12
    assert pool["DeletionProtection"] == ("ACTIVE" if stage == "prod" else "INACTIVE")
    (resource,) = resources(synth, stage, "AWS::Cognito::UserPool").values()
    assert resource["DeletionPolicy"] == ("Retain" if stage == "prod" else "Delete")


@pytest.mark.parametrize("stage", STAGES)
def test_the_roles_are_groups_of_the_pool(synth: Synth, stage: str) -> None:
    pool_id, _ = one(synth, stage, "AWS::Cognito::UserPool")
    groups = {g["Properties"]["GroupName"]: g["Properties"]
              for g in resources(synth, stage, "AWS::Cognito::UserPoolGroup").values()}
    assert groups.keys() == {"organisers", "privacy-officers", "check-in"}
    assert all(g["UserPoolId"] == {"Ref": pool_id} for g in groups.values())


@pytest.mark.parametrize("stage", STAGES)
def test_managed_login_serves_the_back_office_client(synth: Synth, stage: str) -> None:
    _, domain = one(synth, stage, "AWS::Cognito::UserPoolDomain")
    assert domain["UserPoolId"] == {"Ref": one(synth, stage, "AWS::Cognito::UserPool")[0]}
    assert domain["ManagedLoginVersion"] == 2
    assert domain["Domain"] == {"Fn::Join": ["-", [f"eventreg-{stage}", {"Ref": "AWS::AccountId"}]]}
    client_id, _ = one(synth, stage, "AWS::Cognito::UserPoolClient")
    _, branding = one(synth, stage, "AWS::Cognito::ManagedLoginBranding")
    assert branding["ClientId"] == {"Ref": client_id}
    assert branding["UseCognitoProvidedValues"] is True


@pytest.mark.parametrize("stage", STAGES)
def test_the_back_office_client_uses_the_code_flow_without_a_secret(synth: Synth, stage: str) -> None:
    _, client = one(synth, stage, "AWS::Cognito::UserPoolClient")
    assert client["AllowedOAuthFlows"] == ["code"]
    assert client["AllowedOAuthFlowsUserPoolClient"] is True
    assert set(client["AllowedOAuthScopes"]) == {"openid", "email", "profile"}
    assert client["GenerateSecret"] is False  # PKCE binds each code to its session instead
    assert client["SupportedIdentityProviders"] == ["COGNITO"]
    # SRP for the managed login; the admin flow (IAM-signed only) gives `make smoke` its token. Never the
    # plain password flow, which anyone holding a password could call.
    assert set(client["ExplicitAuthFlows"]) == {"ALLOW_USER_SRP_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH",
                                                "ALLOW_REFRESH_TOKEN_AUTH"}
    assert client["PreventUserExistenceErrors"] == "ENABLED"
    assert client["EnableTokenRevocation"] is True
    assert (client["IdTokenValidity"], client["RefreshTokenValidity"]) == (60, 720)
    assert client["TokenValidityUnits"] == {"IdToken": "minutes", "AccessToken": "minutes",
                                            "RefreshToken": "minutes"}


def test_a_custom_domain_becomes_the_callback_origin() -> None:
    from aws_cdk import App, Stack
    from aws_cdk.assertions import Template
    from eventreg_infra.identity import identity
    from eventreg_infra.stage import stage_config

    app = App(context={"login_domain_prefix": "cohesion-events"})
    stack = Stack(app, "Identity")
    config = stage_config("prod", stack.node.try_get_context, "eu-west-1")
    identity(stack, config, "https://events.example.eu")
    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::Cognito::UserPoolClient", {
        "CallbackURLs": ["https://events.example.eu/organiser/sign-in/callback"],
        "LogoutURLs": ["https://events.example.eu/organiser/signed-out"]})
    template.has_resource_properties("AWS::Cognito::UserPoolDomain", {"Domain": "cohesion-events"})


@pytest.mark.parametrize("stage", STAGES)
def test_the_functions_that_check_tokens_read_the_identity_parameter_and_no_others(synth: Synth, stage: str) -> None:
    ((parameter_id, parameter),) = [(k, v["Properties"])
                                    for k, v in resources(synth, stage, "AWS::SSM::Parameter").items()
                                    if v["Properties"]["Name"] == f"/eventreg/{stage}/identity"]
    client_id, _ = one(synth, stage, "AWS::Cognito::UserPoolClient")
    assert {"Ref": client_id} in json.loads(json.dumps(parameter["Value"]))["Fn::Join"][1]
    readers = set()
    for (service, handler), function in functions(synth, stage).items():
        variables = function.get("Environment", {}).get("Variables", {})
        reads = [s for s in role_statements(synth, stage, function) if "ssm:GetParameter" in s["Action"]
                 and "/identity" in json.dumps(s["Resource"])]
        if "EVENTREG_IDENTITY_PARAMETER" in variables:
            assert variables["EVENTREG_IDENTITY_PARAMETER"] == f"/eventreg/{stage}/identity"
            (statement,) = reads
            assert f":parameter/eventreg/{stage}/identity" in statement["Resource"]["Fn::Sub"]
            readers.add((service, handler))
        else:
            assert reads == [], (service, handler)
    # The two APIs identify organisers themselves (bearer token or back-office session): no authorizers.
    assert readers == {("registration", "app"), ("reports", "app")}
    # By name only: no function depends on the parameter (or, through it, on the client).
    assert all(parameter_id not in json.dumps(f) and client_id not in json.dumps(f)
               for f in functions(synth, stage).values())
