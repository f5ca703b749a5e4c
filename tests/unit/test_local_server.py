"""The local HTTP origin under a burst of concurrent clients: every connection is accepted and answered,
none is reset (with the default listen backlog of 5, 32 clients saw resets and 64 saw half reset)."""

from __future__ import annotations

import http.client
import json
import threading
from collections import Counter
from collections.abc import Iterator

import pytest

from devstack.gateway import LocalHTTPServer, Mount, Reply, Router

CLIENTS = 64
REQUESTS_EACH = 5


def _registration_stub(method: str, path: str, headers: dict[str, str], body: bytes | None) -> Reply:
    total = sum(range(20_000))  # a little work, as a real handler does, so connections pile up
    return 201, {"Content-Type": "application/json"}, json.dumps({"path": path, "work": total}).encode()


@pytest.fixture
def server() -> Iterator[LocalHTTPServer]:
    http_server = LocalHTTPServer(("127.0.0.1", 0), Router([Mount("", _registration_stub)]))
    http_server.start()
    try:
        yield http_server
    finally:
        http_server.shutdown()
        http_server.server_close()


def test_a_burst_of_64_concurrent_clients_gets_no_connection_reset(server: LocalHTTPServer) -> None:
    statuses: Counter[int] = Counter()
    failures: Counter[str] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS)

    def client() -> None:
        start.wait()
        for _ in range(REQUESTS_EACH):
            # A new connection per post, as a crowd of browsers submitting a form at once.
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            try:
                connection.request("POST", "/events/ewrc-demo/registrations", body=b'{"name": "A"}',
                                   headers={"Content-Type": "application/json"})
                answer = connection.getresponse()
                answer.read()
                with lock:
                    statuses[answer.status] += 1
            except OSError as error:
                with lock:
                    failures[type(error).__name__] += 1
            finally:
                connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert dict(failures) == {}
    assert dict(statuses) == {201: CLIENTS * REQUESTS_EACH}

