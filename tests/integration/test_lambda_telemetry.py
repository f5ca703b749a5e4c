"""What the services print on Lambda (eventreg.entrypoints.observability): JSON log lines with the Lambda context
and a correlation id, and EMF metrics (namespace eventreg, dimensions service and stage) counted where the thing
happened and flushed once per invocation. Off Lambda, logs stay plain lines and no metrics are printed."""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from fixtures import load_event
from integration_support import LambdaContext, Stack, load_service
from observability_support import as_on_lambda, emitted_metrics, log_lines, printed, reset_logging

REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"  # the fixture's requestContext.requestId
RECORD_ID = "c4ca4238a0b923820dcc509a6f75849b"  # the fixture's stream record eventID
__all__ = ["as_on_lambda"]  # the fixture used by this module's tests


def metric_values(document: dict[str, object]) -> dict[str, object]:
    """An EMF document's metrics by name (the names the _aws block declares)."""
    (declared,) = document["_aws"]["CloudWatchMetrics"]  # type: ignore[index]
    return {m["Name"]: document[m["Name"]] for m in declared["Metrics"]}


def probe_event() -> dict[str, object]:
    """The registration post's API Gateway event, aimed at a test route that logs."""
    event = load_event("apigateway_post_registration")
    event.update(resource="/probe", path="/probe", httpMethod="GET", body=None)
    event["requestContext"].update(resourcePath="/probe", httpMethod="GET", path="/api/probe")
    return event


@pytest.mark.usefixtures("as_on_lambda")
def test_an_http_request_logs_json_with_the_context_and_api_gateways_request_id(
        capsys: pytest.CaptureFixture[str]) -> None:
    service = load_service("registration")

    @service.app.route("/probe")
    def probe() -> dict[str, str]:
        logging.getLogger("eventreg.register.probe").info("probed", extra={"event_id": "ewrc-demo"})
        return {}

    context = LambdaContext(function_name="eventreg-dev-registration-api")
    answer = service.app(probe_event(), context)
    assert answer["statusCode"] == 200
    (line,) = log_lines(printed(capsys))
    assert line["message"] == "probed" and line["level"] == "INFO"
    assert line["service"] == "eventreg-registration"
    assert line["name"] == "eventreg.register.probe"  # the module logger, formatted by Powertools
    assert line["correlation_id"] == REQUEST_ID
    assert line["function_name"] == "eventreg-dev-registration-api"
    assert line["function_request_id"] == context.aws_request_id
    assert line["cold_start"] in (True, False) and line["event_id"] == "ewrc-demo"


@pytest.mark.usefixtures("as_on_lambda")
def test_a_registration_counts_one_confirmed_in_the_invocations_metrics(
        stack: Stack, capsys: pytest.CaptureFixture[str]) -> None:
    service = load_service("registration")
    answer = service.app(load_event("apigateway_post_registration"), LambdaContext())
    assert answer["statusCode"] == 201, answer["body"]
    (document,) = emitted_metrics(printed(capsys))
    assert metric_values(document) == {"RegistrationsConfirmed": [1.0]}
    (declared,) = document["_aws"]["CloudWatchMetrics"]
    assert declared["Namespace"] == "eventreg"
    assert declared["Dimensions"] == [["service", "stage"]]
    assert (document["service"], document["stage"]) == ("eventreg-registration", "local")

    again = service.app(load_event("apigateway_post_registration"), LambdaContext())
    assert again["statusCode"] == 409  # the same address: refused, nothing counted, nothing printed
    assert emitted_metrics(printed(capsys)) == []


@pytest.mark.usefixtures("as_on_lambda")
def test_a_stream_batch_logs_with_its_record_ids_and_counts_the_mail_sent(
        capsys: pytest.CaptureFixture[str]) -> None:
    service = load_service("notifications")
    batch = load_event("dynamodb_stream_insert_registration")
    context = LambdaContext(function_name="eventreg-dev-notifications-on-table-change")
    assert service.on_table_change(copy.deepcopy(batch), context) == {"batchItemFailures": []}
    documents = printed(capsys)
    (sent,) = [line for line in log_lines(documents) if line["message"] == "mail sent"]
    assert sent["correlation_id"] == [RECORD_ID]
    assert sent["service"] == "eventreg-notifications" and sent["name"] == "eventreg.notify.send"
    assert sent["function_name"] == "eventreg-dev-notifications-on-table-change"
    (document,) = emitted_metrics(documents)
    assert metric_values(document) == {"MailsSent": [1.0]}
    assert document["service"] == "eventreg-notifications"

    service.on_table_change(copy.deepcopy(batch), context)  # redelivered: the send log holds it, no mail
    assert emitted_metrics(printed(capsys)) == []


