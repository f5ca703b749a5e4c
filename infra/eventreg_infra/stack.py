"""One stack per stage: data, mail, the three Chalice services, their triggers, throttling and alarms."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from aws_cdk import CfnOutput, CfnResource, Duration, Fn, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from eventreg.domain.broadcasts import MAX_RECEIVES
from eventreg_infra import data, keys, monitoring, origin, releases, suppressions
from eventreg_infra.gateway import gateway_responses
from eventreg_infra.identity import Identity, identity, parameter_arn
from eventreg_infra.mail import mail
from eventreg_infra.permissions import API, UNLISTED, Grant, function_spec
from eventreg_infra.policies import Resources, statements
from eventreg_infra.services import (
    API_STAGE,
    ChaliceService,
    ServiceFunction,
    chalice_service,
    configure_function,
    functions,
    needs,
    set_environment,
)
from eventreg_infra.stage import StageConfig, stage_config

SERVICES = ("registration", "notifications", "reports")
# A stream record is tried 4 times (as the local dispatcher does), then goes to the dead-letter queue.
STREAM_RETRIES = 3
# Records older than this go to the dead-letter queue instead of being sent late (streams keep 24 h).
STREAM_MAX_AGE = Duration.hours(24)
# The messages' queue: a job's receives before the dead-letter queue (the handler counts its failed sends as
# failed on the last one), and how many invocations at once (SES's sending rate, not Lambda's, is the limit).
MESSAGE_JOBS_CONCURRENCY = 2
MESSAGE_JOBS_BATCH = 10


class EventregStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, stage: str, apps_dir: Path, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.stage = config = stage_config(stage, self.node.try_get_context, self.region)
        self.key = key = data.stage_key(self, config)
        self.table = data.table(self, config, key)
        self.bucket = data.bucket(self, config, key)
        suppressions.skip(self.bucket.node.default_child, suppressions.BUCKET)
        self.mail = mail(self, config, key)
        self.keys = keys.stage_keys(self, config, key)
        self.alarm_topic = monitoring.alarm_topic(self, config, key)
        # Organisers' messages to their registrants: a job is invisible for six times the handler's timeout
        # while it runs (AWS's advice), then tried again; after MAX_RECEIVES it waits in the dead-letter queue.
        # The certificates of attendance (#15) likewise, on their own queue (the reports function sends them).
        self.messages_dead_letters = self._queue("MessagesDeadLetters")
        self.messages_queue = self._queue("Messages", visibility_timeout=Duration.seconds(6 * 120),
                                          dead_letter_queue=sqs.DeadLetterQueue(
                                              max_receive_count=MAX_RECEIVES, queue=self.messages_dead_letters))
        self.certificates_dead_letters = self._queue("CertificatesDeadLetters")
        self.certificates_queue = self._queue("Certificates", visibility_timeout=Duration.seconds(6 * 120),
                                              dead_letter_queue=sqs.DeadLetterQueue(
                                                  max_receive_count=MAX_RECEIVES,
                                                  queue=self.certificates_dead_letters))
        resources = Resources(self.table, key, self.bucket, self.mail.identity_arn, self.mail.configuration_set_arn,
                              self.keys.link, self.keys.session, parameter_arn(stage), self.messages_queue,
                              self.certificates_queue, public_url_parameter_arn=origin.parameter_arn(stage))

        self.apps: dict[str, ChaliceService] = {}
        self.functions: list[ServiceFunction] = []
        self.dead_letter_queues: dict[str, sqs.Queue] = {"messages": self.messages_dead_letters,
                                                         "certificates": self.certificates_dead_letters}
        self.async_failures = self._queue("AsyncFailures")
        for service in SERVICES:
            app = chalice_service(self, service, apps_dir / service, config)
            self.apps[service] = app
            for logical_id, props in functions(app).items():
                handler = props["Handler"].removeprefix("app.")
                grants = (function_spec(service, handler) or UNLISTED).grants
                queue = None
                if Grant.STREAM in grants:
                    queue = self._queue(f"{service.capitalize()}{logical_id}DeadLetters")
                policy = statements(grants, resources, queue)
                asynchronous = any(e["Type"] in ("Schedule", "SNS") for e in (props.get("Events") or {}).values())
                if asynchronous:
                    policy += [iam.PolicyStatement(actions=["sqs:SendMessage"],
                                                   resources=[self.async_failures.queue_arn]),
                               iam.PolicyStatement(actions=["kms:GenerateDataKey", "kms:Decrypt"],
                                                   resources=[key.key_arn])]
                wired = configure_function(app, app, service, logical_id, config, key, policy)
                if asynchronous:
                    # Scheduled and SNS invocations are asynchronous: Lambda's retries, then this queue.
                    wired.resource.add_property_override(
                        "DeadLetterQueue", {"Type": "SQS", "TargetArn": self.async_failures.queue_arn})
                else:
                    suppressions.skip(wired.resource, suppressions.SYNCHRONOUS)
                self.functions.append(wired)
                if queue is not None:
                    self.dead_letter_queues[wired.name] = queue
                self._wire_events(wired, queue)

        self.api_urls = {service: self._configure_api(service, app, config) for service, app in self.apps.items()
                         if "RestAPI" in app.template["Resources"]}
        # One public origin (a custom domain, else CloudFront) for every link; the back-office is on it too.
        self.origin = origin.public_origin(self, config, {service: self.apps[service].get_resource("RestAPI")
                                                          for service in ("registration", "reports")})
        self.identity = identity(self, config, self.origin.url)
        for wired in self.functions:
            set_environment(wired, self._environment(wired, config))
        (rotator,) = [wired for wired in self.functions if needs(wired, Grant.ROTATE_KEYS)]
        keys.rotate(self, self.keys, rotator.function, config)

        failure_alarms = monitoring.alarms(self, self.alarm_topic, self.functions, self.dead_letter_queues,
                                           self.async_failures, {s: f"eventreg-{stage}-{s}" for s in self.api_urls},
                                           self.table)
        for wired in self.functions:
            if releases.released(wired):
                releases.publish(wired, failure_alarms[wired.name], config.snap_start)
                if wired.handler == API:
                    releases.route_api_to_alias(self.apps[wired.service], wired)
        for service, url in self.api_urls.items():
            CfnOutput(self, f"{service.capitalize()}Url", value=url)
        CfnOutput(self, "TableName", value=self.table.table_name)
        CfnOutput(self, "UserPoolId", value=self.identity.user_pool.user_pool_id,
                  description="invite organisers here (aws cognito-idp admin-create-user) and add them to a group")
        CfnOutput(self, "SignInUrl", value=self.identity.domain.base_url())
        CfnOutput(self, "BackOfficeClientId", value=self.identity.client.user_pool_client_id,
                  description="for `aws cognito-idp admin-initiate-auth` (a smoke-test organiser's ID token)")
        CfnOutput(self, "BucketName", value=self.bucket.bucket_name)

    # -- pieces --------------------------------------------------------------------------------------
    def _queue(self, name: str, **options: Any) -> sqs.Queue:
        return sqs.Queue(self, name, encryption=sqs.QueueEncryption.KMS, encryption_master_key=self.key,
                         retention_period=Duration.days(14), enforce_ssl=True,
                         removal_policy=self.stage.removal_policy, **options)

    def _wire_events(self, wired: ServiceFunction, queue: sqs.Queue | None) -> None:
        for index, stream in enumerate(wired.streams):
            if queue is None:
                raise ValueError(f"{wired.service}.{wired.handler} reads the stream without Grant.STREAM")
            # L1: the L2 mapping's on-failure destination wants to grant the function's role, which an
            # imported (Chalice) function does not expose; the role already has sqs:SendMessage on it.
            mapping = lambda_.CfnEventSourceMapping(
                self, f"{wired.logical_id}{wired.service.capitalize()}Stream{index}",
                # The alias: a gradual deployment shifts the stream's batches with the API's requests.
                function_name=releases.alias_arn(wired),
                event_source_arn=self.table.table_stream_arn,
                starting_position=stream.get("StartingPosition", "TRIM_HORIZON"),
                batch_size=stream.get("BatchSize", 100),
                maximum_batching_window_in_seconds=stream.get("MaximumBatchingWindowInSeconds", 0),
                bisect_batch_on_function_error=True,
                maximum_retry_attempts=STREAM_RETRIES,
                maximum_record_age_in_seconds=int(STREAM_MAX_AGE.to_seconds()),
                function_response_types=["ReportBatchItemFailures"],
                filter_criteria=lambda_.CfnEventSourceMapping.FilterCriteriaProperty(
                    filters=[lambda_.CfnEventSourceMapping.FilterProperty(pattern=pattern)
                             for pattern in wired.spec.stream_filters]) if wired.spec.stream_filters else None,
                destination_config=lambda_.CfnEventSourceMapping.DestinationConfigProperty(
                    on_failure=lambda_.CfnEventSourceMapping.OnFailureProperty(destination=queue.queue_arn)),
            )
            mapping.add_resource_dependency(cast(CfnResource, wired.role.node.default_child))
        for index, _queue in enumerate(wired.queues):
            # An SQS trigger is the messages' queue (notifications.on_message_job) or the certificates'
            # (reports.on_certificate_job): the one its grants read.
            jobs = self.certificates_queue if Grant.CERTIFICATE_JOBS in wired.spec.grants else self.messages_queue
            mapping = lambda_.CfnEventSourceMapping(
                self, f"{wired.logical_id}{wired.service.capitalize()}Queue{index}",
                function_name=wired.function.function_arn, event_source_arn=jobs.queue_arn,
                batch_size=MESSAGE_JOBS_BATCH, function_response_types=["ReportBatchItemFailures"],
                scaling_config=lambda_.CfnEventSourceMapping.ScalingConfigProperty(
                    maximum_concurrency=MESSAGE_JOBS_CONCURRENCY))
            mapping.add_resource_dependency(cast(CfnResource, wired.role.node.default_child))
        for index, _topic in enumerate(wired.topics):
            # Every SNS trigger of the services is the SES events topic (notifications.on_ses_event).
            topic = self.mail.events_topic
            # CDK's validation warns (W3694) that the endpoint is a SAM function: it is a Lambda function
            # once CloudFormation has run the SAM transform (cfn-lint, which transforms first, agrees).
            sns.Subscription(
                self, f"{wired.logical_id}{wired.service.capitalize()}Topic{index}", topic=topic,
                endpoint=wired.function.function_arn, protocol=sns.SubscriptionProtocol.LAMBDA)
            lambda_.CfnPermission(self, f"{wired.logical_id}{wired.service.capitalize()}TopicInvoke{index}",
                                  action="lambda:InvokeFunction", function_name=wired.function.function_arn,
                                  principal="sns.amazonaws.com", source_arn=topic.topic_arn)

    def _configure_api(self, service: str, app: ChaliceService, config: StageConfig) -> str:
        """Stage throttling, metrics, access logs (no personal data: no IP, no path values) and gateway
        responses on Chalice's REST API; returns its URL."""
        api = app.get_resource("RestAPI")
        access_logs = logs.LogGroup(self, f"{service.capitalize()}ApiAccessLogs", retention=config.log_retention,
                                    removal_policy=config.removal_policy, encryption_key=self.key)
        api.add_property_override("Name", f"eventreg-{config.name}-{service}")
        api.add_property_override("TracingEnabled", True)
        # API Gateway's own answers (unknown path, refused token, throttling) in the JSON error contract.
        api.add_property_override("GatewayResponses", gateway_responses())
        api.add_property_override("MethodSettings", [{
            "ResourcePath": "/*", "HttpMethod": "*", "MetricsEnabled": True,
            "ThrottlingRateLimit": config.throttle_rate, "ThrottlingBurstLimit": config.throttle_burst,
        }])
        api.add_property_override("AccessLogSetting", {
            "DestinationArn": access_logs.log_group_arn,
            "Format": '{"requestId":"$context.requestId","time":"$context.requestTime",'
                      '"method":"$context.httpMethod","resource":"$context.resourcePath",'
                      '"status":"$context.status","latencyMs":"$context.responseLatency",'
                      '"integrationError":"$context.integration.error"}',
        })
        suppressions.skip(api, suppressions.API)
        return Fn.sub("https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/" + API_STAGE,
                      {"Api": api.ref})

    def _environment(self, wired: ServiceFunction, config: StageConfig) -> dict[str, str]:
        env = {
            "EVENTREG_TABLE": self.table.table_name,
            "EVENTREG_BUCKET": self.bucket.bucket_name,
            "EVENTREG_MAIL_FROM": config.mail_from,
            "EVENTREG_SES_CONFIGURATION_SET": self.mail.configuration_set.configuration_set_name,
            "EVENTREG_SES_EVENTS_TOPIC": self.mail.events_topic.topic_name,
            "EVENTREG_STREAM_ARN": self.table.table_stream_arn or "",
            "POWERTOOLS_SERVICE_NAME": f"eventreg-{wired.service}",
            "EVENTREG_STAGE": config.name,  # the metrics' stage dimension (eventreg.adapters.metrics)
        }
        if needs(wired, Grant.PUBLIC_URL):
            # The origin's URL by the name of its parameter (the URL itself would be a cycle: eventreg_infra.origin).
            env["EVENTREG_PUBLIC_URL_PARAMETER"] = origin.parameter_name(config.name)
        if needs(wired, Grant.QUEUE_MESSAGES):
            env["EVENTREG_MESSAGES_QUEUE_URL"] = self.messages_queue.queue_url
        if needs(wired, Grant.QUEUE_CERTIFICATES):
            env["EVENTREG_CERTIFICATES_QUEUE_URL"] = self.certificates_queue.queue_url
        if needs(wired, Grant.IDENTITY):
            env["EVENTREG_IDENTITY_PARAMETER"] = Identity.parameter_name(config.name)
        # The keys' secrets by ARN; their values are read at runtime (eventreg.keys), never put here.
        if needs(wired, Grant.LINK_KEY):
            env["EVENTREG_LINK_KEY_ARN"] = self.keys.link.secret_arn
        if needs(wired, Grant.SESSION_KEY):
            env["EVENTREG_SESSION_KEY_ARN"] = self.keys.session.secret_arn
        return {k: v for k, v in env.items() if v}
