"""Unit-test fixtures: factories for domain objects (see unit_helpers)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from unit_helpers import build_event, build_registration

from eventreg.domain.models import Event, Registration


@pytest.fixture
def make_event() -> Callable[..., Event]:
    return build_event


@pytest.fixture
def make_registration() -> Callable[..., Registration]:
    return build_registration
