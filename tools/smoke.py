"""Smoke test of a running deployment (`make smoke URL=… [TOKEN=…]`), through its public origin only.

1. finds an open test event of the token's organiser (id `smoke-…`), or creates one;
2. registers a synthetic person with a unique address (smoke+<random>@example.com) on it;
3. waits, bounded and printing progress, until the manage link's JSON lists the confirmation among the
   registration's mails (the send log: the mail was handed to SES, or the local stack's SES, and accepted);
4. downloads the attendee list (CSV) and checks the person is in it;
5. cleans up: cancels the registration through its manage link, then erases the person through the privacy
   officers' API when the officer token (or TOKEN itself) is allowed to; if not, it marks the test event
   cancelled, so the next run starts a new one.

Exits 1 with a message naming the step that failed. Stdlib only (urllib), so it runs from any checkout.
Locally (URL the stack's origin and no TOKEN), the tokens come from .local/stack.json.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import secrets
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

EVENT_PREFIX = "smoke-"
STACK_FILE = Path(__file__).resolve().parents[1] / ".local" / "stack.json"


class SmokeFailed(Exception):
    """A step failed; the message says which and why."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError as error:
            raise SmokeFailed(f"expected JSON, got {self.status}: {self.body[:200]!r}") from error


@dataclass(frozen=True)
class Client:
    origin: str
    token: str
    timeout: float = 20

    def call(self, method: str, path: str, body: Any = None, token: str | None = None) -> Answer:
        url = path if path.startswith(("http://", "https://")) else f"{self.origin}{path}"
        headers = {"Accept": "application/json", "Authorization": f"Bearer {token or self.token}"}
        data = None
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310 - URL given
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                return Answer(answer.status, answer.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read())
        except (urllib.error.URLError, TimeoutError) as error:
            raise SmokeFailed(f"{method} {urlsplit(url).path}: {error}") from error

    def expect(self, status: int, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        answer = self.call(method, path, body, token)
        if answer.status != status:
            shown = urlsplit(path).path  # never the query: a manage link's token lets anyone cancel
            raise SmokeFailed(f"{method} {shown}: expected {status}, got {answer.status}: {answer.body[:300]!r}")
        return answer.json()


def say(message: str) -> None:
    print(f"smoke: {message}", flush=True)


def _iso(instant: datetime) -> str:
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_event(now: datetime) -> dict[str, Any]:
    """An open, unmoderated, in-person event far enough ahead that a run never meets its deadlines."""
    starts = now + timedelta(days=60)
    return {
        "event_id": f"{EVENT_PREFIX}{now:%Y%m%d%H%M%S}-{secrets.token_hex(2)}", "title": "Smoke test (eventreg)",
        "timezone": "Europe/Brussels", "status": "open", "retention_days": 1,
        "starts_at": _iso(starts), "ends_at": _iso(starts + timedelta(hours=2)),
        "registration_opens_at": _iso(now - timedelta(days=1)), "registration_closes_at": _iso(starts),
    }


def find_or_create_event(client: Client) -> str:
    events = client.expect(200, "GET", "/organiser/events")["events"]
    open_ones = sorted(e["event_id"] for e in events
                       if e["event_id"].startswith(EVENT_PREFIX) and e.get("status") == "open")
    if open_ones:
        say(f"using the test event {open_ones[-1]}")
        return str(open_ones[-1])
    event_id = client.expect(201, "POST", "/organiser/events", test_event(datetime.now(UTC)))["event"]["event_id"]
    say(f"created the test event {event_id}")
    return str(event_id)


def register(client: Client, event_id: str) -> tuple[dict[str, Any], str]:
    email = f"smoke+{secrets.token_hex(6)}@example.com"  # example.com: never a real mailbox
    person = {"name": "Smoke Test", "email": email, "organisation": "eventreg smoke test",
              "organisation_type": "other", "country": "BE", "attendance_mode": "in_person",
              "privacy_consent": True}
    registration = client.expect(201, "POST", f"/events/{event_id}/registrations", person)["registration"]
    if registration["status"] != "confirmed":
        raise SmokeFailed(f"registered, but {registration['status']!r} instead of confirmed")
    say(f"registered {email} ({registration['registration_id']})")
    return registration, email


def wait_for_confirmation(client: Client, manage_url: str, timeout: float) -> None:
    started = time.monotonic()
    while True:
        mails = client.expect(200, "GET", manage_url)["mails"]
        waited = time.monotonic() - started
        if any(m["kind"] == "confirmed" for m in mails):
            say(f"confirmation mail sent after {waited:.1f} s")
            return
        if waited > timeout:
            raise SmokeFailed(f"no confirmation mail after {timeout:.0f} s (mails so far: {mails})")
        say(f"waiting for the confirmation mail ({waited:.0f} s)")
        time.sleep(min(2.0, 0.25 + waited / 4))


def check_attendee_list(client: Client, reports: str, event_id: str, email: str) -> None:
    answer = client.call("GET", f"{reports}/events/{event_id}/attendees.csv")
    if answer.status != 200:
        raise SmokeFailed(f"attendee list: expected 200, got {answer.status}: {answer.body[:300]!r}")
    rows = list(csv.DictReader(io.StringIO(answer.body.decode("utf-8-sig"))))
    if not any(row.get("Email") == email for row in rows):
        raise SmokeFailed(f"the attendee list ({len(rows)} rows) does not hold the test person")
    say(f"attendee list holds the test person ({len(rows)} rows)")


def clean_up(client: Client, reports: str, event_id: str, manage_url: str, email: str,
             officer_token: str, timeout: float) -> None:
    status = client.expect(200, "DELETE", manage_url)["registration"]["status"]
    say(f"registration {status}")
    answer = client.call("POST", f"{reports}/privacy/erasures", {"email": email}, token=officer_token)
    if answer.status == 202:
        request_url = answer.json()["erasure"]["url"]
        deadline = time.monotonic() + timeout
        while (erasure := client.expect(200, "GET", request_url, token=officer_token)["erasure"])["status"] != "done":
            if time.monotonic() > deadline:
                raise SmokeFailed(f"the erasure was not done after {timeout:.0f} s: {erasure['status']}")
            time.sleep(0.5)
        say(f"test person erased ({erasure['registrations']} registration)")
    elif answer.status == 403:
        # Without a privacy officer's token the synthetic person stays (cancelled) until the retention job
        # erases it a day after the event; the event is retired so the next run starts afresh.
        client.expect(200, "PATCH", f"/organiser/events/{event_id}", {"status": "cancelled"})
        say(f"not a privacy officer's token: test event {event_id} marked cancelled instead")
    else:
        raise SmokeFailed(f"erasure: expected 202 or 403, got {answer.status}: {answer.body[:300]!r}")


def local_tokens(url: str) -> tuple[str, str]:
    """The local stack's organiser and privacy officer tokens, when URL is its origin."""
    try:
        stack = json.loads(STACK_FILE.read_text())
    except (OSError, ValueError) as error:
        raise SmokeFailed(f"no TOKEN given and no local stack to read one from ({STACK_FILE})") from error
    if urlsplit(stack["url"])[:2] != urlsplit(url)[:2]:
        raise SmokeFailed(f"no TOKEN given, and {url} is not the local stack ({stack['url']})")
    return str(stack["organiser_token"]), str(stack["privacy_officer_token"])


def run(url: str, token: str | None, officer_token: str | None, timeout: float) -> None:
    origin = url.rstrip("/")
    if not token:
        token, local_officer = local_tokens(origin)
        officer_token = officer_token or local_officer
    client = Client(origin, token)
    reports = f"{origin}/reports"
    event_id = find_or_create_event(client)
    registration, email = register(client, event_id)
    link = urlsplit(registration["manage_url"])
    if link[:2] != urlsplit(origin)[:2]:  # the links a deployment mails must point at its public origin
        raise SmokeFailed(f"the manage link points at {link.scheme}://{link.netloc}, not at {origin}")
    # The link opens the page (…/manage); the same signed token reads and cancels at the JSON route.
    manage_json = f"{origin}{link.path.removesuffix('/manage')}?{link.query}"
    try:
        wait_for_confirmation(client, manage_json, timeout)
        check_attendee_list(client, reports, event_id, email)
    except SmokeFailed as failure:  # the synthetic person goes whatever failed; the first failure is told
        try:
            clean_up(client, reports, event_id, manage_json, email, officer_token or token, timeout)
        except SmokeFailed as also:
            raise SmokeFailed(f"{failure}; and cleaning up failed too: {also}") from failure
        raise
    clean_up(client, reports, event_id, manage_json, email, officer_token or token, timeout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the deployment's public origin, e.g. https://events.example.eu")
    # Tokens by environment (as make passes them): a command line is visible to every user of the machine.
    parser.add_argument("--token", default=os.environ.get("SMOKE_TOKEN", ""),
                        help="an organiser's bearer token (Cognito ID token on AWS); default $SMOKE_TOKEN")
    parser.add_argument("--officer-token", default=os.environ.get("SMOKE_OFFICER_TOKEN", ""),
                        help="a privacy officer's token, to erase the test person; default $SMOKE_OFFICER_TOKEN")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for the mail (default 120)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        run(args.url, args.token or None, args.officer_token or None, args.timeout)
    except SmokeFailed as failure:
        print(f"smoke: FAILED: {failure}", file=sys.stderr, flush=True)
        return 1
    say(f"passed in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
