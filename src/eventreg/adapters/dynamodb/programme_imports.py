"""DynamoDB adapter for programme imports (register.ports.ProgrammeImports).

The staged import: the previewed rows, compressed, in a partition of its own (PK = IMPORT#<id>, SK = PART#nnn,
≤ 300 KB each, under the 400 KB item limit), with a TTL; no event Query ever reads it.

The writes, all or nothing: DynamoDB's TransactWriteItems holds at most 100 items, and EWRC's programme has
more sessions than that. So the sessions go in transactions of ≤ 100 (a programme of ≤ 100 sessions is one
transaction: atomic by DynamoDB itself); when one of them fails, the ones already written are undone by
compensating transactions (a new session deleted while no one holds a seat in it, a changed one put back as
it was), newest first. Readers may see the programme half-imported for those milliseconds; the counters are
never touched (a registration meanwhile keeps its seat: capacities stay conditions on `registered`)."""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from eventreg.adapters.dynamodb import items, keys
from eventreg.adapters.dynamodb.table import Table
from eventreg.domain.errors import Unavailable
from eventreg.domain.models import Session
from eventreg.domain.organising import COUNTERS
from eventreg.domain.programme_rows import Row, StagedImport

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

log = logging.getLogger(__name__)

IMPORT_PREFIX = "IMPORT#"
PART_BYTES = 300_000
MAX_TRANSACTION = 100  # DynamoDB's limit of items in one TransactWriteItems


def _pk(import_id: str) -> str:
    return IMPORT_PREFIX + import_id


class ProgrammeImportTable(Table):
    transaction_items = MAX_TRANSACTION  # smaller in tests: moto is slow with many sessions

    def stage(self, staged: StagedImport) -> None:
        rows = [[row.line, dict(row.cells)] for row in staged.rows]
        packed = zlib.compress(json.dumps(rows, separators=(",", ":")).encode(), 6)
        parts = [packed[start:start + PART_BYTES] for start in range(0, len(packed), PART_BYTES)] or [b""]
        expires = int(staged.expires_at.timestamp())
        transact: list[TransactWriteItemTypeDef] = [{"Put": {"TableName": self.table, "Item": items.to_av({
            "PK": _pk(staged.import_id), "SK": f"PART#{number:03d}", "type": "programme_import",
            "event_id": staged.event_id, "organiser_id": staged.organiser_id, "parts": len(parts),
            "expires_at": expires, "payload": part,
        })}} for number, part in enumerate(parts)]
        self._call(self.client.transact_write_items, TransactItems=transact)

    def staged(self, import_id: str) -> StagedImport | None:
        found = [items.from_av(item) for item in self._query(_pk(import_id), "PART#")]
        if not found or len(found) != found[0]["parts"]:
            return None
        first = found[0]
        expires_at = datetime.fromtimestamp(int(first["expires_at"]), UTC)
        if expires_at <= datetime.now(UTC):  # TTL deletes late: an expired import is gone now
            return None
        rows = json.loads(zlib.decompress(b"".join(bytes(part["payload"]) for part in found)))
        return StagedImport(import_id, str(first["event_id"]), str(first["organiser_id"]),
                            [Row(int(line), dict(cells)) for line, cells in rows], expires_at)

    def claim(self, import_id: str) -> bool:
        return self._conditional(
            self.client.update_item, TableName=self.table,
            Key=items.to_av({"PK": _pk(import_id), "SK": "PART#000"}),
            UpdateExpression="SET claimed = :yes", ConditionExpression="attribute_exists(PK) AND "
            "attribute_not_exists(claimed)", ExpressionAttributeValues=items.to_av({":yes": True}))

    def release(self, import_id: str) -> None:
        self._conditional(self.client.update_item, TableName=self.table,
                          Key=items.to_av({"PK": _pk(import_id), "SK": "PART#000"}), UpdateExpression="REMOVE claimed",
                          ConditionExpression="attribute_exists(PK)")

    def drop(self, import_id: str) -> None:
        for item in list(self._query(_pk(import_id), "PART#")):
            self._call(self.client.delete_item, TableName=self.table, Key={"PK": item["PK"], "SK": item["SK"]})

    # -- the sessions, all or nothing ---------------------------------------------------------------------
    def write_sessions(self, event_id: str, writes: Sequence[tuple[Session, Session | None]]) -> bool:
        done: list[Sequence[tuple[Session, Session | None]]] = []
        size = min(self.transaction_items, MAX_TRANSACTION)
        for start in range(0, len(writes), size):
            chunk = writes[start:start + size]
            if not self._written([self._session_write(event_id, new, old) for new, old in chunk]):
                self._undo(event_id, done)
                return False
            done.append(chunk)
        for partner in sorted({new.partner_id for new, _ in writes if new.partner_id}):
            # The partner finds the event among its own (as put_session does; harmless if it stays).
            self._call(self.client.put_item, TableName=self.table, Item=items.to_av({
                "PK": keys.organiser_pk(partner), "SK": keys.event_pk(event_id), "type": "partner_link"}))
        return True

    def _written(self, transact: list[TransactWriteItemTypeDef]) -> bool:
        """One transaction; False when a condition cancelled it or DynamoDB refused it (throttled, or any other
        error), so the caller undoes what went before."""
        try:
            return self.transact(transact)
        except (ClientError, Unavailable) as error:
            log.warning("programme import: a transaction failed (%s)", type(error).__name__)
            return False

    def _undo(self, event_id: str, done: list[Sequence[tuple[Session, Session | None]]]) -> None:
        for chunk in reversed(done):
            undo: list[TransactWriteItemTypeDef] = []
            for new, old in chunk:
                if old is None:
                    undo.append({"Delete": {
                        "TableName": self.table, "Key": self._key(event_id, new.session_id),
                        "ConditionExpression": "attribute_not_exists(registered) OR (registered = :zero AND "
                        "waitlisted = :zero)", "ExpressionAttributeValues": items.to_av({":zero": 0})}})
                else:
                    undo.append(self._session_write(event_id, old, new, undoing=True))
            if not self._written(undo):
                log.error("programme import: undoing %s sessions of an event failed", len(chunk))
                raise Unavailable("The import failed and could not be undone completely: check the programme.")

    def _key(self, event_id: str, session_id: str) -> Any:
        return items.to_av({"PK": keys.event_pk(event_id), "SK": keys.session_sk(session_id)})

    def _session_write(self, event_id: str, session: Session, previous: Session | None,
                       undoing: bool = False) -> TransactWriteItemTypeDef:
        """The session's fields set, never its counters (as EventTable.put_session). A new one must not exist
        yet (someone made it since the preview): a Put with empty counters; a changed one: its capacity holds
        the seats taken (an Update, as registrations change the counters meanwhile)."""
        if previous is None and not undoing:
            fresh = session.model_copy(update={"registered": 0, "waitlisted": 0})
            return {"Put": {"TableName": self.table, "Item": items.session_item(event_id, fresh),
                            "ConditionExpression": "attribute_not_exists(PK)"}}
        expression, names, values = items.session_update(event_id, session, frozenset(COUNTERS))
        condition = "attribute_exists(PK)"
        if session.capacity is not None:
            condition += " AND (attribute_not_exists(registered) OR registered <= :cap)"
            values[":cap"] = session.capacity
        return {"Update": {
            "TableName": self.table, "Key": self._key(event_id, session.session_id),
            "UpdateExpression": expression,
            "ConditionExpression": condition, "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": items.to_av(values),
        }}
