"""eventreg.adapters.jwt (bearer tokens) and eventreg.auth (the organiser scope)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import jwt
import pytest

from eventreg.adapters.jwt import AUDIENCE, ISSUER, Organiser, Unauthorized, issue_token, verify_token
from eventreg.domain.access import require_organiser_of
from eventreg.domain.errors import Forbidden
from eventreg.domain.models import Event

SECRET = "unit-test-secret-0123456789abcdef0123"


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {"sub": "org-1", "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 600}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def test_valid_token() -> None:
    assert verify_token(SECRET, "Bearer " + issue_token(SECRET, "org-cor-regio")) == Organiser("org-cor-regio")


def test_scheme_is_case_insensitive_and_spaces_tolerated() -> None:
    token = issue_token(SECRET, "org-1")
    assert verify_token(SECRET, "bearer " + token).organiser_id == "org-1"
    assert verify_token(SECRET, "Bearer  " + token + " ").organiser_id == "org-1"


def test_expired_token() -> None:
    with pytest.raises(Unauthorized):
        verify_token(SECRET, "Bearer " + issue_token(SECRET, "org-1", ttl_seconds=-5))


def test_wrong_secret() -> None:
    with pytest.raises(Unauthorized):
        verify_token(SECRET, "Bearer " + issue_token("another-secret-0123456789abcdef0123", "org-1"))


@pytest.mark.parametrize(
    "bad",
    [
        {"aud": "someone-else"},
        {"iss": "not-eventreg"},
        {"exp": None},
        {"sub": None},
        {"aud": None},
    ],
    ids=["wrong-audience", "wrong-issuer", "no-exp", "no-sub", "no-audience"],
)
def test_wrong_or_missing_claims(bad: dict[str, Any]) -> None:
    token = jwt.encode(claims(**bad), SECRET, algorithm="HS256")
    with pytest.raises(Unauthorized):
        verify_token(SECRET, "Bearer " + token)


def test_unsigned_token_is_refused() -> None:
    token = jwt.encode(claims(), key="", algorithm="none")
    with pytest.raises(Unauthorized):
        verify_token(SECRET, "Bearer " + token)


def test_missing_bearer_scheme() -> None:
    token = issue_token(SECRET, "org-1")
    with pytest.raises(Unauthorized):
        verify_token(SECRET, token)
    with pytest.raises(Unauthorized):
        verify_token(SECRET, "Basic " + token)


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer ", "Bearer garbage", "Bearer a.b.c", "Bearer \x00\xff", None])
def test_garbage(header: str | None) -> None:
    with pytest.raises(Unauthorized):
        verify_token(SECRET, header)


def test_no_secret_configured_refuses_everything() -> None:
    token = issue_token(SECRET, "org-1")
    with pytest.raises(Unauthorized):
        verify_token(None, "Bearer " + token)
    with pytest.raises(Unauthorized):
        verify_token("", "Bearer " + token)


def test_unauthorized_message_is_what_api_gateway_maps_to_401() -> None:
    assert str(Unauthorized()) == "Unauthorized"


def test_issued_token_claims() -> None:
    decoded = jwt.decode(issue_token(SECRET, "org-1", ttl_seconds=60), SECRET, algorithms=["HS256"], audience=AUDIENCE)
    assert decoded["sub"] == "org-1"
    assert decoded["iss"] == ISSUER
    assert decoded["exp"] - decoded["iat"] == 60


def test_require_organiser_of(make_event: Callable[..., Event]) -> None:
    event = make_event(organiser_ids=["org-a", "org-b"])
    require_organiser_of(event, "org-b")
    with pytest.raises(Forbidden) as caught:
        require_organiser_of(event, "org-c")
    assert caught.value.status == 403
    assert caught.value.body()["error"]["code"] == "forbidden"


def test_event_without_organisers_admits_nobody(make_event: Callable[..., Event]) -> None:
    with pytest.raises(Forbidden):
        require_organiser_of(make_event(organiser_ids=[]), "")
