"""DynamoDB adapter: the event partition's aggregates on one client and table. The domain never sees boto3.

Each aggregate has its own adapter (events.py, registrations.py, send_log.py), built on the shared plumbing
in table.py; Repository is all three at once, for the callers that need several ports (ports.Store and
ports.SendLog) on one client. The reports' and privacy officers' items (export_items.py,
erasure_requests.py, privacy.py) sit beside it on the same Table."""

from __future__ import annotations

from eventreg.adapters.dynamodb.events import EventTable
from eventreg.adapters.dynamodb.registrations import RegistrationTable
from eventreg.adapters.dynamodb.send_log import SendLogTable


class Repository(EventTable, RegistrationTable, SendLogTable):
    """An EventStore, a RegistrationStore and a SendLog (mypy checks each wherever one is passed)."""
