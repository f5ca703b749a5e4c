"""On AWS every absolute link is on the stage's public origin, read from the SSM parameter infra/ writes
(eventreg.adapters.origin): the JSON manage_url, the reports' Location headers, the final-list links of the
closing notice, an erasure request's URL. moto's SSM stands in; the functions run as in Lambda."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from urllib.parse import urlsplit

import pytest
from aws_lambda_powertools.utilities import parameters
from chalice.test import Client
from integration_support import DEMO_EVENT, REGION, Stack
from report_support import EVENT, bucket_fixture, get, people_fixture
from test_erasure import officer
from test_event_notices import change_event, register_people
from test_registration_api import person, post_json

from eventreg.adapters import clients
from eventreg.config import settings

__all__ = ["bucket_fixture", "people_fixture"]  # fixtures used by this module's tests

PARAMETER = "/eventreg/dev/public-url"
ORIGIN = "https://d111111abcdef8.cloudfront.net"


@pytest.fixture(autouse=True)
def on_lambda(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As in a deployed function: the parameter's name in the environment, no EVENTREG_PUBLIC_URL."""
    clients._session().client("ssm", region_name=REGION).put_parameter(Name=PARAMETER, Value=ORIGIN, Type="String")
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "eventreg-dev-registration-app")
    monkeypatch.setenv("EVENTREG_PUBLIC_URL_PARAMETER", PARAMETER)
    settings.cache_clear()
    parameters.clear_caches()
    yield
    parameters.clear_caches()
    settings.cache_clear()


def test_the_json_manage_url_is_on_the_public_origin(registration_service: ModuleType) -> None:
    with Client(registration_service.app) as client:
        response = post_json(client, person())
    assert response.status_code == 201
    manage = urlsplit(response.json_body["registration"]["manage_url"])
    assert f"{manage.scheme}://{manage.netloc}" == ORIGIN
    assert manage.path.startswith(f"/events/{DEMO_EVENT}/registrations/")


def test_an_export_jobs_location_is_under_reports_on_the_public_origin(
    reports_service: ModuleType, people: dict[str, str], bucket: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EVENTREG_EXPORT_DIRECT_ROWS", "3")  # the event counts 4 live registrations
    response = get(reports_service, f"{EVENT}/attendees.csv?preset=full")
    assert response.status_code == 202
    job = response.json_body["export"]
    assert response.headers["Location"] == f"{ORIGIN}/reports{EVENT}/exports/{job['export_id']}"


def test_an_erasure_requests_location_is_on_the_public_origin(reports_service: ModuleType) -> None:
    with Client(reports_service.app) as client:
        response = client.http.post("/privacy/erasures", body='{"email": "nobody@example.eu"}', headers={
            "Content-Type": "application/json", **officer()})
    assert response.status_code == 202
    assert response.headers["Location"].startswith(f"{ORIGIN}/reports/privacy/erasures/")


def test_the_closing_notice_links_the_final_lists_on_the_public_origin(
    stack: Stack, notifications_service: ModuleType,
) -> None:
    register_people(stack)
    stack.update_event(organiser_emails=["regio@cor.example.eu"])
    change_event(stack, notifications_service, status="closed")
    (mail,) = stack.sent_emails()
    text = mail.get_body(("plain",))
    assert text is not None
    assert f"{ORIGIN}/reports/events/{DEMO_EVENT}/final-list.csv" in text.get_content()
    assert "127.0.0.1" not in text.get_content()


def test_the_origin_is_read_once_and_cached(registration_service: ModuleType) -> None:
    ssm = clients._session().client("ssm", region_name=REGION)
    with Client(registration_service.app) as client:
        assert post_json(client, person()).status_code == 201
        ssm.put_parameter(Name=PARAMETER, Value="https://changed.example.eu", Type="String", Overwrite=True)
        second = post_json(client, person(email="jan.peeters@example.be"))
    assert second.json_body["registration"]["manage_url"].startswith(ORIGIN)  # within max_age: the cached value
