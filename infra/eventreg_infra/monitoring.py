"""CloudWatch alarms, to an SNS topic (context alarm_email subscribes an address): each function's errors
and throttles, each dead-letter queue's depth, each REST API's 5xx answers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from eventreg_infra.services import API_STAGE, ServiceFunction
from eventreg_infra.stage import StageConfig

PERIOD = Duration.minutes(5)
# A few 5xx in a burst can be DynamoDB throttling answered as 503 (retry later); more is an incident.
API_5XX_THRESHOLD = 5


def alarm_topic(scope: Construct, stage: StageConfig, key: kms.Key) -> sns.Topic:
    topic = sns.Topic(scope, "Alarms", master_key=key, enforce_ssl=True,
                      display_name=f"eventreg {stage.name} alarms")
    if stage.alarm_email:
        topic.add_subscription(subscriptions.EmailSubscription(stage.alarm_email))
    return topic


def _alarm(scope: Construct, construct_id: str, topic: sns.Topic, metric: cloudwatch.Metric, threshold: float,
           description: str) -> cloudwatch.Alarm:
    alarm = metric.create_alarm(
        scope, construct_id, threshold=threshold, evaluation_periods=1,
        comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING, alarm_description=description)
    alarm.add_alarm_action(actions.SnsAction(topic))
    return alarm


def alarms(scope: Construct, topic: sns.Topic, functions: Iterable[ServiceFunction],
           dead_letter_queues: Mapping[str, sqs.Queue], async_failures: sqs.Queue,
           api_names: Mapping[str, str]) -> None:
    for wired in functions:
        for metric_name in ("Errors", "Throttles"):
            metric = cloudwatch.Metric(namespace="AWS/Lambda", metric_name=metric_name,
                                       dimensions_map={"FunctionName": wired.name}, statistic="Sum", period=PERIOD)
            _alarm(scope, f"{wired.logical_id}{wired.service.capitalize()}{metric_name}", topic, metric, 1,
                   f"{wired.name}: {metric_name.lower()} in the last 5 minutes")
    queues = {**dead_letter_queues, "async-failures": async_failures}
    for index, (owner, queue) in enumerate(sorted(queues.items())):
        metric = queue.metric_approximate_number_of_messages_visible(statistic="Maximum", period=PERIOD)
        _alarm(scope, f"DeadLetters{index}", topic, metric, 1,
               f"{owner}: records or events given up on are waiting in {queue.queue_name}")
    for service, api_name in api_names.items():
        metric = cloudwatch.Metric(namespace="AWS/ApiGateway", metric_name="5XXError",
                                   dimensions_map={"ApiName": api_name, "Stage": API_STAGE},
                                   statistic="Sum", period=PERIOD)
        _alarm(scope, f"{service.capitalize()}Api5xx", topic, metric, API_5XX_THRESHOLD,
               f"{api_name}: server errors answered in the last 5 minutes")
