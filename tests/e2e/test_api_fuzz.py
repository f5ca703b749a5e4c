"""Property-based tests of the whole HTTP API with schemathesis, from the OpenAPI description the local
stack serves at /openapi.json: every described operation gets MAX_EXAMPLES generated cases (valid and
invalid data), organiser routes with a valid bearer token (so they are exercised past the authorizer),
privacy routes with the privacy officer's. Some cases are anchored on real data (the demo event, its
sessions, a registration with its manage token, a delegation with its trip-report token, an export job,
an erasure request), so that they reach past "not found".

Checks on every answer: never a 5xx, nor an answer slower than 10 s; every error (4xx) has a Content-Type
the description documents for it, and a JSON error is `{"error": {"code", "message", "fields"?}}` with
`Content-Type: application/json`; and schemathesis's conformance checks: the status and the Content-Type
are documented for the operation, and the body matches the documented schema (the description is true).

    EVENTREG_FUZZ_STACK=.local/stack.json   fuzz a stack that is already running instead of starting one
    EVENTREG_FUZZ_EXAMPLES=20               cases per operation (the total must stay >= 1,000: ~100 operations)
    EVENTREG_FUZZ_SEED=…                    another seed (default: fixed, so CI runs the same cases)
    EVENTREG_FUZZ_ONLY=regex                only the operations whose "METHOD /path" matches (while debugging)
    EVENTREG_FUZZ_TRACE=/tmp/fuzz.trace     each request as a curl command, written before it is sent
    EVENTREG_FUZZ_STRICT=0                  without schemathesis's conformance checks (on by default)
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from local_stack_process import start_stack
from schemathesis import GenerationMode

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
MAX_EXAMPLES = int(os.environ.get("EVENTREG_FUZZ_EXAMPLES", "20"))
SEED = int(os.environ.get("EVENTREG_FUZZ_SEED", "20261001"))
ONLY = os.environ.get("EVENTREG_FUZZ_ONLY")
STRICT = os.environ.get("EVENTREG_FUZZ_STRICT", "1") != "0"
TRACE = os.environ.get("EVENTREG_FUZZ_TRACE")  # a file: each request as curl, written before it is sent
MIN_CASES = 1000
SLOW_SECONDS = 10.0  # an answer slower than this is a failure too (a request that hangs the worker)
DEMO = "ewrc-demo"
DEMO_SESSIONS = ("opening", "city-diplomacy", "open-data-lab", "connected-in-europe", "user-centric-label")


# -- the stack ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    running = os.environ.get("EVENTREG_FUZZ_STACK")
    if running:
        yield json.loads(Path(running).read_text())
        return
    started = start_stack(tmp_path_factory.mktemp("fuzz-stack"))
    try:
        yield started.info
    finally:
        started.process.send_signal(signal.SIGTERM)
        try:
            started.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            started.stop()


def _post(url: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(),  # noqa: S310 - loopback
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - loopback
        return str(answer.read().decode())


def _person(name: str, email: str) -> dict[str, Any]:
    return {"name": name, "email": email}


@dataclass
class Anchors:
    """Real data that some generated cases are pointed at: {path or query name: value}."""

    sets: list[dict[str, str]] = field(default_factory=list)


@pytest.fixture(scope="module")
def anchors(stack: dict[str, Any]) -> Anchors:
    url, organiser = stack["url"], {"Authorization": f"Bearer {stack['organiser_token']}"}
    officer = {"Authorization": f"Bearer {stack['privacy_officer_token']}"}
    found = Anchors()
    run = time.time_ns()  # addresses of their own: a reused stack (EVENTREG_FUZZ_STACK) has earlier runs' people
    for number in range(3):
        status, body = _post(f"{url}/events/{DEMO}/registrations", {
            "name": f"Fuzz Anchor {number}", "email": f"anchor{number}-{run}@example.eu", "organisation": "DG REGIO",
            "organisation_type": "eu_institution", "country": "BE", "sessions": ["opening"],
            "privacy_consent": True, "answers": {"interest": "Cohesion policy"}})
        assert status == 201, body
        registration = body["registration"]
        token = re.search(r"token=([^&]+)", registration["manage_url"])
        assert token
        found.sets.append({"event_id": DEMO, "registration_id": registration["registration_id"],
                           "token": token.group(1)})
    status, body = _post(f"{url}/events/{DEMO}/delegations", {
        "lead": {"name": "Lead Anchor", "email": f"lead-{run}@example.eu", "organisation": "City of Ghent",
                 "organisation_type": "city", "country": "BE", "sessions": ["opening"], "privacy_consent": True,
                 "answers": {"interest": "Cohesion policy"}},
        "members": [_person("Member Anchor", f"member-{run}@example.eu")]})
    assert status == 201, body
    lead = body["registrations"][0]
    manage = _get(lead["manage_url"])
    report = re.search(r"/trip-report\?token=([^&\"]+)", manage)
    assert report, "the lead's manage page links the trip report"
    found.sets.append({"event_id": DEMO, "registration_id": lead["registration_id"], "token": report.group(1),
                       "delegation_id": body["delegation_id"]})
    status, body = _post(f"{url}/reports/events/{DEMO}/exports", {"format": "csv"}, organiser)
    assert status == 202, body
    found.sets.append({"event_id": DEMO, "export_id": body["export"]["export_id"]})
    status, body = _post(f"{url}/reports/privacy/erasures", {"email": "nobody@example.eu"}, officer)
    assert status == 202, body
    found.sets.append({"request_id": body["erasure"]["id"]})
    found.sets.extend({"event_id": DEMO, "session_id": s} for s in DEMO_SESSIONS)
    return found


# -- the checks -----------------------------------------------------------------------------------------
@dataclass
class Failure:
    operation: str
    status: int
    problem: str
    request: str

    def __str__(self) -> str:
        return f"{self.operation} -> {self.status}: {self.problem}\n    {self.request}"


def _media(headers: Any) -> str:
    values = headers.get("content-type") or []
    value = values[0] if isinstance(values, list) and values else values or ""
    return str(value).split(";")[0].strip().lower()


def error_shape_problem(body: bytes) -> str | None:
    """Why a JSON error body is not `{"error": {"code", "message", "fields"?}}` (None: it is)."""
    try:
        data = json.loads(body)
    except ValueError:
        return "the error body is not JSON"
    if not isinstance(data, dict) or set(data) != {"error"} or not isinstance(data["error"], dict):
        return f"not the error shape: {body[:200]!r}"
    error = data["error"]
    if not isinstance(error.get("code"), str) or not re.fullmatch(r"[a-z][a-z0-9_]*", error["code"]):
        return f"error.code is not a code: {error.get('code')!r}"
    if not isinstance(error.get("message"), str) or not error["message"]:
        return "error.message is missing"
    fields = error.get("fields")
    if fields is not None and not (isinstance(fields, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in fields.items())):
        return f"error.fields is not a map of messages: {fields!r}"
    return None


def documented_media(operation: Any, status: int) -> set[str]:
    responses = operation.definition.raw.get("responses", {})
    answer = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default") or {}
    return {media.split(";")[0] for media in answer.get("content", {})}


def check(operation: Any, status: int, headers: Any, body: bytes) -> str | None:
    if status >= 500:
        return f"server error: {body[:300]!r}"
    if status < 400:
        return None
    media = _media(headers)
    if not media:
        return f"an error without Content-Type: {body[:200]!r}"
    allowed = documented_media(operation, status) or {"application/json"}
    if media not in allowed:
        return f"error answered as {media}, documented: {sorted(allowed)}"
    if media == "application/json":
        return error_shape_problem(body)
    return None


def conformance(case: Any, response: Any, headers: dict[str, str]) -> str | None:
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    problems = []
    if not _media(response.headers) and response.content[:1] in (b"{", b"["):
        # Reported, and the body still checked against its schema as the JSON it is.
        problems.append("JSON without Content-Type")
        response.headers["content-type"] = ["application/json"]
    try:
        case.validate_response(response, headers=headers, checks=[
            status_code_conformance, content_type_conformance, response_schema_conformance])
    except BaseExceptionGroup as failed:  # schemathesis's FailureGroup: one per failed check
        problems += [str(e).strip().splitlines()[0] for e in failed.exceptions]
    return "contract: " + "; ".join(problems) if problems else None


# -- the run --------------------------------------------------------------------------------------------
def _security(operation: Any) -> set[str]:
    return {name for requirement in operation.definition.raw.get("security", []) for name in requirement}


def _headers(operation: Any, stack: dict[str, Any], anchored: bool) -> dict[str, str]:
    security = operation.definition.raw.get("security", [])
    if security == [{"organiserBearer": ["privacy-officers"]}]:
        return {"Authorization": f"Bearer {stack['privacy_officer_token']}"}
    if any("organiserBearer" in r for r in security) and ({} not in security or anchored):
        return {"Authorization": f"Bearer {stack['organiser_token']}"}
    return {}


def _anchor(case: Any, anchor: dict[str, str] | None) -> bool:
    """Point a case at real data where it names the same parameters; True if it did."""
    if not anchor:
        return False
    path = case.path_parameters or {}
    if not set(path) or not set(path) <= set(anchor):
        return False
    for name in path:
        path[name] = anchor[name]
    if "token" in anchor and _security(case.operation) & {"manageToken", "reportToken"}:
        case.query = {**(case.query or {}), "token": anchor["token"]}
    return True


@dataclass
class Run:
    cases: int = 0
    by_operation: dict[str, dict[int, int]] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: dict[tuple[str, int, str], Failure] = field(default_factory=dict)
    hung: set[tuple[str, int]] = field(default_factory=set)


def fuzz(operation: Any, stack: dict[str, Any], anchors: Anchors, run: Run, session: requests.Session) -> None:
    label = f"{operation.method.upper()} {operation.path}"
    strategy = st.one_of(operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                         operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))

    @seed(SEED)
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(case=strategy, anchor=st.sampled_from([None, None, *anchors.sets]))
    def one(case: Any, anchor: dict[str, str] | None) -> None:
        if (label, 0) in run.hung:  # one request that got no answer is enough: the rest would wait as long
            return
        anchored = _anchor(case, anchor)
        headers = _headers(operation, stack, anchored)
        if TRACE:
            with open(TRACE, "a") as trace:
                trace.write(case.as_curl_command(headers=headers, base_url=stack["url"]) + "\n")
        try:
            response = case.call(base_url=stack["url"], session=session, headers=headers, timeout=30)
        except requests.RequestException as error:
            run.hung.add((label, 0))
            key = (label, 0, type(error).__name__)
            run.failures.setdefault(key, Failure(label, 0, f"no answer: {error}", case.as_curl_command(
                headers=headers, base_url=stack["url"])))
            return
        run.cases += 1
        statuses = run.by_operation.setdefault(label, {})
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        run.statuses[response.status_code] = run.statuses.get(response.status_code, 0) + 1
        problem = check(operation, response.status_code, response.headers, response.content)
        if problem is None and response.elapsed > SLOW_SECONDS:
            problem = f"slow: answered in {response.elapsed:.1f} s"
        if problem is None and STRICT:
            problem = conformance(case, response, headers)
        if problem:
            kind = problem if problem.startswith("contract") else problem.split(":")[0]
            run.failures.setdefault((label, response.status_code, kind), Failure(
                label, response.status_code, problem[:500],
                case.as_curl_command(headers=headers, base_url=stack["url"])[:1500]))

    one()


# One test sweeps every described operation, each with its examples: pytest's default 300 s per test is a budget
# for one behaviour, not for a sweep that grows with the API; a CI run on a loaded 2-core machine went past it.
@pytest.mark.timeout(900)
def test_the_described_api_never_answers_5xx_and_errors_keep_their_shape(
        stack: dict[str, Any], anchors: Anchors) -> None:
    served = requests.get(f"{stack['url']}/openapi.json", timeout=30)
    assert served.status_code == 200 and served.headers["Content-Type"] == "application/json"
    # from_dict, not from_url: from_url leaves out the operation that serves the description itself.
    schema = schemathesis.openapi.from_dict(served.json())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 41
    if ONLY:
        operations = [o for o in operations if re.search(ONLY, f"{o.method.upper()} {o.path}")]
    run, started = Run(), time.monotonic()
    with requests.Session() as session:
        for operation in operations:
            fuzz(operation, stack, anchors, run, session)
    seconds = time.monotonic() - started
    print(f"\nschemathesis: {run.cases} cases sent over {len(operations)} operations in {seconds:.0f} s "
          f"(seed {SEED}, {MAX_EXAMPLES} examples per operation); statuses: {dict(sorted(run.statuses.items()))}")
    for label, statuses in sorted(run.by_operation.items()):
        print(f"  {sum(statuses.values()):4d}  {label}  {dict(sorted(statuses.items()))}")
    for failure in run.failures.values():
        print(f"FAILURE {failure}")
    assert run.cases >= MIN_CASES or ONLY
    assert set(run.by_operation) == {f"{o.method.upper()} {o.path}" for o in operations}, "an operation got no case"
    assert not run.failures, f"{len(run.failures)} distinct failures:\n" + "\n".join(
        str(f) for f in run.failures.values())
