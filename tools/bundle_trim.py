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

# Files of the installed wheels that no code path of a deployed function reads (globs under vendor/).
UNLOADED = (
    "**/*.pyi", "*/py.typed",  # type stubs and their marker: for type checkers
    "bin/*",  # the wheels' command-line scripts (email_validator, jp.py, icalendar …): nothing runs them
    # pip's install bookkeeping; RECORD would list the .py files that compile_bytecode replaces. METADATA (versions,
    # entry points' distribution), WHEEL and the licences stay.
    "*.dist-info/RECORD", "*.dist-info/INSTALLER", "*.dist-info/REQUESTED", "*.dist-info/sboms/*",
    # Swagger UI's assets (1.7 MB), served only by Powertools' own API router: eventreg routes with Chalice.
    "aws_lambda_powertools/event_handler/openapi/swagger_ui/*.min.*",
    # cffi's Python side (its C parser and build tools); cryptography's compiled module loads _cffi_backend only.
    "cffi/**/*",
    # pydantic 1's API, shipped inside pydantic 2 for migrations: eventreg's models are pydantic 2 models.
    "pydantic/v1/**/*",
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
    """No module left in the bundle (eventreg's, lazily or not, and Powertools' own) names a module left out."""
    left_out = ("pydantic.v1", *(f"aws_lambda_powertools.utilities.{name}" for name in POWERTOOLS_UNUSED))
    for package in (vendor / "eventreg", vendor / "aws_lambda_powertools"):
        for source in package.rglob("*.py"):
            module = ".".join(source.relative_to(vendor).with_suffix("").parts)
            for name in imported_names(source, module.removesuffix(".__init__")):
                if any(name == out or name.startswith(f"{out}.") for out in left_out):
                    raise SystemExit(f"{source}: imports {name}, which tools/bundle_trim.py leaves out")


def strip_extensions(vendor: Path) -> None:
    """Compiled extensions without symbol tables and debug sections (cryptography's 14.4 -> 11.6 MB): the
    dynamic symbols they are loaded by stay. Skipped, with a note, where binutils' strip is missing."""
    strip = shutil.which("strip")
    extensions = [str(p) for p in vendor.rglob("*.so")]
    if strip is None:
        print("strip not found (binutils): compiled extensions are shipped with their symbols")
    elif extensions:
        subprocess.run([strip, "--strip-unneeded", *extensions], check=True)


def compile_bytecode(vendor: Path, keep_sources: str) -> None:
    """Bytecode for the Lambda runtime. The package `keep_sources` (the core) keeps its sources with
    __pycache__/*.cpython-312.pyc beside them, so that its tracebacks show lines; every other module is
    replaced by its bytecode alone, without docstrings (tools/sourceless.py): less than half the bytes of
    source plus bytecode.

    unchecked-hash for the core: the bundle never changes once deployed and a zip keeps mtimes to 2 s only,
    so timestamp checks would reject the .pyc; /var/task is read-only, so a rejected .pyc would be
    recompiled in memory on every cold start. Paths in the bytecode are /var/task's, as Lambda unpacks it."""
    python = lambda_interpreter()
    core = vendor / keep_sources
    subprocess.run([python, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash",
                    "-s", str(vendor), "-p", LAMBDA_TASK_ROOT, str(core)], check=True)
    dependencies = [p for p in vendor.iterdir() if p != core and (p.suffix == ".py" or (
        p.is_dir() and not p.name.endswith(".dist-info")))]
    subprocess.run([python, str(Path(__file__).with_name("sourceless.py")), str(vendor), LAMBDA_TASK_ROOT,
                    *map(str, dependencies)], check=True)
