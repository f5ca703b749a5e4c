"""SES for the stage: the sending identity (context `ses_identity`: an address or a domain), a
configuration set that publishes bounces and complaints to an SNS topic (read by the notifications
service's on_ses_event handler)."""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import Stack
from aws_cdk import aws_kms as kms
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from constructs import Construct

from eventreg_infra.stage import StageConfig


@dataclass(frozen=True)
class Mail:
    identity: ses.EmailIdentity
    identity_arn: str
    configuration_set: ses.ConfigurationSet
    configuration_set_arn: str
    events_topic: sns.Topic


def mail(scope: Construct, stage: StageConfig, key: kms.Key) -> Mail:
    topic = sns.Topic(scope, "SesEvents", master_key=key, enforce_ssl=True,
                      display_name=f"eventreg {stage.name}: SES bounces and complaints")
    configuration_set = ses.ConfigurationSet(
        scope, "ConfigurationSet", configuration_set_name=f"eventreg-{stage.name}",
        reputation_metrics=True, tls_policy=ses.ConfigurationSetTlsPolicy.REQUIRE,
        suppression_reasons=ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS)
    configuration_set.add_event_destination(
        "BouncesAndComplaints",
        destination=ses.EventDestination.sns_topic(topic),
        events=[ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    )
    sending = stage.ses_identity
    identity = ses.EmailIdentity(
        scope, "Identity",
        identity=ses.Identity.email(sending) if "@" in sending else ses.Identity.domain(sending),
        configuration_set=configuration_set,
    )
    stack = Stack.of(scope)
    return Mail(
        identity=identity,
        identity_arn=stack.format_arn(service="ses", resource="identity", resource_name=identity.email_identity_name),
        configuration_set=configuration_set,
        configuration_set_arn=stack.format_arn(service="ses", resource="configuration-set",
                                               resource_name=configuration_set.configuration_set_name),
        events_topic=topic,
    )
