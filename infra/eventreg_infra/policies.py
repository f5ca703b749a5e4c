"""IAM statements for each Grant of eventreg_infra.permissions, on this stage's resources."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aws_cdk import Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sqs as sqs

from eventreg_infra.permissions import (
    CLOSE_ATTRIBUTES,
    DELIVERY_STATUS_ATTRIBUTES,
    MESSAGE_PROGRESS_ATTRIBUTES,
    REMINDER_ATTRIBUTES,
    SEND_LOG_ATTRIBUTES,
    SESSION_PARTITIONS,
    SIGN_IN_PARTITIONS,
    Grant,
)

TABLE_GRANTS = frozenset({Grant.READ, Grant.REGISTER, Grant.CLOSE_EVENTS, Grant.SEND_LOG, Grant.DELIVERY_STATUS,
                          Grant.REMINDER_MARK, Grant.EXPORT_JOBS, Grant.RETENTION, Grant.STREAM,
                          Grant.MESSAGE_PROGRESS, Grant.SESSIONS, Grant.SIGN_IN})

# Scoped writes may not ask for an item back (ReturnValues), so they cannot read what they may not write.
NO_RETURN_VALUES = {"StringEqualsIfExists": {"dynamodb:ReturnValues": "NONE"}}


@dataclass(frozen=True)
class Resources:
    table: dynamodb.Table
    key: kms.Key
    bucket: s3.Bucket
    identity_arn: str
    configuration_set_arn: str
    link_key: secretsmanager.Secret
    session_key: secretsmanager.Secret
    identity_parameter_arn: str
    messages_queue: sqs.Queue | None = None  # organisers' messages to their registrants
    certificates_queue: sqs.Queue | None = None  # certificates of attendance to send
    public_url_parameter_arn: str = ""  # the stage's public origin (eventreg_infra.origin)


def _table_arns(table: dynamodb.Table) -> list[str]:
    return [table.table_arn, f"{table.table_arn}/index/*"]


def _scoped(actions: Sequence[str], table: dynamodb.Table, attributes: Sequence[str]) -> iam.PolicyStatement:
    return iam.PolicyStatement(
        actions=list(actions),
        resources=[table.table_arn],
        conditions={"ForAllValues:StringEquals": {"dynamodb:Attributes": list(attributes)}, **NO_RETURN_VALUES},
    )


def _partitions(actions: Sequence[str], table: dynamodb.Table, patterns: Sequence[str]) -> iam.PolicyStatement:
    """Item actions on the items whose partition key matches one of `patterns` (dynamodb:LeadingKeys)."""
    return iam.PolicyStatement(
        actions=list(actions),
        resources=[table.table_arn],
        conditions={"ForAllValues:StringLike": {"dynamodb:LeadingKeys": list(patterns)}},
    )


def _via(service: str, actions: Sequence[str], key: kms.Key) -> iam.PolicyStatement:
    """KMS use of the stage's key only through the given AWS service (S3, DynamoDB, SQS, Secrets Manager)."""
    return iam.PolicyStatement(
        actions=list(actions),
        resources=[key.key_arn],
        conditions={"StringEquals": {"kms:ViaService": f"{service}.{Stack.of(key).region}.amazonaws.com"}},
    )


