"""The organisers' activity log: who did what to an event, and when. An entry names the action (a code, the
route's), the ids it touched and the names of the fields it sent — never their values, so an entry holds no
attendee's personal data (names and emails stay on the registrations, where erasure finds them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# Form and request fields that say nothing about what was changed.
NOT_FIELDS = frozenset({"csrf_token", "next", "confirm", "preview"})
MAX_FIELDS = 40  # an entry stays small whatever a caller posts
MAX_NAME = 64


@dataclass(frozen=True)
class Activity:
    event_id: str
    at: datetime
    actor_id: str
    actor_name: str
    action: str  # the route's code (its view's name), e.g. organiser_decision
    target: dict[str, str] = field(default_factory=dict)  # the other ids in the path
    fields: tuple[str, ...] = ()  # which fields the request sent


def changed_fields(body: object) -> tuple[str, ...]:
    """The names of the fields a request sent with a value (a JSON object's or a form's keys), bounded and sorted."""
    if not isinstance(body, dict):
        return ()
    names = sorted({str(name)[:MAX_NAME] for name, value in body.items()
                    if str(name) not in NOT_FIELDS and value not in ("", None, [], {})})  # a blank field says nothing
    return tuple(names[:MAX_FIELDS])


def visible_to(entry: Activity, actor_id: str, full: bool) -> bool:
    """A full organiser of the event sees every entry; a partner only what it did itself (others' entries
    may concern sessions that are not theirs)."""
    return full or entry.actor_id == actor_id
