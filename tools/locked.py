"""The exact runtime dependency set of the Lambda bundles, read from uv.lock (never re-resolved).

The lock is universal (every platform and Python the project allows), so its dependency graph is walked
from the project's runtime requirements with each edge's environment marker evaluated for the Lambda
runtime (CPython 3.12, Linux x86_64); the result is a flat list of `name==version` pins.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from packaging.markers import Marker

ROOT = Path(__file__).resolve().parents[1]


def lambda_environment(python_version: str) -> dict[str, str]:
    return {
        "implementation_name": "cpython", "platform_python_implementation": "CPython",
        "platform_system": "Linux", "sys_platform": "linux", "os_name": "posix",
        "platform_machine": "x86_64", "python_version": python_version,
        "python_full_version": f"{python_version}.0", "implementation_version": f"{python_version}.0",
        "platform_release": "", "platform_version": "", "extra": "",
    }


def _applies(edge: dict[str, Any], environment: dict[str, str]) -> bool:
    marker = edge.get("marker")
    return marker is None or Marker(marker).evaluate(environment)


def locked_pins(roots: list[str], python_version: str, lock: Path = ROOT / "uv.lock") -> list[str]:
    """`name==version` for every package `roots` (locked package names, the project's requirements with
    their extras) need on the target."""
    packages: dict[str, list[dict[str, Any]]] = {}
    for package in tomllib.loads(lock.read_text())["package"]:
        packages.setdefault(package["name"], []).append(package)
    environment = lambda_environment(python_version)

    def pick(edge: dict[str, Any]) -> dict[str, Any]:
        candidates = packages[edge["name"]]
        if "version" in edge:
            candidates = [p for p in candidates if p["version"] == edge["version"]]
        if len(candidates) != 1:
            raise SystemExit(f"uv.lock: cannot tell which {edge['name']} to ship")
        return candidates[0]

    project = next(p for p in packages["eventreg"])
    todo = [(e, tuple(e.get("extra", ()))) for e in project.get("dependencies", []) if e["name"] in roots]
    # A root the project only gets through another requirement (markupsafe via jinja2) is taken as locked.
    direct = {e["name"] for e, _ in todo}
    todo += [({"name": name}, ()) for name in roots if name not in direct]
    pins: dict[str, str] = {}
    seen: set[tuple[str, tuple[str, ...]]] = set()
    while todo:
        edge, extras = todo.pop()
        if not _applies(edge, environment) or (edge["name"], extras) in seen:
            continue
        seen.add((edge["name"], extras))
        package = pick(edge)
        pins[package["name"]] = package["version"]
        edges = list(package.get("dependencies", []))
        for extra in extras:
            edges += package.get("optional-dependencies", {}).get(extra, [])
        todo += [(e, tuple(e.get("extra", ()))) for e in edges]
    return [f"{name}=={version}" for name, version in sorted(pins.items())]
