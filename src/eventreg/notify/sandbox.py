"""A bounded jinja2 sandbox for organisers' mail wording: a template reads only the plain values it is
given (no objects, no methods), and may not loop, grow or run without end (TooCostly)."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

# The sandbox keeps a template away from Python's objects, not from using up the Lambda: these bound the
# work one rendering may do. A loop may count at most MAX_RANGE, all loops together MAX_ITERATIONS steps;
# no text or list grows beyond MAX_TEXT characters or items; the mail beyond MAX_OUTPUT characters; and a
# rendering stops after RENDER_SECONDS.
MAX_RANGE = 1000
MAX_ITERATIONS = 10_000
MAX_TEXT = 20_000
MAX_OUTPUT = 20_000
RENDER_SECONDS = 1.0

# What mail wording is written with: text, variables, conditions, loops, comparisons and a few filters.
# No macros or call blocks (recursion), no assignments (a text doubled at every step), no arithmetic that
# multiplies (`*`, `**`, `%` formatting), no calls but range().
_NODES: tuple[type[nodes.Node], ...] = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Const, nodes.Getattr, nodes.Getitem,
    nodes.Slice, nodes.If, nodes.For, nodes.Filter, nodes.Test, nodes.Compare, nodes.Operand, nodes.And,
    nodes.Or, nodes.Not, nodes.Neg, nodes.Pos, nodes.CondExpr, nodes.Concat, nodes.List, nodes.Tuple,
    nodes.Keyword, nodes.Add, nodes.Sub, nodes.Call,
)
_FILTERS = ("abs", "capitalize", "count", "d", "default", "e", "escape", "first", "float", "int", "join", "last",
            "length", "list", "lower", "max", "min", "reverse", "round", "sort", "string", "striptags", "sum",
            "title", "trim", "truncate", "unique", "upper", "wordcount")


class TooCostly(SecurityError):
    """A rendering went past one of the bounds."""


@dataclass
class _Allowance:
    deadline: float
    iterations: int = MAX_ITERATIONS

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TooCostly(f"the template takes longer than {RENDER_SECONDS:g} s to render")


_allowance: ContextVar[_Allowance | None] = ContextVar("mail_template_allowance", default=None)


def _current() -> _Allowance:
    allowance = _allowance.get()
    if allowance is None:  # rendered outside render_bounded: the bounds still hold
        allowance = _Allowance(time.monotonic() + RENDER_SECONDS)
        _allowance.set(allowance)
    return allowance


def _range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TooCostly(f"a range may count at most {MAX_RANGE} numbers")
    return numbers


def _loop(items: Iterable[Any]) -> Iterator[Any]:
    """What every for loop iterates through (put there when the template is compiled)."""
    allowance = _current()
    for item in items:
        allowance.iterations -= 1
        if allowance.iterations < 0:
            raise TooCostly(f"the template's loops take more than {MAX_ITERATIONS} steps")
        allowance.tick()
        yield item


def _sized(value: Any) -> Any:
    if isinstance(value, str | list | tuple | dict) and len(value) > MAX_TEXT:
        raise TooCostly(f"a value of the template grows beyond {MAX_TEXT} characters")
    return value


def _guarded(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)  # keeps jinja2's pass_context / pass_environment marks
    def run(*args: Any, **kwargs: Any) -> Any:
        _current().tick()
        return _sized(original(*args, **kwargs))

    return run


class _BoundedSandbox(SandboxedEnvironment):
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        template = super()._parse(source, name, filename)
        for node in template.find_all(nodes.Node):
            if isinstance(node, nodes.For) and node.recursive:
                raise SecurityError(f"line {node.lineno}: a recursive loop is not allowed in mail wording")
            if not isinstance(node, _NODES):
                raise SecurityError(f"line {node.lineno}: {type(node).__name__.lower()} is not allowed in mail wording")
            if isinstance(node, nodes.Call) and not (isinstance(node.node, nodes.Name) and node.node.name == "range"):
                raise SecurityError(f"line {node.lineno}: only range() may be called in mail wording")
        for loop in template.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, "_loop", [], [], None, None, lineno=loop.lineno)
        return template


def _sandbox() -> SandboxedEnvironment:
    environment = _BoundedSandbox(undefined=StrictUndefined, autoescape=False)
    standard = environment.filters
    environment.filters = {name: _guarded(standard[name]) for name in _FILTERS} | {"_loop": _loop}
    environment.globals = {"range": _range}
    return environment


_sandbox_env = _sandbox()


def render_bounded(text: str, values: dict[str, Any]) -> str:
    """The template rendered within the bounds; TemplateError (TooCostly among them) when it cannot be."""
    token = _allowance.set(_Allowance(time.monotonic() + RENDER_SECONDS))
    try:
        allowance = _current()
        template = _sandbox_env.from_string(text)
        parts: list[str] = []
        size = 0
        for part in template.generate(values):
            size += len(part)
            if size > MAX_OUTPUT:
                raise TooCostly(f"the mail would be longer than {MAX_OUTPUT} characters")
            allowance.tick()
            parts.append(part)
        return "".join(parts)
    except TemplateError:
        raise
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError, MemoryError) as error:
        raise SecurityError(f"the template fails: {type(error).__name__}") from None
    finally:
        _allowance.reset(token)
