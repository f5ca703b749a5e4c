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


def function_id(reference: dict[str, Any]) -> str:
    """The function's logical ID in what names a function: its ARN (Fn::GetAtt) or its `live` alias
    (`Ref: Function.Alias`, resolved by SAM)."""
    if "Ref" in reference:
        return str(reference["Ref"]).removesuffix(".Alias")
    return str(reference["Fn::GetAtt"][0])
