"""boto3 clients, one per process and service, configured from settings (endpoint overrides locally).

Clients are created lazily so that a handler that never touches S3 never pays for it, and reused
across Lambda invocations. Creation is locked: boto3 sessions are not thread-safe, clients are.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config

from eventreg.config import settings

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodbstreams import DynamoDBStreamsClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_sesv2 import SESV2Client
    from mypy_boto3_sqs import SQSClient

_lock = threading.Lock()

# Standard retry mode backs off on throttling; when it gives up the adapters answer 503.
RETRIES = Config(retries={"mode": "standard", "max_attempts": 5}, max_pool_connections=32)
# SES SendEmail is not idempotent: no blind retries (eventreg.adapters.ses retries the throttled sends itself).
# S3 signs with SigV4: a presigned POST (the documents' upload form) would otherwise be signed with SigV2,
# which AWS is retiring and newer regions refuse.
S3_CONFIG = RETRIES.merge(Config(signature_version="s3v4"))
ONE_ATTEMPT = Config(retries={"mode": "standard", "total_max_attempts": 1}, max_pool_connections=32)


@lru_cache(maxsize=1)
def _session() -> boto3.session.Session:
    return boto3.session.Session()


def _client(service: str, endpoint: str | None, config: Config = RETRIES) -> Any:
    with _lock:
        return _session().client(  # type: ignore[call-overload]
            service, region_name=settings().region, endpoint_url=endpoint, config=config
        )


@lru_cache(maxsize=1)
def dynamodb() -> DynamoDBClient:
    return _client("dynamodb", settings().dynamodb_endpoint)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def dynamodb_streams() -> DynamoDBStreamsClient:
    return _client("dynamodbstreams", settings().dynamodb_endpoint)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def sesv2() -> SESV2Client:
    return _client("sesv2", settings().aws_endpoint, ONE_ATTEMPT)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def sqs() -> SQSClient:
    return _client("sqs", settings().aws_endpoint)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def s3() -> S3Client:
    return _client("s3", settings().aws_endpoint, S3_CONFIG)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def secretsmanager() -> Any:  # no boto3-stubs extra for it in the lock: untyped
    return _client("secretsmanager", settings().aws_endpoint)


PLACEHOLDER = "placeholder"  # not a credential: a client made with it only loads its model, it never calls


def load_service_model(service: str) -> None:
    """Read a service's model, endpoint rules and partitions into the session's loader (most of a client's
    creation cost: ~0.1-0.2 s for DynamoDB's) without making the client: a throwaway client with placeholder
    credentials resolves no real ones and opens no connection (eventreg.entrypoints.snapshot)."""
    with _lock:
        _session().client(service, region_name=settings().region,  # type: ignore[call-overload]
                          aws_access_key_id=PLACEHOLDER, aws_secret_access_key=PLACEHOLDER)


def reset() -> None:
    """Forget clients and settings (tests and the local stack change the environment)."""
    for factory in (dynamodb, dynamodb_streams, sesv2, sqs, s3, secretsmanager, settings, _session):
        factory.cache_clear()
