"""Organisers' messages to their registrants, on fakes: who receives one (filters, a partner's sessions), which
language each reads, the limits, and sending each person once however often the queue delivers a job."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from fakes import FakeMailer, FakeStore
from unit_helpers import build_event, build_registration, build_sessions

from eventreg.domain.access import access
from eventreg.domain.broadcasts import MAX_PER_DAY, MAX_RECEIVES, Audience, Broadcast, Text, choose_language, draft
from eventreg.domain.errors import Forbidden, TooManyMessages, ValidationFailed
from eventreg.domain.models import AttendanceMode, RegistrationStatus
from eventreg.notify.broadcast.delivery import Delivery
from eventreg.notify.broadcast.letter import MessageLetters
from eventreg.notify.broadcast.writing import Writing
from eventreg.programme import Programme
from tests.fixtures.loader import load_event

if TYPE_CHECKING:
    from eventreg.adapters.dynamodb.broadcasts import BroadcastItems
    from eventreg.adapters.sqs import SqsBroadcastQueue
    from eventreg.notify.compose import Mail
    from eventreg.notify.ports import BroadcastQueue, BroadcastStore

ORGANISER, PARTNER = "org-regio-b1", "org-partner"
IDS = [f"01KA3F7Q9MZ6T2X8WB4NRCDJ{n:02d}" for n in range(10, 20)]
MESSAGE_ID = "01KA3F7Q9MZ6T2X8WB4NRCDJAA"
LETTERS = MessageLetters("events@example.eu", "https://events.example.eu")
pytestmark = pytest.mark.usefixtures("link_key")  # the mails carry signed manage links


@dataclass
class FakeBroadcasts:
    """BroadcastStore and BroadcastQueue in memory."""

    items: dict[tuple[str, str], Broadcast] = field(default_factory=dict)
    jobs: list[dict[str, Any]] = field(default_factory=list)

    def create_broadcast(self, broadcast: Broadcast) -> bool:
        key = (broadcast.event_id, broadcast.message_id)
        if key in self.items:
            return False
        self.items[key] = broadcast
        return True

    def get_broadcast(self, event_id: str, message_id: str) -> Broadcast | None:
        return self.items.get((event_id, message_id))

    def broadcasts(self, event_id: str) -> list[Broadcast]:
        return sorted((b for (e, _), b in self.items.items() if e == event_id), key=lambda b: b.message_id,
                      reverse=True)

    def mark_queued(self, event_id: str, message_id: str) -> None:
        self.items[(event_id, message_id)] = replace(self.items[(event_id, message_id)], queued=True)

    def add_progress(self, event_id: str, message_id: str, *, sent: int = 0, failed: int = 0,
                     pages_done: int = 0) -> None:
        b = self.items[(event_id, message_id)]
        self.items[(event_id, message_id)] = replace(b, sent=b.sent + sent, failed=b.failed + failed,
                                                     pages_done=b.pages_done + pages_done)

    def enqueue(self, jobs: Any) -> None:
        self.jobs.extend(jobs)


if TYPE_CHECKING:  # mypy: the fakes and the adapters keep the ports
    def _conform(fake: FakeBroadcasts, items: BroadcastItems,
                 queue: SqsBroadcastQueue) -> tuple[BroadcastStore, BroadcastQueue, BroadcastStore, BroadcastQueue]:
        return fake, fake, items, queue


def world(people: int = 6) -> tuple[FakeStore, Programme, FakeBroadcasts]:
    """An event in English and German with four sessions (the partner runs lab-b) and `people` registrants:
    every third online, the first waitlisted, one cancelled, half reading German, three in lab-b."""
    store = FakeStore()
    event = build_event(title={"en": "Workshop", "de": "Werkstatt"})
    sessions = build_sessions()
    sessions["lab-b"] = sessions["lab-b"].model_copy(update={"partner_id": PARTNER})
    store.add_event(event, list(sessions.values()))
    for n in range(people):
        status = RegistrationStatus.WAITLISTED if n == 0 else RegistrationStatus.CANCELLED if n == 1 \
            else RegistrationStatus.CONFIRMED
        store.add_registration(build_registration(
            registration_id=IDS[n], name=f"Person {n}", email=f"p{n}@example.eu", email_norm=f"p{n}@example.eu",
            status=status, preferred_language="de" if n % 2 else "en",
            attendance_mode=AttendanceMode.ONLINE if n % 3 == 0 else AttendanceMode.IN_PERSON,
            sessions=["lab-b"] if n in (2, 3, 4) else ["plenary"]))
    return store, Programme(event, list(sessions.values())), FakeBroadcasts()


FORM = {"subject_en": "Room change", "body_en": "Dear all,\n\nWe moved to <b>room S4</b>.",
        "subject_de": "Raumänderung", "body_de": "Wir sind in Raum S4."}


def writing(store: FakeStore, broadcasts: FakeBroadcasts, now: datetime | None = None) -> Writing:
    at = now or datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    return Writing(store, broadcasts, broadcasts, "events@example.eu", "https://events.example.eu", lambda: at)


def test_the_audience_is_every_live_registration_narrowed_by_the_filters() -> None:
    store, _, _ = world()
    rows = [r.model_dump(mode="json") for r in store.iter_registrations("eu-workshop")]
    picked = lambda audience: [r["name"] for r in rows if audience.includes(r)]  # noqa: E731
    assert picked(Audience()) == ["Person 0", "Person 2", "Person 3", "Person 4", "Person 5"]  # not the cancelled
    assert picked(Audience(status="cancelled")) == ["Person 1"]
    assert picked(Audience(mode="online")) == ["Person 0", "Person 3"]
    assert picked(Audience(session="lab-b", status="confirmed")) == ["Person 2", "Person 3", "Person 4"]
    anonymised = {**rows[2], "anonymised": True}
    assert not Audience().includes(anonymised)


def test_a_partner_writes_only_to_its_own_sessions_registrants() -> None:
    store, programme, broadcasts = world()
    partner = access(programme.event, programme.sessions.values(), PARTNER)
    audience, _ = draft(programme.event, partner, programme.sessions, FORM)
    assert audience.scope == frozenset({"lab-b"})
    assert [r["registration_id"] for r in writing(store, broadcasts).recipients("eu-workshop", audience)] == IDS[2:5]
    with pytest.raises(Forbidden):
        draft(programme.event, partner, programme.sessions, {**FORM, "session": "plenary"})


def test_each_registrant_reads_their_language_or_else_the_events_first() -> None:
    texts = {"en": Text("Hello", "Hi"), "de": Text("Hallo", "Hallo")}
    assert choose_language("de", texts, ["en", "de"]) == ("de", texts["de"])
    assert choose_language("fr", texts, ["en", "de"]) == ("en", texts["en"])
    assert choose_language("de", {"en": texts["en"]}, ["en", "de"]) == ("en", texts["en"])


def test_the_texts_are_checked_and_limited_field_by_field() -> None:
    _, programme, _ = world()
    full = access(programme.event, programme.sessions.values(), ORGANISER)
    with pytest.raises(ValidationFailed) as refused:
        draft(programme.event, full, programme.sessions,
              {"subject_en": "", "body_en": "x" * 9_000, "subject_de": "Nur Betreff", "status": "bogus"})
    assert set(refused.value.fields) == {"subject_en", "body_en", "body_de", "status"}
    _, texts = draft(programme.event, full, programme.sessions, {"subject_en": " A\r\n subject ", "body_en": "B"})
    assert texts == {"en": Text("A subject", "B")}  # German left empty: German readers get English


def test_the_preview_is_the_mail_each_language_receives_with_the_text_escaped() -> None:
    store, programme, broadcasts = world()
    full = access(programme.event, programme.sessions.values(), ORGANISER)
    preview = writing(store, broadcasts).preview(programme, full, FORM)
    assert preview.recipients == 5
    by_language = {c.language: c for c in preview.copies}
    assert (by_language["en"].readers, by_language["de"].readers) == (3, 2)
    assert by_language["de"].subject == "Raumänderung" and "Wir sind in Raum S4." in by_language["de"].text
    assert "&lt;b&gt;room S4&lt;/b&gt;" in by_language["en"].html and "<b>" not in by_language["en"].html
    assert "Dear Person 0," in by_language["en"].text
    assert broadcasts.items == {} and broadcasts.jobs == []  # a preview changes nothing


def test_sending_records_once_and_queues_a_page_per_fifty_recipients() -> None:
    store, programme, broadcasts = world(people=10)
    full = access(programme.event, programme.sessions.values(), ORGANISER)
    desk = writing(store, broadcasts)
    sent = desk.send(programme, full, "Regio Organiser", MESSAGE_ID, FORM)
    again = desk.send(programme, full, "Regio Organiser", MESSAGE_ID, FORM)  # a double click
    assert sent.recipients == 9 and sent.pages == 1 and sent.queued and again == sent
    assert len(broadcasts.items) == 1 and len(broadcasts.jobs) == 1
    assert broadcasts.jobs[0]["registrations"] == [IDS[0], *IDS[2:10]]


def test_an_event_sends_at_most_ten_messages_a_day() -> None:
    store, programme, broadcasts = world()
    full = access(programme.event, programme.sessions.values(), ORGANISER)
    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    for n in range(MAX_PER_DAY):
        earlier = writing(store, broadcasts, now - timedelta(hours=n))
        earlier.send(programme, full, "O", f"{MESSAGE_ID[:-2]}{n:02d}", FORM)
    with pytest.raises(TooManyMessages):
        writing(store, broadcasts, now).send(programme, full, "O", MESSAGE_ID, FORM)


class FlakyMailer(FakeMailer):
    """Refuses the mail to one address, `times` times."""

    def __init__(self, address: str, times: int) -> None:
        super().__init__()
        self.address, self.times = address, times

    def send(self, message: Mail, sender: str, recipient: str, tags: dict[str, str] | None = None) -> str:
        if recipient == self.address and self.times:
            self.times -= 1
            raise ConnectionError("SES is unreachable")
        return super().send(message, sender, recipient, tags)


def queued(store: FakeStore, programme: Programme, broadcasts: FakeBroadcasts) -> dict[str, Any]:
    full = access(programme.event, programme.sessions.values(), ORGANISER)
    writing(store, broadcasts).send(programme, full, "Regio Organiser", MESSAGE_ID, FORM)
    (job,) = broadcasts.jobs
    return job


def sqs_event(job: dict[str, Any], receives: int = 1) -> dict[str, Any]:
    return load_event("sqs_message_jobs", EVENT_ID=job["event_id"], MESSAGE_ID=job["message_id"],
                      REGISTRATIONS=json.dumps(job["registrations"]).replace('"', '\\"'), RECEIVES=str(receives))


def test_a_redelivered_job_sends_nobody_twice_and_counts_once() -> None:
    store, programme, broadcasts = world()
    job = queued(store, programme, broadcasts)
    mailer = FakeMailer()
    delivery = Delivery(store, broadcasts, mailer, LETTERS)
    assert delivery.handle_batch(sqs_event(job)) == {"batchItemFailures": []}
    assert delivery.handle_batch(sqs_event(job, receives=2)) == {"batchItemFailures": []}
    assert sorted(to for _, _, to, _ in mailer.sent) == ["p0@example.eu", "p2@example.eu", "p3@example.eu",
                                                         "p4@example.eu", "p5@example.eu"]
    languages = {to: m.parsed()["Subject"] for m, _, to, _ in mailer.sent}
    assert languages["p3@example.eu"] == "Raumänderung" and languages["p2@example.eu"] == "Room change"
    done = broadcasts.get_broadcast("eu-workshop", MESSAGE_ID)
    assert done is not None and (done.sent, done.failed, done.pages_done, done.finished) == (5, 0, 1, True)


def test_a_failed_send_is_retried_by_the_queue_and_counted_failed_on_the_last_receive() -> None:
    store, programme, broadcasts = world()
    job = queued(store, programme, broadcasts)
    mailer = FlakyMailer("p3@example.eu", times=MAX_RECEIVES)
    delivery = Delivery(store, broadcasts, mailer, LETTERS)
    failed = delivery.handle_batch(sqs_event(job))
    assert failed == {"batchItemFailures": [{"itemIdentifier": "19dd0b57-b21e-4ac1-bd88-01bbb068cb78"}]}
    half = broadcasts.get_broadcast("eu-workshop", MESSAGE_ID)
    assert half is not None and (half.sent, half.finished) == (2, False)  # p0, p2 sent before p3 failed
    assert delivery.handle_batch(sqs_event(job, receives=MAX_RECEIVES)) == {"batchItemFailures": []}
    done = broadcasts.get_broadcast("eu-workshop", MESSAGE_ID)
    assert done is not None and (done.sent, done.failed, done.finished) == (4, 1, True)
    assert len(mailer.sent) == 4


def test_a_job_no_sender_of_ours_wrote_is_dropped() -> None:
    store, _, broadcasts = world()
    delivery = Delivery(store, broadcasts, FakeMailer(), LETTERS)
    event = load_event("sqs_message_jobs", EVENT_ID="../x", MESSAGE_ID="nope", REGISTRATIONS="[]", RECEIVES="1")
    assert delivery.handle_batch(event) == {"batchItemFailures": []}
