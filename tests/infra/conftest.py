"""Synthesize the CDK app once per test session, offline, from the services as tools/package_service.py
stages them (the first run fills build/wheelhouse from the package index; later runs need no network)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from infra_support import ROOT, Synth

sys.path.insert(0, str(ROOT / "infra"))
HERE = Path(__file__).parent

os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")

aws_cdk = pytest.importorskip("aws_cdk", reason="the infra extra is not installed: pip install -e '.[infra]'")
from aws_cdk.assertions import Template  # noqa: E402


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The first test to use `synth` pays for staging the bundles and synthesizing both stages (minutes on two
    shared cores, more when the bundles must be staged afresh): beyond the suite's 300 s per test. A timeout that
    cuts a synth short also leaves the jsii kernel mid-call, failing every later test, so give these room."""
    for item in items:
        if item.get_closest_marker("timeout") is None and item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.timeout(1200))


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synth]:
    subprocess.run([sys.executable, str(ROOT / "tools" / "package_service.py")], check=True, cwd=ROOT)
    from eventreg_infra.app import build_app

    work = tmp_path_factory.mktemp("cdk")
    before = Path.cwd()
    os.chdir(work)  # chalice.cdk writes its packages to ./chalice.out
    try:
        app = aws_cdk.App(outdir=str(work / "cdk.out"))
        stacks = build_app(app, ROOT / "build" / "apps")
        app.synth()
        yield Synth(work / "cdk.out", stacks, {s: Template.from_stack(stack) for s, stack in stacks.items()})
    finally:
        os.chdir(before)
