"""The Lambda event fixtures match what the code and Chalice read from them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from chalice.app import DynamoDBEvent, Request
from fixtures import EVENTS_DIR, load_event

from eventreg.adapters.dynamodb import items
from eventreg.adapters.dynamodb.erasure_requests import ErasureRequests
from eventreg.adapters.dynamodb.repository import Repository
from eventreg.adapters.dynamodb.stream import change_of
from eventreg.domain.models import Registration
from eventreg.privacy.erasure_stream import request_id_of


def test_all_fixtures_load() -> None:
    names = sorted(path.stem for path in EVENTS_DIR.glob("*.json"))
    assert names == [
        "apigateway_get_attendees_csv",
        "apigateway_get_openapi",
        "apigateway_post_registration",
        "dynamodb_stream_duplicate",
        "dynamodb_stream_event_closed",
        "dynamodb_stream_insert_erasure_request",
        "dynamodb_stream_insert_registration",
        "scheduled_event",
        "sqs_message_jobs",
    ]
    for name in names:
        assert isinstance(load_event(name), dict)
        assert load_event(name + ".json") == load_event(name)


def test_api_gateway_get_openapi_is_a_rest_proxy_event_without_credentials() -> None:
    """The bundles' traced invocation on the Lambda interpreter (tests/infra/test_deployment_packages.py)."""
    event = load_event("apigateway_get_openapi")
    assert event["resource"] == event["requestContext"]["resourcePath"] == "/openapi.json"
    assert event["httpMethod"] == event["requestContext"]["httpMethod"] == "GET"
    assert event["pathParameters"] is None and event["body"] is None
    assert "Authorization" not in event["headers"] and "Authorization" not in event["multiValueHeaders"]
    request = Request(event)
    assert request.method == "GET" and request.headers["accept"] == "application/json"


def test_api_gateway_post_is_a_rest_proxy_event() -> None:
    event = load_event("apigateway_post_registration")
    assert event["resource"] == event["requestContext"]["resourcePath"] == "/events/{event_id}/registrations"
    assert event["pathParameters"] == {"event_id": "ewrc-demo"}
    assert event["httpMethod"] == event["requestContext"]["httpMethod"] == "POST"
    assert set(event["multiValueHeaders"]) == set(event["headers"])
    request = Request(event)
    assert request.json_body["country"] == "PL"
    assert request.headers["content-type"] == "application/json"


def test_attendees_event_has_a_token_placeholder() -> None:
    raw = load_event("apigateway_get_attendees_csv")
    assert raw["headers"]["Authorization"] == "Bearer {{TOKEN}}"
    replaced = load_event("apigateway_get_attendees_csv", TOKEN="abc.def.ghi")
    assert replaced["headers"]["Authorization"] == "Bearer abc.def.ghi"
    assert replaced["multiValueHeaders"]["Authorization"] == ["Bearer abc.def.ghi"]
    assert replaced["requestContext"]["resourcePath"] == "/events/{event_id}/attendees.csv"


def test_stream_image_is_exactly_a_registration_item() -> None:
    batch = load_event("dynamodb_stream_insert_registration")
    (record,) = batch["Records"]
    image: dict[str, Any] = record["dynamodb"]["NewImage"]
    registration = Registration.model_validate(items.from_av(image))
    assert items.registration_item(registration) == image
    assert record["dynamodb"]["Keys"] == {"PK": image["PK"], "SK": image["SK"]}
    assert record["eventSourceARN"].startswith("arn:aws:dynamodb:eu-west-1:123456789012:table/eventreg/stream/")
    (parsed,) = list(DynamoDBEvent(batch, None))
    assert parsed.event_name == "INSERT"
    assert parsed.table_name == "eventreg"


def test_duplicate_batch_repeats_the_insert() -> None:
    (single,) = load_event("dynamodb_stream_insert_registration")["Records"]
    assert load_event("dynamodb_stream_duplicate")["Records"] == [single, single]


def test_scheduled_event_is_an_eventbridge_schedule() -> None:
    event = load_event("scheduled_event")
    assert event["detail-type"] == "Scheduled Event"
    assert event["source"] == "aws.events"
    assert event["resources"][0].startswith("arn:aws:events:eu-west-1:")


def test_the_erasure_request_image_is_what_the_api_puts() -> None:
    (record,) = load_event("dynamodb_stream_insert_erasure_request")["Records"]
    image: dict[str, Any] = record["dynamodb"]["NewImage"]
    put: list[dict[str, Any]] = []

    class Client:  # records the PutItem the API makes
        def put_item(self, **kwargs: Any) -> None:
            put.append(kwargs["Item"])

    ErasureRequests(Repository(cast(Any, Client()), "eventreg")).create(
        "marta.kowalska@krakow.pl", "dpo-cor", datetime(2026, 5, 21, 22, tzinfo=UTC))
    (item,) = put
    fresh = ("PK", "SK", "request_id")  # a new id on every request
    assert set(item) == set(image)
    assert {k: v for k, v in item.items() if k not in fresh} == {k: v for k, v in image.items() if k not in fresh}
    assert image["SK"]["S"] == "ERASURE#" + image["request_id"]["S"]
    assert record["dynamodb"]["Keys"] == {"PK": image["PK"], "SK": image["SK"]}
    assert request_id_of(change_of(record)) == "01KB2Q8R3T5V7X9Z1C3E5G7J9M"
    (parsed,) = list(DynamoDBEvent({"Records": [record]}, None))
    assert parsed.event_name == "INSERT"
