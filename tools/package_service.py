"""Stage a service as a Lambda deployment unit for the CDK app in infra/ (chalice.cdk zips it).

    python tools/package_service.py [registration notifications reports]

Each service is staged in build/apps/<service>/: its app.py and .chalice/ config, plus vendor/ with the
shared core (built from the repository, never a copy kept in git) and the third-party dependencies that
service's code imports (tools/import_graph.py) with what they need, pinned exactly as uv.lock has them
(tools/locked.py): reports alone ships fpdf2, python-docx and their fontTools/Pillow/lxml. They are
installed as wheels for the Lambda runtime — CPython 3.12 on manylinux x86_64 (Amazon Linux 2023, glibc
2.34) — whatever the local interpreter is. Chalice would build compiled dependencies for the local
interpreter (cp311 here), so the staged app has no requirements.txt and Chalice copies vendor/ as it is.

The wheels are downloaded once into build/wheelhouse/ and installed from there without the package
index afterwards, so that packaging (and `make synth`) works offline once the wheelhouse is filled.

Then vendor/ is made lean (tools/bundle_trim.py): the core's modules the service cannot import left out (with the
data only they read), Babel's locale data cut to the offered languages, files no code path reads left out (the
Powertools utilities the service does not reach among them), METADATA without its long description, compiled
extensions stripped of symbols, and bytecode compiled by a CPython
3.12 so that the runtime does not compile every module on each cold start: the dependencies as bytecode
alone (in place of their sources), the core too, with its docstrings (the API description reads them).
infra/docs/bundles.md.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from bundle_trim import (
    compile_bytecode,
    drop_test_suites,
    drop_unloaded_files,
    drop_unreached_powertools_utilities,
    strip_extensions,
    trim_babel_locales,
    trim_metadata,
)
from catalogs import compile_catalogs, write_country_orders
from import_graph import imported_distributions, reached_core_modules
from locked import locked_pins

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("registration", "notifications", "reports")
BUILD = ROOT / "build"
STAGED = BUILD / "apps"
# Provided by the Lambda runtime (boto3, botocore and its urllib3; snapshot-restore-py, SnapStart's hooks, in its
# managed Python runtimes) or added by `chalice package` itself (chalice).
NOT_SHIPPED = {"boto3", "botocore", "urllib3", "chalice", "snapshot-restore-py"}
# Required by a dependency's metadata, but on no code path of ours (verified by the bundle import test in
# tests/infra/test_deployment_packages.py): email_validator imports dnspython only to check deliverability
# (DNS lookups), which eventreg.domain.types turns off; python-rsa imports pyasn1 only to read or write PEM/DER
# keys, while eventreg builds its RSA keys from the JWKS's numbers (eventreg.adapters.rs256).
NOT_LOADED = {"dnspython", "pyasn1"}
# What a staged bundle also depends on: a change here re-stages every service.
BUILDERS = ("package_service.py", "import_graph.py", "bundle_trim.py", "sourceless.py", "locked.py")
# The one package of the project a service ships; the other, devstack, never leaves this machine.
CORE = "eventreg"
LOCAL_ONLY = ("devstack", f"{CORE}/local")
# The core's package data that one module alone reads (folder -> the module): shipped where that module is.
CORE_DATA_READERS = {"report/agenda/fonts": "eventreg.report.pdf_text"}  # the agenda and the badges

# The Lambda runtime the services run on, and the wheels that fit it.
LAMBDA_RUNTIME = "python3.12"
PYTHON_VERSION = "3.12"
ABI = "cp312"
# AL2023 has glibc 2.34: every manylinux tag up to it fits. pip does not widen a --platform given to it
# (with only 2_34 and 2014 it found no pillow 13 wheel, which is tagged manylinux_2_28), so all are named.
PLATFORMS = (*(f"manylinux_2_{minor}_x86_64" for minor in range(34, 16, -1)), "manylinux2014_x86_64")
WHEELHOUSE = BUILD / "wheelhouse" / f"{ABI}-x86_64"


def requirement_name(requirement: str) -> str:
    name = requirement
    for separator in "<>=!~;[ ":
        name = name.split(separator)[0]
    return name.strip().lower().replace("_", "-")


def runtime_requirements() -> list[str]:
    """Every shipped dependency of any service and everything they need, each pinned to its version in
    uv.lock (the wheelhouse holds this union). The lock also holds boto3/botocore (via chalice), so what
    vendor/ ships suits the runtime's own boto3 (botocore's python-dateutil<3 is respected)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    shipped = [requirement_name(r) for r in project["dependencies"] if requirement_name(r) not in NOT_SHIPPED]
    return locked_pins(shipped, PYTHON_VERSION)


def service_requirements(service: str) -> list[str]:
    """What one service ships: the distributions its code imports (lazily or not) and their locked needs."""
    imported = imported_distributions(ROOT / "services" / service / "app.py") - NOT_SHIPPED
    return [pin for pin in locked_pins(sorted(imported), PYTHON_VERSION)
            if requirement_name(pin) not in NOT_SHIPPED | NOT_LOADED]


def _pip(*args: str) -> list[str]:
    target = [f"--platform={p}" for p in PLATFORMS]
    return [sys.executable, "-m", "pip", *args, *target, f"--python-version={PYTHON_VERSION}",
            "--implementation=cp", f"--abi={ABI}", "--abi=abi3", "--abi=none", "--only-binary=:all:",
            "--quiet", "--disable-pip-version-check"]


