"""Build the CDK app's stacks (shared by infra/main.py and tests/infra)."""

from __future__ import annotations

from pathlib import Path

import aws_cdk as cdk

from eventreg_infra.account import AccountStack
from eventreg_infra.stack import EventregStack
from eventreg_infra.stage import STAGES


def build_app(app: cdk.App, apps_dir: Path) -> dict[str, EventregStack]:
    missing = [s for s in ("registration", "notifications", "reports") if not (apps_dir / s / "app.py").exists()]
    if missing:
        raise SystemExit(f"not staged: {', '.join(missing)} (run: python tools/package_service.py)")
    chosen = app.node.try_get_context("stage")
    stages = [chosen] if chosen else list(STAGES)
    # Account-wide settings live in their own stack; `cdk deploy eventreg-<stage>` deploys it first.
    account = AccountStack(app, description="eventreg: account-wide settings shared by every stage")
    stacks = {stage: EventregStack(app, f"eventreg-{stage}", stage=stage, apps_dir=apps_dir,
                                   description=f"eventreg {stage}: event registration (issue #6 infra)")
              for stage in stages}
    for stack in stacks.values():
        stack.add_stack_dependency(account, "API Gateway's account CloudWatch role must exist before access logging")
    return stacks
