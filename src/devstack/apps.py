"""Load the services' Chalice apps from services/<name>/app.py (each is a module called app.py)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

from devstack.engines import project_root

SERVICES = ("registration", "notifications", "reports")


def load_service(name: str, root: Path | None = None, fresh: bool = False) -> ModuleType:
    """The service's app module (loaded once per process; `fresh` loads it again, as a new Lambda
    container would: a new local stack must not reuse clients bound to a stopped one)."""
    module_name = f"eventreg_service_{name}"
    if module_name in sys.modules and not fresh:
        return sys.modules[module_name]
    path = (root or project_root()) / "services" / name / "app.py"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    marked = os.environ.get("AWS_EXECUTION_ENV", "")
    spec.loader.exec_module(module)
    if "aws-chalice/" in marked:
        # Every Chalice() appends " aws-chalice/<version>" to AWS_EXECUTION_ENV, which botocore sends in each
        # User-Agent: loading apps again and again (tests, new stacks) grew it past 8 KB, and DynamoDB Local
        # then refused every request (431 Request Header Fields Too Large). One mark is enough.
        os.environ["AWS_EXECUTION_ENV"] = marked
    return module
