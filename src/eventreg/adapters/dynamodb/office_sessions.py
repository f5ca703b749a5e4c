"""DynamoDB adapter of office_ports.SessionStore: the back-office's sessions and sign-ins under way, each an item
of its own partition, outside every event's (eventreg.schema):

    PK = OFFICE#SESSION#<hash of the cookie's id>   SK = SESSION   who, since when, the provider's refresh token
    PK = OFFICE#SIGN-IN#<hash of the cookie's id>   SK = SIGN-IN   OAuth state, PKCE verifier, where to go after

Their own partitions so that IAM can grant exactly these items (dynamodb:LeadingKeys "OFFICE#…",
infra/eventreg_infra/permissions.py). The table's TTL attribute (schema.ttl_attribute) removes each at its end;
TTL lags, so eventreg.entrypoints.http.sessions checks the time as well.
"""

from __future__ import annotations

from typing import Any

from eventreg.adapters.dynamodb import items
from eventreg.adapters.dynamodb.table import Table
from eventreg.domain.office_sessions import Pending, SignedIn
from eventreg.schema import TABLE

OFFICE_PREFIX = "OFFICE#"  # every back-office item's partition key starts so (IAM's LeadingKeys pattern)
SESSION_PREFIX = OFFICE_PREFIX + "SESSION#"
SIGN_IN_PREFIX = OFFICE_PREFIX + "SIGN-IN#"
SESSION_SK = "SESSION"
SIGN_IN_SK = "SIGN-IN"
SESSION_TYPE = "office_session"
SIGN_IN_TYPE = "office_sign_in"


def session_key(key: str) -> dict[str, Any]:
    return items.to_av({"PK": SESSION_PREFIX + key, "SK": SESSION_SK})


def sign_in_key(key: str) -> dict[str, Any]:
    return items.to_av({"PK": SIGN_IN_PREFIX + key, "SK": SIGN_IN_SK})


class OfficeSessions(Table):
    def put_session(self, key: str, who: SignedIn) -> None:
        item = {"PK": SESSION_PREFIX + key, "SK": SESSION_SK, "type": SESSION_TYPE,
                "organiser_id": who.organiser_id, "email": who.email, "name": who.name, "groups": sorted(who.groups),
                "started_at": who.started_at, "checked_at": who.checked_at, "refresh_token": who.refresh_token,
                TABLE.ttl_attribute: who.ends_at}
        self._call(self.client.put_item, TableName=self.table, Item=items.to_av(item))

    def get_session(self, key: str) -> SignedIn | None:
        found = self._call(self.client.get_item, TableName=self.table, Key=session_key(key), ConsistentRead=True)
        if "Item" not in found:
            return None
        item = items.from_av(found["Item"])
        return SignedIn(organiser_id=str(item["organiser_id"]), email=str(item.get("email", "")),
                        name=str(item.get("name", "")), groups=frozenset(str(g) for g in item.get("groups") or ()),
                        started_at=int(item["started_at"]), checked_at=int(item["checked_at"]),
                        refresh_token=item.get("refresh_token"))

    def set_checked(self, key: str, groups: frozenset[str], checked_at: int, refresh_token: str | None) -> bool:
        values: dict[str, Any] = {":groups": sorted(groups), ":checked": checked_at}
        update = "SET #groups = :groups, checked_at = :checked"
        if refresh_token:
            update += ", refresh_token = :refresh"
            values[":refresh"] = refresh_token
        return self._conditional(
            self.client.update_item, TableName=self.table, Key=session_key(key), UpdateExpression=update,
            ConditionExpression="attribute_exists(PK)", ExpressionAttributeNames={"#groups": "groups"},
            ExpressionAttributeValues=items.to_av(values))

    def delete_session(self, key: str) -> None:
        self._call(self.client.delete_item, TableName=self.table, Key=session_key(key))

    def put_pending(self, key: str, pending: Pending) -> None:
        item = {"PK": SIGN_IN_PREFIX + key, "SK": SIGN_IN_SK, "type": SIGN_IN_TYPE, "state": pending.state,
                "verifier": pending.verifier, "next_path": pending.next_path, "started_at": pending.started_at,
                TABLE.ttl_attribute: pending.ends_at}
        self._call(self.client.put_item, TableName=self.table, Item=items.to_av(item))

    def take_pending(self, key: str) -> Pending | None:
        # One DeleteItem that returns what it deleted: of two callbacks with the same cookie, one gets it.
        gone = self._call(self.client.delete_item, TableName=self.table, Key=sign_in_key(key), ReturnValues="ALL_OLD")
        if "Attributes" not in gone:
            return None
        item = items.from_av(gone["Attributes"])
        return Pending(str(item["state"]), str(item["verifier"]), str(item["next_path"]), int(item["started_at"]))
