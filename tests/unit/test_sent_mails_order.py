"""The mails a registration was sent are listed oldest first even within one second: the send log's keys sort
`cancelled#v2` before `confirmed#v1`, so the registration's version decides a tie."""

from __future__ import annotations

from eventreg.adapters.dynamodb.send_log import _sent_order
from eventreg.ports import SentMail


def test_one_second_apart_or_not_the_versions_keep_their_order() -> None:
    same_second = [SentMail("cancelled#v2", "2026-12-01T10:00:00Z"), SentMail("confirmed#v1", "2026-12-01T10:00:00Z")]
    assert [m.key for m in sorted(same_second, key=_sent_order)] == ["confirmed#v1", "cancelled#v2"]
    apart = [SentMail("confirmed#v3", "2026-12-01T10:00:05Z"), SentMail("waitlisted#v1", "2026-12-01T10:00:01Z")]
    assert [m.key for m in sorted(apart, key=_sent_order)] == ["waitlisted#v1", "confirmed#v3"]
