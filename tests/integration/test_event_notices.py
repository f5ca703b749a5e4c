"""Notices about the event itself: registration closed (to its organisers), event moved or cancelled
(to every registrant), and the reminder N days before (to confirmed attendees) — each once."""

from __future__ import annotations

from datetime import timedelta
from types import ModuleType
from typing import Any

from integration_support import Stack
from test_notifications_stream import deliver

from eventreg.adapters.dynamodb import items, keys
from eventreg.domain.models import Event, Registration, utc_now
from eventreg.domain.parsing import parse_request
from eventreg.notify.reminders import send_reminders
from eventreg.register.managing import Manager
from eventreg.register.registering import Registrar

PEOPLE = ("ana@gent.example.be", "bram@leuven.example.be", "chloe@liege.example.be")


def register_people(stack: Stack) -> list[Registration]:
    registrar = Registrar(stack.repo)
    made = []
    for email in PEOPLE:
        request = parse_request({"name": email.split("@")[0].title(), "email": email, "organisation": "City",
                                 "organisation_type": "city", "country": "BE", "privacy_consent": True,
                                 "answers": {"interest": "Networking"}, "preferred_language": "nl"})
        made.append(registrar.register("ewrc-demo", request, utc_now()))
    return made


def event_image(stack: Stack) -> dict[str, Any]:
    answer = stack.client.get_item(TableName=stack.table, Key=items.to_av({"PK": keys.event_pk("ewrc-demo"),
                                                                           "SK": keys.EVENT_SK}))
    return dict(answer["Item"])


def modify_record(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    return {"Records": [{"eventID": "1", "eventName": "MODIFY", "eventVersion": "1.1", "eventSource": "aws:dynamodb",
                         "awsRegion": "eu-west-1", "eventSourceARN": "arn:aws:dynamodb:eu-west-1:0:table/t/stream/s",
                         "dynamodb": {"Keys": {"PK": new["PK"], "SK": new["SK"]}, "NewImage": new, "OldImage": old,
                                      "SequenceNumber": "100", "SizeBytes": 1,
                                      "StreamViewType": "NEW_AND_OLD_IMAGES"}}]}


def change_event(stack: Stack, notifications: ModuleType, **changes: Any) -> None:
    old = event_image(stack)
    stack.update_event(**changes)
    batch = modify_record(old, event_image(stack))
    deliver(notifications, batch)
    deliver(notifications, batch)  # delivered twice: still one mail each


def subjects(stack: Stack) -> list[tuple[str, str]]:
    return sorted((str(m["To"]), str(m["Subject"])) for m in stack.sent_emails())


def test_registration_closed_tells_the_organisers_with_counts(stack: Stack, notifications_service: ModuleType) -> None:
    register_people(stack)
    stack.update_event(organiser_emails=["regio@cor.example.eu", "events@regio.example.eu"])
    change_event(stack, notifications_service, status="closed")
    mails = stack.sent_emails()
    assert sorted(str(m["To"]) for m in mails) == ["events@regio.example.eu", "regio@cor.example.eu"]
    text = mails[0].get_body(("plain",))
    assert text is not None and "Confirmed in person: 3 of 6000" in text.get_content()
    assert "http://127.0.0.1:8000/reports/events/ewrc-demo/final-list.csv" in text.get_content()
    assert "http://127.0.0.1:8000/reports/events/ewrc-demo/final-list.xlsx" in text.get_content()
    html = mails[0].get_body(("html",))
    assert html is not None and 'href="http://127.0.0.1:8000/reports/events/ewrc-demo/final-list.csv"' in \
        html.get_content()


def test_a_cancelled_event_tells_every_live_registrant_once(stack: Stack, notifications_service: ModuleType) -> None:
    _, bram, _ = register_people(stack)
    Manager(stack.repo).cancel("ewrc-demo", bram.registration_id, utc_now())
    change_event(stack, notifications_service, status="cancelled")
    assert subjects(stack) == [
        ("Ana <ana@gent.example.be>", "Evenement geannuleerd: Europese Week van Regio's en Steden"),
        ("Chloe <chloe@liege.example.be>", "Evenement geannuleerd: Europese Week van Regio's en Steden"),
    ]


def test_a_moved_event_tells_every_registrant_once_per_change(stack: Stack, notifications_service: ModuleType) -> None:
    register_people(stack)
    event: Event = stack.repo.get_event("ewrc-demo")
    change_event(stack, notifications_service, starts_at=event.starts_at + timedelta(hours=1))
    assert len(stack.sent_emails()) == 3
    assert {str(m["Subject"]).split(":")[0] for m in stack.sent_emails()} == {"Evenement gewijzigd"}
    change_event(stack, notifications_service, title={"en": "EWRC", "nl": "EWRC"})  # not a move: no mail
    assert len(stack.sent_emails()) == 3
    change_event(stack, notifications_service, ends_at=event.ends_at + timedelta(hours=2))  # a second move
    assert len(stack.sent_emails()) == 6


def test_the_reminder_goes_to_confirmed_attendees_once(stack: Stack, notifications_service: ModuleType) -> None:
    ana, _, _ = register_people(stack)
    Manager(stack.repo).cancel("ewrc-demo", ana.registration_id, utc_now())
    event: Event = stack.repo.get_event("ewrc-demo")
    stack.update_event(reminder_days=3)
    notifier = notifications_service.wired.notifier
    with stack.record_calls() as calls:
        assert send_reminders(stack.repo, notifier, event.starts_at - timedelta(days=4)) == []  # too early
    assert "Scan" not in calls and "Query" in calls
    assert send_reminders(stack.repo, notifier, event.starts_at - timedelta(days=2)) == ["ewrc-demo"]
    assert sorted(str(m["To"]) for m in stack.sent_emails()) == ["Bram <bram@leuven.example.be>",
                                                                  "Chloe <chloe@liege.example.be>"]
    assert send_reminders(stack.repo, notifier, event.starts_at - timedelta(days=1)) == []  # done
    assert len(stack.sent_emails()) == 2
