"""The back-office's event pages (issue #12, office-events), in process with a signed-in session cookie and the
forms' CSRF token: create an event from the form, errors kept at their fields, edit it, preview the mail,
move it through its statuses with a confirmation, and a partner kept out of all of it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

from chalice.test import Client
from integration_support import Stack
from test_back_office_sign_in import HTML, cookie_header, sign_in_locally

from devstack.seed import DEMO_EVENT_ID, DEMO_ORGANISER, DEMO_PARTNER
from eventreg.domain.types import EventStatus

FORM = "application/x-www-form-urlencoded"


@dataclass
class Browser:
    """A signed-in organiser's client: pages as a browser asks for them, forms with the session's token."""

    client: Client
    jar: dict[str, str]

    def get(self, path: str) -> Any:
        return self.client.http.get(path, headers={**HTML, **cookie_header(self.jar)})

    def post(self, path: str, fields: dict[str, Any], token: str | None = None) -> Any:
        pairs = [(k, v) for k, values in fields.items() for v in (values if isinstance(values, list) else [values])]
        if token is None:
            token = csrf(self.get("/organiser/").body.decode())
        return self.client.http.post(path, headers={**HTML, **cookie_header(self.jar), "Content-Type": FORM},
                                     body=urlencode([*pairs, ("csrf_token", token)]))


def csrf(page: str) -> str:
    return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


@contextmanager
def signed_in(service: ModuleType, who: str) -> Iterator[Browser]:
    with Client(service.app) as client:
        yield Browser(client, sign_in_locally(who))


def new_event_form(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "event_id": "cohesion-forum-2026", "language": "fr", "title.fr": "Forum de la cohésion",
        "title.en": "Cohesion Forum", "description.en": "Two days on cohesion policy.", "timezone": "Europe/Brussels",
        "starts_at": "2026-10-12T09:00", "ends_at": "2026-10-13T17:30",
        "registration_opens_at": "2026-03-01T10:00", "registration_closes_at": "2026-10-01T23:59",
        "venue.name": "Square", "venue.address": "Mont des Arts, Brussels", "modes": ["in_person", "online"],
        "capacity_in_person": "300", "capacity_online": "", "moderated": "on",
        "partners": "Eurocities\nCEMR\n", "organiser_emails": "forum@example.eu",
        "questions.0.question_id": "workshop-day", "questions.0.label.en": "Which day?", "questions.0.kind": "single",
        "questions.0.options": "Monday\nTuesday", "questions.0.required": "on",
        "mail.confirmed.subject": "See you at {{ event_title }}", "mail.confirmed.body": "Dear {{ name }},\nwelcome.",
    }
    return {**fields, **changes}


def test_an_organiser_creates_an_event_from_the_form(stack: Stack, registration_service: ModuleType) -> None:
    with signed_in(registration_service, DEMO_ORGANISER) as browser:
        home = browser.get("/organiser/").body.decode()
        assert 'href="/organiser/new-event"' in home and f'href="/organiser/events/{DEMO_EVENT_ID}"' in home
        form = browser.get("/organiser/new-event")
        assert form.status_code == 200 and 'name="questions.1.question_id"' in form.body.decode()
        created = browser.post("/organiser/new-event", new_event_form())
        assert created.status_code == 303
        assert created.headers["Location"] == "/organiser/events/cohesion-forum-2026?done=created"
        overview = browser.get(created.headers["Location"]).body.decode()
    event = stack.repo.get_event("cohesion-forum-2026")
    assert event.organiser_ids == [DEMO_ORGANISER] and event.status is EventStatus.DRAFT
    assert event.title == {"fr": "Forum de la cohésion", "en": "Cohesion Forum"} and event.language == "fr"
    assert event.starts_at.isoformat() == "2026-10-12T07:00:00+00:00"  # 09:00 in Brussels' summer time
    assert event.registration_opens_at.isoformat() == "2026-03-01T09:00:00+00:00"  # 10:00 in winter time
    assert event.capacity_in_person == 300 and event.capacity_online is None and event.moderated
    assert event.partners == ["Eurocities", "CEMR"] and event.organiser_emails == ["forum@example.eu"]
    assert [(q.question_id, q.options, q.required) for q in event.questions] == [
        ("workshop-day", ["Monday", "Tuesday"], True)]
    assert event.mail_overrides["confirmed"].subject == "See you at {{ event_title }}"
    assert 'role="status">The event was created as a draft.' in overview
    assert "12 October 2026, 09:00 CEST" in overview and "Open registration" in overview


def test_errors_come_back_at_their_fields_with_the_values_kept(stack: Stack, registration_service: ModuleType) -> None:
    typed = new_event_form(**{"title.fr": "", "title.en": "", "registration_closes_at": "2026-02-01T10:00",
                              "capacity_in_person": "lots", "starts_at": "12/10/2026",
                              "mail.confirmed.body": "{{ nobody.knows }}", "description.en": "Kept <as typed>"})
    with signed_in(registration_service, DEMO_ORGANISER) as browser:
        answer = browser.post("/organiser/new-event?lang=nl", typed)
    page = answer.body.decode()
    assert answer.status_code == 400
    assert 'id="capacity_in_person" aria-invalid="true" aria-describedby="capacity_in_person-error' in page
    assert 'id="capacity_in_person-error">Vul een geheel getal in, of laat het leeg.' in page
    assert 'href="#starts_at"' in page and 'id="starts_at-error">Vul een datum en tijd in' in page
    assert 'href="#title-fr">Titel: Geef een tekst in minstens één taal.' in page  # at the default language's input
    assert "Kept &lt;as typed&gt;</textarea>" in page and 'value="lots"' in page
    # A rule across fields (checked once each field is valid) is shown at the field it names.
    with signed_in(registration_service, DEMO_ORGANISER) as browser:
        answer = browser.post("/organiser/new-event?lang=nl", new_event_form(registration_closes_at="2026-02-01T10:00"))
    assert 'id="registration_closes_at-error">De registratie moet sluiten nadat ze opent.' in answer.body.decode()
    assert stack.repo.organiser_event_ids(DEMO_ORGANISER) == [DEMO_EVENT_ID]  # nothing saved


def test_a_mail_template_error_is_shown_at_its_wording(stack: Stack, registration_service: ModuleType) -> None:
    with signed_in(registration_service, DEMO_ORGANISER) as browser:
        answer = browser.post("/organiser/new-event", new_event_form(**{"mail.confirmed.body": "{{ nobody }}"}))
    page = answer.body.decode()
    assert answer.status_code == 400 and 'href="#mail-confirmed-subject"' in page
    assert "<details open>" in page and "{{ nobody }}</textarea>" in page


def test_the_preview_shows_the_attendees_mail_and_sends_nothing(stack: Stack,
                                                                registration_service: ModuleType) -> None:
    with signed_in(registration_service, DEMO_ORGANISER) as browser:
        answer = browser.post("/organiser/new-event", new_event_form(preview="1", preview_language="en"))
        standard = browser.post("/organiser/new-event", new_event_form(**{
            "preview": "1", "preview_kind": "waitlisted", "preview_language": "de"}))
    page = answer.body.decode()
    assert answer.status_code == 200 and "Mail preview (not sent)" in page
    assert "See you at Cohesion Forum" in page and "Dear Anna Lindqvist,\nwelcome." in page
    assert "invitation.ics" in page  # as the attendee gets it: with the calendar entry
    assert "Auf der Warteliste" in standard.body.decode()  # the standard wording, in the language asked for
    assert stack.repo.organiser_event_ids(DEMO_ORGANISER) == [DEMO_EVENT_ID]  # a preview saves nothing


def test_more_question_rows_keep_what_was_typed(stack: Stack, registration_service: ModuleType) -> None:
    with signed_in(registration_service, DEMO_ORGANISER) as browser:
        answer = browser.post("/organiser/new-event", new_event_form(rows="3", more_rows="1"))
    page = answer.body.decode()
    assert answer.status_code == 200 and 'name="questions.5.question_id"' in page
    assert 'value="workshop-day"' in page and 'aria-invalid="true" ' not in page


def test_an_organiser_edits_the_event(stack: Stack, registration_service: ModuleType) -> None:
    before = stack.repo.get_event(DEMO_EVENT_ID)
    with signed_in(registration_service, DEMO_ORGANISER) as browser:
        form = browser.get(f"/organiser/events/{DEMO_EVENT_ID}/edit").body.decode()
        assert 'value="European Week of Regions and Cities"' in form
        fields = {name: value for name, value in _inputs(form).items() if name != "csrf_token"}
        fields["venue.room"] = "Hemicycle"
        fields["capacity_in_person"] = str((before.capacity_in_person or 0) + 10)
        saved = browser.post(f"/organiser/events/{DEMO_EVENT_ID}/edit", fields, token=csrf(form))
    assert saved.status_code == 303 and saved.headers["Location"].endswith("?done=saved")
    after = stack.repo.get_event(DEMO_EVENT_ID)
    assert after.venue is not None and after.venue.room == "Hemicycle"
    assert after.capacity_in_person == (before.capacity_in_person or 0) + 10
    # Everything else as it was: the form round-trips the event.
    unchanged = {"venue", "capacity_in_person"}
    assert {k: v for k, v in after.model_dump().items() if k not in unchanged} == \
           {k: v for k, v in before.model_dump().items() if k not in unchanged}


def _inputs(page: str) -> dict[str, Any]:
    """The values a browser would submit from the form (text inputs, selected options, checked boxes,
    textareas), read with the standard library's HTML parser."""
    from html.parser import HTMLParser

    found: dict[str, Any] = {}

    class Reader(HTMLParser):
        select: str | None = None
        area: str | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            name = a.get("name") or ""
            if tag == "input" and a.get("type") not in ("submit",):
                if a.get("type") == "checkbox":
                    if "checked" in a:
                        found.setdefault(name, []).append(a.get("value") or "on")
                else:
                    found[name] = a.get("value") or ""
            elif tag == "select":
                self.select = name
            elif tag == "option" and self.select and "selected" in a:
                found[self.select] = a.get("value") or ""
            elif tag == "textarea":
                self.area = name
                found[name] = ""

        def handle_endtag(self, tag: str) -> None:
            if tag == "select":
                self.select = None
            if tag == "textarea":
                self.area = None

        def handle_data(self, data: str) -> None:
            if self.area:
                found[self.area] += data

    Reader().feed(page)
    return found


