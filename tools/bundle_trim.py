"""Make a staged vendor/ lean and quick to start: Babel's locale data for the offered languages only, no
test suites of dependencies nor other files no code path reads, compiled extensions without their symbol
tables, and bytecode compiled ahead for the Lambda runtime (in place of the dependencies' sources)."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from babel.core import get_global
from import_graph import imported_names

from eventreg.domain.types import LANGUAGES
from eventreg.locale.languages import locale_id

# The Lambda runtime's interpreter (infra's LAMBDA_RUNTIME, python3.12): bytecode is per minor version.
LAMBDA_PYTHON = "3.12"
LAMBDA_TASK_ROOT = "/var/task"  # where Lambda unpacks a bundle


def locale_chain(identifier: str) -> list[str]:
    """A locale and the parents Babel merges it with, as babel.localedata.load walks them:
    en_GB -> en_001 -> en -> root (CLDR's parent exceptions first, then by dropping the last part)."""
    exceptions: Mapping[str, str] = get_global("parent_exceptions")
    chain = [identifier]
    while chain[-1] != "root":
        name = chain[-1]
        chain.append(exceptions.get(name) or ("_".join(name.split("_")[:-1]) or "root"))
    return chain


def kept_locales() -> set[str]:
    """The locale data files the offered languages load: each language and the locale it is written in (with
    their parents), nothing of the other 700-odd CLDR locales."""
    return {name for language in LANGUAGES for name in (*locale_chain(language), *locale_chain(locale_id(language)))}


# The CLDR data eventreg never asks Babel for: it formats dates, intervals, numbers, percentages and lists, and
# names countries and the offered languages, but no currencies, units, relative times ("in 3 days"), compact numbers,
# time zone names (the zone's abbreviation is Python's), scripts or variants. 24 languages' data: 5.2 -> 0.6 MB;
# tests/unit/test_babel_data_trim.py formats everything eventreg formats in every language with the data cut so.
UNUSED_CLDR = (
    "compact_currency_formats", "compact_decimal_formats", "compound_unit_patterns", "currency_formats",
    "currency_names", "currency_names_plural", "currency_symbols", "currency_unit_patterns", "date_fields",
    "meta_zones", "scripts", "time_zones", "unit_display_names", "unit_patterns", "variants",
)


def trim_babel_locales(vendor: Path) -> None:
    kept = kept_locales()
    for data in (vendor / "babel" / "locale-data").glob("*.dat"):
        if data.stem not in kept:
            data.unlink()
        else:
            trim_locale_data(data)


def trim_locale_data(data: Path) -> None:
    """One locale's pickled CLDR data without UNUSED_CLDR (Babel's own format, read back by babel.localedata)."""
    with data.open("rb") as source:
        content = pickle.load(source)  # noqa: S301  # Babel's own data file, from the locked wheel
    for key in UNUSED_CLDR:
        content.pop(key, None)
    if "languages" in content:  # the names of the offered languages only (a fallback note names them), not 600
        content["languages"] = {code: name for code, name in content["languages"].items() if code in LANGUAGES}
    with data.open("wb") as target:
        pickle.dump(content, target, protocol=pickle.HIGHEST_PROTOCOL)


def drop_test_suites(vendor: Path) -> None:
    """Test suites some wheels carry inside their package (icalendar/tests: 1 MB): never imported by the app."""
    for tests in [p for p in vendor.glob("*/tests") if p.is_dir() and p.parent.name != "eventreg"]:
        shutil.rmtree(tests)


def lambda_interpreter() -> str:
    """A CPython 3.12 to compile with: $EVENTREG_LAMBDA_PYTHON, python3.12 on PATH, or pyenv's."""
    candidates = [os.environ.get("EVENTREG_LAMBDA_PYTHON", ""), shutil.which(f"python{LAMBDA_PYTHON}") or ""]
    pyenv = Path.home() / ".pyenv" / "versions"
    candidates += sorted(str(p) for p in pyenv.glob(f"{LAMBDA_PYTHON}.*/bin/python{LAMBDA_PYTHON}"))
    for candidate in filter(None, candidates):
        probe = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                               capture_output=True, text=True, check=False)
        if probe.returncode == 0 and probe.stdout.strip() == LAMBDA_PYTHON:
            return candidate
    raise SystemExit(f"a CPython {LAMBDA_PYTHON} is needed to compile the Lambda bytecode "
                     f"(set EVENTREG_LAMBDA_PYTHON=/path/to/python{LAMBDA_PYTHON})")


# Powertools utilities that neither eventreg nor the rest of Powertools imports (checked when they are left out).
POWERTOOLS_UNUSED = ("auth_alpha", "circuit_breaker", "data_masking", "feature_flags", "idempotency", "kafka",
                     "metadata", "streaming")