def statements(grants: frozenset[Grant], r: Resources, dead_letters: sqs.Queue | None) -> list[iam.PolicyStatement]:
    table, bucket = r.table, r.bucket
    out: list[iam.PolicyStatement] = []
    if Grant.READ in grants:
        out.append(iam.PolicyStatement(actions=["dynamodb:GetItem", "dynamodb:Query"], resources=_table_arns(table)))
    if Grant.REGISTER in grants:
        out.append(iam.PolicyStatement(
            actions=["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem",
                     "dynamodb:BatchWriteItem"],
            resources=[table.table_arn]))
    if Grant.CLOSE_EVENTS in grants:
        out.append(_scoped(["dynamodb:UpdateItem"], table, CLOSE_ATTRIBUTES))
    if Grant.SEND_LOG in grants:
        out.append(_scoped(["dynamodb:PutItem"], table, SEND_LOG_ATTRIBUTES))
        out.append(iam.PolicyStatement(actions=["dynamodb:DeleteItem"], resources=[table.table_arn]))
    if Grant.DELIVERY_STATUS in grants:
        out.append(_scoped(["dynamodb:UpdateItem"], table, DELIVERY_STATUS_ATTRIBUTES))
    if Grant.REMINDER_MARK in grants:
        out.append(_scoped(["dynamodb:UpdateItem"], table, REMINDER_ATTRIBUTES))
    if Grant.EXPORT_JOBS in grants:
        out.append(iam.PolicyStatement(actions=["dynamodb:PutItem", "dynamodb:UpdateItem"],
                                       resources=[table.table_arn]))
    if Grant.RETENTION in grants:
        out.append(iam.PolicyStatement(
            actions=["dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"],
            resources=[table.table_arn]))
    if Grant.SEND_MAIL in grants:
        out.append(iam.PolicyStatement(actions=["ses:SendEmail", "ses:SendRawEmail"],
                                       resources=[r.identity_arn, r.configuration_set_arn]))
    if Grant.DOCUMENTS in grants:
        out.append(iam.PolicyStatement(actions=["s3:GetObject", "s3:PutObject"],
                                       resources=[bucket.arn_for_objects("documents/*")]))
        # The back-office asks whether a document's file has arrived (HeadObject): without ListBucket, S3
        # answers a missing key with 403 instead of 404. (Key names only; no object is read through it.)
        out.append(iam.PolicyStatement(actions=["s3:ListBucket"], resources=[bucket.bucket_arn]))
    # Files made from registrations: export jobs' files and the frozen final lists (eventreg.report.attendees).
    made_from_registrations = [bucket.arn_for_objects("exports/*"), bucket.arn_for_objects("final-lists/*")]
    if Grant.EXPORTS in grants:
        out.append(iam.PolicyStatement(actions=["s3:GetObject", "s3:PutObject"], resources=made_from_registrations))
    if Grant.ERASE_FILES in grants:
        out.append(iam.PolicyStatement(actions=["s3:DeleteObject"], resources=made_from_registrations))
        out.append(iam.PolicyStatement(actions=["s3:ListBucket"], resources=[bucket.bucket_arn]))
    if grants & {Grant.DOCUMENTS, Grant.EXPORTS, Grant.ERASE_FILES}:
        out.append(_via("s3", ["kms:GenerateDataKey", "kms:Decrypt"], r.key))
    if Grant.STREAM in grants:
        out.append(iam.PolicyStatement(
            actions=["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
            resources=[table.table_stream_arn or ""]))
        out.append(iam.PolicyStatement(actions=["dynamodb:ListStreams"], resources=[f"{table.table_arn}/stream/*"]))
        if dead_letters is not None:
            out.append(iam.PolicyStatement(actions=["sqs:SendMessage"], resources=[dead_letters.queue_arn]))
            out.append(_via("sqs", ["kms:GenerateDataKey", "kms:Decrypt"], r.key))
    if Grant.MESSAGE_PROGRESS in grants:
        out.append(_scoped(["dynamodb:UpdateItem"], table, MESSAGE_PROGRESS_ATTRIBUTES))
    if Grant.SESSIONS in grants:
        out.append(_partitions(["dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], table,
                               SESSION_PARTITIONS))
    if Grant.SIGN_IN in grants:
        out.append(_partitions(["dynamodb:PutItem", "dynamodb:DeleteItem"], table, SIGN_IN_PARTITIONS))
    for send, read, queue in ((Grant.QUEUE_MESSAGES, Grant.MESSAGE_JOBS, r.messages_queue),
                              (Grant.QUEUE_CERTIFICATES, Grant.CERTIFICATE_JOBS, r.certificates_queue)):
        if grants & {send, read} and queue is not None:
            queue_actions = ["sqs:SendMessage"] if send in grants else [
                "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
            out.append(iam.PolicyStatement(actions=queue_actions, resources=[queue.queue_arn]))
            out.append(_via("sqs", ["kms:GenerateDataKey", "kms:Decrypt"], r.key))
    secrets = [secret.secret_arn for grant, secret in ((Grant.LINK_KEY, r.link_key), (Grant.SESSION_KEY, r.session_key))
               if grant in grants]
    if secrets:
        out.append(iam.PolicyStatement(actions=["secretsmanager:GetSecretValue"], resources=secrets))
    if Grant.ROTATE_KEYS in grants:
        out.append(iam.PolicyStatement(
            actions=["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
                     "secretsmanager:UpdateSecretVersionStage"],
            resources=[r.link_key.secret_arn, r.session_key.secret_arn]))
    if secrets or Grant.ROTATE_KEYS in grants:
        # The secrets are encrypted with the stage key: reading decrypts, a rotation's new version encrypts.
        out.append(_via("secretsmanager", ["kms:Decrypt", "kms:GenerateDataKey"] if Grant.ROTATE_KEYS in grants
                        else ["kms:Decrypt"], r.key))
    if Grant.IDENTITY in grants:
        out.append(iam.PolicyStatement(actions=["ssm:GetParameter"], resources=[r.identity_parameter_arn]))
    if Grant.PUBLIC_URL in grants and r.public_url_parameter_arn:
        out.append(iam.PolicyStatement(actions=["ssm:GetParameter"], resources=[r.public_url_parameter_arn]))
    if grants & TABLE_GRANTS:
        # The table is encrypted with the stage's key: DynamoDB decrypts its table key for the caller.
        out.append(_via("dynamodb", ["kms:Decrypt", "kms:DescribeKey"], r.key))
    return out