def fill_wheelhouse(requirements: list[str]) -> Path:
    """Download the Lambda wheels once per set of requirements (a stamp names the set it holds)."""
    stamp = WHEELHOUSE / ".requirements"
    wanted = "\n".join(sorted(requirements))
    if stamp.exists() and stamp.read_text() == wanted:
        return WHEELHOUSE
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    subprocess.run([*_pip("download", "--no-deps", "--dest", str(WHEELHOUSE)), *requirements], check=True)
    stamp.write_text(wanted)
    return WHEELHOUSE


def install_dependencies(vendor: Path, requirements: list[str]) -> None:
    subprocess.run(
        [*_pip("install", "--no-deps", "--no-index", "--find-links", str(WHEELHOUSE), "--no-compile",
               "--target", str(vendor)), *requirements],
        check=True,
    )


def install_core(vendor: Path) -> None:
    """The core, eventreg, into vendor/, built from a copy of the project holding src/eventreg alone: the
    project's other package, devstack (the local development stack), never reaches a bundle, and neither do
    setuptools' leftovers in build/lib from an earlier in-tree build (a stale file there goes into the wheel)."""
    with tempfile.TemporaryDirectory(prefix="eventreg-core-") as scratch:
        project = Path(scratch)
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, project / name)
        shutil.copytree(ROOT / "src" / CORE, project / "src" / CORE,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.mo.gz", "countries.txt"))
        compile_catalogs(project / "src" / CORE / "locale")  # from the .po files as they are, not a stale .mo
        write_country_orders(project / "src" / CORE / "locale")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile", "--no-build-isolation",
             "--disable-pip-version-check", "--target", str(vendor), str(project)],
            check=True,
        )
    for metadata in vendor.glob("eventreg-*.dist-info"):
        shutil.rmtree(metadata)
    if leaked := [name for name in LOCAL_ONLY if (vendor / name).exists()]:
        raise SystemExit(f"{vendor}: {', '.join(leaked)} must not be in a Lambda bundle")


def prune_core(vendor: Path, service: str) -> None:
    """The core's modules that the service's code cannot import (tools/import_graph.py: every import from app.py on,
    lazy ones included, as the dependencies are chosen) are left out of its bundle, and so is package data that
    only such a module reads (the agenda's fonts go with the PDF). Templates and catalogs stay: they are named by
    strings, not imports."""
    reached = reached_core_modules(ROOT / "services" / service / "app.py")
    core = vendor / CORE
    for source in core.rglob("*.py"):
        module = ".".join(source.relative_to(vendor).with_suffix("").parts).removesuffix(".__init__")
        if module not in reached:
            source.unlink()
    for folder, reader in CORE_DATA_READERS.items():
        if reader not in reached:
            shutil.rmtree(core / folder)
    for directory in sorted((p for p in core.rglob("*") if p.is_dir()), reverse=True):  # deepest first
        if not any(directory.iterdir()):
            directory.rmdir()


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def sources_digest(service: str) -> str:
    """What a staged service is built from: its app, the core and the dependency list."""
    app_dir = ROOT / "services" / service
    files = [p for p in app_dir.rglob("*") if p.is_file() and not _skipped(p.relative_to(app_dir))]
    files += [p for p in (ROOT / "src" / "eventreg").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files += [ROOT / "pyproject.toml", ROOT / "uv.lock", *(ROOT / "tools" / name for name in BUILDERS)]
    pinned = hashlib.sha256("\n".join([ABI, *PLATFORMS, *service_requirements(service)]).encode()).hexdigest()
    return _digest(files) + pinned


def _skipped(relative: Path) -> bool:
    top = relative.parts[0]
    return top in ("vendor", "requirements.txt", "__pycache__") or relative.parts[:2] in (
        (".chalice", "deployments"), (".chalice", "deployed"))


def stage(service: str) -> Path:
    """build/apps/<service>: the Chalice project that `chalice package` and infra/ read. Skipped when
    nothing it is built from changed since the last staging."""
    source = ROOT / "services" / service
    staged = STAGED / service
    stamp = staged / ".staged-from"
    digest = sources_digest(service)
    if stamp.exists() and stamp.read_text() == digest:
        return staged
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(source, staged, ignore=lambda d, names: [
        n for n in names if _skipped((Path(d) / n).relative_to(source))])
    vendor = staged / "vendor"
    fill_wheelhouse(runtime_requirements())  # one wheelhouse for all services, filled once
    install_dependencies(vendor, service_requirements(service))
    install_core(vendor)
    prune_core(vendor, service)
    trim_babel_locales(vendor)
    drop_test_suites(vendor)
    drop_unloaded_files(vendor)
    drop_unreached_powertools_utilities(vendor)
    trim_metadata(vendor)
    strip_extensions(vendor)
    compile_bytecode(vendor, core_package=CORE)
    stamp.write_text(digest)
    return staged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # Checked here, not with `choices`: argparse 3.11 refuses an empty nargs="*" list against choices.
    parser.add_argument("services", nargs="*", help=f"default: all of {', '.join(SERVICES)}")
    services = parser.parse_args().services or list(SERVICES)
    if unknown := set(services) - set(SERVICES):
        parser.error(f"unknown services: {', '.join(sorted(unknown))}")
    for service in services:
        print(f"staged {stage(service).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
