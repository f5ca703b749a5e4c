"""devstack, the local development stack, sits beside the core and not in it: nothing under src/eventreg
imports it (the core is what each Lambda bundle ships; devstack is not in one), and its own pages (the
outbox) come from its own templates, rendered in the core's page layout under the core's CSP."""

from __future__ import annotations

import ast
from email.message import EmailMessage
from pathlib import Path

import pytest
from chalice.test import Client
from jinja2 import TemplateNotFound

from devstack.outbox import Mail, SesOutbox, pages, tools_app
from eventreg.http import page_csp
from eventreg.templates import _INLINE, environment

SRC = Path(__file__).resolve().parents[2] / "src"
LOCAL_ONLY = "devstack"


def _local_only(module: str) -> bool:
    return module == LOCAL_ONLY or module.startswith(f"{LOCAL_ONLY}.")


def devstack_imports(path: Path, root: Path = SRC) -> list[str]:
    """Every import of devstack in a module, as `file:line module` (lazy imports in functions included, and
    importlib.import_module / __import__ with a constant name)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if called in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                names = [node.args[0].value]
        found += [f"{path.relative_to(root)}:{node.lineno} {name}" for name in names if _local_only(name)]
    return found


def test_the_core_never_imports_devstack() -> None:
    modules = sorted((SRC / "eventreg").rglob("*.py"))
    assert len(modules) > 50  # the walk sees the core
    offending = [hit for path in modules for hit in devstack_imports(path)]
    assert offending == []


def test_the_boundary_check_sees_every_kind_of_import(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text("\n".join([
        "import devstack",
        "import devstack.stack as s",
        "from devstack.outbox import pages",
        "def lazy():",
        "    from devstack import seed",
        "    return importlib.import_module('devstack.engines')",
        "import devstackish, eventreg.devstack",  # other names: not devstack
    ]), encoding="utf-8")
    hits = devstack_imports(module, tmp_path)
    assert sorted(hit.split(" ")[1] for hit in hits) == [
        "devstack", "devstack", "devstack.engines", "devstack.outbox", "devstack.stack"]


def test_the_core_no_longer_holds_the_local_stack_or_its_templates() -> None:
    assert not (SRC / "eventreg" / "local" / "__init__.py").exists()
    core = environment()
    for name in ("web/outbox.html", "web/outbox_mail.html"):
        with pytest.raises(TemplateNotFound):
            core.get_template(name)


def test_devstack_templates_have_no_inline_code_the_core_csp_would_not_allow() -> None:
    """The CSP hashes the core's inline blocks only; devstack's pages use base.html's (its .mail-frame and
    .mail-text rules included)."""
    folder = SRC / "devstack" / "templates"
    templates = sorted(folder.glob("*.html"))
    assert [t.name for t in templates] == ["local_sign_in.html", "outbox.html", "outbox_mail.html"]
    for template in templates:
        assert not _INLINE.search(template.read_text(encoding="utf-8")), template.name
    base = environment().loader.get_source(environment(), "web/base.html")[0]  # type: ignore[union-attr]
    assert ".mail-frame" in base and ".mail-text" in base


class _Outbox(SesOutbox):
    def __init__(self, mails: list[Mail]) -> None:
        super().__init__("http://127.0.0.1:1")
        self._mails = mails

    def mails(self) -> list[Mail]:
        return self._mails


def _mail() -> Mail:
    message = EmailMessage()
    message["Subject"] = "Your registration: European Week of Regions and Cities"
    message["From"] = "events@example.eu"
    message["To"] = "c.cretu@example.eu"
    message["Date"] = "Mon, 06 Oct 2025 09:00:00 +0000"
    message.set_content("You are registered.")
    message.add_alternative("<p>You are registered.</p>", subtype="html")
    message.add_attachment("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", subtype="calendar", filename="event.ics")
    return Mail("m-1", message.as_bytes())


def test_the_outbox_pages_render_from_devstacks_templates_in_the_core_layout() -> None:
    assert pages().get_template("outbox.html").filename.endswith("devstack/templates/outbox.html")
    with Client(tools_app(_Outbox([_mail()]))) as client:
        index = client.http.get("/outbox")
        view = client.http.get("/outbox/m-1")
    for reply in (index, view):
        assert reply.status_code == 200
        assert reply.headers["Content-Type"].startswith("text/html")
        assert reply.headers["Content-Security-Policy"] == page_csp()
        body = reply.body.decode()
        assert "<style>" in body and ".mail-frame" in body  # web/base.html, from the core
    index_body, view_body = index.body.decode(), view.body.decode()
    assert "<title>Local outbox</title>" in index_body
    assert 'href="/_local/outbox/m-1"' in index_body and "c.cretu@example.eu" in index_body
    assert "European Week of Regions and Cities" in view_body
    assert 'src="/_local/outbox/m-1/html"' in view_body and 'class="mail-frame"' in view_body
    assert "/_local/outbox/m-1/attachments/0" in view_body and "event.ics" in view_body
    assert "You are registered." in view_body
