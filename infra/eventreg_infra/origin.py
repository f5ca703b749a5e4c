"""One public origin per stage: registration at /, reports at /reports, the paths the local stack serves.

With context domain_name + certificate_arn (ACM, this region): an API Gateway custom domain whose base-path
mappings mount the two REST APIs. Otherwise a CloudFront distribution in front of both APIs does the same by
path (infra/docs/origin.md says why CloudFront). Either way the origin's URL goes into an SSM parameter that
the functions read at run time (eventreg.adapters.origin): its name is a plain string in their environment,
because the distribution depends on the APIs, which depend on the functions - their environment cannot hold
the distribution's domain (a cycle CloudFormation refuses).
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import CfnOutput, CfnResource, Fn, Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_ssm as ssm

from eventreg.urls import REPORTS_PREFIX
from eventreg_infra import suppressions
from eventreg_infra.services import API_STAGE
from eventreg_infra.stage import StageConfig

# The reports API's routes know nothing of /reports: strip it, as the custom domain's base-path mapping and the
# local gateway (devstack.gateway.Router) do - "/reports" and "/reports/…" only, never "/reportsfoo". The host
# the browser asked for goes on as X-Forwarded-Host: API Gateway must get its own Host, and the apps build
# their links and the sign-in callback on the public host (eventreg.http.base_path, request_host).
VIEWER_REQUEST = """function handler(event) {
  var request = event.request;
  var prefix = 'REPORTS_PREFIX';
  if (request.uri === prefix || request.uri.indexOf(prefix + '/') === 0) {
    request.uri = request.uri.substring(prefix.length) || '/';
  }
  request.headers['x-forwarded-host'] = { value: request.headers.host.value };
  return request;
}
""".replace("REPORTS_PREFIX", REPORTS_PREFIX)


@dataclass(frozen=True)
class PublicOrigin:
    url: str  # https://… without a trailing slash (a token when it is the distribution's domain)
    parameter: ssm.StringParameter
    distribution: cloudfront.Distribution | None


def parameter_name(stage: str) -> str:
    return f"/eventreg/{stage}/public-url"


def parameter_arn(stage: str) -> str:
    """The parameter's ARN from its name alone (no reference to the parameter: no dependency)."""
    return Fn.sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter" + parameter_name(stage))


def public_origin(scope: Stack, config: StageConfig, apis: dict[str, CfnResource]) -> PublicOrigin:
    """`apis`: the REST APIs (Chalice's RestAPI resources) of the registration and reports services."""
    distribution = None
    if domain := custom_domain(scope, config, apis):
        url = f"https://{domain}"
    else:
        distribution = _distribution(scope, config, apis)
        url = "https://" + distribution.distribution_domain_name
    # -c public_url=… still wins: something of the operator's own in front (a CDN, a proxy) names the origin.
    url = config.public_url or url
    parameter = ssm.StringParameter(
        scope, "PublicUrlParameter", parameter_name=parameter_name(config.name), string_value=url,
        description=f"eventreg {config.name}: the public origin of every link (registration at /, reports at "
                    f"{REPORTS_PREFIX})")
    CfnOutput(scope, "PublicUrl", value=url, description="where attendees and organisers reach the services")
    return PublicOrigin(url, parameter, distribution)


def custom_domain(scope: Stack, config: StageConfig, apis: dict[str, CfnResource]) -> str:
    """With context domain_name + certificate_arn (ACM, this region): registration at the domain's root and
    reports under /reports; returns the domain, else ""."""
    get = scope.node.try_get_context
    domain = get(f"{config.name}.domain_name") or get("domain_name")
    certificate = get(f"{config.name}.certificate_arn") or get("certificate_arn")
    if not domain or not certificate:
        return ""
    name = apigateway.CfnDomainName(
        scope, "Domain", domain_name=domain, regional_certificate_arn=certificate,
        endpoint_configuration=apigateway.CfnDomainName.EndpointConfigurationProperty(types=["REGIONAL"]),
        security_policy="TLS_1_2")
    for service, base_path in (("registration", None), ("reports", REPORTS_PREFIX.strip("/"))):
        api = apis[service]
        mapping = apigateway.CfnBasePathMapping(scope, f"{service.capitalize()}Mapping", domain_name=domain,
                                                rest_api_id=api.ref, stage=API_STAGE, base_path=base_path)
        mapping.add_dependency(name)
        # SAM names the stage it creates <Api logical id><stage>Stage; the mapping needs it to exist.
        mapping.add_override("DependsOn", [scope.resolve(scope.get_logical_id(api)) + API_STAGE + "Stage",
                                           scope.resolve(scope.get_logical_id(name))])
    CfnOutput(scope, "DomainTarget", value=name.attr_regional_domain_name,
              description="point the domain's DNS (CNAME/alias) here")
    return str(domain)


def _distribution(scope: Stack, config: StageConfig, apis: dict[str, CfnResource]) -> cloudfront.Distribution:
    """CloudFront in front of both REST APIs: nothing cached (the answers are live and per caller), every
    method, HTTPS only; the apps' own security headers pass unchanged (no response headers policy)."""
    paths = cloudfront.Function(
        scope, "OriginPaths", runtime=cloudfront.FunctionRuntime.JS_2_0,
        code=cloudfront.FunctionCode.from_inline(VIEWER_REQUEST),
        comment=f"eventreg {config.name}: {REPORTS_PREFIX} to the reports API; the public host for the apps")

    def behaviour(service: str) -> cloudfront.BehaviorOptions:
        api_host = Fn.sub("${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}", {"Api": apis[service].ref})
        return cloudfront.BehaviorOptions(
            origin=origins.HttpOrigin(api_host, origin_path=f"/{API_STAGE}",
                                      protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
                                      origin_ssl_protocols=[cloudfront.OriginSslPolicy.TLS_V1_2]),
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
            cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
            # Every viewer header but Host (API Gateway answers 403 to a Host not its own), every cookie and query
            # string. A policy listing headers cannot forward Authorization (CloudFront refuses it outside the
            # cache key); this managed one can, because nothing is cached.
            origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
            function_associations=[cloudfront.FunctionAssociation(
                function=paths, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST)],
            compress=False)

    reports = behaviour("reports")
    distribution = cloudfront.Distribution(
        scope, "Origin", comment=f"eventreg {config.name}: registration at /, reports at {REPORTS_PREFIX}",
        default_behavior=behaviour("registration"),
        additional_behaviors={REPORTS_PREFIX: reports, f"{REPORTS_PREFIX}/*": reports},
        # Europe and North America's edges: the attendees are European, and the class is the cheapest.
        price_class=cloudfront.PriceClass.PRICE_CLASS_100,
        http_version=cloudfront.HttpVersion.HTTP2_AND_3, enable_ipv6=True)
    suppressions.skip(distribution.node.default_child, suppressions.DISTRIBUTION)
    return distribution
