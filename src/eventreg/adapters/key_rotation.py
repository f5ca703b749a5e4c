"""Rotating a random key held in a Secrets Manager secret: the four steps Secrets Manager asks of a rotation
function (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html).

1. createSecret: a new random key is stored as the version named by the rotation's token, staged AWSPENDING
   (if that version exists already, a retried step, nothing is done).
2. setSecret: nothing to do. The key is ours alone: no database or other service has to be told about it.
3. testSecret: nothing external to test; the pending key is read back and must have the strength we generate,
   so that a broken version never becomes current.
4. finishSecret: AWSCURRENT moves to the new version; Secrets Manager moves AWSPREVIOUS to the old one, which
   eventreg still accepts when checking links and sessions (eventreg.keyring) until the next rotation.

The key comes from Python's `secrets` (the OS's CSPRNG), not from secretsmanager:GetRandomPassword, whose
IAM action cannot be scoped to a resource. Every step is idempotent: Secrets Manager retries a failed step.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

CURRENT, PENDING = "AWSCURRENT", "AWSPENDING"
KEY_BYTES = 48  # 384 random bits, 64 URL-safe characters
MIN_KEY_LENGTH = 43  # 256 bits in URL-safe base64: what a key must have at least to become current
STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")


class RotationRefused(ValueError):
    """A step Secrets Manager should not have asked for (the version is not pending, an unknown step, a key too
    weak): raised, so that the rotation stops and the function's Errors alarm fires."""


@dataclass(frozen=True)
class Request:
    secret_id: str
    token: str  # the ClientRequestToken: the new version's id
    step: str

    @classmethod
    def from_event(cls, event: dict[str, Any]) -> Request:
        try:
            return cls(str(event["SecretId"]), str(event["ClientRequestToken"]), str(event["Step"]))
        except KeyError as missing:
            raise RotationRefused(f"not a rotation request: {missing} is missing") from None


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def rotate(client: Any, request: Request) -> None:
    """One step of a rotation of the secret `request.secret_id` (boto3's secretsmanager client)."""
    if request.step not in STEPS:
        raise RotationRefused(f"unknown rotation step {request.step!r}")
    stages = client.describe_secret(SecretId=request.secret_id).get("VersionIdsToStages", {})
    mine = stages.get(request.token)
    if mine is not None and CURRENT in mine:
        return  # finished already (a retried finishSecret)
    if mine is not None and PENDING not in mine:
        raise RotationRefused(f"version {request.token} is not pending rotation")
    if mine is None and request.step != "createSecret":
        raise RotationRefused(f"version {request.token} does not exist")
    if request.step == "createSecret":
        _create(client, request)
    elif request.step == "testSecret":
        _test(client, request)
    elif request.step == "finishSecret":
        _finish(client, request, stages)
    # setSecret: nothing outside Secrets Manager holds the key.


def _create(client: Any, request: Request) -> None:
    client.get_secret_value(SecretId=request.secret_id, VersionStage=CURRENT)  # the secret is readable
    try:
        client.get_secret_value(SecretId=request.secret_id, VersionId=request.token, VersionStage=PENDING)
        return  # created by an earlier try of this step
    except client.exceptions.ResourceNotFoundException:
        pass
    client.put_secret_value(SecretId=request.secret_id, ClientRequestToken=request.token, SecretString=new_key(),
                            VersionStages=[PENDING])


def _test(client: Any, request: Request) -> None:
    value = client.get_secret_value(SecretId=request.secret_id, VersionId=request.token,
                                    VersionStage=PENDING).get("SecretString") or ""
    if len(value.strip()) < MIN_KEY_LENGTH:
        raise RotationRefused("the pending key is missing or too short")


def _finish(client: Any, request: Request, stages: dict[str, list[str]]) -> None:
    current = [version for version, labels in stages.items() if CURRENT in labels]
    client.update_secret_version_stage(SecretId=request.secret_id, VersionStage=CURRENT,
                                       MoveToVersionId=request.token,
                                       **({"RemoveFromVersionId": current[0]} if current else {}))
