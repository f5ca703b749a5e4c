"""items.plain_values decodes what boto3's TypeDeserializer decodes, the same way (the statistics read
thousands of items through it)."""

from __future__ import annotations

from unit_helpers import build_event, build_registration, build_sessions

from eventreg.storage import items


def test_plain_values_equal_from_av_for_every_item_kind() -> None:
    registration = build_registration(answers={"interest": "Networking", "topics": ["a", "b"], "first": True},
                                      sessions=["plenary", "lab-a"], waitlisted_sessions=["lab-b"])
    stored = [items.registration_item(registration), items.event_item(build_event(capacity_online=250)),
              *(items.session_item("eu-workshop", s) for s in build_sessions().values())]
    for item in stored:
        assert items.plain_values(item) == items.from_av(item)


def test_rare_types_take_the_general_way() -> None:
    item = {"tags": {"SS": ["b", "a"]}, "blob": {"B": b"\x00\x01"}, "none": {"NULL": True}, "n": {"N": "42"},
            "nested": {"M": {"list": {"L": [{"N": "1"}, {"S": "x"}, {"BOOL": False}]}}}}
    assert items.plain_values(item) == items.from_av(item)
    assert items.plain_values(item)["tags"] == ["a", "b"] and items.plain_values(item)["n"] == 42
