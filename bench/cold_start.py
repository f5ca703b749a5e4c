"""Cold start: each service's `import app` in a fresh process against `import boto3` in a fresh process.

    .venv/bin/python bench/cold_start.py [--rounds 9] [--heavy 12]

As Lambda imports it: the interpreter started in services/<name> (the app's directory on sys.path first, as
/var/task is), with the environment infra/ gives the functions (eventreg_infra.stack._environment, placeholder
values) plus what the Lambda runtime sets, and bytecode present (one unmeasured import writes __pycache__
first). Each sample is one fresh interpreter timing its own import with time.perf_counter(), so interpreter
start-up is left out on both sides. Rounds are interleaved (the order rotates every round) so that load from
other processes falls on all sides alike; the medians and app ÷ boto3 ratios are printed (target ≤ 1.5), of
wall time and of the process's CPU time (steadier on a shared machine), and the ratio of the minimums (least
disturbed by other processes). Timings are reported, never asserted. Beside them, the floor: `import boto3,
chalice.app, pydantic.main` (FLOOR), what the fixed choices cost before any line of eventreg loads.

Then, unless --no-first-request, the registration service's first requests in fresh interpreters
(bench/first_request.py: `import app`, one GET of the public register page, one JSON registration POST,
against a moto server): work moved out of the import to first use is counted there. Then the same with the
app's SnapStart hooks run after the import (eventreg.entrypoints.snapshot), as Lambda runs them when it
publishes a version: what the first requests of an environment restored from that snapshot still cost.

--heavy N adds, per service, the N third-party packages or eventreg module groups whose modules cost the most
self time in `python -X importtime -c "import app"`, counting only modules that `import boto3` does not load:
where to look for a lazy import.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.first_request import SNAPSHOT_STEPS, STEPS, backend, first_request_seconds  # noqa: E402

SERVICES = ("registration", "notifications", "reports")
TARGET = 1.5
# What every app imports because of the project's fixed choices, and nothing of eventreg: the floor under each
# app's ratio (pydantic's BaseModel alone is about 1.4× boto3 on this machine kind).
FLOOR = "boto3, chalice.app, pydantic.main"


@dataclass(frozen=True)
class Target:
    """`import boto3`, or a service's `import app` in a checkout: this one, or --against's (labelled "before")."""

    name: str  # boto3 or a service
    root: Path = ROOT

    @property
    def label(self) -> str:
        return self.name if self.root == ROOT else f"before {self.name}"

    @property
    def cwd(self) -> Path:
        return self.root / "services" / self.name if self.name in SERVICES else self.root

    @property
    def module(self) -> str:
        return "app" if self.name in SERVICES else self.name

    @property
    def prelude(self) -> str:
        # The checkout's core first, whichever checkout the venv's editable install points at.
        return f"import sys; sys.path.insert(1, {str(self.root / 'src')!r}); "

# What a deployed function sees: infra/'s variables (placeholders of the same shape) and the runtime's own.
LAMBDA_ENV = {
    "AWS_REGION": "eu-west-1",
    "AWS_DEFAULT_REGION": "eu-west-1",
    "AWS_EXECUTION_ENV": "AWS_Lambda_python3.12",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
    "LAMBDA_TASK_ROOT": "/var/task",
    "EVENTREG_TABLE": "eventreg-dev-Table",
    "EVENTREG_BUCKET": "eventreg-dev-files",
    "EVENTREG_MAIL_FROM": "events@eventreg.example.eu",
    "EVENTREG_SES_CONFIGURATION_SET": "eventreg-dev",
    "EVENTREG_SES_EVENTS_TOPIC": "eventreg-dev-ses-events",
    "EVENTREG_STREAM_ARN": "arn:aws:dynamodb:eu-west-1:123456789012:table/eventreg-dev/stream/2026-01-01T00:00:00.000",
    "EVENTREG_PUBLIC_URL": "https://events.example.eu",
    "EVENTREG_MESSAGES_QUEUE_URL": "https://sqs.eu-west-1.amazonaws.com/123456789012/eventreg-dev-messages",
    "EVENTREG_IDENTITY_PARAMETER": "/eventreg/dev/identity",
    "EVENTREG_LINK_KEY": "bench-link-key",
}


def environment(service: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EVENTREG_", "PYTHON"))}
    return env | LAMBDA_ENV | {"POWERTOOLS_SERVICE_NAME": f"eventreg-{service}"}


def import_seconds(target: Target) -> tuple[float, float]:
    """One fresh interpreter's wall and CPU time for `import <module>`, measured inside it."""
    code = (f"{target.prelude}import time; w, c = time.perf_counter(), time.process_time(); "
            f"import {target.module}; print(time.perf_counter() - w, time.process_time() - c)")
    env = environment(target.name if target.name in SERVICES else "registration")
    out = subprocess.run([sys.executable, "-c", code], cwd=target.cwd, env=env, check=True,
                         capture_output=True, text=True)
    wall, cpu = out.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def _package(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:3]) if parts[0] == "eventreg" else parts[0]


