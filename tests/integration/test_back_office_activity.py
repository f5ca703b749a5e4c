"""The organisers' activity log (issue #12): every change an organiser route makes is recorded — who, what,
when, the ids it touched and the names (never the values) of the fields it sent — and shown on the event's
Activity page; a partner sees only its own entries; a failing log never fails the change."""

from __future__ import annotations

from types import ModuleType
from typing import Any
from urllib.parse import urlencode

import pytest
from back_office_support import FORM_TYPE, HTML, cookie_header, csrf_of, moderated_event_with, sign_in_locally
from chalice.test import Client
from integration_support import Stack

from devstack.seed import DEMO_EVENT_ID, DEMO_ORGANISER, DEMO_PARTNER

ACTIVITY = f"/organiser/events/{DEMO_EVENT_ID}/activity"


def approve_by_form(client: Client, stack: Stack, jar: dict[str, str], name: str) -> Any:
    path = f"/organiser/events/{DEMO_EVENT_ID}/registrations"
    token = csrf_of(client.http.get(path, headers={**HTML, **cookie_header(jar)}).body.decode())
    (person,) = [r for r in stack.repo.iter_registrations(DEMO_EVENT_ID) if r.name == name]
    answer = client.http.post(f"{path}/{person.registration_id}/approve", headers={**cookie_header(jar), **FORM_TYPE},
                              body=urlencode({"csrf_token": token, "next": path}))
    assert answer.status_code == 303
    return person


def test_a_decision_and_an_api_change_are_on_the_activity_page(stack: Stack, registration_service: ModuleType) -> None:
    moderated_event_with(stack, [("Bram de Vries", "bram@gent.example.be", "Stad Gent")])
    jar = sign_in_locally(DEMO_ORGANISER)
    with Client(registration_service.app) as client:
        bram = approve_by_form(client, stack, jar, "Bram de Vries")
        token = csrf_of(client.http.get(ACTIVITY, headers={**HTML, **cookie_header(jar)}).body.decode())
        changed = client.http.patch(f"/organiser/events/{DEMO_EVENT_ID}", body='{"capacity_in_person": 500}',
                                    headers={**cookie_header(jar), "Content-Type": "application/json",
                                             "X-CSRF-Token": token})
        assert changed.status_code == 200, changed.body
        refused = client.http.patch(f"/organiser/events/{DEMO_EVENT_ID}", body='{"capacity_in_person": -1}',
                                    headers={**cookie_header(jar), "Content-Type": "application/json",
                                             "X-CSRF-Token": token})
        assert refused.status_code == 400
        shown = client.http.get(ACTIVITY, headers={**HTML, **cookie_header(jar)})
    page = shown.body.decode()
    assert shown.status_code == 200
    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]
    assert len(rows) == 2  # the refused change is not an entry; sign-in is not a change to the event
    assert "Changed the event" in rows[0] and "capacity_in_person" in rows[0] and "500" not in rows[0]
    assert "Approved a registration" in rows[1] and bram.registration_id in rows[1]
    assert "Anna Lindqvist" in rows[0] and "Anna Lindqvist" in rows[1]  # who: the session's name
    assert "bram@gent.example.be" not in page and "Bram de Vries" not in page  # ids only: nothing to erase here


def test_a_partner_sees_only_what_it_did(stack: Stack, registration_service: ModuleType) -> None:
    moderated_event_with(stack, [("Ana Duarte", "ana@porto.example.pt", "Câmara Municipal do Porto")])
    organiser = sign_in_locally(DEMO_ORGANISER)
    with Client(registration_service.app) as client:
        approve_by_form(client, stack, organiser, "Ana Duarte")
        partner = sign_in_locally(DEMO_PARTNER)
        seen_by_partner = client.http.get(ACTIVITY, headers={**HTML, **cookie_header(partner)}).body.decode()
        seen_by_organiser = client.http.get(ACTIVITY, headers={**HTML, **cookie_header(organiser)}).body.decode()
    assert "Approved a registration" in seen_by_organiser
    assert "Approved a registration" not in seen_by_partner and "Nothing has been changed yet." in seen_by_partner


def test_a_log_that_fails_does_not_fail_the_change(stack: Stack, registration_service: ModuleType,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    moderated_event_with(stack, [("Ana Duarte", "ana@porto.example.pt", "Câmara Municipal do Porto")])
    jar = sign_in_locally(DEMO_ORGANISER)

    def broken(entry: object) -> None:
        raise RuntimeError("table unavailable")

    monkeypatch.setattr(registration_service.wired.activity, "record", broken)
    with Client(registration_service.app) as client:
        ana = approve_by_form(client, stack, jar, "Ana Duarte")
    assert stack.repo.get_registration(DEMO_EVENT_ID, ana.registration_id).status.value == "confirmed"  # type: ignore[union-attr]
    assert "activity not recorded" in caplog.text and "ana@porto" not in caplog.text


def test_pages_of_entries_read_on_from_where_the_last_ended(stack: Stack) -> None:
    from datetime import UTC, datetime

    from eventreg.adapters.dynamodb.activity import ActivityItems
    from eventreg.domain.activity import Activity

    log = ActivityItems(stack.repo)
    for n in range(5):
        log.record(Activity(DEMO_EVENT_ID, datetime(2026, 12, 1, 10, n, tzinfo=UTC), DEMO_ORGANISER, "Anna",
                            "organiser_event", {}, (f"field_{n}",)))
    first, mark = log.recent(DEMO_EVENT_ID, 3)
    rest, end = log.recent(DEMO_EVENT_ID, 3, mark)
    assert [e.fields for e in first + rest] == [(f"field_{n}",) for n in (4, 3, 2, 1, 0)]
    assert end is None or log.recent(DEMO_EVENT_ID, 3, end) == ([], None)
    assert log.recent(DEMO_EVENT_ID, 3, "not-a-mark")[0] == first  # a forged mark reads from the newest


# -- errors as pages ------------------------------------------------------------------------------------
def test_a_browser_gets_back_office_errors_as_pages_in_its_language(stack: Stack,
                                                                   registration_service: ModuleType) -> None:
    from devstack.seed import OTHER_ORGANISER, other_event

    other, _ = other_event()
    stack.repo.put_event(*other_event())
    jar = sign_in_locally(OTHER_ORGANISER)
    with Client(registration_service.app) as client:
        forbidden = client.http.get(ACTIVITY, headers={**HTML, **cookie_header(jar), "Accept-Language": "fr"})
        missing = client.http.get("/organiser/events/no-such-event/activity", headers={**HTML, **cookie_header(jar)})
        as_json = client.http.get(ACTIVITY, headers=cookie_header(jar))
        decision = f"/organiser/events/{other.event_id}/registrations/01J0000000000000000000000A/approve"
        forged = client.http.post(decision,
                                  headers={**cookie_header(jar), **FORM_TYPE}, body=urlencode({"csrf_token": "x"}))
    assert forbidden.status_code == 403 and forbidden.headers["Content-Type"].startswith("text/html")
    page = forbidden.body.decode()
    assert '<html lang="fr">' in page and "Vous n’êtes pas autorisé à faire ceci" in page and 'role="alert"' in page
    assert "Retour à l’événement" in page  # the way back to the event, and to My events
    assert missing.status_code == 404 and "Not found" in missing.body.decode()
    assert as_json.status_code == 403 and as_json.json_body["error"]["code"] == "forbidden"  # the API keeps JSON
    assert forged.status_code == 403 and "You may not do this" in forged.body.decode()
