"""Fails when a lock no longer matches what it was made from (run by `make lock-check`, part of `make test`).

uv.lock is checked by `uv lock --check`; this checks the template checkers' lock: every requirement of
infra/requirements-checks.in must be pinned, with the same version and with hashes, in
infra/requirements-checks.txt, and the .txt must pin nothing without hashes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def problems(source: Path, lock: Path) -> list[str]:
    pinned: dict[str, str] = {}
    found: list[str] = []
    text = lock.read_text()
    for block in re.split(r"\n(?=\S)", text):
        match = PIN.match(block)
        if not match:
            continue
        pinned[_name(match[1])] = match[2]
        if "--hash=sha256:" not in block:
            found.append(f"{lock.name}: {match[1]} has no hash")
    for requirement in requirements(source):
        match = PIN.match(requirement)
        if not match:
            found.append(f"{source.name}: {requirement!r} is not an exact pin (name==version)")
        elif pinned.get(_name(match[1])) != match[2]:
            found.append(f"{lock.name}: {match[1]} is {pinned.get(_name(match[1]), 'missing')}, "
                         f"{source.name} asks for {match[2]}")
    return found


def main() -> int:
    found = problems(ROOT / "infra" / "requirements-checks.in", ROOT / "infra" / "requirements-checks.txt")
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print("run `make lock` and commit the result", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
