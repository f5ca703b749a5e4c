"""Replay a stream consumer's dead letters (`make replay-dead-letters QUEUE=… FUNCTION=…`; infra/docs/stream.md).

On AWS: each message of the consumer's dead-letter queue (the event source mapping's on-failure destination) names
a failed batch (DDBStreamBatchInfo: shard, first and last sequence numbers), not its records. This reads those
records again from the table's stream (it keeps them 24 h), keeps the ones the mapping's FilterCriteria lets through,
invokes the function's alias with them as a Lambda stream event (RequestResponse), and deletes the message only if
that invocation succeeded (no function error, no batchItemFailures). Batches the stream no longer holds are listed
as expired and kept, unless --discard-expired.

Locally (--local, or no QUEUE): the running stack replays each consumer's queue into its handler, in its own
process (POST /_local/dead-letters/replay).

Exits 0 when every dead letter was replayed, 1 when some are left (failed again, expired, or missing).
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STACK_FILE = Path(__file__).resolve().parents[1] / ".local" / "stack.json"


class InvocationFailed(RuntimeError):
    """The function answered with an error (its type and message, from Lambda's answer)."""


@dataclass
class LambdaTarget:
    """A deployed stream consumer: `function` is its name or ARN with the alias (e.g. …-on_table_change:live)."""

    client: Any  # a boto3 Lambda client
    function: str
    _filters: dict[str, Any] = field(default_factory=dict)  # stream ARN -> devstack.stream_filter.RecordFilter

    @property
    def name(self) -> str:
        return self.function

    def accepts(self, record: dict[str, Any]) -> bool:
        """As the function's event source mapping on the record's stream filters it (its FilterCriteria)."""
        from devstack.stream_filter import RecordFilter

        stream = str(record["eventSourceARN"])
        if stream not in self._filters:
            mappings = self.client.list_event_source_mappings(FunctionName=self.function,
                                                              EventSourceArn=stream)["EventSourceMappings"]
            if len(mappings) != 1:
                raise SystemExit(f"{self.function} has {len(mappings)} mappings on {stream}; expected 1")
            patterns = [f["Pattern"] for f in (mappings[0].get("FilterCriteria") or {}).get("Filters", [])]
            self._filters[stream] = RecordFilter.of(patterns)
        return bool(self._filters[stream](record))

    def invoke(self, event: dict[str, Any]) -> list[str]:
        answer = self.client.invoke(FunctionName=self.function, InvocationType="RequestResponse",
                                    Payload=json.dumps(event).encode())
        payload = json.loads(answer["Payload"].read() or b"null")
        if answer.get("FunctionError"):
            raise InvocationFailed(f"{(payload or {}).get('errorType')}: {(payload or {}).get('errorMessage')}")
        return [str(f["itemIdentifier"]) for f in (payload or {}).get("batchItemFailures", [])]


def replay_on_aws(queue_url: str, function: str, region: str | None, discard_expired: bool) -> dict[str, Any]:
    import boto3

    from devstack.dead_letters import DeadLetters
    from devstack.replay import replay

    session = boto3.Session(region_name=region)
    target = LambdaTarget(session.client("lambda"), function)
    report = replay(DeadLetters(session.client("sqs"), queue_url), session.client("dynamodbstreams"), target,
                    session.region_name or "", discard_expired=discard_expired)
    return {function: report.as_dict()}


def replay_locally(url: str | None, discard_expired: bool) -> dict[str, Any]:
    if url is None:
        if not STACK_FILE.exists():
            raise SystemExit("no local stack is running (.local/stack.json is missing): `make run` first")
        url = str(json.loads(STACK_FILE.read_text())["url"])
    request = urllib.request.Request(f"{url}/_local/dead-letters/replay", method="POST",  # noqa: S310
                                     data=json.dumps({"discard_expired": discard_expired}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310 - the local stack's origin
        answer: dict[str, Any] = json.loads(response.read())["replayed"]
    return answer


def print_report(reports: dict[str, Any]) -> bool:
    """Print each consumer's outcomes; True if nothing is left in its queue."""
    clean = True
    for consumer, report in reports.items():
        if "error" in report:
            print(f"{consumer}: {report['error']}")
            return False
        counts = report["counts"]
        print(f"{consumer}: {counts['replayed']} replayed, {counts['failed']} failed again, "
              f"{counts['expired']} expired, {counts['missing']} missing")
        for outcome in report["outcomes"]:
            if outcome["status"] != "replayed":
                print(f"  {outcome['status']:8} shard {outcome['shard_id']} {outcome['start']}..{outcome['end']}: "
                      f"{outcome['detail']}")
        clean = clean and counts["failed"] == counts["expired"] == counts["missing"] == 0
    return clean


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queue", help="the dead-letter queue's URL (AWS)")
    parser.add_argument("--function", help="the consumer's function name or ARN, with its alias (AWS)")
    parser.add_argument("--region", help="the stage's region (default: the AWS configuration's)")
    parser.add_argument("--discard-expired", action="store_true",
                        help="delete the dead letters of batches the stream no longer holds, after listing them")
    parser.add_argument("--local", action="store_true", help="replay in the running local stack")
    parser.add_argument("--url", help="the local stack's origin (default: from .local/stack.json)")
    args = parser.parse_args(argv)
    if args.local or not args.queue:
        reports = replay_locally(args.url, args.discard_expired)
    elif not args.function:
        parser.error("--function is required with --queue")
    else:
        reports = replay_on_aws(args.queue, args.function, args.region, args.discard_expired)
    return 0 if print_report(reports) else 1


if __name__ == "__main__":
    sys.exit(main())
