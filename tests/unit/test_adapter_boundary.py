"""The flows depend on the ports, not on the adapters: the adapters (eventreg.adapters: DynamoDB, S3, SES, JWT)
are built and wired in eventreg.entrypoints (bootstrap, streams, jobs, http), and only the entry points, the
authorizer (eventreg.auth), devstack, the tests and the benchmarks import them. The register and notify flows
hold that fully; the places where report/ and privacy/ still reach an adapter are listed here by name, so
the list can only shrink: a new import of an adapter from a flow fails this test."""

from __future__ import annotations

from pathlib import Path

from test_domain_boundary import imported

CORE = Path(__file__).resolve().parents[2] / "src" / "eventreg"
ADAPTERS = "eventreg.adapters"
# Outside the flows: they build, wire or verify (entry points, the authorizer's token check, the choice of key
# rings: Secrets Manager on AWS, configuration locally), or are the adapters.
MAY_IMPORT = ("adapters", "entrypoints", "auth.py", "keys.py")

# What is left (module → the adapter modules it imports). Stream handlers decode records in the table's item
# form (items, keys); the reports and privacy features own DynamoDB items and S3 uploads beside the ports.
KNOWN: dict[str, set[str]] = {}


def _adapter_modules(path: Path) -> set[str]:
    """The adapter modules a source imports (`from eventreg.adapters.dynamodb import items` counts as
    eventreg.adapters.dynamodb.items; the package itself only when nothing under it is named)."""
    package = ".".join(("eventreg", *path.relative_to(CORE).with_suffix("").parts[:-1]))
    names = {module for _, module in imported(path.read_text(encoding="utf-8"), package)
             if (module == ADAPTERS or module.startswith(f"{ADAPTERS}.")) and _is_module(module)}
    return {name for name in names if not any(other.startswith(f"{name}.") for other in names)}


def _is_module(name: str) -> bool:
    """A module or package of the core (not a name imported from one)."""
    path = CORE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _flows() -> list[Path]:
    return [path for path in sorted(CORE.rglob("*.py")) if path.relative_to(CORE).parts[0] not in MAY_IMPORT]


def test_flows_reach_the_adapters_only_where_listed() -> None:
    flows = _flows()
    assert len(flows) > 50  # the walk sees the flows
    found = {path.relative_to(CORE).as_posix(): _adapter_modules(path) for path in flows}
    assert {name: modules for name, modules in found.items() if modules} == KNOWN


def test_register_and_notify_use_the_ports() -> None:
    """The use cases and the mail flow take the ports (Store, EventStore, SendLog, Mailer …), never an adapter."""
    for folder in ("register", "notify", "domain"):
        for path in sorted((CORE / folder).rglob("*.py")):
            name = path.relative_to(CORE).as_posix()
            assert _adapter_modules(path) == KNOWN.get(name, set()), name
    assert {name for name in KNOWN if name.startswith(("register/", "domain/"))} == set()


# The authorizer opens back-office sessions: their wiring (the key ring and the table) is in bootstrap/back_office,
# which builds those two adapters only and imports no flow (checked below), so no cycle can come of it.
WIRING_FOR_THE_AUTHORIZER = ("auth.py", "eventreg.entrypoints.bootstrap.back_office")


def _wiring_for_the_authorizer(path: Path, module: str) -> bool:
    name, wiring = WIRING_FOR_THE_AUTHORIZER
    return path.relative_to(CORE).as_posix() == name and (module == wiring or module.startswith(f"{wiring}."))


def test_the_core_outside_entrypoints_never_imports_the_wiring() -> None:
    """bootstrap builds the adapters and imports the flows; nothing but the entry points imports it."""
    offending = [f"{path.relative_to(CORE)}:{line}"
                 for path in sorted(CORE.rglob("*.py")) if path.relative_to(CORE).parts[0] != "entrypoints"
                 for line, module in imported(path.read_text(encoding="utf-8"))
                 if (module.startswith("eventreg.entrypoints.bootstrap") or module == "eventreg.entrypoints.jobs"
                     or module.startswith("eventreg.entrypoints.streams"))
                 and not _wiring_for_the_authorizer(path, module)]
    assert offending == []
    back_office = CORE / "entrypoints" / "bootstrap" / "back_office.py"
    flows = {"register", "notify", "report", "privacy", "programme"}
    assert not [module for _, module in imported(back_office.read_text(encoding="utf-8"))
                if module.split(".")[1:2] and module.split(".")[1] in flows]
