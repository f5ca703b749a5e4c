"""The CDK app: one stack per stage (eventreg-dev, eventreg-prod); `-c stage=dev` synthesizes only one.

The services are read from build/apps/<service>, staged by tools/package_service.py (`make synth` and
`make deploy` run it first).
"""

from __future__ import annotations

import sys
from pathlib import Path

import aws_cdk as cdk

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eventreg_infra.app import build_app  # noqa: E402

if __name__ == "__main__":
    app = cdk.App()
    build_app(app, ROOT / "build" / "apps")
    app.synth()
