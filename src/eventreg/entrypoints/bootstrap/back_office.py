"""The back-office's sessions, wired: the session key ring (eventreg.keys: Secrets Manager on AWS, configuration
locally) and the store on the configured table (adapters.dynamodb.office_sessions), on AWS and in the local stack
alike. The registration and reports services both open sessions (eventreg.auth); this module builds only those
adapters and imports no flow, so the authorizer may use it without pulling in a service's wiring.
"""

from __future__ import annotations

from eventreg import keys
from eventreg.adapters import clients
from eventreg.adapters.dynamodb.office_sessions import OfficeSessions
from eventreg.config import settings
from eventreg.entrypoints.http.sessions import Sessions


def sessions() -> Sessions | None:
    """The sessions on the current key ring; None where sign-in is not configured (no session key)."""
    ring = keys.session_keys()
    if ring is None:
        return None
    return Sessions(ring, OfficeSessions(clients.dynamodb(), settings().table_name))
