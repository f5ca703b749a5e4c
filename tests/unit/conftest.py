"""Unit-test fixtures: factories for domain objects (see unit_helpers)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from unit_helpers import build_event, build_registration

from eventreg.config import settings
from eventreg.domain.models import Event, Registration

LINK_KEY = "unit-test-link-key-0123456789abcdef"


@pytest.fixture
def make_event() -> Callable[..., Event]:
    return build_event


@pytest.fixture
def make_registration() -> Callable[..., Registration]:
    return build_registration


@pytest.fixture
def link_key(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """EVENTREG_LINK_KEY set (and the settings re-read) for code that signs manage links."""
    monkeypatch.setenv("EVENTREG_LINK_KEY", LINK_KEY)
    monkeypatch.setenv("EVENTREG_PUBLIC_URL", "https://events.example.eu/")
    settings.cache_clear()
    yield LINK_KEY
    settings.cache_clear()
