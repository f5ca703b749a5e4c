"""Which key rings this process uses: on AWS the stage's secrets in Secrets Manager (their ARNs configured,
never their values), locally the keys in configuration (EVENTREG_LINK_KEY, EVENTREG_SESSION_KEY).

This module wires an adapter, as eventreg.auth does (tests/unit/test_adapter_boundary.py lists both); the
Secrets Manager adapter, and Powertools with it, is imported only where an ARN is configured.
"""

from __future__ import annotations

from functools import lru_cache

from eventreg.config import settings
from eventreg.keyring import FixedKeys, KeyRing


class LinkKeyMissing(RuntimeError):
    pass


def link_keys() -> KeyRing:
    """The key ring of attendees' signed links (manage links, the delegation lead's trip report)."""
    config = settings()
    if config.link_key_arn:
        return _secret(config.link_key_arn)
    if not config.link_key:
        raise LinkKeyMissing("EVENTREG_LINK_KEY is not set: manage links cannot be signed")
    return FixedKeys(config.link_key)


def session_keys() -> KeyRing | None:
    """The key ring of the back-office's cookie session; None where sign-in is not configured."""
    config = settings()
    if config.session_key_arn:
        return _secret(config.session_key_arn)
    key = config.session_key or config.link_key
    return FixedKeys(key) if key else None


@lru_cache(maxsize=4)
def _secret(arn: str) -> KeyRing:
    # One ring (and cache) per secret and process, as the boto3 clients.
    from eventreg.adapters import clients
    from eventreg.adapters.secrets import SecretKeyRing

    return SecretKeyRing(arn, clients.secretsmanager())


def reset() -> None:
    """Forget the rings (tests: a fresh process, as a new Lambda container would start)."""
    _secret.cache_clear()
