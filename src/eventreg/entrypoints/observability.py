"""Logs, metrics and traces of every invocation of a service's Chalice app, with Powertools for AWS Lambda, set up
in one call from each app.py (`observe(app)`) as Chalice middleware: a Chalice app is one object behind many
Lambda handlers, so Powertools' decorators (inject_lambda_context, capture_lambda_handler) are applied per
invocation through chalice.ConvertToMiddleware instead of on a handler function.

Logs: the flows keep their standard `logging.getLogger(__name__)` (the domain and the flows import no Powertools).
On Lambda, Powertools' JSON handler is copied onto the `eventreg` logger (copy_config_to_registered_loggers), the
parent of every module logger of the core, so modules imported later (the stream flows are lazy) log through it
too; and onto the app's own logger (Chalice's `app.log`: its errors with their tracebacks). Each line carries the
Lambda context (function, request id, cold start) and a correlation id: API Gateway's request id, or the records'
or messages' ids of a stream, queue or topic batch, or the schedule event's id. The level is Powertools':
POWERTOOLS_LOG_LEVEL, else LOG_LEVEL (INFO by default). Events are never logged: they hold attendees' data.
Off Lambda (make run, tests) logs stay readable lines through the root logger; only the AWS SDK's loggers are
held at WARNING there too (SDK_LOGGERS).

Metrics: eventreg.adapters.metrics counts; written out here once per invocation (EMF on stdout on Lambda).
Traces: an X-Ray subsegment per invocation and one per AWS call (botocore patched), on Lambda only, unless
POWERTOOLS_TRACE_DISABLED. The Tracer is built on the first invocation: building one imports the X-Ray SDK,
which would otherwise be paid by every cold start's import of the app.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from typing import Any, TypeVar

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.logging.utils import copy_config_to_registered_loggers
from chalice import Chalice
from chalice.app import ConvertToMiddleware, Request

from eventreg.adapters import metrics

F = TypeVar("F", bound=Callable[..., Any])

# Where each kind of invocation's correlation id is: a JMESPath on the event as Lambda delivers it (Chalice's
# middleware kinds). A batch's id is the list of its records' ids.
CORRELATION = {
    "http": correlation_paths.API_GATEWAY_REST,  # API Gateway's request id, also in its access log
    "dynamodb": "Records[*].eventID",
    "sqs": "Records[*].messageId",
    "sns": "Records[*].Sns.MessageId",
    "scheduled": correlation_paths.EVENT_BRIDGE,
    "pure_lambda": "ClientRequestToken",  # the one plain handler: Secrets Manager's rotation (its version id)
}
CORE_LOGGER = "eventreg"
# The AWS SDK's DEBUG lines hold whole requests and answers (an attendee's address in a TransactWriteItems,
# a mail's MIME in SendEmail): kept at WARNING whatever level the root logger is set to (on Lambda, the
# function's log level setting sets it; tests/integration/test_no_personal_data_in_logs.py found them).
SDK_LOGGERS = ("boto3", "botocore", "urllib3", "s3transfer")
TRUE = ("1", "true", "yes", "on")


def on_lambda() -> bool:
    """The Lambda runtime sets LAMBDA_TASK_ROOT (Powertools' own test); make run and the tests do not."""
    return bool(os.environ.get("LAMBDA_TASK_ROOT"))


def observe(app: Chalice) -> Chalice:
    """Structured logs with the Lambda context and a correlation id, traces, and the metrics flushed per
    invocation, for every handler of the app (HTTP routes, stream, queue, topic and schedule handlers)."""
    lambda_ = on_lambda()
    service = os.environ.get("POWERTOOLS_SERVICE_NAME") or app.app_name
    metrics.dimensions(service)
    for name in SDK_LOGGERS:
        sdk = logging.getLogger(name)
        sdk.setLevel(max(sdk.getEffectiveLevel(), logging.WARNING))
    if lambda_:
        logger = _json_logs(app, service)
        for kind, path in CORRELATION.items():
            app.register_middleware(ConvertToMiddleware(
                logger.inject_lambda_context(correlation_id_path=path, log_event=False)), kind)
        if os.environ.get("POWERTOOLS_TRACE_DISABLED", "").lower() not in TRUE:
            app.register_middleware(_Traced(logger.service), "all")

    def flushed(event: Any, get_response: Callable[[Any], Any]) -> Any:
        try:
            return get_response(event)
        finally:
            metrics.flush(emit=lambda_)

    app.register_middleware(flushed, "all")
    return app


def _json_logs(app: Chalice, service: str) -> Logger:
    # Chalice's plain handler on the app's logger would print its errors a second time beside the JSON.
    app.log.handlers = [h for h in app.log.handlers if h is getattr(app.log, "powertools_handler", None)]
    logger = Logger(service=service)
    logging.getLogger(CORE_LOGGER)  # registered now: copy_config only configures loggers that exist
    copy_config_to_registered_loggers(source_logger=logger, include={CORE_LOGGER, app.app_name} - {service})
    return logger


class _Traced:
    """Powertools' capture_lambda_handler per invocation, its Tracer built on the first one. The subsegment is
    named after the route (`## POST /events/{event_id}/registrations`) or the function; the handler's response is
    not recorded in the trace (it holds attendees' data), an error's type and message are."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.tracer: Any = None

    def __call__(self, event: Any, get_response: Callable[[Any], Any]) -> Any:
        if self.tracer is None:
            from aws_lambda_powertools import Tracer  # the X-Ray SDK loads here, on the first invocation

            self.tracer = Tracer(service=self.service, patch_modules=("botocore",))
        if isinstance(event, Request):
            original, context = event.to_original_event(), event.lambda_context
            name = f"{event.method} {event.context.get('resourcePath', '')}"
        else:
            original, context = event.to_dict(), event.context
            name = getattr(context, "function_name", "handler")

        def handler(_event: Any, _context: Any) -> Any:
            return get_response(event)

        handler.__name__ = name
        return self.tracer.capture_lambda_handler(handler, capture_response=False)(original, context)


def counted(name: str, statuses: tuple[int, ...]) -> Callable[[F], F]:
    """A view whose answer in one of `statuses` counts once as metric `name` (an errors' answer never does)."""
    def decorate(view: F) -> F:
        @functools.wraps(view)
        def counting(*args: Any, **kwargs: Any) -> Any:
            answer = view(*args, **kwargs)
            if getattr(answer, "status_code", 200) in statuses:
                metrics.count(name)
            return answer

        return counting  # type: ignore[return-value]

    return decorate


# An attendee list made: the file itself (200), or an export job queued for it (202; 303 for a browser).
export_made = counted(metrics.EXPORTS, (200, 202, 303))
