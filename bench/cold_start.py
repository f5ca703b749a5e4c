"""Cold start: each service's `import app` in a fresh process against `import boto3` in a fresh process.

    .venv/bin/python bench/cold_start.py [--rounds 9] [--heavy 12]

As Lambda imports it: the interpreter started in services/<name> (the app's directory on sys.path first, as
/var/task is), with the environment infra/ gives the functions (eventreg_infra.stack._environment, placeholder
values) plus what the Lambda runtime sets, and bytecode present (one unmeasured import writes __pycache__
first). Each sample is one fresh interpreter timing its own import with time.perf_counter(), so interpreter
start-up is left out on both sides. Rounds are interleaved (the order rotates every round) so that load from
other processes falls on all sides alike; the medians and app ÷ boto3 ratios are printed (target ≤ 1.5), of
wall time and of the process's CPU time (steadier on a shared machine), and the ratio of the minimums (least
disturbed by other processes). Timings are reported, never asserted.

--heavy N adds, per service, the N third-party or eventreg packages that cost the most in `python -X
importtime -c "import app"` beyond what `import boto3` loads: where to look for a lazy import.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("registration", "notifications", "reports")
TARGET = 1.5

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


def cwd_of(target: str) -> Path:
    return ROOT / "services" / target if target in SERVICES else ROOT


def module_of(target: str) -> str:
    return "app" if target in SERVICES else target


def import_seconds(target: str) -> tuple[float, float]:
    """One fresh interpreter's wall and CPU time for `import <module>`, measured inside it."""
    code = (f"import time; w, c = time.perf_counter(), time.process_time(); import {module_of(target)}; "
            "print(time.perf_counter() - w, time.process_time() - c)")
    env = environment(target if target in SERVICES else "registration")
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd_of(target), env=env, check=True,
                         capture_output=True, text=True)
    wall, cpu = out.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def _package(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "eventreg" else parts[0]


def importtime(target: str) -> dict[str, int]:
    """Microseconds per package entered from another one (`-X importtime`, cumulative: a package's figure
    includes what it imports). eventreg is split by subpackage (eventreg.auth, eventreg.domain, …)."""
    env = environment(target if target in SERVICES else "registration")
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module_of(target)}"],
                         cwd=cwd_of(target), env=env, check=True, capture_output=True, text=True)
    # Post-order lines "import time: self | cumulative | <indent>name"; a package's cost is counted where a
    # module of another package (or the top) imports it.
    rows: list[tuple[int, int, str]] = []
    for line in out.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2].rstrip()
        rows.append((len(name) - len(name.lstrip()), int(parts[1]), name.strip()))
    costs: dict[str, int] = defaultdict(int)
    for i, (depth, cumulative, name) in enumerate(rows):
        parent = next((n for d, _, n in rows[i + 1:] if d < depth), None)  # post-order: the parent comes later
        package = _package(name)
        if parent is None or _package(parent) != package:
            costs[package] += cumulative
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="fresh processes per side (median of these; ≥ 7)")
    parser.add_argument("--heavy", type=int, default=0, help="list the N costliest packages of each app's import")
    args = parser.parse_args()
    targets = ["boto3", *SERVICES]
    for target in targets:  # unmeasured: writes the bytecode, warms the page cache
        import_seconds(target)
    walls: dict[str, list[float]] = {t: [] for t in targets}
    cpus: dict[str, list[float]] = {t: [] for t in targets}
    for r in range(max(args.rounds, 1)):
        for target in targets[r % len(targets):] + targets[:r % len(targets)]:
            wall, cpu = import_seconds(target)
            walls[target].append(wall)
            cpus[target].append(cpu)

    print(f"cold start: import in a fresh process, median of {args.rounds} "
          f"(Python {platform.python_version()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f})")
    # Wall time is what a cold start costs; CPU time is the same work without the waits for a CPU that other
    # processes cause on a shared box (a Lambda has its vCPU to itself during init), so it is printed beside.
    for label, samples in (("wall", walls), ("CPU", cpus)):
        bare = statistics.median(samples["boto3"])
        print(f"  {label:<4} {'import boto3':<26} {bare * 1000:8.1f} ms   (range {min(samples['boto3']) * 1000:.0f}–"
              f"{max(samples['boto3']) * 1000:.0f})")
        for service in SERVICES:
            median = statistics.median(samples[service])
            ratio = median / bare
            verdict = "ok" if ratio <= TARGET else "MISS"
            least = min(samples[service]) / min(samples["boto3"])
            print(f"  {label:<4} {service + ' import app':<26} {median * 1000:8.1f} ms   (range "
                  f"{min(samples[service]) * 1000:.0f}–{max(samples[service]) * 1000:.0f})   ÷ boto3 = {ratio:.2f}"
                  f"  (target ≤ {TARGET}: {verdict}; of the minimums {least:.2f})")

    if args.heavy:
        boto = importtime("boto3")
        for service in SERVICES:
            costs = importtime(service)
            extra = sorted(((c, p) for p, c in costs.items() if p not in boto and p != "app"), reverse=True)
            listed = ", ".join(f"{p} {c / 1000:.0f}" for c, p in extra[:args.heavy])
            print(f"  {service}: beyond boto3 (ms, -X importtime inflates them): {listed}")


if __name__ == "__main__":
    main()
