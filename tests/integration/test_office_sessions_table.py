"""The back-office's sessions in the table (adapters/dynamodb/office_sessions.py, on moto): one item per session and
per sign-in under way, in partitions of their own, keyed by a hash, expiring through the table's TTL attribute; and
the stream consumers pass over them."""

from __future__ import annotations

import hashlib
from types import ModuleType
from typing import Any

from integration_support import LambdaContext, Stack

from devstack.stream_filter import RecordFilter
from eventreg.adapters import clients
from eventreg.adapters.dynamodb.office_sessions import OfficeSessions
from eventreg.adapters.dynamodb.stream_filters import NOTIFY_RECORDS, REPORT_RECORDS
from eventreg.auth import session_store
from eventreg.domain.office_sessions import MAX_SECONDS, PENDING_SECONDS, SignedIn
from eventreg.schema import TABLE


def items(stack: Stack, prefix: str) -> list[dict[str, Any]]:
    return [item for item in clients.dynamodb().scan(TableName=stack.table)["Items"]
            if item["PK"]["S"].startswith(prefix)]


def test_a_session_is_one_item_keyed_by_a_hash_with_the_tables_ttl(stack: Stack) -> None:
    store = session_store()
    who = store.start("org-cor-regio", "anna@example.eu", "Anna Lindh", ["organisers"], refresh_token="rt-1")
    (item,) = items(stack, "OFFICE#SESSION#")
    assert item["PK"]["S"] == "OFFICE#SESSION#" + hashlib.sha256(who.session_id.encode()).hexdigest()
    assert item["SK"]["S"] == "SESSION" and item["type"]["S"] == "office_session"
    assert int(item[TABLE.ttl_attribute]["N"]) == who.started_at + MAX_SECONDS
    assert who.session_id not in str(item)  # the cookie's id is nowhere in the table
    assert item["refresh_token"]["S"] == "rt-1" and item["groups"]["L"] == [{"S": "organisers"}]
    assert store.open(store.cookie(who)) == who


def test_the_item_follows_the_check_and_is_gone_after_sign_out(stack: Stack) -> None:
    table = OfficeSessions(clients.dynamodb(), stack.table)
    who = SignedIn("org-1", "a@example.eu", "A", frozenset({"organisers", "privacy-officers"}), 100, 100, "rt")
    table.put_session("k", who)
    assert table.set_checked("k", frozenset({"organisers"}), 3700, None)
    assert table.get_session("k") == SignedIn("org-1", "a@example.eu", "A", frozenset({"organisers"}), 100, 3700, "rt")
    assert table.set_checked("k", frozenset(), 7300, "rt-2")
    assert table.get_session("k") == SignedIn("org-1", "a@example.eu", "A", frozenset(), 100, 7300, "rt-2")
    table.delete_session("k")
    assert table.get_session("k") is None
    assert not table.set_checked("k", frozenset(), 7400, None)  # not brought back by a late check
    assert items(stack, "OFFICE#SESSION#") == []


def test_a_sign_in_under_way_expires_in_ten_minutes_and_is_taken_once(stack: Stack) -> None:
    store = session_store()
    pending = store.pending("/organiser/events/ewrc-demo")
    (item,) = items(stack, "OFFICE#SIGN-IN#")
    assert int(item[TABLE.ttl_attribute]["N"]) == pending.started_at + PENDING_SECONDS
    assert item["verifier"]["S"] == pending.verifier and pending.pending_id not in str(item)
    cookie = store.pending_cookie(pending)
    assert store.take_pending(cookie) == pending
    assert store.take_pending(cookie) is None and items(stack, "OFFICE#SIGN-IN#") == []


def test_the_stream_consumers_pass_over_session_items(stack: Stack, notifications_service: ModuleType) -> None:
    """Signing in, a check and signing out reach the table's stream: notifications acts on none of it (and sends
    nothing); neither consumer's filter (the same patterns as on AWS) lets them through at all, so the refresh token
    in a session's image never reaches a function."""
    store = session_store()
    who = store.start("org-1", "a@example.eu", "A", ["organisers"])
    assert store.checked(who, ["organisers"]) is not None
    store.end(who)
    records = [r for r in stack.stream_records() if r["dynamodb"]["Keys"]["PK"]["S"].startswith("OFFICE#")]
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    before = len(stack.sent_messages())
    answer = notifications_service.on_table_change({"Records": records}, LambdaContext())
    assert answer == {"batchItemFailures": []} and len(stack.sent_messages()) == before
    assert not any(RecordFilter.of(REPORT_RECORDS)(record) for record in records)
    assert not any(RecordFilter.of(NOTIFY_RECORDS)(record) for record in records)
