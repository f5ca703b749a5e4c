"""What AWS keeps once per account and region, in a stack of its own (eventreg-account) that both stages
depend on: destroying a stage never removes what the other stage uses."""

from __future__ import annotations

from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_iam as iam
from constructs import Construct

ACCOUNT_STACK = "eventreg-account"


class AccountStack(Stack):
    """API Gateway's CloudWatch role: one setting per account and region, which every REST API's access
    logging (both stages) needs before its stage can be created."""

    def __init__(self, scope: Construct, construct_id: str = ACCOUNT_STACK, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, **kwargs)
        role = iam.Role(self, "ApiGatewayLogsRole", assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"),
                        managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name(
                            "service-role/AmazonAPIGatewayPushToCloudWatchLogs")])
        apigateway.CfnAccount(self, "ApiGatewayAccount", cloud_watch_role_arn=role.role_arn)
