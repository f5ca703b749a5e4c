"""Which third-party distributions a service's code can import, read from its source (never by running it).

Every `import` in app.py and in each eventreg module it reaches counts, also those inside functions: the
code imports heavy libraries lazily (openpyxl, fpdf2, python-docx …), and a lazy import still runs on Lambda.
Import names are mapped to distributions with importlib.metadata (the project's venv holds the locked set).
"""

from __future__ import annotations

import ast
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "src"
CORE = "eventreg"


def _type_checking_only(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node but the bodies of `if TYPE_CHECKING:` (stubs such as mypy-boto3 never run)."""
    nodes: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        nodes.append(node)
        if _type_checking_only(node):
            assert isinstance(node, ast.If)
            todo += node.orelse
            continue
        todo += ast.iter_child_nodes(node)
    return nodes


def imported_names(path: Path, module: str) -> set[str]:
    """Absolute names of the modules `path` imports (relative imports resolved against `module`)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            names.add(base)
            # `from eventreg.x import y` may name a submodule y: follow it when it is one.
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _core_file(module: str) -> Path | None:
    base = SOURCES.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _walk(app: Path) -> tuple[set[str], set[str]]:
    """From app.py through every core module it reaches: (the core modules reached, the top-level names of the
    non-core, non-stdlib modules they import)."""
    outside: set[str] = set()
    seen: set[str] = set()
    todo = [(app, "app")]
    while todo:
        path, module = todo.pop()
        for name in imported_names(path, module):
            top = name.split(".")[0]
            if top != CORE:
                if top and top not in sys.stdlib_module_names and top != "__future__":
                    outside.add(top)
                continue
            # A package's __init__ runs before any of its submodules.
            parts = name.split(".")
            for depth in range(1, len(parts) + 1):
                prefix = ".".join(parts[:depth])
                if prefix not in seen and (found := _core_file(prefix)) is not None:
                    seen.add(prefix)
                    todo.append((found, prefix))
    return seen, outside


def imported_top_levels(app: Path) -> set[str]:
    """Top-level names of the non-core, non-stdlib modules reachable from app.py."""
    return _walk(app)[1]


def reached_core_modules(app: Path) -> set[str]:
    """The core modules (packages included) app.py can import, lazily or not: what a bundle of it needs of the core."""
    return _walk(app)[0]


def imported_distributions(app: Path) -> set[str]:
    """Normalised distribution names (e.g. python-docx for `import docx`) the app's code imports."""
    owners = packages_distributions()
    distributions: set[str] = set()
    for top in imported_top_levels(app):
        if top not in owners:
            raise SystemExit(f"{app}: no installed distribution provides `import {top}`")
        distributions.update(name.lower().replace("_", "-") for name in owners[top])
    return distributions
