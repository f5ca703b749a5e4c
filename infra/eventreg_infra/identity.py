"""Who may sign in to the back-office: a Cognito user pool with Cognito's managed login.

Organisers, partners and privacy officers are invited by an administrator (no self sign-up). The back-office
is an authorization-code client with PKCE and no client secret: the code exchange happens on the server,
and PKCE binds each code to the browser session that asked for it, so there is no secret to hand to four
functions and rotate. Its callback and sign-out URLs are on the registration service's public origin.

The functions learn the pool and client from one SSM parameter (its name is a plain string in their
environment): the client's callback URL names the public origin (the CloudFront distribution in front of
the APIs when there is no custom domain), whose APIs' functions would otherwise depend on the client (a cycle
CloudFormation refuses).
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import Aws, Duration, Fn, Stack
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_ssm as ssm

from eventreg.domain.access import CHECKIN_STAFF
from eventreg_infra.stage import StageConfig

# Groups (the `cognito:groups` claim): organising is per event (stored on the event), these are roles.
GROUPS = {
    "organisers": "Organisers and partners: may create events and run the ones they organise",
    "privacy-officers": "May ask for the erasure of a person's data and follow its progress",
    CHECKIN_STAFF: "Staff at the door: may only check people in, at the events that list them",
}
CALLBACK_PATH = "/organiser/sign-in/callback"
SIGNED_OUT_PATH = "/organiser/signed-out"
SCOPES = (cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE)


@dataclass(frozen=True)
class Identity:
    user_pool: cognito.UserPool
    client: cognito.UserPoolClient
    domain: cognito.UserPoolDomain
    parameter: ssm.StringParameter

    @staticmethod
    def parameter_name(stage: str) -> str:
        return f"/eventreg/{stage}/identity"


def identity(scope: Stack, config: StageConfig, public_url: str) -> Identity:
    """The user pool, its groups, managed login and the back-office client, and the parameter that tells the
    functions about them. `public_url` is where the back-office is served (a token is fine)."""
    pool = cognito.UserPool(
        scope, "Organisers",
        user_pool_name=f"eventreg-{config.name}-organisers",
        self_sign_up_enabled=False,
        sign_in_aliases=cognito.SignInAliases(email=True),
        sign_in_case_sensitive=False,
        auto_verify=cognito.AutoVerifiedAttrs(email=True),
        standard_attributes=cognito.StandardAttributes(
            email=cognito.StandardAttribute(required=True, mutable=True),
            fullname=cognito.StandardAttribute(required=False, mutable=True)),
        # Optional, as the issue asks; TOTP apps only (SMS would need an SNS role and costs per message).
        mfa=cognito.Mfa.OPTIONAL,
        mfa_second_factor=cognito.MfaSecondFactor(sms=False, otp=True),
        password_policy=cognito.PasswordPolicy(min_length=12, require_symbols=False,
                                               temp_password_validity=Duration.days(7)),
        account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
        # Managed login (the newer hosted UI) is part of the Essentials plan.
        feature_plan=cognito.FeaturePlan.ESSENTIALS,
        deletion_protection=config.deletion_protection,
        removal_policy=config.removal_policy,
        user_invitation=cognito.UserInvitationConfig(
            email_subject="Your eventreg back-office account",
            email_body="You can now sign in to the eventreg back-office with {username} and the temporary "
                       "password {####}. You will choose your own password when you first sign in."),
    )
    for name, description in GROUPS.items():
        cognito.CfnUserPoolGroup(scope, f"Group{''.join(p.capitalize() for p in name.split('-'))}",
                                 user_pool_id=pool.user_pool_id, group_name=name, description=description)
    prefix = config.login_domain_prefix or Fn.join("-", ["eventreg", config.name, Aws.ACCOUNT_ID])
    domain = pool.add_domain("Login", cognito_domain=cognito.CognitoDomainOptions(domain_prefix=prefix),
                             managed_login_version=cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN)
    client = pool.add_client(
        "BackOffice",
        user_pool_client_name=f"eventreg-{config.name}-back-office",
        generate_secret=False,
        # admin_user_password: an operator with IAM rights (cognito-idp:AdminInitiateAuth) can get a test
        # organiser's ID token for `make smoke` without a browser; no browser or anonymous caller can use it.
        auth_flows=cognito.AuthFlow(user_srp=True, admin_user_password=True),
        o_auth=cognito.OAuthSettings(
            flows=cognito.OAuthFlows(authorization_code_grant=True),
            scopes=list(SCOPES),
            callback_urls=[public_url + CALLBACK_PATH],
            logout_urls=[public_url + SIGNED_OUT_PATH]),
        supported_identity_providers=[cognito.UserPoolClientIdentityProvider.COGNITO],
        prevent_user_existence_errors=True,
        enable_token_revocation=True,
        # A back-office session lasts a working day at most; its ID token is refreshed every hour.
        id_token_validity=Duration.hours(1),
        access_token_validity=Duration.hours(1),
        refresh_token_validity=Duration.hours(12),
    )
    # Managed login shows its pages for a client only once a branding exists (Cognito's own look here).
    cognito.CfnManagedLoginBranding(scope, "BackOfficeLogin", user_pool_id=pool.user_pool_id,
                                    client_id=client.user_pool_client_id, use_cognito_provided_values=True)
    issuer = pool.user_pool_provider_url
    parameter = ssm.StringParameter(
        scope, "IdentityParameter", parameter_name=Identity.parameter_name(config.name),
        description=f"eventreg {config.name}: the back-office's user pool and client (nothing secret)",
        string_value=Fn.to_json_string({
            "issuer": issuer,
            "jwks_url": Fn.join("", [issuer, "/.well-known/jwks.json"]),
            "client_id": client.user_pool_client_id,
            "login_url": domain.base_url(fips=False),
            "scopes": " ".join(s.scope_name for s in SCOPES),
        }))
    return Identity(pool, client, domain, parameter)


def parameter_arn(stage: str) -> str:
    """The parameter's ARN from its name alone (no reference to the parameter: no dependency)."""
    return Fn.sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter"
                  + Identity.parameter_name(stage))

