"""What the back-office's integration tests share: signing in locally (the devstack's /_local/sign-in, as a
browser does), the session cookie on later requests, a page's CSRF token, a moderated demo event with people."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from chalice.test import Client
from integration_support import Stack

from devstack.outbox import SesOutbox, tools_app
from devstack.seed import DEMO_EVENT_ID
from eventreg.domain.models import RegistrationRequest, utc_now
from eventreg.entrypoints.http import sessions
from eventreg.register.registering import Registrar

HTML = {"Accept": "text/html,application/xhtml+xml"}
FORM_TYPE = {"Content-Type": "application/x-www-form-urlencoded"}


def cookies_of(response: Any) -> dict[str, str]:
    """name → value of every Set-Cookie of a response."""
    found = response.headers.get("Set-Cookie") or []
    found = [found] if isinstance(found, str) else found
    return {line.split("=", 1)[0]: line.split("=", 1)[1].split(";", 1)[0] for line in found}


def cookie_header(jar: dict[str, str]) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{name}={value}" for name, value in jar.items() if value)}


def sign_in_locally(who: str, next_path: str = "/organiser/") -> dict[str, str]:
    with Client(tools_app(SesOutbox("http://127.0.0.1:9"))) as tools:
        listed = tools.http.get(f"/sign-in?next={next_path}")
        assert listed.status_code == 200 and f'value="{who}"' in listed.body.decode()
        answer = tools.http.post("/sign-in", headers=FORM_TYPE, body=urlencode({"identity": who, "next": next_path}))
    assert answer.status_code == 303 and answer.headers["Location"] == next_path
    jar = cookies_of(answer)
    assert set(jar) == {sessions.SESSION}  # over plain http locally: no __Host- prefix
    return jar


def csrf_of(page: str) -> str:
    """The CSRF token a back-office page's forms carry."""
    return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def moderated_event_with(stack: Stack, people: list[tuple[str, str, str]]) -> None:
    event = stack.repo.get_event(DEMO_EVENT_ID)
    assert stack.repo.update_event(event.model_copy(update={"moderated": True}), event.status.value)
    for name, email, organisation in people:
        Registrar(stack.repo).register(DEMO_EVENT_ID, RegistrationRequest.model_validate({
            "name": name, "email": email, "organisation": organisation, "organisation_type": "city",
            "country": "BE", "privacy_consent": True, "answers": {"interest": "Networking"}}), utc_now())
