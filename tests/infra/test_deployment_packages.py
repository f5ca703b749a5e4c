"""The deployment zips CDK would upload hold the Lambda runtime's wheels (CPython 3.12, manylinux x86_64),
not the local interpreter's."""

from __future__ import annotations

import re
import tomllib
import zipfile
from pathlib import Path

from infra_support import Synth

# Compiled extension modules: name.cpython-312-x86_64-linux-gnu.so or name.abi3.so.
ROOT = Path(__file__).resolve().parents[2]
COMPILED = re.compile(r"\.(cpython-(\d+)-(\w+)-linux-gnu|abi3)\.so$")


def deployment_zips(synth: Synth) -> dict[str, Path]:
    zips = {}
    for resource in synth.raw("prod")["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            key = resource["Properties"]["CodeUri"]["Key"]
            zips[key] = synth.assembly / f"asset.{key}"
    return zips


def test_each_service_has_its_own_deployment_zip(synth: Synth) -> None:
    zips = deployment_zips(synth)
    assert len(zips) == 3
    for path in zips.values():
        assert path.is_file(), path
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
        assert "app.py" in names and "eventreg/schema.py" in names and "chalice/app.py" in names
        assert not any(n.startswith(("vendor/", "boto3/", "moto/")) for n in names)



def test_each_deployment_zip_holds_every_module_of_the_core(synth: Synth) -> None:
    """Whatever moved inside src/eventreg (adapters/, entrypoints/, register/ …) is in every bundle, so each
    app.py's imports resolve on Lambda as they do here."""
    core = {path.relative_to(ROOT / "src").as_posix() for path in (ROOT / "src" / "eventreg").rglob("*.py")}
    assert {"eventreg/entrypoints/bootstrap.py", "eventreg/adapters/dynamodb/repository.py"} <= core
    for path in deployment_zips(synth).values():
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
        assert sorted(core - names) == [], path.name

def test_no_deployment_zip_holds_the_local_development_stack(synth: Synth) -> None:
    """devstack (python -m devstack: DynamoDB Local, moto server, the outbox) stays on this machine: not in
    a bundle under its name, nor under its old one (eventreg/local/), nor its outbox templates."""
    for path in deployment_zips(synth).values():
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
        assert "eventreg/templates/web/base.html" in names  # the core's templates are there
        assert {f"eventreg/locale/{lang}/LC_MESSAGES/eventreg.mo" for lang in ("en", "nl", "fr", "de")} <= set(names)
        local = [n for n in names if n.startswith(("devstack/", "eventreg/local/"))
                 or re.search(r"(^|/)(devstack/|outbox(_mail)?\.html$)", n)]
        assert local == [], f"{path.name}: {local[:5]}"


def test_compiled_modules_are_built_for_cpython_312_manylinux_x86_64(synth: Synth) -> None:
    for path in deployment_zips(synth).values():
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            compiled = [n for n in names if n.endswith(".so")]
            assert any(n.startswith("pydantic_core/_pydantic_core.cpython-312-x86_64-linux-gnu") for n in compiled)
            for name in compiled:
                match = COMPILED.search(name)
                assert match, f"{path.name}: {name} is not a CPython 3.12 / abi3 Linux module"
                if match.group(2):
                    assert (match.group(2), match.group(3)) == ("312", "x86_64"), name
            wheels = [n for n in names if n.endswith(".dist-info/WHEEL")]
            assert wheels
            for wheel in wheels:
                text = archive.read(wheel).decode()
                if "Root-Is-Purelib: true" in text:
                    continue
                tags = re.findall(r"^Tag: (\S+)$", text, re.M)
                assert tags, wheel
                for tag in tags:
                    interpreter, abi, platform = tag.split("-")
                    assert abi in ("cp312", "abi3"), tag
                    assert interpreter == "cp312" or (abi == "abi3" and int(interpreter[2:]) <= 312), tag
                    assert re.fullmatch(r"manylinux(2014|_2_\d+)_x86_64", platform), tag


def test_bundled_dependencies_are_the_locked_versions(synth: Synth) -> None:
    """Every dependency a bundle ships is the version uv.lock pins (the Lambda set is read from the lock)."""
    locked = {p["name"]: p["version"] for p in tomllib.loads((ROOT / "uv.lock").read_text())["package"]}
    for path in deployment_zips(synth).values():
        with zipfile.ZipFile(path) as archive:
            shipped = [m.groups() for n in archive.namelist()
                       if (m := re.fullmatch(r"([^/]+)-([^/-]+)\.dist-info/METADATA", n))]
        assert any(name.lower() == "pydantic" for name, _ in shipped)
        for name, version in shipped:
            key = re.sub(r"[-_.]+", "-", name).lower()
            if key in ("chalice", "boto3"):  # added by `chalice package` itself / provided by the runtime
                continue
            assert locked.get(key) == version, f"{path.name}: {name} {version}, uv.lock has {locked.get(key)}"
