"""Cold start: importing a service's app, as Lambda does at init, loads none of the heavy libraries that only
some requests need (they are imported where first used). A deterministic guard on sys.modules in a fresh
interpreter; the timings themselves are bench/cold_start.py's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

SERVICES = Path(__file__).resolve().parents[2] / "services"

# Loaded on first use: tokens (PyJWT, python-rsa; cryptography is in no bundle and must not load here either),
# the address check (email_validator), the template engine (jinja2: the first page or mail rendered), the mail
# composer's calendar files (icalendar), the report files (openpyxl, fpdf2 with fontTools, python-docx with lxml,
# Pillow), Powertools' batch utility (stream handlers only), Powertools' parameters and the Secrets Manager key
# ring (the first link or session that needs a key; never locally), the key rotation (Secrets Manager's calls
# only), the X-Ray SDK (Powertools' Tracer is built on the first invocation).
EVERY_APP = ("jwt", "rsa", "cryptography", "icalendar", "openpyxl", "fpdf", "fontTools", "docx", "lxml", "PIL",
             "aws_lambda_powertools.utilities.batch", "aws_lambda_powertools.utilities.parameters",
             "eventreg.adapters.secrets", "eventreg.adapters.key_rotation", "aws_xray_sdk", "email_validator",
             "jinja2", "segno")
# Flows a service serves only on some events: mail composition, the stream flows, the jobs' flows (every app
# imports entrypoints.jobs for one of them), organisers' messages, the programme import, the API's description.
LAZY_FLOWS = ("eventreg.notify.letters", "eventreg.notify.send", "eventreg.notify.batch",
              "eventreg.report.stream", "eventreg.privacy.erasure_stream", "eventreg.adapters.ses",
              "eventreg.register.deadlines", "eventreg.privacy.retention", "eventreg.domain.broadcasts",
              "eventreg.adapters.dynamodb.broadcasts", "eventreg.register.programme_import",
              "eventreg.domain.programme_rows", "eventreg.openapi")
# The notifications service renders no page and runs no registration use case: Babel and the
# register/ use cases load with the first mail or not at all. The registration service's public pages need none
# of the back-office's downloads (the attendee lists, trip reports), messages or programme pages, nor the email
# package's policies (the programme upload's parser).
PER_SERVICE = {"notifications": ("babel", "eventreg.register.organising", "eventreg.register.registering"),
               "registration": ("eventreg.report.attendees", "eventreg.report.trips", "eventreg.report.service",
                                "eventreg.entrypoints.http.office.messages",
                                "eventreg.entrypoints.http.office.programme", "email.policy"),
               # Each of the reports service's routes needs one of its report kinds: statistics and trip reports
               # load with theirs.
               "reports": ("eventreg.report.statistics", "eventreg.report.trips.pages")}

# Every pydantic model of eventreg derives from DomainModel (defer_build): after `import app`, none is built.
PROBE = (
    "import gc, json, sys, app\n"
    "from eventreg.domain.base_model import DomainModel\n"
    "def family(cls): return [cls] + [d for sub in cls.__subclasses__() for d in family(sub)]\n"
    "models = family(DomainModel)[1:]\n"
    "print(json.dumps([[m.__qualname__ for m in models if m.__pydantic_complete__], len(models)]))\n"
    "print(json.dumps([gc.isenabled(), gc.get_freeze_count()]))\n"
    "print(json.dumps(sorted(sys.modules)))\n"
)


NAMES = ("registration", "notifications", "reports")
SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:000000000000:secret:eventreg-"


@dataclass(frozen=True)
class Imported:
    modules: set[str]
    built: list[str]  # the models whose validators were built
    models: int  # DomainModel's subclasses defined
    collecting: bool  # gc.isenabled() after the import
    frozen: int  # objects gc.freeze() moved out of the collector's sight


@pytest.fixture(scope="module")
def loaded_modules() -> dict[str, Imported]:
    """Each app's sys.modules after `import app` in its own fresh interpreter (the three run side by side)."""
    # Configured as on AWS (the keys' secrets named; LAMBDA_TASK_ROOT: logs, metrics and traces set up as on
    # Lambda, entrypoints.observability): still nothing of Secrets Manager or X-Ray loads at import.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")} | {
        "AWS_DEFAULT_REGION": "eu-west-1", "EVENTREG_LINK_KEY_ARN": SECRET_ARN + "link",
        "EVENTREG_SESSION_KEY_ARN": SECRET_ARN + "session", "LAMBDA_TASK_ROOT": "/var/task"}
    probes = {name: subprocess.Popen([sys.executable, "-c", PROBE], cwd=SERVICES / name, env=env, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE) for name in NAMES}
    loaded = {}
    for name, probe in probes.items():
        out, err = probe.communicate(timeout=120)
        assert probe.returncode == 0, err
        built, collector, modules = out.strip().splitlines()[-3:]
        loaded[name] = Imported(set(json.loads(modules)), *json.loads(built), *json.loads(collector))
    return loaded


@pytest.mark.parametrize("service", NAMES)
def test_importing_the_app_loads_no_heavy_module(service: str, loaded_modules: dict[str, Imported]) -> None:
    loaded = loaded_modules[service].modules
    assert "app" in loaded and "boto3" in loaded  # the probe imported the app, clients and all
    heavy = sorted(m for m in (*EVERY_APP, *LAZY_FLOWS, *PER_SERVICE.get(service, ())) if m in loaded)
    assert heavy == [], f"{service}'s `import app` loads {heavy}: import them where first used"


@pytest.mark.parametrize("service", NAMES)
def test_importing_the_app_builds_no_pydantic_model(service: str, loaded_modules: dict[str, Imported]) -> None:
    """Schema building is deferred to a model's first use (eventreg.domain.base_model)."""
    imported = loaded_modules[service]
    assert imported.models >= 10, f"{service}: only {imported.models} models seen"
    assert imported.built == [], f"{service}'s `import app` builds {imported.built}: derive them from DomainModel"


@pytest.mark.parametrize("service", NAMES)
def test_the_collector_is_off_while_loading_and_on_after(service: str, loaded_modules: dict[str, Imported]) -> None:
    """Each app disables the garbage collector before its imports and, at its end, freezes what it loaded and
    enables the collector again: requests are collected as usual, and never rescan the app's own objects."""
    imported = loaded_modules[service]
    assert imported.collecting, f"{service}'s app leaves the garbage collector disabled"
    assert imported.frozen > 10_000, f"{service}: only {imported.frozen} objects frozen after loading"
