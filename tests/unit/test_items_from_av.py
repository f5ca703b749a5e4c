"""items.from_av decodes what boto3's TypeDeserializer decodes, the same way (numbers as int, sets as sorted
lists), by hand: the statistics, exports and stream handlers read thousands of items through it."""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.types import TypeDeserializer
from unit_helpers import build_event, build_registration, build_sessions

from eventreg.adapters.dynamodb import items


def reference(item: dict[str, Any]) -> dict[str, Any]:
    """boto3's decoding, with eventreg's plain-value rules applied."""
    return {k: items._plain(TypeDeserializer().deserialize(v)) for k, v in item.items()}


def test_from_av_equals_boto3s_decoding_for_every_item_kind() -> None:
    registration = build_registration(answers={"interest": "Networking", "topics": ["a", "b"], "first": True},
                                      sessions=["plenary", "lab-a"], waitlisted_sessions=["lab-b"])
    stored = [items.registration_item(registration), items.event_item(build_event(capacity_online=250)),
              *(items.session_item("eu-workshop", s) for s in build_sessions().values())]
    for item in stored:
        assert items.from_av(item) == reference(item)


def test_rare_types_take_the_general_way() -> None:
    item = {"tags": {"SS": ["b", "a"]}, "blob": {"B": b"\x00\x01"}, "none": {"NULL": True}, "n": {"N": "42"},
            "nested": {"M": {"list": {"L": [{"N": "1"}, {"S": "x"}, {"BOOL": False}]}}}}
    assert items.from_av(item) == reference(item)
    assert items.from_av(item)["tags"] == ["a", "b"] and items.from_av(item)["n"] == 42
    assert items.from_av(item)["nested"] == {"list": [1, "x", False]}
