"""Test-suite wide setup: make tests/ importable so that `from fixtures import load_event` works."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))


@pytest.fixture(autouse=True)
def _chalice_execution_mark() -> Iterator[None]:
    """Each Chalice() appends " aws-chalice/<version>" to AWS_EXECUTION_ENV, which botocore sends in every
    User-Agent. Tests build apps by the hundred: without this, the value grew past 8 KB during a full run and
    DynamoDB Local answered every later request 431 (Request Header Fields Too Large)."""
    before = os.environ.get("AWS_EXECUTION_ENV")
    yield
    if before is None:
        os.environ.pop("AWS_EXECUTION_ENV", None)
    else:
        os.environ["AWS_EXECUTION_ENV"] = before
