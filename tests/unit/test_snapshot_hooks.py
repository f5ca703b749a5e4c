"""SnapStart's hooks (eventreg.entrypoints.snapshot): each app registers one before-snapshot hook that, run as Lambda
runs it at publish, builds every model, compiles every template, reads every offered language and loads the
clients' service models, all without touching the network; and one after-restore hook that reseeds `random`.
Each app runs in a fresh interpreter, as Lambda initialises it, through the same snapshot_restore_py registry the
Lambda runtime reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eventreg.domain.types import LANGUAGES

SERVICES = Path(__file__).resolve().parents[2] / "services"
NAMES = ("registration", "notifications", "reports")

PROBE = r"""
import json, random, socket, sys
import snapshot_restore_py as hooks
import app

before, after = hooks._before_snapshot_registry, hooks._after_restore_registry


def no_network(*args, **kwargs):
    raise AssertionError(f"a before-snapshot hook opened a connection: {args[1:]}")


socket.socket.connect = no_network  # what a snapshot must not hold: a connection (or a credential fetched over one)
socket.create_connection = no_network
warmed = [func(*args, **kwargs) for func, args, kwargs in before]

from eventreg.domain.base_model import DomainModel
from eventreg.locale.catalog import translations
from eventreg.templates import environment

def family(cls):
    return [cls] + [d for sub in cls.__subclasses__() for d in family(sub)]

unbuilt = [m.__qualname__ for m in family(DomainModel)[1:] if not m.__pydantic_complete__]
state = random.getstate()
for func, args, kwargs in after:
    func(*args, **kwargs)
print(json.dumps({"hooks": [len(before), len(after)], "warmed": warmed, "unbuilt": unbuilt,
                  "templates": len(environment().cache), "shipped": len(environment().list_templates()),
                  "catalogs": translations.cache_info().currsize, "reseeded": random.getstate() != state,
                  "modules": sorted(sys.modules)}))
"""


@pytest.fixture(scope="module")
def snapshots() -> dict[str, dict[str, object]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "EVENTREG_"))} | {
        "AWS_DEFAULT_REGION": "eu-west-1", "LAMBDA_TASK_ROOT": "/var/task", "AWS_EC2_METADATA_DISABLED": "true"}
    probes = {name: subprocess.Popen([sys.executable, "-c", PROBE], cwd=SERVICES / name, env=env, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE) for name in NAMES}
    found = {}
    for name, probe in probes.items():
        out, err = probe.communicate(timeout=180)
        assert probe.returncode == 0, f"{name}: {err[-3000:]}"
        found[name] = json.loads(out.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize("service", NAMES)
def test_the_before_snapshot_hook_leaves_nothing_for_the_first_request(
        service: str, snapshots: dict[str, dict[str, object]]) -> None:
    seen = snapshots[service]
    assert seen["hooks"] == [1, 1], f"{service}: {seen['hooks']} hooks registered (before, after)"
    [warmed] = seen["warmed"]  # type: ignore[misc]
    assert warmed["models"] >= 10 and seen["unbuilt"] == [], f"{service}: {seen['unbuilt']} not built"
    assert warmed["templates"] == seen["shipped"] == seen["templates"] > 50, service  # every one compiled, kept
    assert warmed["languages"] == seen["catalogs"] == len(LANGUAGES), service
    assert warmed["clients"] >= 3 and warmed["modules"] >= 3, f"{service}: {warmed}"
    assert "aws_xray_sdk.core" in seen["modules"] and "jinja2" in seen["modules"], service  # type: ignore[operator]


@pytest.mark.parametrize("service", NAMES)
def test_the_after_restore_hook_reseeds_the_retry_jitter(service: str, snapshots: dict[str, dict[str, object]]) -> None:
    """Environments resumed from one snapshot share its `random` state: without a reseed they would all draw the
    same backoff delays (eventreg.retry) and retry in step."""
    assert snapshots[service]["reseeded"] is True, service


def test_without_the_runtime_library_nothing_is_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Off Lambda (snapshot_restore_py absent) `register` says so and the first requests do the work as before."""
    from eventreg.entrypoints import snapshot

    monkeypatch.setitem(sys.modules, "snapshot_restore_py", None)  # import fails as if not installed
    assert snapshot.register(modules=("json",), clients=("dynamodb",)) is False
