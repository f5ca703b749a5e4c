"""The notifications service's stream and SNS entries: the table's changes → mails; SES's bounces."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from eventreg.adapters.dynamodb.stream import change_of
from eventreg.entrypoints.bootstrap import repository

if TYPE_CHECKING:
    from eventreg.notify.send import Notifier

# Cold start: each handler imports its flow itself (Powertools' batch utility, the mail composer), so that the
# app loads a flow when its first record comes, not at import.


def notifications(event: dict[str, Any], notifier: Notifier, context: Any = None) -> dict[str, Any]:
    """The table's stream → the mails (partial-batch failures)."""
    from eventreg.notify import batch

    return batch.handle_batch(event, notifier, change_of, context)


def ses_notification(message: str) -> str | None:
    """A bounce or complaint, published by SES's configuration set to SNS."""
    from eventreg.notify import bounces

    return bounces.handle_ses_notification(json.loads(message), repository())
