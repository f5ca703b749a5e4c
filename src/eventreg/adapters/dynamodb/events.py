"""DynamoDB adapter for events and their programmes (ports.EventStore): the organisers' writes, which never
touch the counters, and the deadline and reminder jobs' reads of sparse indexes (never a Scan)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from eventreg.adapters.dynamodb import items, keys
from eventreg.adapters.dynamodb.table import Table
from eventreg.domain.errors import EventNotFound
from eventreg.domain.models import Event, Session, iso
from eventreg.domain.organising import COUNTERS

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef, WriteRequestOutputTypeDef, WriteRequestTypeDef


class EventTable(Table):
    def put_event(self, event: Event, sessions: Sequence[Session] = ()) -> None:
        """Create or replace an event and its sessions (seeding, organiser API), with the links that list it
        among its organisers' and partners' events."""
        writes = [items.event_item(event)] + [items.session_item(event.event_id, s) for s in sessions]
        writes += [self._link(organiser_id, event.event_id, "organiser_link") for organiser_id in event.organiser_ids]
        writes += [self._link(partner, event.event_id, "partner_link")
                   for partner in sorted({s.partner_id for s in sessions if s.partner_id})]
        writes += [self._link(staff, event.event_id, "checkin_link") for staff in event.checkin_staff]
        for start in range(0, len(writes), 25):
            request: Mapping[str, Sequence[WriteRequestTypeDef | WriteRequestOutputTypeDef]] = {
                self.table: [{"PutRequest": {"Item": item}} for item in writes[start : start + 25]]}
            while request:
                answer = self._call(self.client.batch_write_item, RequestItems=request)
                request = answer.get("UnprocessedItems") or {}

    def create_event(self, event: Event) -> bool:
        """A new event with its organisers' links, in one transaction; False if the id is taken."""
        transact: list[TransactWriteItemTypeDef] = [{"Put": {
            "TableName": self.table, "Item": items.event_item(event),
            "ConditionExpression": "attribute_not_exists(PK)",
        }}]
        for organiser_id in event.organiser_ids:
            transact.append({"Put": {"TableName": self.table,
                                     "Item": self._link(organiser_id, event.event_id, "organiser_link")}})
        return self.transact(transact)

    @staticmethod
    def _link(organiser_id: str, event_id: str, kind: str) -> dict[str, Any]:
        """The item that lists an event among an organiser's (or a partner's) events."""
        return items.to_av({"PK": keys.organiser_pk(organiser_id), "SK": keys.event_pk(event_id), "type": kind})

    def update_event(self, event: Event, expected_status: str) -> bool:
        """Write an organiser's changes, never the counters (registrations change those meanwhile).
        False when the status moved or a capacity would fall below the places taken."""
        plain = items.from_av(items.event_item(event))
        fields = {k: v for k, v in plain.items() if k not in {"PK", "SK", *COUNTERS}}
        names = {f"#f{i}": name for i, name in enumerate(fields)}
        values: dict[str, Any] = {f":v{i}": value for i, value in enumerate(fields.values())}
        sets = [f"#f{i} = :v{i}" for i in range(len(fields))]
        removes = [name for name in ("OPEN_PK", "UPCOMING_PK", "starts_key", "capacity_in_person", "capacity_online",
                                     "RETAIN_PK", "purge_after")
                   if name not in fields]
        conditions = ["attribute_exists(PK)", "#status = :expected"]
        names["#status"] = "status"
        values[":expected"] = expected_status
        for mode in event.modes:
            capacity = event.capacity(mode)
            if capacity is not None:
                conditions.append(f"registered_{mode.value} <= :cap_{mode.value}")
                values[f":cap_{mode.value}"] = capacity
        expression = "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(removes) if removes else "")
        saved = self._conditional(
            self.client.update_item, TableName=self.table,
            Key=items.to_av({"PK": keys.event_pk(event.event_id), "SK": keys.EVENT_SK}),
            UpdateExpression=expression, ConditionExpression=" AND ".join(conditions),
            ExpressionAttributeNames=names, ExpressionAttributeValues=items.to_av(values),
        )
        for staff in event.checkin_staff if saved else ():
            # Check-in staff find the event among theirs (a link outlives their removal: access then refuses).
            self._call(self.client.put_item, TableName=self.table, Item=self._link(staff, event.event_id,
                                                                                   "checkin_link"))
        return saved

    def put_session(self, event_id: str, session: Session) -> bool:
        """Create or change a session, keeping its counters; False if its capacity would fall below
        the seats taken meanwhile."""
        expression, names, values = items.session_update(event_id, session, frozenset(COUNTERS))
        condition = "attribute_not_exists(registered)"
        if session.capacity is not None:
            condition += " OR registered <= :cap"
            values[":cap"] = session.capacity
        saved = self._conditional(
            self.client.update_item, TableName=self.table,
            Key=items.to_av({"PK": keys.event_pk(event_id), "SK": keys.session_sk(session.session_id)}),
            UpdateExpression=expression, ConditionExpression=condition,
            ExpressionAttributeNames=names, ExpressionAttributeValues=items.to_av(values),
        )
        if saved and session.partner_id:
            # The partner finds the event among its own (a link stays when the session changes hands:
            # the partner then sees the event but no session of it, and access() refuses it).
            self._call(self.client.put_item, TableName=self.table,
                       Item=self._link(session.partner_id, event_id, "partner_link"))
        return saved

    def organiser_event_ids(self, organiser_id: str) -> list[str]:
        return [keys.event_id_of(item["SK"]["S"]) for item in self._query(keys.organiser_pk(organiser_id), "EVENT#")]

    def open_events_due(self, now: datetime) -> list[str]:
        """Open events whose cutoff has passed: a Query of the sparse OpenByCutoff index, never a Scan."""
        return self.events_in_index("OpenByCutoff", "OPEN_PK = :marker AND closes_at <= :until",
                                    keys.OPEN_MARKER, now)

    def open_event_ids(self, now: datetime) -> list[str]:
        """The same sparse index the other way: open events whose cutoff is still ahead, soonest first."""
        return self.events_in_index("OpenByCutoff", "OPEN_PK = :marker AND closes_at > :until", keys.OPEN_MARKER, now)

    def events_starting_before(self, until: datetime) -> list[str]:
        """Events whose reminder is still to send and that start before `until`: a Query of the sparse
        UpcomingByStart index, never a Scan."""
        return self.events_in_index("UpcomingByStart", "UPCOMING_PK = :marker AND starts_key <= :until",
                                    keys.UPCOMING_MARKER, until)

    def reminder_done(self, event_id: str) -> None:
        self._call(
            self.client.update_item, TableName=self.table,
            Key=items.to_av({"PK": keys.event_pk(event_id), "SK": keys.EVENT_SK}),
            UpdateExpression="SET reminder_sent = :yes REMOVE UPCOMING_PK, starts_key",
            ExpressionAttributeValues=items.to_av({":yes": True}),
        )

    def close_event(self, event_id: str, now: datetime) -> bool:
        """Close an open event whose cutoff has passed; False if it is not (any more): harmless twice."""
        return self._conditional(
            self.client.update_item, TableName=self.table,
            Key=items.to_av({"PK": keys.event_pk(event_id), "SK": keys.EVENT_SK}),
            UpdateExpression="SET #status = :closed REMOVE OPEN_PK",
            ConditionExpression="#status = :open AND closes_at <= :now",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues=items.to_av({":closed": "closed", ":open": "open", ":now": iso(now)}),
        )

    def get_event(self, event_id: str) -> Event:
        answer = self._call(
            self.client.get_item,
            TableName=self.table,
            Key=items.to_av({"PK": keys.event_pk(event_id), "SK": keys.EVENT_SK}),
        )
        if "Item" not in answer:
            raise EventNotFound(f"There is no event {event_id!r}.")
        return items.event_from(answer["Item"])

    def get_event_with_sessions(self, event_id: str) -> tuple[Event, list[Session]]:
        """The event and its programme in one Query (sessions sort after the event item)."""
        found = list(self._query(keys.event_pk(event_id), keys.EVENT_SK))
        if not found or found[0]["SK"]["S"] != keys.EVENT_SK:
            raise EventNotFound(f"There is no event {event_id!r}.")
        sessions = [items.session_from(item) for item in found[1:]]
        sessions.sort(key=lambda s: (s.starts_at, s.session_id))
        return items.event_from(found[0]), sessions
