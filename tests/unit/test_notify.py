"""eventreg.notify: which changes announce a mail, and the send-once protocol of Notifier (with fakes)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, cast

import pytest
from unit_helpers import build_registration

from eventreg.adapters.dynamodb import items
from eventreg.adapters.dynamodb.stream import change_of
from eventreg.domain.models import Event, Registration, Session
from eventreg.notify.compose import Mail
from eventreg.notify.decide import mail_state
from eventreg.notify.send import Notifier
from eventreg.ports import Change


def registration_plain(**overrides: Any) -> dict[str, Any]:
    return items.from_av(items.registration_item(build_registration(**overrides)))


def test_insert_of_a_confirmed_registration() -> None:
    assert mail_state(Change("INSERT", registration_plain(), None)) == "confirmed"


def test_modify_of_a_confirmed_registration_sends_nothing() -> None:
    old = registration_plain()
    new = registration_plain(organisation="Another organisation")
    assert mail_state(Change("MODIFY", new, old)) is None


def test_change_to_confirmed_announces_it() -> None:
    old = registration_plain(status="cancelled")
    assert mail_state(Change("MODIFY", registration_plain(), old)) == "confirmed"


def test_cancellation_is_not_a_confirmation() -> None:
    assert mail_state(Change("MODIFY", registration_plain(status="cancelled"), registration_plain())) == "cancelled"


@pytest.mark.parametrize(
    ("before", "after", "state"),
    [
        (None, "pending", "pending"),
        (None, "waitlisted", "waitlisted"),
        ("waitlisted", "confirmed", "promoted"),
        ("pending", "confirmed", "approved"),
        ("pending", "rejected", "rejected"),
        ("waitlisted", "cancelled", "cancelled"),
    ],
)
def test_each_state_change_announces_its_mail(before: str | None, after: str, state: str) -> None:
    old = registration_plain(status=before) if before else None
    assert mail_state(Change("MODIFY" if old else "INSERT", registration_plain(status=after), old)) == state


def test_moving_sessions_announces_a_modification() -> None:
    old = registration_plain(sessions=["a"])
    assert mail_state(Change("MODIFY", registration_plain(sessions=["b"]), old)) == "modified"
    waiting = registration_plain(status="waitlisted", sessions=["a"])
    assert mail_state(Change("MODIFY", registration_plain(status="waitlisted", sessions=["b"]), waiting)) is None


def test_remove_sends_nothing() -> None:
    assert mail_state(Change("REMOVE", None, registration_plain())) is None


@pytest.mark.parametrize("item_type", ["event", "session", "email_guard", "sent"])
def test_other_items_send_nothing(item_type: str) -> None:
    plain = registration_plain()
    plain["type"] = item_type
    assert mail_state(Change("INSERT", plain, None)) is None


def test_change_from_stream_converts_images() -> None:
    image = items.registration_item(build_registration())
    change = change_of({"eventName": "INSERT", "dynamodb": {"NewImage": image}})
    assert change.event_name == "INSERT"
    assert change.old is None
    assert change.new is not None
    assert change.new["email"] == "E.Bienkowska@example.eu"
    assert change.new["SK"] == "REG#01KA3F7Q9MZ6T2X8WB4NRCDJ5E"


def test_change_from_stream_converts_numbers_to_int(make_event: Callable[..., Event]) -> None:
    image = items.event_item(make_event(registered_in_person=7, registered_online=2, waitlisted=1))
    change = change_of({"eventName": "MODIFY", "dynamodb": {"NewImage": image, "OldImage": image}})
    assert change.new is not None and change.new["registered_in_person"] == 7
    assert change.new["registered_online"] == 2 and change.new["waitlisted"] == 1
    assert isinstance(change.new["capacity_in_person"], int)
    assert "capacity_online" not in change.new  # unlimited: absent, as the transaction's condition expects


class FakeRepo:
    def __init__(self, event: Event, claimable: bool = True) -> None:
        self.event = event
        self.claimable = claimable
        self.claims: list[tuple[str, str, str]] = []
        self.released: list[tuple[str, str, str]] = []

    def claim_send(self, event_id: str, registration_id: str, state: str, now: datetime) -> bool:
        self.claims.append((event_id, registration_id, state))
        return self.claimable

    def release_send(self, event_id: str, registration_id: str, state: str) -> None:
        self.released.append((event_id, registration_id, state))

    def get_event(self, event_id: str) -> Event:
        assert event_id == self.event.event_id
        return self.event

    def get_event_with_sessions(self, event_id: str) -> tuple[Event, list[Session]]:
        return self.get_event(event_id), []


class FakeMailer:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.sent: list[tuple[Mail, str, str]] = []

    def send(self, message: Mail, sender: str, recipient: str, tags: dict[str, str] | None = None) -> str:
        if self.fail:
            raise RuntimeError("SES is down")
        self.sent.append((message, sender, recipient))
        return "msg-1"


def notifier(repo: FakeRepo, mailer: FakeMailer) -> Notifier:
    return Notifier(cast(Any, repo), cast(Any, mailer), "events@eventreg.example.eu", "https://reg.example.eu")


def confirmed_change() -> Change:
    return Change("INSERT", registration_plain(), None)


@pytest.mark.usefixtures("link_key")
def test_notifier_sends_once_claimed(make_event: Callable[..., Event]) -> None:
    repo, mailer = FakeRepo(make_event()), FakeMailer()
    assert notifier(repo, mailer).handle(confirmed_change()) is True
    assert repo.claims == [("eu-workshop", "01KA3F7Q9MZ6T2X8WB4NRCDJ5E", "confirmed#v1")]
    assert repo.released == []
    ((message, sender, recipient),) = mailer.sent
    assert recipient == "E.Bienkowska@example.eu"
    assert sender == "events@eventreg.example.eu"
    text = message.parsed().get_body(("plain",))
    assert text is not None
    assert "https://reg.example.eu/events/eu-workshop/register" in text.get_content()
    assert "/events/eu-workshop/registrations/01KA3F7Q9MZ6T2X8WB4NRCDJ5E/manage?token=" in text.get_content()


def test_notifier_skips_an_already_claimed_mail(make_event: Callable[..., Event]) -> None:
    repo, mailer = FakeRepo(make_event(), claimable=False), FakeMailer()
    assert notifier(repo, mailer).handle(confirmed_change()) is False
    assert mailer.sent == []
    assert repo.released == []


@pytest.mark.usefixtures("link_key")
def test_notifier_releases_the_claim_when_sending_fails(make_event: Callable[..., Event]) -> None:
    repo, mailer = FakeRepo(make_event()), FakeMailer(fail=True)
    with pytest.raises(RuntimeError, match="SES is down"):
        notifier(repo, mailer).handle(confirmed_change())
    assert repo.released == repo.claims == [("eu-workshop", "01KA3F7Q9MZ6T2X8WB4NRCDJ5E", "confirmed#v1")]


def test_notifier_ignores_changes_without_mail(make_event: Callable[..., Event]) -> None:
    repo, mailer = FakeRepo(make_event()), FakeMailer()
    old = registration_plain()
    assert notifier(repo, mailer).handle(Change("MODIFY", registration_plain(name="Ela"), old)) is False
    assert repo.claims == [] and mailer.sent == []


def test_registration_validates_from_a_stream_image() -> None:
    registration = Registration.model_validate(registration_plain())
    assert registration == build_registration()
