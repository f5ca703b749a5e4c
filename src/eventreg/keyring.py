"""Keys that rotate: the port through which signed links and the back-office session get their keys (never
boto3), and the rule for a rotation's grace period.

A key ring holds the current key and, after a rotation, the previous one. Signing and sealing use the current
key; checking accepts the current or the previous key, so a link mailed (or a session sealed) before a rotation
keeps working until the next rotation pushes its key out. On AWS the ring is a Secrets Manager secret's
AWSCURRENT and AWSPREVIOUS versions (eventreg.adapters.secrets); locally one key from configuration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


class KeyRing(Protocol):
    def current(self) -> str:
        """The key to sign and seal with."""
        ...

    def previous(self) -> str | None:
        """The key before the last rotation, still accepted when checking; None before the first rotation."""
        ...

    def refresh(self) -> bool:
        """Forget cached keys so that the next read sees a rotation that happened since; False when a refresh is
        not allowed yet (or there is nothing to refresh)."""
        ...


@dataclass(frozen=True)
class FixedKeys:
    """Keys from configuration (the local stack, tests): nothing rotates them."""

    key: str
    older: str | None = None

    def current(self) -> str:
        return self.key

    def previous(self) -> str | None:
        return self.older

    def refresh(self) -> bool:
        return False


def accepted(ring: KeyRing) -> tuple[str, ...]:
    """The keys a check accepts, the current one first."""
    current = ring.current()
    previous = ring.previous()
    return (current, previous) if previous and previous != current else (current,)


def accepts(ring: KeyRing, matches: Callable[[str], bool]) -> bool:
    """Whether a token is good under a key of the ring. The current key is tried first, so the common case
    reads nothing more; the previous key only when it fails. When neither matches, the ring may re-read once
    (rate-limited by the ring): a warm process may still hold the keys from before a rotation that another
    process already signs with."""
    if matches(ring.current()) or any(matches(key) for key in accepted(ring)[1:]):
        return True
    return ring.refresh() and any(matches(key) for key in accepted(ring))
