"""What tests/infra share: the synthesized app."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Synth:
    assembly: Path  # the cloud assembly directory (templates and asset zips)
    stacks: dict[str, Any]  # stage -> EventregStack
    templates: dict[str, Any]  # stage -> aws_cdk.assertions.Template

    def raw(self, stage: str) -> dict[str, Any]:
        return json.loads((self.assembly / f"eventreg-{stage}.template.json").read_text())
