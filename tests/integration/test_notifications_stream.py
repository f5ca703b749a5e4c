"""The notifications service's stream handler on moto: one mail per state change, even when redelivered."""

from __future__ import annotations

import copy
import json
import logging
from datetime import datetime
from types import ModuleType
from typing import Any

import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError
from chalice.test import Client
from fixtures import load_event
from integration_support import DEMO_EVENT, MAIL_FROM, LambdaContext, Stack

from eventreg.adapters import clients
from eventreg.adapters.dynamodb import keys
from eventreg.adapters.ses import SesMailer

REGISTRATION_ID = "01KA3F7Q9MZ6T2X8WB4NRCDJ5E"
RECIPIENT = "E.Bienkowska@example.eu"


def context() -> LambdaContext:
    return LambdaContext(function_name="eventreg-notifications-dev")


def deliver(service: ModuleType, batch: dict[str, Any]) -> Any:
    return service.on_table_change(copy.deepcopy(batch), context())


def sent_log(stack: Stack) -> list[str]:
    return [item["SK"]["S"] for item in stack.partition(prefix=keys.SENT_PREFIX)]


def test_insert_sends_one_confirmation(stack: Stack, notifications_service: ModuleType) -> None:
    deliver(notifications_service, load_event("dynamodb_stream_insert_registration"))
    (sent,) = stack.sent_messages()
    assert sent.source == MAIL_FROM
    assert RECIPIENT in sent.destinations  # moto also lists the parsed To header here
    (message,) = stack.sent_emails()
    (to,) = message["To"].addresses
    assert to.addr_spec == RECIPIENT
    assert to.display_name == "Elżbieta Bieńkowska"
    # the verified sender address, named after the event's organisers
    assert str(message["From"]) == f"European Committee of the Regions and DG REGIO <{MAIL_FROM}>"
    assert message["Subject"] == "Registration confirmed: European Week of Regions and Cities"
    # text + HTML as alternatives, with the check-in QR code the HTML shows (multipart/related, #15), and the
    # calendar entries as an .ics attachment
    assert message.get_content_type() == "multipart/mixed"
    related, ics = message.iter_parts()
    assert related.get_content_type() == "multipart/related"
    body, qr = related.iter_parts()
    assert qr.get_content_type() == "image/png" and qr["Content-ID"] == "<checkin-qr@eventreg>"
    assert body.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in body.iter_parts()] == ["text/plain", "text/html"]
    assert ics.get_content_type() == "text/calendar" and ics.get_param("method") == "REQUEST"
    assert ics.get_filename() == "invitation.ics"
    assert "TZID=Europe/Brussels" in ics.get_content()
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    assert REGISTRATION_ID in text.get_content()
    assert "Dear Elżbieta Bieńkowska," in text.get_content()
    assert "<strong>European Week of Regions and Cities</strong>" in html.get_content()
    assert f"/events/{DEMO_EVENT}/register" in text.get_content()
    assert sent_log(stack) == [f"SENT#{REGISTRATION_ID}#confirmed#v1"]


def test_redelivered_batch_sends_no_second_mail(stack: Stack, notifications_service: ModuleType) -> None:
    batch = load_event("dynamodb_stream_insert_registration")
    deliver(notifications_service, batch)
    deliver(notifications_service, batch)
    assert len(stack.sent_messages()) == 1
    assert sent_log(stack) == [f"SENT#{REGISTRATION_ID}#confirmed#v1"]


def test_duplicate_record_in_one_batch_sends_one_mail(stack: Stack, notifications_service: ModuleType) -> None:
    batch = load_event("dynamodb_stream_duplicate")
    assert len(batch["Records"]) == 2
    deliver(notifications_service, batch)
    assert len(stack.sent_messages()) == 1


