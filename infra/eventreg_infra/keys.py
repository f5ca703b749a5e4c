"""The stage's keys in Secrets Manager, and their rotation.

Two secrets, each a random key: the HMAC key of attendees' signed links (LinkKey) and the key of the
back-office's cookie session (SessionKey). The functions get their ARNs (never their values) in the environment
and read them at runtime (eventreg.keys). A rotation schedule per secret invokes the notifications service's
`rotate_key` function every `key_rotation_days` (context, per stage; default 90): the new key signs and seals,
the previous one is still accepted until the next rotation (infra/docs/secrets.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from aws_cdk import Aws, CfnOutput, Duration
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from eventreg_infra.stage import StageConfig

KEY_LENGTH = 64  # characters, letters and digits, as the rotation's keys (eventreg.adapters.key_rotation)


@dataclass(frozen=True)
class StageKeys:
    link: secretsmanager.Secret
    session: secretsmanager.Secret

    def __iter__(self) -> Iterator[secretsmanager.Secret]:
        return iter((self.link, self.session))


def stage_keys(scope: Construct, config: StageConfig, key: kms.IKey) -> StageKeys:
    keys = StageKeys(
        link=_secret(scope, "LinkKey", config, key, "HMAC key of attendees' manage and trip-report links"),
        session=_secret(scope, "SessionKey", config, key, "key of the back-office's cookie session and CSRF tokens"),
    )
    # The ARNs (not the values) for rotating by hand: infra/docs/secrets.md.
    CfnOutput(scope, "LinkKeySecretArn", value=keys.link.secret_arn)
    CfnOutput(scope, "SessionKeySecretArn", value=keys.session.secret_arn)
    return keys


def _secret(scope: Construct, construct_id: str, config: StageConfig, key: kms.IKey,
            what: str) -> secretsmanager.Secret:
    return secretsmanager.Secret(
        scope, construct_id, encryption_key=key, removal_policy=config.removal_policy,
        description=f"eventreg {config.name}: {what}",
        generate_secret_string=secretsmanager.SecretStringGenerator(password_length=KEY_LENGTH,
                                                                    exclude_punctuation=True))


def rotate(scope: Construct, keys: StageKeys, rotator: lambda_.IFunction, config: StageConfig) -> None:
    """A rotation schedule on each key, run by `rotator` (the notifications service's rotate_key)."""
    # CDK grants a rotation function nothing when, as Chalice's, it is imported: the function's own role holds
    # the rotation's rights (permissions.ROTATE_KEYS: the four calls of the steps on these two secrets; CDK would
    # also have granted secretsmanager:GetRandomPassword on "*" and kms:Encrypt/ReEncrypt), and Secrets Manager's
    # right to invoke it is given here, from this account only.
    invoke = lambda_.CfnPermission(scope, "KeyRotationInvoke", action="lambda:InvokeFunction",
                                   function_name=rotator.function_arn, principal="secretsmanager.amazonaws.com",
                                   source_account=Aws.ACCOUNT_ID)
    for secret in keys:
        schedule = secret.add_rotation_schedule(
            "Rotation", rotation_lambda=rotator, automatically_after=Duration.days(config.key_rotation_days),
            # A deployment that changes the schedule does not rotate; the first rotation comes on schedule.
            rotate_immediately_on_update=False)
        schedule.node.add_dependency(invoke)