def importtime(target: Target) -> dict[str, int]:
    """Self time in microseconds per module (`-X importtime`): what importing that module itself cost,
    without the modules it imports."""
    env = environment(target.name if target.name in SERVICES else "registration")
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", f"{target.prelude}import {target.module}"],
                         cwd=target.cwd, env=env, check=True, capture_output=True, text=True)
    selves: dict[str, int] = {}
    for line in out.stderr.splitlines():  # "import time: self | cumulative | <indent>name"
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            selves[parts[2].strip()] = int(parts[0])
    return selves


def beyond_boto3(service: str, boto3_modules: set[str]) -> dict[str, int]:
    """Self time per package (eventreg per module group, e.g. eventreg.domain.events) of the modules an app's
    import loads beyond what `import boto3` loads: a cumulative figure would charge boto3 itself to the
    eventreg module that happens to import it first."""
    costs: dict[str, int] = defaultdict(int)
    for module, micros in importtime(Target(service)).items():
        if module not in boto3_modules:
            costs[_package(module)] += micros
    return costs


def first_requests(roots: list[Path], rounds: int, boto3_cpu: float, boto3_wall: float) -> None:
    """Cumulative medians of import, + GET, + POST in fresh interpreters (one unmeasured first), each
    checkout in turn in every round; then the same with the app's SnapStart hooks run after the import, as at a
    version's publish, and the requests measured from there: what a restored environment still does."""
    modes = [(root, snapshot) for snapshot in (False, True) for root in roots]
    samples: dict[tuple[Path, bool], list[list[tuple[float, float]]]] = {mode: [] for mode in modes}
    with backend("eventreg-cold-start") as moto:
        for root, snapshot in modes:
            first_request_seconds(moto, environment("registration"), uuid.uuid4().hex, root, snapshot)
        for r in range(max(rounds, 1)):
            for root, snapshot in modes[r % len(modes):] + modes[:r % len(modes)]:
                samples[(root, snapshot)].append(first_request_seconds(
                    moto, environment("registration"), uuid.uuid4().hex, root, snapshot))
    print(f"first requests of registration, fresh interpreter, median of {rounds} (cumulative; ÷ the medians of "
          "import boto3 above)")
    for root in roots:
        for step, label in enumerate(STEPS):
            _print_step(label if root == ROOT else f"before {label}", samples[(root, False)], range(step + 1),
                        boto3_wall, boto3_cpu)
    print("with SnapStart: import and before-snapshot hooks run at the version's publish; a restored environment "
          "starts after them\n  (the restore itself is Lambda's and is not measured here)")
    for root in roots:
        for step, label in enumerate(SNAPSHOT_STEPS):
            counted = range(step, step + 1) if step < 2 else range(2, step + 1)  # publish-time steps on their own
            _print_step(label if root == ROOT else f"before {label}", samples[(root, True)], counted,
                        boto3_wall, boto3_cpu)