@pytest.mark.usefixtures("as_on_lambda")
def test_a_schedule_and_a_topic_message_log_with_their_ids_at_the_level_asked_for(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("POWERTOOLS_LOG_LEVEL", "DEBUG")
    schedule = load_event("scheduled_event")  # one app at a time: on Lambda a process holds one
    load_service("registration").close_registrations(schedule, LambdaContext(function_name="close-registrations"))
    (tick,) = log_lines(printed(capsys))
    assert (tick["level"], tick["message"]) == ("DEBUG", "no registration due to close")
    assert tick["correlation_id"] == schedule["id"] and tick["service"] == "eventreg-registration"

    message = {"notificationType": "Complaint", "mail": {"tags": {}}}
    topic = {"Records": [{"EventSource": "aws:sns", "Sns": {"MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
             "Message": json.dumps(message), "Subject": None, "MessageAttributes": {}}}]}
    load_service("notifications").on_ses_event(topic, LambdaContext(function_name="on-ses-event"))
    (untagged,) = log_lines(printed(capsys))
    assert untagged["message"] == "an SES Complaint without eventreg tags"
    assert untagged["correlation_id"] == ["95df01b4-ee98-5cb9-9903-4c221d41eb5e"]


@pytest.mark.usefixtures("as_on_lambda")
def test_a_plain_lambda_function_logs_with_the_rotations_token(capsys: pytest.CaptureFixture[str]) -> None:
    """The notifications service's one plain handler (rotate_key): Secrets Manager names the step's version."""
    service = load_service("notifications")

    @service.app.lambda_function(name="probe")
    def probe(event: dict[str, Any], context: Any) -> None:
        logging.getLogger("eventreg.entrypoints.probe").info("rotation step", extra={"step": event["Step"]})

    service.app.handler_map["probe"]({"SecretId": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:k",
                                      "ClientRequestToken": "6f1e6ab4-2b4d-4c52-9f0e-1d1c0f5e9b27",
                                      "Step": "createSecret"}, LambdaContext(function_name="rotate-key"))
    (line,) = log_lines(printed(capsys))
    assert line["correlation_id"] == "6f1e6ab4-2b4d-4c52-9f0e-1d1c0f5e9b27" and line["step"] == "createSecret"


def test_off_lambda_logs_stay_plain_and_no_metrics_are_printed(
        stack: Stack, capsys: pytest.CaptureFixture[str]) -> None:
    reset_logging()
    service = load_service("notifications")
    assert logging.getLogger("eventreg").handlers == [] and logging.getLogger("eventreg").propagate
    service.on_table_change(load_event("dynamodb_stream_insert_registration"), LambdaContext())
    assert len(stack.sent_messages()) == 1
    assert printed(capsys) == []


@pytest.fixture
def traced(as_on_lambda: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """Tracing on, as on Lambda (the invocation's trace header set), with what X-Ray would receive collected
    instead of sent to a daemon; the X-Ray SDK switched off again afterwards (its botocore patch stays)."""
    from aws_xray_sdk import global_sdk_config
    from aws_xray_sdk.core import xray_recorder
    from aws_xray_sdk.core.lambda_launcher import LambdaContext as XRayLambdaContext

    monkeypatch.delenv("POWERTOOLS_TRACE_DISABLED")
    monkeypatch.setenv("_X_AMZN_TRACE_ID", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
    sent: list[dict[str, Any]] = []
    xray_recorder.configure(context=XRayLambdaContext())  # whatever the environment was when the SDK loaded
    monkeypatch.setattr(xray_recorder.emitter, "send_entity", lambda entity: sent.append(entity.to_dict()))
    global_sdk_config.set_sdk_enabled(True)
    yield sent
    global_sdk_config.set_sdk_enabled(False)


def subsegments(entities: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for entity in entities:
        yield entity
        yield from subsegments(entity.get("subsegments", []))


def test_a_traced_request_has_its_routes_subsegment_and_one_per_aws_call_but_not_its_answer(
        stack: Stack, traced: list[dict[str, Any]]) -> None:
    service = load_service("registration")
    answer = service.app(load_event("apigateway_post_registration"), LambdaContext())
    assert answer["statusCode"] == 201
    found = list(subsegments(traced))
    (route,) = [s for s in found if s["name"] == "## POST /events/{event_id}/registrations"]
    assert route["annotations"]["Service"] == "eventreg-registration" and "ColdStart" in route["annotations"]
    calls = {s["name"]: s.get("aws", {}).get("operation") for s in found if s.get("namespace") == "aws"}
    assert calls.get("dynamodb") == "TransactWriteItems"
    assert "E.Bienkowska@example.eu" not in json.dumps(found)  # the answer (with the address) is not recorded
