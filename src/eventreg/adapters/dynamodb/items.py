"""Conversion between domain models and DynamoDB items (low-level attribute-value form)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

from eventreg.adapters.dynamodb import keys
from eventreg.domain.models import Event, EventStatus, Registration, Session, iso
from eventreg.domain.retention import PERSONAL

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()

Item = dict[str, Any]


def to_av(plain: dict[str, Any]) -> Item:
    return {k: _serializer.serialize(v) for k, v in plain.items() if v is not None}


def from_av(item: Item) -> dict[str, Any]:
    """An item in plain Python values (numbers as int), decoded by hand: boto3's TypeDeserializer gives the
    same values at ~6x the cost, which dominated reading thousands of registrations and stream records."""
    return {k: _value(v) for k, v in item.items()}


def _value(av: Any) -> Any:
    if "S" in av:
        return av["S"]
    if "L" in av:
        return [_value(v) for v in av["L"]]
    if "BOOL" in av:
        return av["BOOL"]
    if "N" in av:
        return _plain(Decimal(av["N"]))
    if "M" in av:
        return {k: _value(v) for k, v in av["M"].items()}
    if "NULL" in av:
        return None
    return _plain(_deserializer.deserialize(av))  # sets and binary: rare, the general way


def _plain(value: Any) -> Any:
    """Decimals back to int (all our numbers are counts), sets to sorted lists."""
    if isinstance(value, Decimal):
        return int(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# The retention job's bookkeeping on the event item: its index keys and how far a run got.
RETENTION_ATTRIBUTES = ("RETAIN_PK", "purge_after", "retention_cursor")


def event_item(event: Event) -> Item:
    plain = event.model_dump(mode="json")
    plain.update(
        PK=keys.event_pk(event.event_id),
        SK=keys.EVENT_SK,
        type="event",
        opens_at=iso(event.registration_opens_at),
        closes_at=iso(event.registration_closes_at),
    )
    if event.status is EventStatus.OPEN:
        plain["OPEN_PK"] = keys.OPEN_MARKER
    if event.reminder_days and not event.reminder_sent and event.status in (EventStatus.OPEN, EventStatus.CLOSED):
        plain["UPCOMING_PK"] = keys.UPCOMING_MARKER
        plain["starts_key"] = iso(event.starts_at)
    if event.anonymised_at is None:  # the retention job finds it through the sparse RetentionDue index
        plain["RETAIN_PK"] = keys.RETAIN_MARKER
        plain["purge_after"] = iso(event.purge_after)
    return to_av(plain)


def event_from(item: Item) -> Event:
    return Event.model_validate(
        _strip(from_av(item), "type", "opens_at", "closes_at", "OPEN_PK", "UPCOMING_PK", "starts_key",
               *RETENTION_ATTRIBUTES)
    )


def session_item(event_id: str, session: Session) -> Item:
    plain = session.model_dump(mode="json")
    plain.update(PK=keys.event_pk(event_id), SK=keys.session_sk(session.session_id), type="session")
    return to_av(plain)


OPTIONAL_SESSION_FIELDS = ("capacity", "partner_id")  # a session may lose them (None: unlimited, no partner)


def session_update(event_id: str, session: Session, counters: frozenset[str]) -> tuple[str, dict[str, str],
                                                                                       dict[str, Any]]:
    """The UpdateExpression that writes a session's fields and never its counters (0 when it is new), removing
    what it no longer has (to_av leaves None out, so without a REMOVE an old capacity or partner would stay);
    with its attribute names and plain values (":zero" among them)."""
    plain = from_av(session_item(event_id, session))
    fields = {k: v for k, v in plain.items() if k not in {"PK", "SK", *counters}}
    names = {f"#f{i}": name for i, name in enumerate(fields)}
    values: dict[str, Any] = {f":v{i}": value for i, value in enumerate(fields.values())}
    sets = [f"#f{i} = :v{i}" for i in range(len(fields))]
    sets += ["registered = if_not_exists(registered, :zero)", "waitlisted = if_not_exists(waitlisted, :zero)"]
    values[":zero"] = 0
    gone = [name for name in OPTIONAL_SESSION_FIELDS if name not in fields]
    names.update({f"#o{i}": name for i, name in enumerate(gone)})
    removes = [f"#o{i}" for i in range(len(gone))]
    return "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(removes) if removes else ""), names, values


def session_from(item: Item) -> Session:
    return Session.model_validate(_strip(from_av(item), "type"))


def registration_item(registration: Registration) -> Item:
    plain = registration.model_dump(mode="json")
    plain.update(
        PK=keys.event_pk(registration.event_id),
        SK=keys.registration_sk(registration.registration_id),
        type="registration",
    )
    if registration.anonymised:  # personal fields leave the item (and email_norm the ByEmail index)
        for name in PERSONAL:
            plain.pop(name, None)
    else:  # the marker is written only once it is true: live items stay as they were
        plain.pop("anonymised", None)
    if not plain.get("email_norm"):  # an index key is never an empty string
        plain.pop("email_norm", None)
    return to_av(plain)


def registration_from(item: Item) -> Registration:
    return Registration.model_validate(_strip(from_av(item), "type"))


def _strip(plain: dict[str, Any], *extra: str) -> dict[str, Any]:
    for name in ("PK", "SK", *extra):
        plain.pop(name, None)
    return plain
