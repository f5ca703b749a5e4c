"""Observability on AWS (infra/docs/observability.md): every function traced by X-Ray (TracingConfig Active, as
Chalice's `xray` stage option makes it) with the right to send its segments, and the environment that names
its logs' service and its metrics' dimensions; the REST APIs traced too."""

from __future__ import annotations

import pytest
from infra_support import Synth
from test_stack import STAGES, actions, functions, resources, role_statements


@pytest.mark.parametrize("stage", STAGES)
def test_every_function_is_traced_and_may_send_its_segments(synth: Synth, stage: str) -> None:
    found = functions(synth, stage)
    assert len(found) >= 10  # the three services' handlers
    for (service, handler), function in found.items():
        assert function["Tracing"] == "Active", (service, handler)
        granted = {a for s in role_statements(synth, stage, function) if s["Effect"] == "Allow" for a in actions(s)}
        assert {"xray:PutTraceSegments", "xray:PutTelemetryRecords"} <= granted, (service, handler)


@pytest.mark.parametrize("stage", STAGES)
def test_every_function_names_its_service_and_stage_for_logs_and_metrics(synth: Synth, stage: str) -> None:
    for (service, handler), function in functions(synth, stage).items():
        variables = function["Environment"]["Variables"]
        assert variables["POWERTOOLS_SERVICE_NAME"] == f"eventreg-{service}", handler
        assert variables["EVENTREG_STAGE"] == stage, handler
        assert "POWERTOOLS_LOGGER_LOG_EVENT" not in variables  # events hold attendees' data


def test_the_rest_apis_are_traced(synth: Synth) -> None:
    apis = resources(synth, "prod", "AWS::Serverless::Api")
    assert len(apis) == 2
    assert all(api["Properties"]["TracingEnabled"] is True for api in apis.values())
