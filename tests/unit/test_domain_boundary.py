"""The domain is pure rules: nothing under src/eventreg/domain imports the locale (Babel formatting), the pages,
the notifications flow, the adapters (DynamoDB, S3, SES, JWT) or the AWS SDK. It returns instants, codes and
parameters; the callers write them out (eventreg.locale.errors) and store or send them."""

from __future__ import annotations

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "src" / "eventreg" / "domain"
FORBIDDEN = ("eventreg.locale", "eventreg.web", "eventreg.notify", "eventreg.adapters", "boto3", "botocore")


def _forbidden(module: str) -> bool:
    return any(module == name or module.startswith(f"{name}.") for name in FORBIDDEN)


def imported(source: str, package: str = "eventreg.domain") -> list[tuple[int, str]]:
    """Every module a source imports, as (line, absolute name): lazy imports in functions included, relative
    ones resolved against `package`, and `from eventreg import web` read as eventreg.web."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def test_the_domain_imports_no_locale_web_notify_adapters_or_aws() -> None:
    modules = sorted(DOMAIN.rglob("*.py"))
    assert len(modules) > 10
    offending = [f"{path.relative_to(DOMAIN.parent)}:{line} {module}"
                 for path in modules
                 for line, module in imported(path.read_text(encoding="utf-8"))
                 if _forbidden(module)]
    assert offending == []


def test_the_walk_sees_every_form_of_import() -> None:
    source = """
import boto3
import botocore.exceptions as exc
from eventreg import web
from eventreg.locale.dates import format_instant

def later():
    from eventreg.notify.overrides import check
    from ..adapters.dynamodb import keys
    from . import errors
"""
    found = [module for _, module in imported(source) if _forbidden(module)]
    assert {"boto3", "botocore.exceptions", "eventreg.web", "eventreg.locale.dates", "eventreg.notify.overrides",
            "eventreg.adapters.dynamodb"} <= set(found)
    assert not any(module.startswith("eventreg.domain") for module in found)


# Exceptions whose text never reaches a reader as such: pydantic turns a validator's ValueError into a field
# message (its own frame, "Value error, …"), NotAnId is caught where it is raised.
PLAIN_TEXT_ALLOWED = {"ValueError", "TypeError", "NotAnId", "KeyError"}


def _text(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def test_domain_errors_carry_message_ids_not_sentences() -> None:
    """Every error the domain raises for a reader carries its message as Message(N_("…"), **params) — an id
    of the gettext catalog with its parameters — never a bare or formatted English sentence, for the message
    and for each field's message alike."""
    offences = []
    for path in sorted(DOMAIN.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            call = node.exc
            name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
            if name in PLAIN_TEXT_ALLOWED:
                continue
            texts = [*call.args[:1], *(kw.value for kw in call.keywords if kw.arg == "fields")]
            for value in texts:
                inner = value.values if isinstance(value, ast.Dict) else [value]
                offences += [f"{path.name}:{node.lineno} {name}" for v in inner if _text(v)]
    assert offences == []
