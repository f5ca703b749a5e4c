"""The table's stream records, decoded at the edge: the item images of a record (attribute-value form) into a
ports.Change of plain values, which the stream flows (notify/batch, report/stream, privacy/erasure_stream) read.
entrypoints/streams hands change_of to them with each batch, so a record that cannot be decoded fails alone."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eventreg.adapters.dynamodb import items, keys
from eventreg.ports import Change


def change_of(record: Mapping[str, Any]) -> Change:
    data = record.get("dynamodb") or {}
    new = items.from_av(data["NewImage"]) if data.get("NewImage") else None
    old = items.from_av(data["OldImage"]) if data.get("OldImage") else None
    pk = str((new or old or {}).get("PK", ""))
    event_id = keys.event_id_of(pk) if pk.startswith(keys.event_pk("")) else None
    return Change(str(record.get("eventName", "")), new, old, event_id)
