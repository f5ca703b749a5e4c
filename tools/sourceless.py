"""Replace each module under the given directories by its bytecode alone, without docstrings.

    python3.12 tools/sourceless.py [--keep-docstrings] VENDOR /var/task DIR_OR_FILE ...

Run by the Lambda runtime's interpreter (bytecode is per minor version; tools/bundle_trim.py starts it), with
the standard library only. For each name.py: name.pyc beside it, the layout CPython imports without a source
(as `compileall -b` writes), then name.py is removed.

Docstrings are left out of the bytecode (`__doc__` is None, as under `python -OO`), a fifth of the bytes of a
dependency's bytecode; unlike -OO, `assert` statements stay, so the code behaves as it was tested. The core
keeps its docstrings (--keep-docstrings): the API's description (eventreg.openapi) is read from them. Paths
in the bytecode (tracebacks) are where Lambda unpacks the bundle.
"""

from __future__ import annotations

import ast
import importlib.util
import marshal
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

DOCUMENTED = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def without_docstrings(tree: ast.Module) -> ast.Module:
    for node in ast.walk(tree):
        if not isinstance(node, DOCUMENTED) or not node.body:
            continue
        first = node.body[0]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            node.body = node.body[1:] or [ast.Pass(lineno=first.lineno, col_offset=first.col_offset)]
    return tree


def replace_by_bytecode(source: Path, shown_as: str, keep_docstrings: bool = False) -> None:
    tree = ast.parse(source.read_bytes(), str(source))
    tree = tree if keep_docstrings else without_docstrings(tree)
    code = compile(tree, shown_as, "exec", dont_inherit=True)
    # PEP 552 header: magic, flags 0 (timestamp form), mtime and size 0: nothing checks them without a source.
    header = importlib.util.MAGIC_NUMBER + bytes(12)
    source.with_suffix(".pyc").write_bytes(header + marshal.dumps(code))
    source.unlink()


def main(vendor: str, shown_root: str, *roots: str, keep_docstrings: bool = False) -> None:
    base = Path(vendor)
    sources = [p for root in map(Path, roots) for p in ([root] if root.is_file() else sorted(root.rglob("*.py")))]
    with ProcessPoolExecutor() as pool:
        shown = [f"{shown_root}/{p.relative_to(base).as_posix()}" for p in sources]
        list(pool.map(replace_by_bytecode, sources, shown, [keep_docstrings] * len(sources), chunksize=64))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    keep = arguments[:1] == ["--keep-docstrings"]
    main(*arguments[1 if keep else 0:], keep_docstrings=keep)
