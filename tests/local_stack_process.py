"""The local stack as `make run` starts it, in a subprocess, for the end-to-end tests (one way to start it
and wait for it, shared by the walk-through and the API fuzz test)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class StackProcess:
    process: subprocess.Popen[str]
    info: dict[str, Any]  # stack.json: URLs, ports, tokens
    output: list[str] = field(default_factory=list)  # its output, line by line as it comes
    reader: threading.Thread | None = None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def start_stack(state: Path, timeout: float = 120) -> StackProcess:
    """`python -m devstack --port 0` in its own process group (so a test can press Ctrl-C as a terminal
    does), its output read on a thread (a chatty stack never fills the pipe); fails the test if it does not
    write stack.json in time."""
    process = subprocess.Popen(
        [sys.executable, "-m", "devstack", "--port", "0", "--state-dir", str(state)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout or ()), daemon=True)
    reader.start()
    stack_file = state / "stack.json"
    deadline = time.monotonic() + timeout
    while not stack_file.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            reader.join(timeout=10)
            pytest.fail("the local stack did not start:\n" + "".join(lines))
        time.sleep(0.2)
    return StackProcess(process, json.loads(stack_file.read_text()), lines, reader)