def test_a_status_change_is_confirmed_then_applied(stack: Stack, registration_service: ModuleType) -> None:
    path = f"/organiser/events/{DEMO_EVENT_ID}/status/cancelled"
    with signed_in(registration_service, DEMO_ORGANISER) as browser:
        overview = browser.get(f"/organiser/events/{DEMO_EVENT_ID}").body.decode()
        assert f'href="{path}"' in overview and "Close registration" in overview
        confirm = browser.get(path)
        page = confirm.body.decode()
        assert confirm.status_code == 200 and "gets a mail saying that the event is cancelled" in page
        assert stack.repo.get_event(DEMO_EVENT_ID).status is EventStatus.OPEN  # asking changes nothing
        forged = browser.post(path, {}, token="forged")
        assert forged.status_code == 403 and stack.repo.get_event(DEMO_EVENT_ID).status is EventStatus.OPEN
        done = browser.post(path, {}, token=csrf(page))
        assert done.status_code == 303 and done.headers["Location"].endswith("?done=status-cancelled")
        after = browser.get(done.headers["Location"]).body.decode()
        again = browser.get(f"/organiser/events/{DEMO_EVENT_ID}/status/open")
        unknown = browser.get(f"/organiser/events/{DEMO_EVENT_ID}/status/postponed")
    assert stack.repo.get_event(DEMO_EVENT_ID).status is EventStatus.CANCELLED
    assert 'role="status">The event&#39;s status is now: Cancelled.' in after
    assert again.status_code == 409 and unknown.status_code == 404  # a cancelled event stays cancelled


