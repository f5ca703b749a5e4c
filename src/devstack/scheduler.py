"""Runs the services' scheduled handlers locally (moto never fires schedules): on a timer, and on
demand from /_local/jobs/<name>. Each run gets an EventBridge scheduled event, as Lambda would."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from devstack.dispatcher import LambdaContextStub

log = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any], Any], Any]


def scheduled_event(name: str) -> dict[str, Any]:
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "000000000000",
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": "eu-west-1",
        "resources": [f"arn:aws:events:eu-west-1:000000000000:rule/eventreg-{name}"],
        "detail": {},
    }


class Scheduler:
    def __init__(self, jobs: dict[str, Handler], every_seconds: float = 30.0) -> None:
        self.jobs = jobs
        self.every_seconds = every_seconds
        self.runs: dict[str, int] = dict.fromkeys(jobs, 0)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run(self, name: str) -> None:
        """Run one job now (serialised with the timer, as one schedule never overlaps itself)."""
        handler = self.jobs[name]
        with self._lock:
            handler(scheduled_event(name), LambdaContextStub(f"eventreg-{name}"))
            self.runs[name] += 1

    def start(self) -> Scheduler:
        self._thread = threading.Thread(target=self._loop, name="eventreg-schedules", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.wait(self.every_seconds):
            for name in self.jobs:
                try:
                    self.run(name)
                except Exception:
                    log.exception("scheduled job %s failed; it runs again at the next tick", name)
