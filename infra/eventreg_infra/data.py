"""The stage's data: its KMS key, the DynamoDB table (from eventreg.schema, the one definition) and the
S3 bucket for organisers' documents and exports."""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from eventreg import schema
from eventreg_infra.stage import StageConfig


def stage_key(scope: Construct, stage: StageConfig) -> kms.Key:
    """One customer managed key per stage: the table, the bucket, the topics, the queues, the log groups
    and the secret. SES and CloudWatch publish to the encrypted topics, so they may use it for that."""
    key = kms.Key(scope, "Key", alias=f"alias/eventreg-{stage.name}", enable_key_rotation=True,
                  removal_policy=stage.removal_policy,
                  description=f"eventreg {stage.name}: table, files, topics, queues, secrets")
    stack = Stack.of(scope)
    account = stack.account
    # CloudWatch Logs encrypts the stage's log groups with it.
    key.add_to_resource_policy(iam.PolicyStatement(
        actions=["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        principals=[iam.ServicePrincipal(f"logs.{stack.region}.amazonaws.com")],
        resources=["*"],
        conditions={"ArnLike": {"kms:EncryptionContext:aws:logs:arn":
                                f"arn:{stack.partition}:logs:{stack.region}:{account}:log-group:*"}},
    ))
    for service in ("ses.amazonaws.com", "cloudwatch.amazonaws.com"):
        key.add_to_resource_policy(iam.PolicyStatement(
            actions=["kms:GenerateDataKey*", "kms:Decrypt"],
            principals=[iam.ServicePrincipal(service)],
            resources=["*"],
            conditions={"StringEquals": {"aws:SourceAccount": account}},
        ))
    return key


def table(scope: Construct, stage: StageConfig, key: kms.Key, definition: schema.TableSchema = schema.TABLE
          ) -> dynamodb.Table:
    """The table exactly as eventreg.schema defines it: keys, every GSI (iterated, never listed here),
    the stream view and the TTL attribute."""
    string = dynamodb.AttributeType.STRING
    created = dynamodb.Table(
        scope, "Table",
        table_name=f"eventreg-{stage.name}",
        partition_key=dynamodb.Attribute(name=definition.pk, type=string),
        sort_key=dynamodb.Attribute(name=definition.sk, type=string),
        billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
        stream=dynamodb.StreamViewType[definition.stream_view],
        time_to_live_attribute=definition.ttl_attribute,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True),
        deletion_protection=stage.deletion_protection,
        encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryption_key=key,
        removal_policy=stage.removal_policy,
    )
    for index in definition.indexes:
        created.add_global_secondary_index(
            index_name=index.name,
            partition_key=dynamodb.Attribute(name=index.pk, type=string),
            sort_key=dynamodb.Attribute(name=index.sk, type=string),
            projection_type=dynamodb.ProjectionType.KEYS_ONLY,
        )
    return created


def bucket(scope: Construct, stage: StageConfig, key: kms.Key) -> s3.Bucket:
    """Documents (kept) and exports (regenerated on demand, so they expire). Versioned, so that an
    overwritten or deleted document can be restored for a while."""
    return s3.Bucket(
        scope, "Files",
        encryption=s3.BucketEncryption.KMS,
        encryption_key=key,
        bucket_key_enabled=True,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        enforce_ssl=True,
        versioned=True,
        object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        removal_policy=stage.removal_policy,
        lifecycle_rules=[
            s3.LifecycleRule(id="expire-exports", prefix="exports/", expiration=stage.exports_expire_after,
                             noncurrent_version_expiration=Duration.days(1)),
            # A final list written again after an erasure (or deleted by retention) must not live on as an
            # old version: those hold the erased person's data.
            s3.LifecycleRule(id="final-lists-old-versions", prefix="final-lists/",
                             noncurrent_version_expiration=Duration.days(1)),
            s3.LifecycleRule(id="old-versions", noncurrent_version_expiration=Duration.days(30),
                             abort_incomplete_multipart_upload_after=Duration.days(1)),
        ],
    )
