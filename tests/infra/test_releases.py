"""Safe releases and the alarms around them (issue 13): the account-wide API Gateway setting made once,
singleton schedules, aliases with gradual deployment rolled back on alarms, SnapStart on the registration API's
versions in prod, and what invokes the alias."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from infra_support import Synth, function_id

STAGES = ("dev", "prod")


def resources(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def functions(synth: Synth, stage: str) -> dict[str, dict[str, Any]]:
    """Logical ID -> properties of every Chalice function."""
    return {k: v["Properties"] for k, v in resources(synth.raw(stage), "AWS::Serverless::Function").items()}


def account_template(synth: Synth) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((synth.assembly / "eventreg-account.template.json").read_text())
    return loaded


def test_the_api_gateway_account_setting_is_made_once_outside_the_stages(synth: Synth) -> None:
    for stage in STAGES:
        assert not resources(synth.raw(stage), "AWS::ApiGateway::Account")
        assert not any(r["Properties"].get("AssumeRolePolicyDocument", {}).get("Statement", [{}])[0]
                       .get("Principal") == {"Service": "apigateway.amazonaws.com"}
                       for r in resources(synth.raw(stage), "AWS::IAM::Role").values())
        # Deploying a stage deploys (or keeps) the account stack first; destroying it leaves it alone.
        assert "eventreg-account" in [d.stack_name for d in synth.stacks[stage].dependencies]
    account = account_template(synth)
    (setting,) = resources(account, "AWS::ApiGateway::Account").values()
    role_id = setting["Properties"]["CloudWatchRoleArn"]["Fn::GetAtt"][0]
    role = account["Resources"][role_id]["Properties"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "apigateway.amazonaws.com"}
    assert "AmazonAPIGatewayPushToCloudWatchLogs" in json.dumps(role["ManagedPolicyArns"])


@pytest.mark.parametrize("stage", STAGES)
def test_scheduled_jobs_are_singletons(synth: Synth, stage: str) -> None:
    scheduled = {p["Handler"].removeprefix("app.") for p in functions(synth, stage).values()
                 if any(e["Type"] == "Schedule" for e in (p.get("Events") or {}).values())}
    assert scheduled == {"close_registrations", "send_event_reminders", "anonymise_expired_events"}
    for props in functions(synth, stage).values():
        expected = 1 if props["Handler"].removeprefix("app.") in scheduled else None
        assert props.get("ReservedConcurrentExecutions") == expected, props["FunctionName"]


@pytest.mark.parametrize("stage", STAGES)
def test_api_and_stream_functions_deploy_gradually_and_roll_back_on_their_alarms(synth: Synth, stage: str) -> None:
    template = synth.raw(stage)
    alarms = resources(template, "AWS::CloudWatch::Alarm")
    streamed = {function_id(m["Properties"]["FunctionName"])
                for m in resources(template, "AWS::Lambda::EventSourceMapping").values()
                if "StreamArn" in json.dumps(m["Properties"]["EventSourceArn"])}
    released = {k for k, p in functions(synth, stage).items() if p["Handler"] == "app.app"} | streamed
    assert len(released) == 4  # two APIs, two stream consumers
    for logical_id, props in functions(synth, stage).items():
        if logical_id not in released:
            assert "AutoPublishAlias" not in props and "DeploymentPreference" not in props
            continue
        assert props["AutoPublishAlias"] == "live"
        preference = props["DeploymentPreference"]
        assert preference["Type"] == "Canary10Percent5Minutes"
        watched = [alarms[a["Ref"]]["Properties"] for a in preference["Alarms"]]
        # The function's own errors, and for an API its 5xx answers.
        assert {"MetricName": "Errors", "Dimensions": [{"Name": "FunctionName", "Value": props["FunctionName"]}]
                }.items() <= watched[0].items()
        if props["Handler"] == "app.app":
            assert [a["MetricName"] for a in watched] == ["Errors", "5XXError"]
        else:
            assert len(watched) == 1


@pytest.mark.parametrize("stage", STAGES)
def test_what_invokes_a_released_function_targets_its_alias(synth: Synth, stage: str) -> None:
    template = synth.raw(stage)
    apis = {k: p for k, p in functions(synth, stage).items() if p["Handler"] == "app.app"}
    for logical_id in apis:
        (permission,) = [p["Properties"] for p in resources(template, "AWS::Lambda::Permission").values()
                         if p["Properties"]["Principal"] == "apigateway.amazonaws.com"
                         and function_id(p["Properties"]["FunctionName"]) == logical_id]
        assert permission["FunctionName"] == {"Ref": f"{logical_id}.Alias"}
    for api in resources(template, "AWS::Serverless::Api").values():
        uris = re.findall(r"functions/(\$\{[^}]+\})/invocations", json.dumps(api["Properties"]["DefinitionBody"]))
        assert uris, "the API has integrations"
        # SAM names the alias it creates <function>Alias<name>.
        assert {uri.removeprefix("${").removesuffix("Aliaslive}") for uri in uris} <= apis.keys()
        assert all(uri.endswith("Aliaslive}") for uri in uris)
    streams = [m["Properties"] for m in resources(template, "AWS::Lambda::EventSourceMapping").values()
               if "StreamArn" in json.dumps(m["Properties"]["EventSourceArn"])]
    assert len(streams) == 2
    assert all(set(m["FunctionName"]) == {"Ref"} and m["FunctionName"]["Ref"].endswith(".Alias") for m in streams)


@pytest.mark.parametrize("stage", STAGES)
def test_stream_table_and_mail_reputation_alarms(synth: Synth, stage: str) -> None:
    template = synth.raw(stage)
    alarms = [a["Properties"] for a in resources(template, "AWS::CloudWatch::Alarm").values()]
    by_metric: dict[str, list[dict[str, Any]]] = {}
    for alarm in alarms:
        by_metric.setdefault(alarm["MetricName"], []).append(alarm)
    stream_functions = {functions(synth, stage)[function_id(m["Properties"]["FunctionName"])]["FunctionName"]
                        for m in resources(template, "AWS::Lambda::EventSourceMapping").values()
                        if "StreamArn" in json.dumps(m["Properties"]["EventSourceArn"])}
    ages = by_metric["IteratorAge"]
    assert {a["Dimensions"][0]["Value"] for a in ages} == stream_functions
    assert all(a["Statistic"] == "Maximum" and a["Threshold"] == 300_000 for a in ages)
    (table_id,) = resources(template, "AWS::DynamoDB::Table")
    for metric in ("ReadThrottleEvents", "WriteThrottleEvents"):
        (throttled,) = by_metric[metric]
        assert throttled["Namespace"] == "AWS/DynamoDB" and throttled["Threshold"] == 1
        assert throttled["Dimensions"] == [{"Name": "TableName", "Value": {"Ref": table_id}}]
    for metric, threshold in (("Reputation.BounceRate", 0.04), ("Reputation.ComplaintRate", 0.0008)):
        (rate,) = by_metric[metric]
        assert rate["Namespace"] == "AWS/SES" and rate["Threshold"] == threshold
        assert rate["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"


@pytest.mark.parametrize("stage", STAGES)
def test_the_registration_api_starts_from_a_snapstart_snapshot_in_prod(synth: Synth, stage: str) -> None:
    """Its published versions (what the alias invokes) are restored from a snapshot taken at publish, after the app's
    before-snapshot hook (eventreg.entrypoints.snapshot); no other function pays for SnapStart's cache, nor dev."""
    snapped = {p["Handler"] for p in functions(synth, stage).values() if "SnapStart" in p}
    for props in functions(synth, stage).values():
        if "SnapStart" not in props:
            continue
        assert "registration" in props["FunctionName"] and props["Handler"] == "app.app", props["FunctionName"]
        assert props["SnapStart"] == {"ApplyOn": "PublishedVersions"} and props["AutoPublishAlias"] == "live"
        # SnapStart's conditions: a Python runtime from 3.12, no provisioned concurrency, ≤ 512 MB ephemeral storage.
        assert props["Runtime"] in ("python3.12", "python3.13")
        assert "ProvisionedConcurrencyConfig" not in props
        assert props.get("EphemeralStorage", {"Size": 512})["Size"] <= 512
    assert snapped == ({"app.app"} if stage == "prod" else set())
