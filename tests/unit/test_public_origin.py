"""eventreg.adapters.origin: the public origin from the SSM parameter on AWS (cached), EVENTREG_PUBLIC_URL or the
local stack's origin elsewhere, and never a loopback default inside Lambda."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities import parameters
from botocore.client import BaseClient
from moto import mock_aws

from eventreg.adapters.origin import CACHE_SECONDS, PublicUrlMissing, public_url
from eventreg.config import LOCAL_URL, on_aws, settings

PARAMETER = "/eventreg/dev/public-url"


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("EVENTREG_PUBLIC_URL", "EVENTREG_PUBLIC_URL_PARAMETER", "AWS_LAMBDA_FUNCTION_NAME",
                 "AWS_EXECUTION_ENV"):
        monkeypatch.delenv(name, raising=False)
    settings.cache_clear()
    parameters.clear_caches()
    yield
    parameters.clear_caches()
    settings.cache_clear()


@pytest.fixture
def ssm(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        client = boto3.client("ssm", region_name="eu-west-1")
        client.put_parameter(Name=PARAMETER, Value="https://d111.cloudfront.net/", Type="String")
        yield client


def in_lambda(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "eventreg-dev-reports-app")
    settings.cache_clear()


def test_locally_the_default_is_the_local_stacks_origin() -> None:
    assert not on_aws()
    assert public_url() == LOCAL_URL == "http://127.0.0.1:8000"


def test_chalices_mark_alone_is_not_lambda(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_EXECUTION_ENV", " aws-chalice/1.32.0")  # what every Chalice() appends, locally too
    assert not on_aws()
    monkeypatch.setenv("AWS_EXECUTION_ENV", "AWS_Lambda_python3.12 aws-chalice/1.32.0")
    assert on_aws()


def test_in_lambda_without_a_url_there_is_no_loopback_default(monkeypatch: pytest.MonkeyPatch) -> None:
    in_lambda(monkeypatch)
    assert settings().public_url == ""
    with pytest.raises(PublicUrlMissing, match="EVENTREG_PUBLIC_URL_PARAMETER") as raised:
        public_url()
    assert raised.value.code == "public_url_missing"


def test_a_given_url_is_used_in_lambda_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTREG_PUBLIC_URL", "https://events.example.eu/")
    in_lambda(monkeypatch)
    assert public_url() == "https://events.example.eu"


def test_the_parameter_is_read_and_cached(monkeypatch: pytest.MonkeyPatch, ssm: Any) -> None:
    monkeypatch.setenv("EVENTREG_PUBLIC_URL_PARAMETER", PARAMETER)
    in_lambda(monkeypatch)
    assert CACHE_SECONDS == 300
    calls: list[str] = []
    original = BaseClient._make_api_call

    def counted(self: BaseClient, operation: str, params: dict[str, Any]) -> Any:
        calls.append(operation)
        return original(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counted)
    assert public_url() == "https://d111.cloudfront.net"
    ssm.put_parameter(Name=PARAMETER, Value="https://changed.example.eu", Type="String", Overwrite=True)
    assert public_url() == "https://d111.cloudfront.net"  # within max_age: no second read
    assert calls.count("GetParameter") == 1
    parameters.clear_caches()
    assert public_url() == "https://changed.example.eu"


def test_an_empty_parameter_is_an_error_not_a_link(monkeypatch: pytest.MonkeyPatch, ssm: Any) -> None:
    ssm.put_parameter(Name=PARAMETER, Value=" ", Type="String", Overwrite=True)
    monkeypatch.setenv("EVENTREG_PUBLIC_URL_PARAMETER", PARAMETER)
    in_lambda(monkeypatch)
    with pytest.raises(PublicUrlMissing):
        public_url()