# The X-Ray SDK's patchers (aws_xray_sdk/ext/<name>) for libraries eventreg never imports.
XRAY_UNPATCHED = ("aiobotocore", "bottle", "dbapi2", "django", "flask", "flask_sqlalchemy",
                  "httpx", "mysql", "pg8000", "psycopg", "psycopg2", "pymongo", "pymysql", "pynamodb", "requests",
                  "sqlalchemy", "sqlalchemy_core", "sqlite3")
# Powertools' own subpackages that a bundle ships only where its core reaches them. Its API router (event_handler,
# 0.4 MB; eventreg routes with Chalice) is reached only through shared.functions.pydantic_to_dict, which Logger calls
# to log an event (inject_lambda_context(log_event=True)); eventreg never logs events (they hold attendees' data).
POWERTOOLS_OPTIONAL = ("event_handler",)
UNREACHED_EDGES = {("aws_lambda_powertools.shared.functions", "aws_lambda_powertools.event_handler.openapi.compat")}

# Files of the installed wheels that no code path of a deployed function reads (globs under vendor/).
UNLOADED = (
    "**/*.pyi", "*/py.typed",  # type stubs and their marker: for type checkers
    "bin/*",  # the wheels' command-line scripts (email_validator, jp.py, icalendar …): nothing runs them
    # pip's install bookkeeping; RECORD would list the .py files that compile_bytecode replaces. METADATA (versions,
    # entry points' distribution), WHEEL and the licences stay.
    "*.dist-info/RECORD", "*.dist-info/INSTALLER", "*.dist-info/REQUESTED", "*.dist-info/sboms/*",
    # Swagger UI's assets (1.7 MB), served only by Powertools' own API router: eventreg routes with Chalice.
    "aws_lambda_powertools/event_handler/openapi/swagger_ui/*.min.*",
    # pydantic 1's API, shipped inside pydantic 2 for migrations: eventreg's models are pydantic 2 models. Its mypy
    # plugin (loaded by mypy only) and its experimental API (which eventreg does not use).
    "pydantic/v1/**/*", "pydantic/mypy.py", "pydantic/experimental/**/*",
    # Babel's message catalog tooling (extract, compile, the .po parser): eventreg reads compiled .mo files with the
    # standard library's gettext; the catalogs are compiled at build time (tools/catalogs.py).
    "babel/messages/**/*",
    # tzdata's whole database as text and its tables (0.16 MB): the standard library's zoneinfo reads the binary
    # file of each zone and the list in tzdata/zones (available_timezones), never these.
    "tzdata/zoneinfo/tzdata.zi", "tzdata/zoneinfo/*.tab", "tzdata/zoneinfo/leapseconds",
    # wrapt's C source beside its compiled extension (0.15 MB); segno's man page (data files under share/).
    "wrapt/*.c", "share/**/*",
    # The X-Ray SDK's patchers of libraries eventreg does not use (Django, Flask, SQLAlchemy, requests …): the Tracer
    # patches botocore alone (eventreg.entrypoints.observability), which needs ext/botocore, boto_utils, util and the
    # parameter whitelist in resources/. The SDK imports a patcher only when asked to patch that module.
    *(f"aws_xray_sdk/ext/{name}/**/*" for name in XRAY_UNPATCHED), *(f"aws_xray_sdk/ext/{name}.py"
                                                                       for name in XRAY_UNPATCHED),
    *(f"aws_lambda_powertools/utilities/{name}/**/*" for name in POWERTOOLS_UNUSED),
)


def drop_unloaded_files(vendor: Path) -> None:
    for pattern in UNLOADED:
        for path in vendor.glob(pattern):
            if path.is_file():
                path.unlink()
    for directory in sorted((p for p in vendor.rglob("*") if p.is_dir()), reverse=True):  # deepest first
        if not any(directory.iterdir()):
            directory.rmdir()
    _check_nothing_imports_what_was_left_out(vendor)


def _check_nothing_imports_what_was_left_out(vendor: Path) -> None:
    """No module left in the bundle (eventreg's, lazily or not, and those of the packages trimmed) names a module
    left out. pydantic itself is not checked for pydantic.v1: it imports it lazily, only for pydantic 1 models."""
    everywhere = ("pydantic.mypy", "pydantic.experimental", "babel.messages",
                  *(f"aws_xray_sdk.ext.{name}" for name in XRAY_UNPATCHED))
    ours = ("pydantic.v1", *(f"aws_lambda_powertools.utilities.{name}" for name in POWERTOOLS_UNUSED), *everywhere)
    scanned = {"eventreg": ours, "aws_lambda_powertools": ours, "pydantic": everywhere, "babel": everywhere,
               "aws_xray_sdk": everywhere}
    for name, left_out in scanned.items():
        for source in (vendor / name).rglob("*.py"):
            module = ".".join(source.relative_to(vendor).with_suffix("").parts)
            for imported in imported_names(source, module.removesuffix(".__init__")):
                if any(imported == out or imported.startswith(f"{out}.") for out in left_out):
                    raise SystemExit(f"{source}: imports {imported}, which tools/bundle_trim.py leaves out")


