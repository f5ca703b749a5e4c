"""Prepare a service for `chalice package`: the shared core built into its vendor/ (never copied into
the repository) and its requirements.txt generated from pyproject.toml (one list of dependencies).

    python tools/package_service.py registration
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("registration", "notifications", "reports")
# Provided by the Lambda runtime or only needed locally; chalice is added by `chalice package` itself.
NOT_SHIPPED = {"boto3", "chalice"}


def runtime_requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [r for r in project["dependencies"] if r.split(">")[0].split("=")[0].split("[")[0] not in NOT_SHIPPED]


def prepare(service: str) -> Path:
    app_dir = ROOT / "services" / service
    vendor = app_dir / "vendor"
    shutil.rmtree(vendor, ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile",
         "--target", str(vendor), str(ROOT)],
        check=True,
    )
    for metadata in vendor.glob("*.dist-info"):
        shutil.rmtree(metadata)
    (app_dir / "requirements.txt").write_text("\n".join(runtime_requirements()) + "\n")
    return app_dir


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("services", nargs="*", choices=SERVICES, default=list(SERVICES))
    for service in parser.parse_args().services:
        print(f"prepared {prepare(service).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
