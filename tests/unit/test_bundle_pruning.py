"""What staging leaves out per service (tools/package_service.py, tools/bundle_trim.py), on small vendor/ trees: the
core's modules a service cannot import (and the fonts only the PDF reads), the Powertools utilities it does not
reach, and METADATA's long description. tests/infra checks the real bundles and imports each of them."""

from __future__ import annotations

import email.parser
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from bundle_trim import drop_unreached_powertools_utilities, trim_metadata  # noqa: E402
from package_service import prune_core  # noqa: E402


def write(path: Path, text: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_metadata_keeps_its_headers_and_loses_its_long_description(tmp_path: Path) -> None:
    metadata = tmp_path / "pydantic-2.0.dist-info" / "METADATA"
    write(metadata, "Metadata-Version: 2.4\nName: pydantic\nVersion: 2.0\nRequires-Dist: typing-extensions\n\n"
                    "# pydantic\n\nA long README and changelog.\n" * 3)
    trim_metadata(tmp_path)
    headers = email.parser.Parser().parsestr(metadata.read_text())
    assert headers["Name"] == "pydantic" and headers["Version"] == "2.0"
    assert headers.get_all("Requires-Dist") == ["typing-extensions"]
    assert "README" not in metadata.read_text()


def test_only_the_powertools_utilities_the_core_reaches_stay(tmp_path: Path) -> None:
    write(tmp_path / "eventreg" / "__init__.py")
    write(tmp_path / "eventreg" / "keys.py",
          "def ring():\n    from aws_lambda_powertools.utilities import parameters\n")
    utilities = tmp_path / "aws_lambda_powertools" / "utilities"
    write(tmp_path / "aws_lambda_powertools" / "__init__.py")
    write(utilities / "__init__.py")
    write(utilities / "parameters" / "__init__.py",
          "from aws_lambda_powertools.utilities.jmespath_utils import query\n")
    write(utilities / "jmespath_utils" / "__init__.py", "def query():\n    pass\n")
    write(utilities / "batch" / "__init__.py", "from aws_lambda_powertools.utilities.parser import models\n")
    write(utilities / "parser" / "models.py")
    drop_unreached_powertools_utilities(tmp_path)
    assert sorted(p.name for p in utilities.iterdir()) == ["__init__.py", "jmespath_utils", "parameters"]


def core_for(service: str, vendor: Path) -> Path:
    shutil.copytree(ROOT / "src" / "eventreg", vendor / "eventreg",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    prune_core(vendor, service)
    return vendor / "eventreg"


def test_a_service_gets_the_core_modules_its_app_can_import(tmp_path: Path) -> None:
    core = core_for("notifications", tmp_path / "notifications")
    assert (core / "notify" / "letters.py").is_file() and (core / "domain" / "types.py").is_file()
    assert not (core / "auth.py").exists() and not (core / "entrypoints" / "http").exists()  # no pages, no sign-in
    assert not (core / "report" / "agenda" / "fonts").exists()  # the PDF's fonts went with the PDF module
    assert (core / "templates").is_dir() and any((core / "locale").rglob("*.po"))  # named by strings: kept
    reports = core_for("reports", tmp_path / "reports")
    agenda = reports / "report" / "agenda"
    assert (agenda / "pdf.py").is_file() and any((agenda / "fonts").iterdir())