def drop_unreached_powertools_utilities(vendor: Path) -> None:
    """Powertools' utilities are independent subpackages: those that no module of the bundle's core reaches, through
    Powertools' own imports (lazy ones included, but for UNREACHED_EDGES), are left out of this service's bundle
    (POWERTOOLS_UNUSED are those no service reaches), and so are POWERTOOLS_OPTIONAL's where unreached. Whole
    subpackages, never single modules: a utility may import its own parts by name (the parser's models do)."""
    seen: set[str] = set()
    todo = [name for source in (vendor / "eventreg").rglob("*.py")
            for name in imported_names(source, _module_of(vendor, source)) if name.startswith("aws_lambda_powertools")]
    while todo:
        module = todo.pop()
        if module in seen or (source := _source_of(vendor, module)) is None:
            continue
        seen.add(module)
        parts = module.split(".")
        todo += [".".join(parts[:depth]) for depth in range(1, len(parts))]
        todo += [name for name in imported_names(source, module)
                 if name.startswith("aws_lambda_powertools") and (module, name) not in UNREACHED_EDGES]
    reached = {module.split(".")[2] for module in seen if module.startswith("aws_lambda_powertools.utilities.")}
    for package in (vendor / "aws_lambda_powertools" / "utilities").iterdir():
        if package.is_dir() and package.name not in reached and package.name != "__pycache__":
            shutil.rmtree(package)
    top = {module.split(".")[1] for module in seen if module.count(".") >= 1}
    for name in POWERTOOLS_OPTIONAL:
        if name not in top and (vendor / "aws_lambda_powertools" / name).is_dir():
            shutil.rmtree(vendor / "aws_lambda_powertools" / name)


def _module_of(vendor: Path, source: Path) -> str:
    return ".".join(source.relative_to(vendor).with_suffix("").parts).removesuffix(".__init__")


def _source_of(vendor: Path, module: str) -> Path | None:
    base = vendor.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def trim_metadata(vendor: Path) -> None:
    """Each METADATA without its long description (the project's README, pydantic's with its whole changelog: most
    of the bytes): the headers stay, which is all importlib.metadata reads (name, version, requirements)."""
    for metadata in vendor.glob("*.dist-info/METADATA"):
        text = metadata.read_text(encoding="utf-8")
        headers, blank, _ = text.partition("\n\n")
        if blank:
            metadata.write_text(headers + "\n", encoding="utf-8")


def strip_extensions(vendor: Path) -> None:
    """Compiled extensions without symbol tables and debug sections (pydantic-core's, Pillow's, lxml's): the
    dynamic symbols they are loaded by stay. Skipped, with a note, where binutils' strip is missing."""
    strip = shutil.which("strip")
    extensions = [str(p) for p in vendor.rglob("*.so")]
    if strip is None:
        print("strip not found (binutils): compiled extensions are shipped with their symbols")
    elif extensions:
        subprocess.run([strip, "--strip-unneeded", *extensions], check=True)


def compile_bytecode(vendor: Path, core_package: str) -> None:
    """Bytecode for the Lambda runtime: every module is replaced by its bytecode alone (tools/sourceless.py),
    the dependencies' without docstrings, less than half the bytes of source plus bytecode. The package
    `core_package` (the core) keeps its docstrings (the API's description is read from them).

    The core ships without its sources too (#13: 0.85 MB of registration's 15 MB): a traceback in the logs
    names each file and line of the deployed commit, without the line's text, which git has. Paths in the
    bytecode are /var/task's, as Lambda unpacks it; a sourceless .pyc is never checked against a timestamp,
    so nothing is recompiled on a cold start."""
    python = lambda_interpreter()
    core = vendor / core_package
    subprocess.run([python, str(Path(__file__).with_name("sourceless.py")), "--keep-docstrings", str(vendor),
                    LAMBDA_TASK_ROOT, str(core)], check=True)
    dependencies = [p for p in vendor.iterdir() if p != core and (p.suffix == ".py" or (
        p.is_dir() and not p.name.endswith(".dist-info")))]
    subprocess.run([python, str(Path(__file__).with_name("sourceless.py")), str(vendor), LAMBDA_TASK_ROOT,
                    *map(str, dependencies)], check=True)
