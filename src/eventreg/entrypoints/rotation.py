"""The key rotation's entry: Secrets Manager invokes it once per step of a rotation of the stage's link key or
session key (eventreg.adapters.key_rotation does the steps)."""

from __future__ import annotations

from typing import Any


def rotate_key(event: dict[str, Any]) -> None:
    # Lazy: the notifications service's other handlers never load it.
    from eventreg.adapters import clients, key_rotation

    key_rotation.rotate(clients.secretsmanager(), key_rotation.Request.from_event(event))
