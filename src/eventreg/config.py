"""Settings read from the environment once per process (a Lambda container or the local stack)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Settings:
    table_name: str
    region: str
    # Endpoint overrides: DynamoDB Local for the table, moto server for SES and S3. None on AWS.
    dynamodb_endpoint: str | None
    aws_endpoint: str | None
    mail_from: str
    # SES configuration set publishing bounces and complaints (to SNS), and that topic's name.
    ses_configuration_set: str | None
    ses_events_topic: str
    # HS256 key for organiser tokens locally; on AWS the stage's Cognito user pool (eventreg.adapters.oidc,
    # from the identity parameter) takes its place.
    jwt_secret: str | None
    # HMAC key of attendees' manage links (EVENTREG_LINK_KEY).
    link_key: str | None
    # The public origin (scheme + host) for absolute links; "" on AWS unless given (eventreg.adapters.origin
    # then reads the SSM parameter named by public_url_parameter), the local stack's origin elsewhere.
    public_url: str
    # S3 bucket for organisers' documents and large exports.
    bucket: str
    # The SQS queue of organisers' messages to their registrants (the fan-out to the notifications service).
    messages_queue_url: str = ""
    # The SQS queue of certificates of attendance to send (a page of attendees per job, for the reports service).
    certificates_queue_url: str = ""
    # On AWS the keys live in Secrets Manager and only their secrets' ARNs are configured (eventreg.keys reads
    # them at runtime). Locally the session key defaults to the link key (HKDF keeps the two uses apart).
    link_key_arn: str | None = None
    session_key: str | None = None
    session_key_arn: str | None = None
    public_url_parameter: str = ""


LOCAL_URL = "http://127.0.0.1:8000"  # the local stack's one origin (make run)


def on_aws() -> bool:
    """In a Lambda function. AWS_EXECUTION_ENV alone is no proof: every Chalice() appends to it, locally too."""
    return bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME")) \
        or os.environ.get("AWS_EXECUTION_ENV", "").startswith("AWS_Lambda_")


def _opt(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings(
        table_name=os.environ.get("EVENTREG_TABLE", "eventreg"),
        region=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "eu-west-1",
        dynamodb_endpoint=_opt("EVENTREG_DYNAMODB_ENDPOINT"),
        aws_endpoint=_opt("EVENTREG_AWS_ENDPOINT"),
        mail_from=os.environ.get("EVENTREG_MAIL_FROM", "events@eventreg.example.eu"),
        ses_configuration_set=_opt("EVENTREG_SES_CONFIGURATION_SET"),
        ses_events_topic=os.environ.get("EVENTREG_SES_EVENTS_TOPIC", "eventreg-ses-events"),
        jwt_secret=_opt("EVENTREG_JWT_SECRET"),
        link_key=_opt("EVENTREG_LINK_KEY"),
        # Never a loopback default on AWS: a link to 127.0.0.1 in a mail would reach nobody.
        public_url=os.environ.get("EVENTREG_PUBLIC_URL", "" if on_aws() else LOCAL_URL).rstrip("/"),
        bucket=os.environ.get("EVENTREG_BUCKET", "eventreg-files"),
        messages_queue_url=os.environ.get("EVENTREG_MESSAGES_QUEUE_URL", ""),
        certificates_queue_url=os.environ.get("EVENTREG_CERTIFICATES_QUEUE_URL", ""),
        link_key_arn=_opt("EVENTREG_LINK_KEY_ARN"),
        session_key=_opt("EVENTREG_SESSION_KEY"),
        session_key_arn=_opt("EVENTREG_SESSION_KEY_ARN"),
        public_url_parameter=os.environ.get("EVENTREG_PUBLIC_URL_PARAMETER", "").strip(),
    )
