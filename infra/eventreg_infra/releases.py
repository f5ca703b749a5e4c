"""Safe releases: the API and stream functions publish a version per deployment behind the alias `live`
and shift traffic to it gradually with CodeDeploy, rolled back when one of their alarms fires. In prod the
registration API's versions start from a SnapStart snapshot taken at publish.

SAM does the work (AutoPublishAlias + DeploymentPreference on the AWS::Serverless::Function Chalice
generates): it creates the version, the alias, the CodeDeploy application, deployment group and role.
What invokes a function must then name the alias, not the function: the REST API's integrations and
invoke permission, and the stream's event source mappings (`alias_arn`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from aws_cdk import Fn, Stack
from aws_cdk import aws_cloudwatch as cloudwatch

from eventreg_infra.permissions import API
from eventreg_infra.services import ChaliceService, ServiceFunction

ALIAS = "live"
# 10% of invocations go to the new version for 5 minutes (one alarm period), then all of them.
DEPLOYMENT = "Canary10Percent5Minutes"
# SnapStart: Lambda initialises a published version once, when it is published, and resumes new environments from a
# snapshot of it; the app's before-snapshot hook loads what the first requests would (eventreg.entrypoints.snapshot).
# It needs published versions (the alias invokes them), no provisioned concurrency and at most 512 MB of ephemeral
# storage (the default). A Python function pays for each version's cached snapshot (per GB-second, while the version
# is active) and for each restore (infra/README.md, costs): so only where visitors wait on a cold start, the public
# registration API; the other apps register the same hooks, so switching one on here is all it takes.
SNAPSTART = "PublishedVersions"
SNAPSTARTED = {("registration", API)}


def released(wired: ServiceFunction) -> bool:
    """The functions released gradually: the APIs and the stream consumers (the singleton schedules run
    once a minute at most, so a canary of them would mean nothing)."""
    return wired.handler == API or bool(wired.streams)


def logical_id(wired: ServiceFunction) -> str:
    """The function's logical ID in the synthesized template (Chalice's, renamed by the construct)."""
    return str(Stack.of(wired.resource).resolve(wired.resource.logical_id))


def alias_arn(wired: ServiceFunction) -> str:
    """`!Ref Function.Alias`: SAM resolves it to the `live` alias's ARN."""
    return Fn.ref(f"{logical_id(wired)}.Alias")


def publish(wired: ServiceFunction, rollback_alarms: Iterable[cloudwatch.IAlarm], snap_start: bool = False) -> None:
    wired.resource.add_property_override("AutoPublishAlias", ALIAS)
    if snap_start and (wired.service, wired.handler) in SNAPSTARTED:
        wired.resource.add_property_override("SnapStart", {"ApplyOn": SNAPSTART})
    wired.resource.add_property_override("DeploymentPreference", {
        "Type": DEPLOYMENT, "Alarms": [alarm.alarm_name for alarm in rollback_alarms]})


def route_api_to_alias(app: ChaliceService, wired: ServiceFunction) -> None:
    """Point every integration of Chalice's REST API, and its invoke permission, at the alias. Inside the
    API's body the alias is named by the logical ID SAM gives it (<function>Alias<name>): SAM (and cfn-lint)
    do not resolve `${Function.Alias}` there."""
    api = app.get_resource("RestAPI")
    uri = {"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
                      "${" + logical_id(wired) + "Alias" + ALIAS + "}/invocations"}
    paths: dict[str, dict[str, Any]] = app.template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    for path, methods in paths.items():
        for method, operation in methods.items():
            if isinstance(operation, dict) and "uri" in operation.get("x-amazon-apigateway-integration", {}):
                # add_property_override splits on dots; a path's own dots are escaped.
                key = path.replace(".", "\\.")
                api.add_property_override(
                    f"DefinitionBody.paths.{key}.{method}.x-amazon-apigateway-integration.uri", uri)
    permission = app.get_resource(f"{wired.logical_id}InvokePermission")
    permission.add_property_override("FunctionName", alias_arn(wired))