def test_a_partner_sees_the_overview_of_its_sessions_and_changes_nothing(
        stack: Stack, registration_service: ModuleType) -> None:
    with signed_in(registration_service, DEMO_PARTNER) as browser:
        overview = browser.get(f"/organiser/events/{DEMO_EVENT_ID}")
        edit = browser.get(f"/organiser/events/{DEMO_EVENT_ID}/edit")
        token = csrf(overview.body.decode())
        post = browser.post(f"/organiser/events/{DEMO_EVENT_ID}/edit", new_event_form(), token=token)
        status = browser.get(f"/organiser/events/{DEMO_EVENT_ID}/status/closed")
        change = browser.post(f"/organiser/events/{DEMO_EVENT_ID}/status/closed", {}, token=token)
    page = overview.body.decode()
    assert overview.status_code == 200 and "Your sessions" in page and "Edit the event" not in page
    assert "/status/" not in page
    assert edit.status_code == post.status_code == status.status_code == change.status_code == 403
    assert stack.repo.get_event(DEMO_EVENT_ID).status is EventStatus.OPEN


def test_the_json_api_still_answers_json_on_the_same_path(stack: Stack, registration_service: ModuleType) -> None:
    jar = sign_in_locally(DEMO_ORGANISER)
    with Client(registration_service.app) as client:
        answer = client.http.get(f"/organiser/events/{DEMO_EVENT_ID}", headers=cookie_header(jar))
    assert answer.status_code == 200 and answer.json_body["event"]["event_id"] == DEMO_EVENT_ID
