"""The first requests of a cold registration function: `import app`, then one GET of the public register page
and one JSON registration POST, in a fresh interpreter, as Lambda runs them after its init.

Used by bench/cold_start.py: work deferred from import (pydantic's `defer_build`, lazy imports) shows up here,
so a faster import that only moves its cost to the first request does not pass for a gain.

The requests are API Gateway proxy events handed to the Chalice app object, as the Lambda runtime does (no
HTTP server, no chalice.local). The table lives in a moto server (devstack.engines.MotoServer, a separate
process) so that nothing of moto is imported into the measured interpreter; the demo event is seeded once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs in the fresh interpreter: argv[1] is the event id, argv[2] a unique suffix for the registrant's email.
PROBE = r'''
import json, sys, time
event_id, unique = sys.argv[1], sys.argv[2]
sys.path.insert(1, sys.argv[3])  # the measured checkout's core first (bench/cold_start.py: Target.prelude)
marks = [(time.perf_counter(), time.process_time())]
import app
marks.append((time.perf_counter(), time.process_time()))
if sys.argv[4:] == ["snapshot"]:  # as at a SnapStart publish: the before-snapshot hooks (eventreg.entrypoints.snapshot)
    import snapshot_restore_py as hooks
    for hook, args, kwargs in hooks._before_snapshot_registry:
        hook(*args, **kwargs)
    marks.append((time.perf_counter(), time.process_time()))


class Context:  # what the Lambda runtime passes (the fields Chalice and Powertools read)
    function_name = "eventreg-registration"
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:eventreg-registration"
    memory_limit_in_mb = 512
    aws_request_id = "00000000-0000-4000-8000-" + unique[-12:].rjust(12, "0")
    log_group_name = "/aws/lambda/eventreg-registration"
    log_stream_name = "2026/01/01/[$LATEST]bench"

    @staticmethod
    def get_remaining_time_in_millis():
        return 30000


def proxy(method, resource, path, body=None):
    headers = {"host": "events.example.eu", "accept": "text/html" if body is None else "application/json",
               "accept-language": "en"}
    if body is not None:
        headers["content-type"] = "application/json"
    return {"resource": resource, "path": path, "httpMethod": method, "headers": headers,
            "multiValueHeaders": {k: [v] for k, v in headers.items()}, "queryStringParameters": None,
            "multiValueQueryStringParameters": None, "pathParameters": {"event_id": event_id},
            "stageVariables": None, "body": body, "isBase64Encoded": False,
            "requestContext": {"resourcePath": resource, "httpMethod": method, "path": path, "stage": "api",
                               "requestId": Context.aws_request_id, "identity": {"sourceIp": "192.0.2.1"}}}


page = app.app(proxy("GET", "/events/{event_id}/register", f"/events/{event_id}/register"), Context())
marks.append((time.perf_counter(), time.process_time()))
attendee = {"name": "Cold Start", "email": f"cold-{unique}@region.example.eu", "organisation": "Region of Benchmarks",
            "organisation_type": "region", "country": "BE", "attendance_mode": "in_person", "privacy_consent": True,
            "answers": {"interest": "Networking"}}
created = app.app(proxy("POST", "/events/{event_id}/registrations", f"/events/{event_id}/registrations",
                        json.dumps(attendee)), Context())
marks.append((time.perf_counter(), time.process_time()))
if page["statusCode"] != 200 or created["statusCode"] != 201:
    sys.exit(f"GET {page['statusCode']}, POST {created['statusCode']}: {str(created.get('body'))[:300]}")
print(json.dumps([[b[0] - a[0], b[1] - a[1]] for a, b in zip(marks, marks[1:])]))
'''

STEPS = ("import app", "+ GET register page", "+ POST registration")
# With SnapStart the import and the hooks run when a version is published; a restored environment starts after them.
SNAPSHOT_STEPS = ("import app", "before-snapshot hooks", "GET register page", "+ POST registration")


@dataclass(frozen=True)
class Backend:
    """The moto server holding the table, and what a child needs to reach it."""

    event_id: str
    environment: dict[str, str]


@contextmanager
def backend(table: str) -> Iterator[Backend]:
    """A moto server with the table and the demo event (open for registration), for the whole run."""
    from devstack.engines import MotoServer
    from devstack.seed import DEMO_EVENT_ID, demo_event

    with MotoServer().start() as moto:
        reach = {"EVENTREG_DYNAMODB_ENDPOINT": moto.endpoint, "EVENTREG_AWS_ENDPOINT": moto.endpoint,
                 "EVENTREG_TABLE": table, "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench"}
        os.environ.update(reach)
        from eventreg.adapters import clients
        from eventreg.config import settings
        from eventreg.entrypoints.bootstrap import repository
        from eventreg.schema import create_table_kwargs

        settings.cache_clear()
        clients.dynamodb().create_table(**create_table_kwargs(table))
        repository().put_event(*demo_event())
        yield Backend(DEMO_EVENT_ID, reach)


def first_request_seconds(backend: Backend, environment: dict[str, str], unique: str,
                          checkout: Path = ROOT, snapshot: bool = False) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each of STEPS (SNAPSHOT_STEPS with `snapshot`: the app's SnapStart hooks run after
    the import), in one fresh interpreter, with a checkout's registration app."""
    out = subprocess.run([sys.executable, "-c", PROBE, backend.event_id, unique, str(checkout / "src"),
                          *(["snapshot"] if snapshot else [])],
                         cwd=checkout / "services" / "registration",
                         env=environment | backend.environment, check=False, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"first-request probe failed: {out.stderr[-2000:]}")
    return [(wall, cpu) for wall, cpu in json.loads(out.stdout.strip().splitlines()[-1])]
