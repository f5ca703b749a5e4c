"""One public origin per stage (issue #13): CloudFront in front of both APIs without a custom domain, the API
Gateway domain with one; its URL in an SSM parameter that every function reads by name."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest
from infra_support import Synth
from test_stack import STAGES, functions, resources, role_statements

from devstack.gateway import Mount, Router

pytest.importorskip("aws_cdk")

# AWS's managed policies (their ids are fixed): nothing cached; every viewer header but Host, cookies, queries.
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
ALL_METHODS = {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"}


def the_distribution(synth: Synth, stage: str) -> tuple[str, dict[str, Any]]:
    ((logical_id, resource),) = resources(synth, stage, "AWS::CloudFront::Distribution").items()
    return logical_id, resource["Properties"]["DistributionConfig"]


def api_id(synth: Synth, stage: str, service: str) -> str:
    (found,) = [k for k, v in resources(synth, stage, "AWS::Serverless::Api").items()
                if v["Properties"]["Name"] == f"eventreg-{stage}-{service}"]
    return found


def parameter(synth: Synth, stage: str, name: str) -> dict[str, Any]:
    (found,) = [v["Properties"] for v in resources(synth, stage, "AWS::SSM::Parameter").values()
                if v["Properties"]["Name"] == name]
    return found


@pytest.mark.parametrize("stage", STAGES)
def test_without_a_domain_cloudfront_routes_reports_and_registration_uncached(synth: Synth, stage: str) -> None:
    assert resources(synth, stage, "AWS::ApiGateway::DomainName") == {}
    _, config = the_distribution(synth, stage)
    origins = {o["Id"]: o for o in config["Origins"]}
    assert len(origins) == 2

    def api_of(behaviour: dict[str, Any]) -> str:
        origin = origins[behaviour["TargetOriginId"]]
        assert origin["OriginPath"] == "/api"  # the REST API's stage, as the custom domain's mappings name it
        assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
        assert origin["CustomOriginConfig"]["OriginSSLProtocols"] == ["TLSv1.2"]
        sub = origin["DomainName"]["Fn::Sub"]
        assert sub[0] == "${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}"
        return str(sub[1]["Api"]["Ref"])

    behaviours = {b["PathPattern"]: b for b in config["CacheBehaviors"]}
    assert set(behaviours) == {"/reports", "/reports/*"}
    assert api_of(config["DefaultCacheBehavior"]) == api_id(synth, stage, "registration")
    assert {api_of(b) for b in behaviours.values()} == {api_id(synth, stage, "reports")}
    for behaviour in [config["DefaultCacheBehavior"], *behaviours.values()]:
        assert behaviour["ViewerProtocolPolicy"] == "https-only"
        assert set(behaviour["AllowedMethods"]) == ALL_METHODS
        assert behaviour["CachePolicyId"] == CACHING_DISABLED
        assert behaviour["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST
        assert "ResponseHeadersPolicyId" not in behaviour  # the apps' own security headers pass unchanged
        (association,) = behaviour["FunctionAssociations"]
        assert association["EventType"] == "viewer-request"
    assert config["Enabled"] is True and config["HttpVersion"] == "http2and3"


@pytest.mark.parametrize("stage", STAGES)
def test_the_parameter_holds_the_distributions_url_and_cognito_redirects_there(synth: Synth, stage: str) -> None:
    distribution_id, _ = the_distribution(synth, stage)
    url = {"Fn::Join": ["", ["https://", {"Fn::GetAtt": [distribution_id, "DomainName"]}]]}
    assert parameter(synth, stage, f"/eventreg/{stage}/public-url")["Value"] == url
    ((_, client),) = resources(synth, stage, "AWS::Cognito::UserPoolClient").items()
    origin = {"Fn::GetAtt": [distribution_id, "DomainName"]}
    assert client["Properties"]["CallbackURLs"] == [
        {"Fn::Join": ["", ["https://", origin, "/organiser/sign-in/callback"]]}]
    assert client["Properties"]["LogoutURLs"] == [{"Fn::Join": ["", ["https://", origin, "/organiser/signed-out"]]}]


@pytest.mark.parametrize("stage", STAGES)
def test_every_function_reads_the_public_url_by_name_and_holds_no_url_of_its_own(synth: Synth, stage: str) -> None:
    distribution_id, _ = the_distribution(synth, stage)
    found = functions(synth, stage)
    assert len(found) >= 9
    for (service, handler), function in found.items():
        variables = function["Environment"]["Variables"]
        reads = [s for s in role_statements(synth, stage, function) if "ssm:GetParameter" in s["Action"]
                 and f":parameter/eventreg/{stage}/public-url" in json.dumps(s["Resource"])]
        if (service, handler) == ("notifications", "rotate_key"):  # writes no link: neither the name nor the right
            assert "EVENTREG_PUBLIC_URL_PARAMETER" not in variables and reads == []
            continue
        assert variables["EVENTREG_PUBLIC_URL_PARAMETER"] == f"/eventreg/{stage}/public-url", (service, handler)
        assert "EVENTREG_PUBLIC_URL" not in variables
        written = json.dumps(variables)
        assert "127.0.0.1" not in written and "execute-api" not in written and distribution_id not in written
        (read,) = reads
        assert read["Action"] == "ssm:GetParameter" and read["Effect"] == "Allow"  # that one parameter, read only


def _viewer_request_code(synth: Synth, stage: str) -> str:
    ((_, function),) = resources(synth, stage, "AWS::CloudFront::Function").items()
    assert function["Properties"]["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    return str(function["Properties"]["FunctionCode"])


@pytest.mark.skipif(shutil.which("node") is None, reason="node runs the CloudFront function's JavaScript")
def test_the_viewer_request_function_mounts_reports_as_the_local_gateway_does(synth: Synth) -> None:
    paths = ["/", "/events/e1/register", "/reports", "/reports/", "/reports/events/e1/attendees.csv",
             "/reportsfoo", "/organiser/reports"]
    script = _viewer_request_code(synth, "dev") + """
