"""The notify flow's own ports: what the notifier reads and claims, the mailer, and the organisers' messages to
registrants (their store and the queue that fans them out). What the flows share is in eventreg.ports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from eventreg.ports import SendLog, Store

if TYPE_CHECKING:
    from eventreg.domain.broadcasts import Broadcast
    from eventreg.notify.compose import Mail


class NotifierStore(Store, SendLog, Protocol):
    """What the notifier reads (events, their sessions, registrations) and claims (the send log)."""


class Mailer(Protocol):
    def send(self, message: Mail, sender: str, recipient: str, tags: dict[str, str] | None = None) -> str:
        """Send one composed message; the provider's message id."""
        ...


class BroadcastStore(Protocol):
    """Organisers' messages to their registrants (domain.broadcasts.Broadcast), one item each in the event's
    partition: recorded once, then their progress counted with atomic additions."""

    def create_broadcast(self, broadcast: Broadcast) -> bool:
        """Record a new message; False if one with its id exists (a form sent twice)."""
        ...

    def get_broadcast(self, event_id: str, message_id: str) -> Broadcast | None: ...

    def broadcasts(self, event_id: str) -> list[Broadcast]:
        """An event's messages, newest first."""
        ...

    def mark_queued(self, event_id: str, message_id: str) -> None:
        """Every page of the message is on the queue."""
        ...

    def add_progress(self, event_id: str, message_id: str, *, sent: int = 0, failed: int = 0,
                     pages_done: int = 0) -> None:
        """Add to the counters (an atomic ADD: many deliveries at once never lose a count)."""
        ...


class BroadcastQueue(Protocol):
    """The fan-out of messages: jobs (a page of recipients each) handed to the notifications service (SQS)."""

    def enqueue(self, jobs: Sequence[dict[str, Any]]) -> None: ...
