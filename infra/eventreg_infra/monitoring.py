"""CloudWatch alarms, to an SNS topic (context alarm_email subscribes an address): each function's errors
and throttles, each stream consumer's iterator age, each dead-letter queue's depth, each REST API's 5xx
answers, the table's throttled reads and writes, and SES's bounce and complaint rates."""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from eventreg_infra.permissions import API
from eventreg_infra.services import API_STAGE, ServiceFunction
from eventreg_infra.stage import StageConfig

PERIOD = Duration.minutes(5)
# A few 5xx in a burst can be DynamoDB throttling answered as 503 (retry later); more is an incident.
API_5XX_THRESHOLD = 5
# A stream consumer whose newest batch is this old (ms) is falling behind: mails and exports come late.
ITERATOR_AGE_MS = 5 * 60 * 1000
# SES reviews an account at a 5% bounce or 0.1% complaint rate (and may pause sending at 10% / 0.5%):
# warn before the review. These are the account's rates in the region (what SES acts on), not one stage's.
SES_BOUNCE_RATE = 0.04
SES_COMPLAINT_RATE = 0.0008


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


def alarms(scope: Construct, topic: sns.Topic, functions: list[ServiceFunction],
           dead_letter_queues: Mapping[str, sqs.Queue], async_failures: sqs.Queue,
           api_names: Mapping[str, str], table: dynamodb.ITable) -> dict[str, list[cloudwatch.Alarm]]:
    """Returns each function's own failure alarms (errors, and its API's 5xx), by function name: the ones
    a gradual deployment rolls back on."""
    failures: dict[str, list[cloudwatch.Alarm]] = {}
    for wired in functions:
        for metric_name in ("Errors", "Throttles"):
            metric = cloudwatch.Metric(namespace="AWS/Lambda", metric_name=metric_name,
                                       dimensions_map={"FunctionName": wired.name}, statistic="Sum", period=PERIOD)
            alarm = _alarm(scope, f"{wired.logical_id}{wired.service.capitalize()}{metric_name}", topic, metric, 1,
                           f"{wired.name}: {metric_name.lower()} in the last 5 minutes")
            if metric_name == "Errors":
                failures[wired.name] = [alarm]
        if wired.streams:
            age = cloudwatch.Metric(namespace="AWS/Lambda", metric_name="IteratorAge",
                                    dimensions_map={"FunctionName": wired.name}, statistic="Maximum", period=PERIOD)
            _alarm(scope, f"{wired.logical_id}{wired.service.capitalize()}IteratorAge", topic, age, ITERATOR_AGE_MS,
                   f"{wired.name}: stream records waited 5 minutes or more before being processed")
    queues = {**dead_letter_queues, "async-failures": async_failures}
    for index, (owner, queue) in enumerate(sorted(queues.items())):
        metric = queue.metric_approximate_number_of_messages_visible(statistic="Maximum", period=PERIOD)
        _alarm(scope, f"DeadLetters{index}", topic, metric, 1,
               f"{owner}: records or events given up on are waiting in {queue.queue_name}")
    for service, api_name in api_names.items():
        metric = cloudwatch.Metric(namespace="AWS/ApiGateway", metric_name="5XXError",
                                   dimensions_map={"ApiName": api_name, "Stage": API_STAGE},
                                   statistic="Sum", period=PERIOD)
        alarm = _alarm(scope, f"{service.capitalize()}Api5xx", topic, metric, API_5XX_THRESHOLD,
                       f"{api_name}: server errors answered in the last 5 minutes")
        api_function = next((w for w in functions if w.service == service and w.handler == API), None)
        if api_function is not None:
            failures[api_function.name].append(alarm)
    for operation in ("Read", "Write"):
        # On-demand tables throttle too (above twice the previous peak, or a hot partition).
        throttled = table.metric(f"{operation}ThrottleEvents", statistic="Sum", period=PERIOD)
        _alarm(scope, f"Table{operation}Throttles", topic, throttled, 1,
               f"{table.table_name}: {operation.lower()}s throttled in the last 5 minutes")
    for name, threshold in (("BounceRate", SES_BOUNCE_RATE), ("ComplaintRate", SES_COMPLAINT_RATE)):
        rate = cloudwatch.Metric(namespace="AWS/SES", metric_name=f"Reputation.{name}", statistic="Maximum",
                                 period=PERIOD)
        _alarm(scope, f"Ses{name}", topic, rate, threshold,
               f"SES {name}: near the rate at which SES reviews or pauses the account's sending")
    return failures
