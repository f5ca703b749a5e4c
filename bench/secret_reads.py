"""Secrets Manager reads of the key ring: how many GetSecretValue calls link checks cost, and what a check
costs in time, before and after a rotation (moto's Secrets Manager in-process; no AWS account).

    .venv/bin/python bench/secret_reads.py [--n 10000]

Three kinds of tokens are checked N times each on one warm ring (as one Lambda container would): signed with
the current key, signed with the previous key (a link mailed before the rotation), and forged. Calls are
counted with a botocore `before-parameter-build` hook on the client the ring uses; times are per check (median of 5
batches). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import time
import uuid
from collections.abc import Callable

os.environ.update({"AWS_DEFAULT_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local",
                   "AWS_SESSION_TOKEN": "local", "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled"})

from moto import mock_aws

from eventreg import keys, links
from eventreg.adapters import clients
from eventreg.adapters.key_rotation import STEPS, Request, rotate
from eventreg.config import settings


def per_check(check: Callable[[], bool], n: int) -> float:
    batches = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(n // 5):
            check()
        batches.append((time.perf_counter() - started) / (n // 5))
    return statistics.median(batches) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    n = parser.parse_args().n
    with mock_aws():
        client = clients.secretsmanager()
        calls: list[str] = []
        client.meta.events.register("before-parameter-build.secrets-manager.GetSecretValue",
                                    lambda params, **_: calls.append(params.get("VersionStage", "")))
        arn = client.create_secret(Name="eventreg-bench-link", SecretString="k" * 64)["ARN"]
        os.environ["EVENTREG_LINK_KEY_ARN"] = arn
        settings.cache_clear()
        keys.reset()
        before = links.manage_token("ewrc", "reg-1")
        token = str(uuid.uuid4())
        for step in STEPS:
            rotate(client, Request(arn, token, step))
        keys.reset()  # a container started after the rotation
        calls.clear()
        after = links.manage_token("ewrc", "reg-1")
        signing = list(calls)
        rows = []
        for label, value in (("current key", after), ("previous key", before), ("forged", "x" * 43)):
            start = len(calls)
            micros = per_check(functools.partial(links.token_valid, "ewrc", "reg-1", value), n)
            rows.append((label, micros, len(calls) - start))
    print(f"{n:,} checks per kind on one warm ring (5 batches, median µs per check)")
    print(f"{'token':<14}{'µs/check':>10}{'GetSecretValue calls':>24}")
    for label, micros, count in rows:
        print(f"{label:<14}{micros:>10.1f}{count:>24}")
    print(f"signing the first link after the rotation read {signing}; a forged token re-reads at most once a minute")


if __name__ == "__main__":
    main()