var out = PATHS.map(function (uri) {
  var request = handler({request: {uri: uri, querystring: {lang: {value: 'fr'}},
                                   headers: {host: {value: 'd111.cloudfront.net'}}}});
  return [request.uri, request.headers['x-forwarded-host'].value, request.querystring.lang.value];
});
console.log(JSON.stringify(out));""".replace("PATHS", json.dumps(paths))
    ran = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    rewritten = json.loads(ran.stdout)
    # The local stack's router (devstack.gateway) mounts the reports app at /reports and strips it likewise.
    seen: list[tuple[str, str]] = []
    router = Router([Mount("", lambda m, p, h, b: seen.append(("registration", p)) or (200, {}, b"")),
                     Mount("/reports", lambda m, p, h, b: seen.append(("reports", p)) or (200, {}, b""))])
    for path in paths:
        router("GET", path, {}, None)
    assert [uri for uri, _, _ in rewritten] == [inner for _, inner in seen]
    assert [service for service, _ in seen] == ["registration", "registration", "reports", "reports", "reports",
                                                "registration", "registration"]
    assert {(host, lang) for _, host, lang in rewritten} == {("d111.cloudfront.net", "fr")}


def test_a_custom_domain_replaces_the_distribution() -> None:
    from aws_cdk import App, CfnResource, Stack
    from aws_cdk.assertions import Template
    from eventreg_infra.origin import public_origin
    from eventreg_infra.stage import stage_config

    app = App(context={"domain_name": "events.example.eu",
                       "certificate_arn": "arn:aws:acm:eu-west-1:123456789012:certificate/abc"})
    stack = Stack(app, "Origin")
    apis = {service: CfnResource(stack, service, type="AWS::ApiGateway::RestApi", properties={"Name": service})
            for service in ("registration", "reports")}
    made = public_origin(stack, stage_config("prod", stack.node.try_get_context, "eu-west-1"), apis)
    assert made.url == "https://events.example.eu" and made.distribution is None
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::CloudFront::Distribution", 0)
    template.has_resource_properties("AWS::ApiGateway::DomainName", {
        "DomainName": "events.example.eu", "SecurityPolicy": "TLS_1_2"})
    mappings = [r["Properties"] for r in template.find_resources("AWS::ApiGateway::BasePathMapping").values()]
    assert sorted((m.get("BasePath", ""), m["RestApiId"]["Ref"]) for m in mappings) == [
        ("", "registration"), ("reports", "reports")]
    template.has_resource_properties("AWS::SSM::Parameter", {
        "Name": "/eventreg/prod/public-url", "Value": "https://events.example.eu"})
