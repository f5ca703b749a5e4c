"""Lambda bundle sizes per service: unzipped and zipped bytes, file count, bytecode share.

    .venv/bin/python bench/bundle_sizes.py [--before]

Stages the services first (tools/package_service.py: a no-op when nothing changed) and measures what each
deployment zip holds from build/apps/<service>: app.py and vendor/ (Chalice adds its own chalice/app.py and
chalice/__init__.py, ~0.1 MB). "Zipped" is that content deflated in memory as Chalice's packager does
(ZIP_DEFLATED). --before also installs the full locked runtime set, as every service shipped it before
the per-service sets (with the core; no trimming, no bytecode), into a scratch directory and measures it the same way.
Sizes are printed against the 15 MB goal for registration and notifications, never asserted.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from package_service import SERVICES, STAGED, install_core, install_dependencies, runtime_requirements  # noqa: E402

GOAL_MB = 15.0
LEAN = ("registration", "notifications")


@dataclass(frozen=True)
class Size:
    unzipped: int
    zipped: int
    files: int
    bytecode: int


def measure(files: list[tuple[Path, str]]) -> Size:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, name in files:
            archive.write(path, name)
    return Size(unzipped=sum(p.stat().st_size for p, _ in files), zipped=len(buffer.getvalue()), files=len(files),
                bytecode=sum(p.stat().st_size for p, _ in files if p.suffix == ".pyc"))


def bundle_files(app_dir: Path, vendor: Path) -> list[tuple[Path, str]]:
    files = [(app_dir / "app.py", "app.py")] if (app_dir / "app.py").is_file() else []
    return files + [(p, p.relative_to(vendor).as_posix()) for p in sorted(vendor.rglob("*")) if p.is_file()]


def mb(size: int) -> str:
    return f"{size / 1e6:7.1f} MB"


def row(label: str, size: Size, goal: bool) -> str:
    verdict = ("PASS" if size.unzipped / 1e6 < GOAL_MB else "MISS") + f" (< {GOAL_MB:.0f} MB unzipped)" if goal else ""
    return (f"{label:<22} unzipped {mb(size.unzipped)}  zipped {mb(size.zipped)}  files {size.files:6,}  "
            f"of which .pyc {mb(size.bytecode)}  {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", action="store_true", help="also measure the former everything-in-every-bundle set")
    args = parser.parse_args()
    subprocess.run([sys.executable, str(ROOT / "tools" / "package_service.py")], check=True, cwd=ROOT)
    before: Size | None = None
    if args.before:
        with tempfile.TemporaryDirectory(prefix="bundle-before-") as scratch:
            vendor = Path(scratch) / "vendor"
            install_dependencies(vendor, runtime_requirements())
            install_core(vendor)
            before = measure(bundle_files(Path(scratch), vendor))
            print(row("before (each service)", before, goal=False))
    for service in SERVICES:
        size = measure(bundle_files(STAGED / service, STAGED / service / "vendor"))
        ratio = f"  {size.unzipped / before.unzipped:.2f}x of before unzipped" if before else ""
        print(row(service, size, goal=service in LEAN) + ratio)
    return 0


if __name__ == "__main__":
    sys.exit(main())
