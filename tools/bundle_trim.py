"""Make a staged vendor/ lean and quick to start: Babel's locale data for the offered languages only, no
test suites of dependencies, and bytecode compiled ahead for the Lambda runtime."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from babel.core import get_global

from eventreg.domain.types import LANGUAGES
from eventreg.locale.dates import LOCALES

# The Lambda runtime's interpreter (infra's LAMBDA_RUNTIME, python3.12): bytecode is per minor version.
LAMBDA_PYTHON = "3.12"


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
    """The locale data files the offered languages load: each language and the locale it is written in."""
    return {name for language in LANGUAGES for name in
            (*locale_chain(language), *locale_chain(LOCALES.get(language, language)))}


def trim_babel_locales(vendor: Path) -> None:
    kept = kept_locales()
    for data in (vendor / "babel" / "locale-data").glob("*.dat"):
        if data.stem not in kept:
            data.unlink()


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


def compile_bytecode(vendor: Path) -> None:
    """__pycache__/*.cpython-312.pyc beside every module. unchecked-hash: the bundle never changes once
    deployed and a zip keeps mtimes to 2 s only, so timestamp checks would reject the .pyc; /var/task is
    read-only, so a rejected .pyc is recompiled in memory on every cold start."""
    subprocess.run([lambda_interpreter(), "-m", "compileall", "-q", "-j", "0",
                    "--invalidation-mode", "unchecked-hash", str(vendor)], check=True)