def test_failed_send_releases_the_claim_for_the_retry(
    stack: Stack, notifications_service: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = load_event("dynamodb_stream_insert_registration")

    def refuse(self: SesMailer, *args: Any, **kwargs: Any) -> str:
        raise RuntimeError("SES throttled")

    monkeypatch.setattr(SesMailer, "send", refuse)
    with pytest.raises(BatchProcessingError, match="SES throttled"):  # every record failed: retry the batch
        deliver(notifications_service, batch)
    assert stack.sent_messages() == []
    assert sent_log(stack) == []  # the claim was given back

    monkeypatch.undo()
    deliver(notifications_service, batch)  # the stream's retry of the same batch
    assert len(stack.sent_messages()) == 1
    assert sent_log(stack) == [f"SENT#{REGISTRATION_ID}#confirmed#v1"]


def test_changes_that_announce_nothing_send_nothing(stack: Stack, notifications_service: ModuleType) -> None:
    batch = load_event("dynamodb_stream_insert_registration")
    (record,) = batch["Records"]
    guard = copy.deepcopy(record)
    guard["dynamodb"]["NewImage"] = {
        "PK": {"S": "EVENT#ewrc-demo"},
        "SK": {"S": "EMAIL#e.bienkowska@example.eu"},
        "type": {"S": "email_guard"},
        "registration_id": {"S": REGISTRATION_ID},
    }
    edited = copy.deepcopy(record)
    edited["eventName"] = "MODIFY"
    edited["dynamodb"]["OldImage"] = copy.deepcopy(record["dynamodb"]["NewImage"])
    edited["dynamodb"]["NewImage"]["organisation"] = {"S": "DG REGIO"}
    removed = copy.deepcopy(record)
    removed["eventName"] = "REMOVE"
    removed["dynamodb"]["OldImage"] = removed["dynamodb"].pop("NewImage")
    deliver(notifications_service, {"Records": [guard, edited, removed]})
    assert stack.sent_messages() == []
    assert sent_log(stack) == []


def test_no_personal_data_in_logs(
    stack: Stack, notifications_service: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="eventreg")
    deliver(notifications_service, load_event("dynamodb_stream_insert_registration"))
    deliver(notifications_service, load_event("dynamodb_stream_insert_registration"))
    ours = [r for r in caplog.records if r.name.startswith("eventreg")]
    assert ours, "the notifier logs what it did"
    for record in ours:
        logged = record.getMessage() + json.dumps({k: str(v) for k, v in vars(record).items()})
        for secret in ("Bieńkowska", "Bie\\u0144kowska", "bienkowska@example.eu", "E.Bienkowska"):
            assert secret not in logged


def stream_batch(stack: Stack) -> dict[str, Any]:
    """Everything moto's table stream holds, shaped as Lambda's event source mapping delivers it."""
    return {"Records": stack.stream_records()}


def test_registration_through_the_real_stream_mails_once(
    stack: Stack, registration_service: ModuleType, notifications_service: ModuleType
) -> None:
    body = json.dumps({
        "name": "Jan Novák", "email": "jan.novak@example.cz", "organisation": "Brno", "organisation_type": "city",
        "country": "CZ", "privacy_consent": True, "answers": {"interest": "Networking"},
    })
    with Client(registration_service.app) as client:
        response = client.http.post(
            f"/events/{DEMO_EVENT}/registrations", headers={"Content-Type": "application/json"}, body=body
        )
    assert response.status_code == 201
    batch = stream_batch(stack)
    names = [(r["eventName"], r["dynamodb"]["Keys"]["SK"]["S"].split("#")[0]) for r in batch["Records"]]
    assert ("MODIFY", "EVENT") in names  # the counter
    assert ("INSERT", "REG") in names
    assert ("INSERT", "EMAIL") in names
    deliver(notifications_service, batch)
    deliver(notifications_service, batch)
    (message,) = stack.sent_emails()
    assert message["To"].addresses[0].addr_spec == "jan.novak@example.cz"
    registration_id = response.json_body["registration"]["registration_id"]
    text = message.get_body(("plain",))
    assert text is not None and registration_id in text.get_content()


def test_a_poison_record_is_reported_alone_and_the_others_are_sent(
    stack: Stack, notifications_service: ModuleType
) -> None:
    """ReportBatchItemFailures: one bad record neither blocks nor repeats the rest of its batch."""
    good = load_event("dynamodb_stream_insert_registration")["Records"][0]
    poison = json.loads(json.dumps(good))
    poison["dynamodb"]["SequenceNumber"] = "999000000000000000001"
    poison["dynamodb"]["Keys"]["SK"] = {"S": "REG#01POISON0000000000000000"}  # another registration
    poison["dynamodb"]["NewImage"]["status"] = {"S": "confirmed"}
    poison["dynamodb"]["NewImage"]["created_at"] = {"S": "not a date"}  # cannot be read back: fails every time
    answer = deliver(notifications_service, {"Records": [poison, good]})
    assert answer == {"batchItemFailures": [{"itemIdentifier": "999000000000000000001"}]}
    assert len(stack.sent_messages()) == 1
    assert deliver(notifications_service, {"Records": [good]}) == {"batchItemFailures": []}
    assert len(stack.sent_messages()) == 1  # the redelivered good record is not sent twice


def many(good: dict[str, Any], count: int) -> list[dict[str, Any]]:
    """`count` INSERT records of distinct registrations (other ids and addresses), in stream order."""
    records = []
    for n in range(count):
        record = json.loads(json.dumps(good))
        registration_id = f"01KA3F7Q9MZ6T2X8WB4N{n:06d}"
        record["dynamodb"]["SequenceNumber"] = f"{500000000000000000000 + n}"
        record["dynamodb"]["Keys"]["SK"] = {"S": f"REG#{registration_id}"}
        record["dynamodb"]["NewImage"]["SK"] = {"S": f"REG#{registration_id}"}
        record["dynamodb"]["NewImage"]["registration_id"] = {"S": registration_id}
        record["dynamodb"]["NewImage"]["email"] = {"S": f"person{n}@example.eu"}
        records.append(record)
    return records


def test_a_batch_claims_its_send_log_in_one_transaction_per_window(
    stack: Stack, notifications_service: ModuleType
) -> None:
    from eventreg.notify.batch import WINDOW

    good = load_event("dynamodb_stream_insert_registration")["Records"][0]
    records = many(good, 2 * WINDOW + 3)
    calls: list[str] = []
    client = clients.dynamodb()
    client.meta.events.register("before-call.dynamodb", lambda model, **_: calls.append(model.name))
    try:
        assert deliver(notifications_service, {"Records": records}) == {"batchItemFailures": []}
    finally:
        client.meta.events.unregister("before-call.dynamodb")
    assert calls.count("TransactWriteItems") == 3 and "PutItem" not in calls
    assert len(stack.sent_messages()) == len(records)
    assert len(sent_log(stack)) == len(records)
    # Redelivered: every claim is refused in the transaction, nothing goes out twice.
    assert deliver(notifications_service, {"Records": records[:5]}) == {"batchItemFailures": []}
    assert len(stack.sent_messages()) == len(records)


def test_a_failed_change_holds_back_its_items_later_change_in_a_later_window_and_gives_its_claim_back(
    stack: Stack, notifications_service: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventreg.notify.batch import WINDOW

    good = load_event("dynamodb_stream_insert_registration")["Records"][0]
    records = many(good, WINDOW + 1)
    later = json.loads(json.dumps(records[0]))  # the first registration, cancelled, in the next window
    later["eventName"] = "MODIFY"
    later["dynamodb"]["SequenceNumber"] = "600000000000000000000"
    later["dynamodb"]["OldImage"] = records[0]["dynamodb"]["NewImage"]
    later["dynamodb"]["NewImage"] = {**records[0]["dynamodb"]["NewImage"], "status": {"S": "cancelled"},
                                     "version": {"N": "2"}}
    records.append(later)
    failing = records[0]["dynamodb"]["NewImage"]["email"]["S"]
    send = SesMailer.send

    def refuse_one(self: SesMailer, message: Any, sender: str, recipient: str, **kwargs: Any) -> str:
        if recipient == failing:
            raise RuntimeError("SES throttled")
        return send(self, message, sender, recipient, **kwargs)

    monkeypatch.setattr(SesMailer, "send", refuse_one)
    answer = deliver(notifications_service, {"Records": records})
    failed = [f["itemIdentifier"] for f in answer["batchItemFailures"]]
    assert failed == [records[0]["dynamodb"]["SequenceNumber"], "600000000000000000000"]
    assert len(stack.sent_messages()) == WINDOW  # everybody else
    first = records[0]["dynamodb"]["NewImage"]["registration_id"]["S"]
    assert not [sk for sk in sent_log(stack) if first in sk]  # neither claim kept: the retry sends both


def test_a_batch_near_its_timeout_leaves_the_rest_for_the_retry(
    stack: Stack, notifications_service: ModuleType
) -> None:
    good = load_event("dynamodb_stream_insert_registration")["Records"][0]
    records = many(good, 3)
    late = LambdaContext(function_name="eventreg-notifications-dev", remaining_ms=5_000)
    with pytest.raises(BatchProcessingError, match="out of time"):  # nothing attempted: the batch is retried
        notifications_service.on_table_change(copy.deepcopy({"Records": records}), late)
    assert stack.sent_messages() == [] and sent_log(stack) == []


def test_claims_already_in_the_send_log_are_left_out_and_the_others_made(stack: Stack) -> None:
    now = datetime.fromisoformat("2026-11-23T12:00:00+00:00")
    event = DEMO_EVENT
    assert stack.repo.claim_send(event, "R2", "confirmed#v1", now)
    made = stack.repo.claim_sends([(event, "R1", "confirmed#v1"), (event, "R2", "confirmed#v1"),
                                   (event, "R3", "cancelled#v2"), (event, "R1", "confirmed#v1")], now)
    assert made == {(event, "R1", "confirmed#v1"), (event, "R3", "cancelled#v2")}
    assert sorted(sent_log(stack)) == ["SENT#R1#confirmed#v1", "SENT#R2#confirmed#v1", "SENT#R3#cancelled#v2"]
    assert stack.repo.claim_sends([(event, "R3", "cancelled#v2")], now) == set()
