"""DynamoDB adapter for check-ins (ports.CheckinStore): one item per registration and scope in the event's
partition (SK = CHECKIN#EVENT#<registration> or CHECKIN#SESSION#<session>#<registration>, eventreg.schema).

A check-in is ONE TransactWriteItems of two parts: a ConditionCheck on the registration item (confirmed, not
anonymised, and for a session a seat in it) and the check-in's Put under attribute_not_exists. So eight scanners
on one badge make exactly one item (the others' Put fails and reads back who was first), a cancellation between
the desk's read and the write is refused, and the registration item itself is never written: its `version` (which
keys the mail log) does not move, no mail goes out, and no versioned write of the registration can be lost to it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from eventreg.adapters.dynamodb import items, keys
from eventreg.adapters.dynamodb.table import Table
from eventreg.domain.checkins import EVENT_SCOPE, Checkin, Stored
from eventreg.domain.models import iso

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import QueryInputTypeDef, TransactWriteItemTypeDef

CHECKIN_TYPE = "checkin"  # neither the notifier (registrations, events) nor the reports' filter reacts to it
ATTENDABLE = "#status = :confirmed AND attribute_not_exists(anonymised)"


def checkin_item(checkin: Checkin) -> dict[str, Any]:
    return items.to_av({
        "PK": keys.event_pk(checkin.event_id), "SK": keys.checkin_sk(checkin.session_id, checkin.registration_id),
        "type": CHECKIN_TYPE, "registration_id": checkin.registration_id, "session_id": checkin.session_id or None,
        "at": iso(checkin.at), "by": checkin.by or None, "by_name": checkin.by_name or None,
    })


def checkin_from(event_id: str, item: Mapping[str, Any]) -> Checkin:
    plain = items.from_av(dict(item))
    return Checkin(event_id, plain["registration_id"], plain.get("session_id") or EVENT_SCOPE,
                   datetime.fromisoformat(plain["at"]), plain.get("by", ""), plain.get("by_name", ""))


class CheckinTable(Table):
    def check_in(self, checkin: Checkin) -> Stored:
        """Write the check-in if the registration may be checked in and nobody did it first (conflicts between
        scanners retried with jitter). Stored says which: written, or the check-in found, or the registration
        as the failed condition saw it (None: there is none)."""
        pk = keys.event_pk(checkin.event_id)
        registration_key = items.to_av({"PK": pk, "SK": keys.registration_sk(checkin.registration_id)})
        condition, values = ATTENDABLE, {":confirmed": "confirmed"}
        if checkin.session_id != EVENT_SCOPE:
            condition, values = f"{condition} AND contains(sessions, :session)", {**values,
                                                                                 ":session": checkin.session_id}
        transact: list[TransactWriteItemTypeDef] = [
            {"ConditionCheck": {"TableName": self.table, "Key": registration_key, "ConditionExpression": condition,
                                "ExpressionAttributeNames": {"#status": "status"},
                                "ExpressionAttributeValues": items.to_av(values),
                                "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
            {"Put": {"TableName": self.table, "Item": checkin_item(checkin),
                     "ConditionExpression": "attribute_not_exists(PK)",
                     "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
        ]
        reasons = self._transact(transact, lambda codes: "ConditionalCheckFailed" not in codes)
        if reasons is None:
            return Stored(written=True)
        registration_reason, checkin_reason = [*reasons, {}, {}][:2]
        if checkin_reason.get("Code") == "ConditionalCheckFailed":
            found = checkin_reason.get("Item") or self._item(pk, keys.checkin_sk(checkin.session_id,
                                                                                 checkin.registration_id))
            if found:
                return Stored(written=False, existing=checkin_from(checkin.event_id, found))
        old = registration_reason.get("Item") or self._item(pk, keys.registration_sk(checkin.registration_id))
        return Stored(written=False, registration=items.registration_from(old) if old else None)

    def undo(self, checkin: Checkin, not_before: datetime) -> bool:
        """Delete a check-in made at or after `not_before` (the undo window): False when it is older, or gone."""
        return self._conditional(
            self.client.delete_item, TableName=self.table,
            Key=items.to_av({"PK": keys.event_pk(checkin.event_id),
                             "SK": keys.checkin_sk(checkin.session_id, checkin.registration_id)}),
            ConditionExpression="#at >= :since AND registration_id = :rid", ExpressionAttributeNames={"#at": "at"},
            ExpressionAttributeValues=items.to_av({":since": iso(not_before), ":rid": checkin.registration_id}))

    def checkin(self, event_id: str, session_id: str, registration_id: str) -> Checkin | None:
        found = self._item(keys.event_pk(event_id), keys.checkin_sk(session_id, registration_id))
        return checkin_from(event_id, found) if found else None

    def checkins(self, event_id: str, session_id: str | None = None) -> Iterator[Checkin]:
        """An event's check-ins (all scopes, or one: EVENT_SCOPE or a session id): a Query of their key range."""
        prefix = keys.CHECKIN_PREFIX if session_id is None else keys.checkin_scope(session_id)
        for item in self._query(keys.event_pk(event_id), prefix):
            yield checkin_from(event_id, item)

    def checkins_of(self, event_id: str, wanted: Sequence[tuple[str, str]]) -> list[Checkin]:
        """The check-ins among `wanted` (scope, registration id) pairs: BatchGetItem by key, 100 per call (a
        delegation's members, without reading the whole event's check-ins)."""
        pk = keys.event_pk(event_id)
        pending = [items.to_av({"PK": pk, "SK": keys.checkin_sk(scope, rid)}) for scope, rid in dict.fromkeys(wanted)]
        found: list[Checkin] = []
        while pending:
            batch, pending = pending[:100], pending[100:]
            answer = self._call(self.client.batch_get_item,
                                RequestItems={self.table: {"Keys": batch, "ConsistentRead": True}})
            found += [checkin_from(event_id, item) for item in answer.get("Responses", {}).get(self.table, [])]
            unprocessed = answer.get("UnprocessedKeys", {}).get(self.table)
            pending += list(unprocessed["Keys"]) if unprocessed else []
        return found

    def registration_checkins(self, event_id: str, registration_id: str) -> list[Checkin]:
        """One registration's check-ins (the event's and its sessions'), for erasure."""
        kwargs: QueryInputTypeDef = {
            "TableName": self.table, "ConsistentRead": True,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
            "FilterExpression": "registration_id = :rid",
            "ExpressionAttributeValues": items.to_av({":pk": keys.event_pk(event_id), ":prefix": keys.CHECKIN_PREFIX,
                                                      ":rid": registration_id}),
        }
        return [checkin_from(event_id, item) for page in self.query_pages(kwargs) for item in page]

    def _item(self, pk: str, sk: str) -> dict[str, Any] | None:
        answer = self._call(self.client.get_item, TableName=self.table, ConsistentRead=True,
                            Key=items.to_av({"PK": pk, "SK": sk}))
        return answer.get("Item")


def checkin_keys(checkins: Sequence[Checkin]) -> list[tuple[str, str]]:
    """The keys of check-ins, for a batch of deletes (erasure)."""
    return [(keys.event_pk(c.event_id), keys.checkin_sk(c.session_id, c.registration_id)) for c in checkins]
