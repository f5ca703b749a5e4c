"""eventreg.links: HMAC-signed manage links (the key from EVENTREG_LINK_KEY, never from the code)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from eventreg.config import settings
from eventreg.links import LinkKeyMissing, manage_path, manage_token, manage_url, token_valid

EVENT = "ewrc-demo"
REGISTRATION = "01KA3F7Q9MZ6T2X8WB4NRCDJ5E"
OTHER_REGISTRATION = "01KA3F7Q9MZ6T2X8WB4NRCDJ5F"
ORIGIN = "https://events.example.eu"  # the stage's public origin (eventreg.adapters.origin)


@pytest.fixture
def no_link_key(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("EVENTREG_LINK_KEY", raising=False)
    settings.cache_clear()
    yield
    settings.cache_clear()


def test_token_verifies(link_key: str) -> None:
    token = manage_token(EVENT, REGISTRATION)
    assert token_valid(EVENT, REGISTRATION, token)
    assert len(token) == 43 and "=" not in token  # 256 bits, URL-safe, unpadded
    assert manage_token(EVENT, REGISTRATION) == token  # deterministic


def test_tampered_token_fails(link_key: str) -> None:
    token = manage_token(EVENT, REGISTRATION)
    flipped = ("A" if token[0] != "A" else "B") + token[1:]
    assert not token_valid(EVENT, REGISTRATION, flipped)
    assert not token_valid(EVENT, REGISTRATION, token[:-1])
    assert not token_valid(EVENT, REGISTRATION, token + "A")


@pytest.mark.parametrize("token", [None, ""])
def test_missing_token_fails(link_key: str, token: str | None) -> None:
    assert not token_valid(EVENT, REGISTRATION, token)


def test_token_of_another_registration_or_event_fails(link_key: str) -> None:
    assert not token_valid(EVENT, OTHER_REGISTRATION, manage_token(EVENT, REGISTRATION))
    assert not token_valid("other-event", REGISTRATION, manage_token(EVENT, REGISTRATION))
    assert manage_token(EVENT, REGISTRATION) != manage_token(EVENT, OTHER_REGISTRATION)


def test_token_depends_on_the_key(link_key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    token = manage_token(EVENT, REGISTRATION)
    monkeypatch.setenv("EVENTREG_LINK_KEY", "another-key-entirely-0123456789")
    settings.cache_clear()
    assert not token_valid(EVENT, REGISTRATION, token)


def test_non_ascii_token_fails_cleanly(link_key: str) -> None:
    assert not token_valid(EVENT, REGISTRATION, "é" * 43)


def test_missing_key_raises(no_link_key: None) -> None:
    with pytest.raises(LinkKeyMissing, match="EVENTREG_LINK_KEY"):
        manage_token(EVENT, REGISTRATION)
    with pytest.raises(LinkKeyMissing):
        manage_url(ORIGIN, EVENT, REGISTRATION)


def test_blank_key_counts_as_missing(monkeypatch: pytest.MonkeyPatch, no_link_key: None) -> None:
    monkeypatch.setenv("EVENTREG_LINK_KEY", "   ")
    settings.cache_clear()
    with pytest.raises(LinkKeyMissing):
        manage_token(EVENT, REGISTRATION)


def test_manage_url_carries_a_valid_token(link_key: str) -> None:
    url = manage_url(ORIGIN, EVENT, REGISTRATION)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == ORIGIN
    assert parts.path == f"/events/{EVENT}/registrations/{REGISTRATION}/manage"
    (token,) = parse_qs(parts.query)["token"]
    assert token_valid(EVENT, REGISTRATION, token)
    assert url.endswith(manage_path(EVENT, REGISTRATION))


def test_a_checkin_code_names_its_registration_and_nothing_else(link_key: str) -> None:
    from eventreg.links import checkin_code, read_checkin_code

    code = checkin_code(EVENT, REGISTRATION)
    assert code.startswith(f"ER1.{EVENT}.{REGISTRATION}.")
    assert read_checkin_code(code) == (EVENT, REGISTRATION)
    assert read_checkin_code(f" {code}\n") == (EVENT, REGISTRATION)  # as a scanner may hand it over
    signature = code.rsplit(".", 1)[1]
    # Its own purpose: the signature is not the manage token, and a manage token is no check-in code.
    assert signature != manage_token(EVENT, REGISTRATION)
    assert not token_valid(EVENT, REGISTRATION, signature)
    assert read_checkin_code(f"ER1.{EVENT}.{REGISTRATION}.{manage_token(EVENT, REGISTRATION)}") is None


@pytest.mark.parametrize("altered", [
    "ER1.ewrc-demo.01KA3F7Q9MZ6T2X8WB4NRCDJ5F.{sig}",  # another registration, same signature
    "ER1.other-event.01KA3F7Q9MZ6T2X8WB4NRCDJ5E.{sig}",  # another event
    "ER2.ewrc-demo.01KA3F7Q9MZ6T2X8WB4NRCDJ5E.{sig}",  # another format
    "ER1.ewrc-demo.01KA3F7Q9MZ6T2X8WB4NRCDJ5E.{sig}x",  # a longer signature
    "ER1.ewrc-demo.01KA3F7Q9MZ6T2X8WB4NRCDJ5E",  # no signature
    "ER1.ewrc-demo.01KA3F7Q9MZ6T2X8WB4NRCDJ5E.{sig}.extra",
    "https://example.org/",  # someone else's QR code
    "",
    "ER1." + "a" * 300,
])
def test_an_altered_or_foreign_checkin_code_is_refused(link_key: str, altered: str) -> None:
    from eventreg.links import checkin_code, read_checkin_code

    signature = checkin_code(EVENT, REGISTRATION).rsplit(".", 1)[1]
    assert read_checkin_code(altered.format(sig=signature)) is None
