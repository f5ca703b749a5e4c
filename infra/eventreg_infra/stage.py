"""The deployment stages (dev, prod) and the settings an operator passes as CDK context (-c key=value)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_logs as logs

STAGES = ("dev", "prod")


@dataclass(frozen=True)
class StageConfig:
    name: str
    # prod keeps its data when the stack goes (RETAIN) and refuses to delete the table.
    removal_policy: RemovalPolicy
    deletion_protection: bool
    log_retention: logs.RetentionDays
    # Stage-wide API Gateway throttling (steady requests/s and burst), per REST API.
    throttle_rate: float
    throttle_burst: int
    exports_expire_after: Duration
    # From context: the SES sending identity (an address or a domain) and the From address.
    mail_from: str
    ses_identity: str
    # Overrides the public origin's URL given to the functions (an operator's own CDN or proxy in front);
    # default: the custom domain, else the CloudFront distribution (eventreg_infra.origin).
    public_url: str
    alarm_email: str
    # Cognito's managed login lives at https://<prefix>.auth.<region>.amazoncognito.com; the prefix must be
    # unique in the region. Default: eventreg-<stage>-<account id>.
    login_domain_prefix: str = ""
    # Days between rotations of the link and session keys (eventreg_infra.keys): also the grace period in which
    # the previous key is still accepted.
    key_rotation_days: int = 90
    # Lambda SnapStart on the registration API's published versions (eventreg_infra.releases): on in prod, where a
    # registration opening brings many environments up at once; its cache is paid per published version.
    snap_start: bool = False

    @property
    def is_prod(self) -> bool:
        return self.name == "prod"


def _context(get: Any, key: str, stage: str, default: str = "") -> str:
    """`-c prod.mail_from=…` for one stage, else `-c mail_from=…` for all."""
    value = get(f"{stage}.{key}") or get(key)
    return str(value) if value else default


def stage_config(name: str, get: Any, region: str) -> StageConfig:
    """`get` is a construct's node.try_get_context."""
    if name not in STAGES:
        raise ValueError(f"unknown stage {name!r}: one of {', '.join(STAGES)}")
    prod = name == "prod"
    mail_from = _context(get, "mail_from", name, "events@eventreg.example.eu")
    return StageConfig(
        name=name,
        removal_policy=RemovalPolicy.RETAIN if prod else RemovalPolicy.DESTROY,
        deletion_protection=prod,
        log_retention=logs.RetentionDays.ONE_YEAR if prod else logs.RetentionDays.ONE_MONTH,
        throttle_rate=200 if prod else 20,
        throttle_burst=400 if prod else 40,
        exports_expire_after=Duration.days(7),
        mail_from=mail_from,
        ses_identity=_context(get, "ses_identity", name, mail_from.rpartition("<")[2].rstrip(">").strip()),
        public_url=_context(get, "public_url", name),
        alarm_email=_context(get, "alarm_email", name),
        login_domain_prefix=_context(get, "login_domain_prefix", name),
        key_rotation_days=int(_context(get, "key_rotation_days", name, "90")),
        snap_start=_context(get, "snap_start", name, "true" if prod else "false").lower() in ("1", "true", "yes"),
    )