def _print_step(label: str, samples: list[list[tuple[float, float]]], steps: range, boto3_wall: float,
                boto3_cpu: float) -> None:
    walls = [sum(s[i][0] for i in steps) for s in samples]
    cpus = [sum(s[i][1] for i in steps) for s in samples]
    print(f"  {label:<29} wall {statistics.median(walls) * 1000:7.1f} ms (÷ boto3 "
          f"{statistics.median(walls) / boto3_wall:.2f}, min {min(walls) * 1000:.0f})   CPU "
          f"{statistics.median(cpus) * 1000:7.1f} ms (÷ boto3 {statistics.median(cpus) / boto3_cpu:.2f}, "
          f"min {min(cpus) * 1000:.0f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="fresh processes per side (median of these; ≥ 7)")
    parser.add_argument("--heavy", type=int, default=0, help="list the N costliest packages of each app's import")
    parser.add_argument("--no-first-request", action="store_true", help="skip the first requests' figures")
    parser.add_argument("--against", type=Path, help="another checkout (e.g. a git worktree of main) measured "
                        "in the same interleaved rounds, labelled before")
    args = parser.parse_args()
    roots = [ROOT, *([args.against.resolve()] if args.against else [])]
    targets = [Target("boto3"), Target(FLOOR), *(Target(service, root) for root in roots for service in SERVICES)]
    for target in targets:  # unmeasured: writes the bytecode, warms the page cache
        import_seconds(target)
    walls: dict[Target, list[float]] = {t: [] for t in targets}
    cpus: dict[Target, list[float]] = {t: [] for t in targets}
    for r in range(max(args.rounds, 1)):
        for target in targets[r % len(targets):] + targets[:r % len(targets)]:
            wall, cpu = import_seconds(target)
            walls[target].append(wall)
            cpus[target].append(cpu)

    print(f"cold start: import in a fresh process, median of {args.rounds} "
          f"(Python {platform.python_version()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f})")
    # Wall time is what a cold start costs; CPU time is the same work without the waits for a CPU that other
    # processes cause on a shared box (a Lambda has its vCPU to itself during init), so it is printed beside.
    boto3 = targets[0]
    for label, samples in (("wall", walls), ("CPU", cpus)):
        bare = statistics.median(samples[boto3])
        print(f"  {label:<4} {'import boto3':<33} {bare * 1000:8.1f} ms   (range {min(samples[boto3]) * 1000:.0f}–"
              f"{max(samples[boto3]) * 1000:.0f})")
        for target in targets[1:]:
            median = statistics.median(samples[target])
            ratio = median / bare
            verdict = "ok" if ratio <= TARGET else "MISS"
            least = min(samples[target]) / min(samples[boto3])
            title = f"{target.label} import app" if target.name in SERVICES else f"import {target.name}"
            print(f"  {label:<4} {title:<41} {median * 1000:8.1f} ms   (range "
                  f"{min(samples[target]) * 1000:.0f}–{max(samples[target]) * 1000:.0f})   ÷ boto3 = {ratio:.2f}"
                  f"  (target ≤ {TARGET}: {verdict}; of the minimums {least:.2f})")

    if not args.no_first_request:
        first_requests(roots, args.rounds, statistics.median(cpus[boto3]), statistics.median(walls[boto3]))

    if args.heavy:
        boto3_modules = set(importtime(Target("boto3")))
        for service in SERVICES:
            costs = beyond_boto3(service, boto3_modules)
            extra = sorted(((c, p) for p, c in costs.items()), reverse=True)
            listed = ", ".join(f"{p} {c / 1000:.0f}" for c, p in extra[:args.heavy])
            print(f"  {service}: self time beyond boto3's modules, {sum(costs.values()) / 1000:.0f} ms in all "
                  f"(-X importtime inflates it): {listed}")


if __name__ == "__main__":
    main()
