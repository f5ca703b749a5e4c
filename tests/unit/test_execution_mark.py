"""Loading the services again and again (each a new Chalice()) leaves one aws-chalice mark in
AWS_EXECUTION_ENV, which botocore sends in every User-Agent (8 KB of them made DynamoDB Local answer 431)."""

from __future__ import annotations

import os

import pytest

from devstack.apps import load_service


def test_loading_the_services_again_does_not_grow_the_user_agent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_EXECUTION_ENV", raising=False)
    load_service("registration", fresh=True)
    once = os.environ["AWS_EXECUTION_ENV"]
    assert once.count("aws-chalice/") == 1
    for _ in range(20):
        for name in ("registration", "notifications", "reports"):
            load_service(name, fresh=True)
    assert os.environ["AWS_EXECUTION_ENV"] == once
