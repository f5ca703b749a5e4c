"""The three services as chalice.cdk.Chalice constructs, and what infra/ changes in what Chalice generates.

Chalice packages each staged app (tools/package_service.py: build/apps/<service>) into a SAM template.
Here, per generated function: the Lambda runtime (Chalice picks the local interpreter's), an explicit
name, memory and timeout, its own least-privilege role (eventreg_infra.permissions), its environment
and its log group. Chalice's DynamoDB stream and SNS triggers are taken out of the template and wired
by infra/ instead (Chalice can name neither a stream nor a topic made in the same stack); its schedules
(@app.schedule) stay as Chalice generated them.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aws_cdk import Annotations, CfnResource
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from chalice.cdk import Chalice
from constructs import Construct

from eventreg_infra import suppressions
from eventreg_infra.permissions import API, UNLISTED, FunctionSpec, Grant, function_spec
from eventreg_infra.stage import StageConfig

LAMBDA_RUNTIME = "python3.12"
API_STAGE = "api"
SINGLETON_CONCURRENCY = 1
# Chalice must be told a role when it does not manage one; every function's Role is replaced below.
PLACEHOLDER_ROLE = "arn:aws:iam::000000000000:role/eventreg-role-set-by-infra"


class ChaliceService(Chalice):
    """chalice.cdk.Chalice that keeps the SAM template it generated, and packages each app on its own:
    Chalice imports a project's app.py as the module `app`, so a second service in the same process
    would otherwise get the first one's app back."""

    template: dict[str, Any]

    def _package_app(self) -> None:
        sys.modules.pop("app", None)
        staged = Path(self.source_dir).parent
        sys.path[:] = [p for p in sys.path if Path(p).parent != staged or p == self.source_dir]
        super()._package_app()

    def _generate_sam_template_with_assets(self, chalice_out_dir: str, package_id: str) -> str:
        path: str = super()._generate_sam_template_with_assets(chalice_out_dir, package_id)
        self.template = json.loads(Path(path).read_text())
        return path


@dataclass
class ServiceFunction:
    service: str
    handler: str
    logical_id: str
    name: str
    spec: FunctionSpec
    resource: CfnResource
    function: lambda_.IFunction
    role: iam.Role
    streams: list[dict[str, Any]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    queues: list[dict[str, Any]] = field(default_factory=list)
    schedules: list[str] = field(default_factory=list)


def chalice_service(scope: Construct, service: str, source_dir: Path, stage: StageConfig) -> ChaliceService:
    return ChaliceService(
        scope, service.capitalize(),
        source_dir=str(source_dir),
        stage_config={
            "manage_iam_role": False,
            "iam_role_arn": PLACEHOLDER_ROLE,
            "autogen_policy": False,
            "api_gateway_stage": API_STAGE,
            "api_gateway_endpoint_type": "REGIONAL",
            "xray": True,
            "environment_variables": {},
        },
        # Three apps in one stack: their resources (APIHandler, RestAPI, …) would clash by logical ID.
        preserve_logical_ids=False,
    )


def functions(app: ChaliceService) -> dict[str, dict[str, Any]]:
    return {logical_id: resource["Properties"] for logical_id, resource in app.template["Resources"].items()
            if resource["Type"] == "AWS::Serverless::Function"}


def configure_function(scope: Construct, app: ChaliceService, service: str, logical_id: str,
                       stage: StageConfig, key: kms.IKey, statements: list[iam.PolicyStatement]) -> ServiceFunction:
    props = functions(app)[logical_id]
    handler = props["Handler"].removeprefix("app.")
    found = function_spec(service, handler)
    if found is None:
        Annotations.of(scope).add_warning(
            f"{service}.{handler} has no entry in eventreg_infra.permissions.FUNCTIONS: it may only read")
    spec = found or UNLISTED
    label = "api" if handler == API else handler.replace("_", "-")
    name = f"eventreg-{stage.name}-{service}-{label}"[:64]
    log_group = logs.LogGroup(scope, f"{logical_id}Logs", log_group_name=f"/aws/lambda/{name}",
                              retention=stage.log_retention, removal_policy=stage.removal_policy, encryption_key=key)
    base = [
        iam.PolicyStatement(actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                            resources=[log_group.log_group_arn]),
        # X-Ray accepts no resource narrower than "*".
        iam.PolicyStatement(actions=["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources=["*"]),
    ]
    role = iam.Role(scope, f"{logical_id}Role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                    description=f"{name}: {spec.why or handler}",
                    inline_policies={"access": iam.PolicyDocument(statements=base + statements)})
    resource = app.get_resource(logical_id)
    resource.add_property_override("FunctionName", name)
    resource.add_property_override("Runtime", LAMBDA_RUNTIME)
    resource.add_property_override("MemorySize", spec.memory_mb)
    resource.add_property_override("Timeout", spec.timeout_s)
    resource.add_property_override("Role", role.role_arn)
    resource.add_resource_dependency(log_group.node.default_child)
    suppressions.skip(resource, suppressions.FUNCTION)
    wired = ServiceFunction(service, handler, logical_id, name, spec, resource, app.get_function(logical_id), role)
    for event_name, event in (props.get("Events") or {}).items():
        kind = event["Type"]
        if kind == "Schedule":
            wired.schedules.append(event["Properties"]["Schedule"])
        elif kind == "DynamoDB":
            # Chalice's placeholder stream ARN (EVENTREG_STREAM_ARN) must not become a mapping.
            resource.add_property_deletion_override(f"Events.{event_name}")
            wired.streams.append(event["Properties"])
        elif kind == "SQS":
            # Chalice names the queue; infra/ makes it (with its dead-letter queue) and wires the mapping.
            resource.add_property_deletion_override(f"Events.{event_name}")
            wired.queues.append(event["Properties"])
        elif kind == "SNS":
            resource.add_property_deletion_override(f"Events.{event_name}")
            wired.topics.append(json.dumps(event["Properties"]["Topic"]))
        else:
            raise ValueError(f"{service}.{handler}: Chalice event source {kind} is not wired by infra/")
    if wired.schedules:
        # A scheduled job is a singleton: two runs at once (a slow run overtaken by the next) would do
        # the same work twice. An invocation refused meanwhile is retried by Lambda (asynchronous).
        resource.add_property_override("ReservedConcurrentExecutions", SINGLETON_CONCURRENCY)
    else:
        suppressions.skip(resource, suppressions.UNRESERVED)
    return wired


def needs(wired: ServiceFunction, grant: Grant) -> bool:
    return grant in wired.spec.grants


def set_environment(wired: ServiceFunction, variables: dict[str, str]) -> None:
    for key, value in variables.items():
        wired.resource.add_property_override(f"Environment.Variables.{key}", value)
