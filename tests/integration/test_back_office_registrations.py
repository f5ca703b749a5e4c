"""The back-office acting on registrations (issue 12): a registration's detail, cancelling and moving someone on
their behalf (freed places to the first in line, full places refused), adding someone by hand after the cutoff,
approving many at once, the waiting lists in promotion order, more filters and sorting, and partners kept to
their own sessions. In process: moto, the session cookie of the local sign-in and the forms' CSRF token."""

from __future__ import annotations

from types import ModuleType
from typing import Any
from urllib.parse import urlencode

import pytest
from chalice.test import Client
from integration_support import Stack
from test_back_office_sign_in import HTML, cookie_header, sign_in_locally

from devstack.seed import DEMO_EVENT_ID, DEMO_ORGANISER, DEMO_PARTNER
from eventreg.auth import session_store
from eventreg.domain.changes import session_scope
from eventreg.domain.models import EventStatus, Registration, RegistrationRequest, utc_now
from eventreg.entrypoints.http import sessions
from eventreg.register.registering import Registrar

BASE = f"/organiser/events/{DEMO_EVENT_ID}/registrations"
FORM = "application/x-www-form-urlencoded"


def person(stack: Stack, name: str, country: str = "BE", sessions: tuple[str, ...] = (), **more: Any) -> Registration:
    return Registrar(stack.repo).register(DEMO_EVENT_ID, RegistrationRequest.model_validate({
        "name": name, "email": f"{name.split()[0].lower()}@office-regs.example.eu", "organisation": f"{name} Org",
        "organisation_type": more.pop("organisation_type", "city"), "country": country, "privacy_consent": True,
        "sessions": list(sessions), "answers": {"interest": "Networking"}, **more}), utc_now())


def one_seat(stack: Stack, session_id: str = "city-diplomacy") -> None:
    """A session with a single seat, so the second and third to choose it wait, in order."""
    _, sessions = stack.repo.get_event_with_sessions(DEMO_EVENT_ID)
    (session,) = [s for s in sessions if s.session_id == session_id]
    assert stack.repo.put_session(DEMO_EVENT_ID, session.model_copy(update={"capacity": 1}))


class Office:
    """A signed-in browser: pages with the session cookie, forms with its CSRF token."""

    def __init__(self, client: Client, who: str) -> None:
        self.client, self.jar = client, sign_in_locally(who)
        signed_in = session_store().open(self.jar[sessions.SESSION])
        assert signed_in is not None
        self.token = session_store().csrf_token(signed_in)  # as the pages' forms carry it

    def get(self, path: str, html: bool = True) -> Any:
        return self.client.http.get(path, headers={**(HTML if html else {}), **cookie_header(self.jar)})

    def post(self, path: str, fields: list[tuple[str, str]] | dict[str, str], token: str | None = None) -> Any:
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        body = urlencode([("csrf_token", self.token if token is None else token), *pairs])
        return self.client.http.post(path, headers={**cookie_header(self.jar), "Content-Type": FORM}, body=body)


@pytest.fixture
def office(stack: Stack, registration_service: ModuleType) -> Any:
    with Client(registration_service.app) as client:
        yield lambda who=DEMO_ORGANISER: Office(client, who)


def test_the_detail_shows_what_the_person_gave_as_a_page_and_as_json(stack: Stack, office: Any) -> None:
    ana = person(stack, "Ana Duarte", "PT", ("opening",), job_title="Adviser", accessibility_needs="Step-free access",
                 list_consent=True)
    organiser = office()
    page = organiser.get(f"{BASE}/{ana.registration_id}")
    text = page.body.decode()
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    for shown in ("Ana Duarte", "ana@office-regs.example.eu", "Portugal", "City or municipality", "Adviser",
                  "Step-free access", "Opening session: cohesion policy after 2027", "Main interest", "Networking",
                  "Confirmed", "Registered on"):
        assert shown in text, shown
    as_json = organiser.get(f"{BASE}/{ana.registration_id}", html=False)
    assert as_json.status_code == 200 and as_json.json_body["registration"]["name"] == "Ana Duarte"
    assert "manage_url" in as_json.json_body["registration"]
    missing = organiser.get(f"{BASE}/01J00000000000000000000000")
    assert missing.status_code == 404 and "There is no such registration." in missing.body.decode()


def test_cancelling_on_their_behalf_gives_the_place_to_the_first_in_line(stack: Stack, office: Any) -> None:
    one_seat(stack)
    ana = person(stack, "Ana Duarte", sessions=("city-diplomacy",))
    bram = person(stack, "Bram Peeters", sessions=("city-diplomacy",))
    person(stack, "Carla Rossi", sessions=("city-diplomacy",))
    assert bram.waitlisted_sessions == ["city-diplomacy"]
    organiser = office()
    confirm = organiser.get(f"{BASE}/{ana.registration_id}/cancel").body.decode()
    assert "Yes, cancel this registration" in confirm and "City diplomacy" in confirm
    forged = organiser.post(f"{BASE}/{ana.registration_id}/cancel", {}, token="forged")
    assert forged.status_code == 403 and stack.repo.get_registration(
        DEMO_EVENT_ID, ana.registration_id).status.value == "confirmed"  # type: ignore[union-attr]
    done = organiser.post(f"{BASE}/{ana.registration_id}/cancel", {})
    assert done.status_code == 303 and done.headers["Location"] == f"{BASE}/{ana.registration_id}?done=cancelled:1"
    after = organiser.get(done.headers["Location"]).body.decode()
    assert "Cancelled on their behalf." in after and "1 person took a freed place." in after
    assert stack.repo.get_registration(DEMO_EVENT_ID, ana.registration_id).status.value == "cancelled"  # type: ignore[union-attr]
    promoted = stack.repo.get_registration(DEMO_EVENT_ID, bram.registration_id)
    assert promoted is not None and promoted.sessions == ["city-diplomacy"] and not promoted.waitlisted_sessions
    assert [r.name for r in stack.repo.waiting_list(DEMO_EVENT_ID, session_scope("city-diplomacy"))] == ["Carla Rossi"]


def test_moving_someone_changes_mode_and_sessions_and_a_full_session_says_so(stack: Stack, office: Any) -> None:
    one_seat(stack, "open-data-lab")
    person(stack, "Dana Novak", sessions=("open-data-lab",))
    ana = person(stack, "Ana Duarte", sessions=("opening",))
    organiser = office()
    form = organiser.get(f"{BASE}/{ana.registration_id}/move").body.decode()
    assert 'name="attendance_mode"' in form and 'id="session-city-diplomacy"' in form
    moved = organiser.post(f"{BASE}/{ana.registration_id}/move",
                           [("attendance_mode", "online"), ("sessions", "city-diplomacy")])
    assert moved.status_code == 303 and moved.headers["Location"].endswith("?done=moved")
    now = stack.repo.get_registration(DEMO_EVENT_ID, ana.registration_id)
    assert now is not None and now.attendance_mode.value == "online" and now.sessions == ["city-diplomacy"]
    # A full session: its waiting list, as for the attendee; an overlapping pair: refused, saying which.
    waiting = organiser.post(f"{BASE}/{ana.registration_id}/move",
                             [("attendance_mode", "online"), ("sessions", "city-diplomacy"),
                              ("sessions", "open-data-lab")])
    assert waiting.status_code == 303
    now = stack.repo.get_registration(DEMO_EVENT_ID, ana.registration_id)
    assert now is not None and now.waitlisted_sessions == ["open-data-lab"]
    clash = organiser.post(f"{BASE}/{ana.registration_id}/move",
                           [("attendance_mode", "in_person"), ("sessions", "open-data-lab"),
                            ("sessions", "user-centric-label")])
    page = clash.body.decode()
    assert clash.status_code == 400 and "overlap" in page and 'aria-describedby="sessions-error"' in page
    # A full attendance mode: refused with a clear message; they keep what they had.
    event = stack.repo.get_event(DEMO_EVENT_ID)
    assert stack.repo.update_event(event.model_copy(update={"capacity_in_person": event.registered_in_person}),
                                   event.status.value)
    full = organiser.post(f"{BASE}/{ana.registration_id}/move", [("attendance_mode", "in_person")])
    assert full.status_code == 409 and "There are no places left in that attendance mode." in full.body.decode()
    assert stack.repo.get_registration(DEMO_EVENT_ID, ana.registration_id).attendance_mode.value == "online"  # type: ignore[union-attr]


def test_an_organiser_adds_someone_by_hand_after_the_cutoff_within_capacity(stack: Stack, office: Any) -> None:
    one_seat(stack)
    person(stack, "Ana Duarte", sessions=("city-diplomacy",))  # the session is full from here on
    event = stack.repo.get_event(DEMO_EVENT_ID)
    assert stack.repo.update_event(event.model_copy(update={"status": EventStatus.CLOSED}), "open")
    organiser = office()
    form = organiser.get(f"{BASE}/new").body.decode()
    assert 'name="privacy_consent"' in form and 'name="answers.interest"' in form
    fields = {"name": "Eva Hand", "email": "eva@office-regs.example.eu", "organisation": "Ville de Lyon",
              "organisation_type": "city", "country": "FR", "attendance_mode": "in_person", "privacy_consent": "on",
              "answers.interest": "Networking", "form_token": "hand-1"}
    refused = organiser.post(f"{BASE}/new", {**fields, "country": ""})
    assert refused.status_code == 400 and 'id="country-error"' in refused.body.decode()
    added = organiser.post(f"{BASE}/new", fields)
    assert added.status_code == 303 and added.headers["Location"].endswith("?done=added")
    again = organiser.post(f"{BASE}/new", fields)  # a double click: the same registration, nobody twice
    assert again.headers["Location"] == added.headers["Location"]
    (eva,) = [r for r in stack.repo.iter_registrations(DEMO_EVENT_ID) if r.name == "Eva Hand"]
    assert eva.status.value == "confirmed" and eva.country == "FR"
    # The same person twice: the usual refusal, on the form.
    twice = organiser.post(f"{BASE}/new", {**fields, "form_token": "hand-2"})
    assert twice.status_code == 409 and "already registered" in twice.body.decode()
    # Capacity still holds by hand: a full session puts them on its waiting list.
    fields = {"name": "Finn Full", "email": "finn@office-regs.example.eu", "organisation": "Stad Gent",
              "organisation_type": "city", "country": "BE", "privacy_consent": "on", "sessions": "city-diplomacy",
              "answers.interest": "Networking"}
    assert organiser.post(f"{BASE}/new", fields).status_code == 303
    (finn,) = [r for r in stack.repo.iter_registrations(DEMO_EVENT_ID) if r.name == "Finn Full"]
    assert finn.sessions == [] and finn.waitlisted_sessions == ["city-diplomacy"]
    event = stack.repo.get_event(DEMO_EVENT_ID)
    assert stack.repo.update_event(event.model_copy(update={"status": EventStatus.DRAFT}), "closed")
    draft = organiser.post(f"{BASE}/new", {**fields, "email": "gina@office-regs.example.eu"})
    assert draft.status_code == 409 and "only while the event is open or closed" in draft.body.decode()


def test_many_pending_registrations_are_approved_at_once_name_by_name(stack: Stack, office: Any) -> None:
    event = stack.repo.get_event(DEMO_EVENT_ID)
    assert stack.repo.update_event(event.model_copy(update={"moderated": True}), event.status.value)
    ana, bram = person(stack, "Ana Duarte"), person(stack, "Bram Peeters")
    organiser = office()
    listing = organiser.get(f"{BASE}?status=pending").body.decode()
    assert f'form="bulk" name="registration_id" value="{ana.registration_id}"' in listing
    decided = organiser.post(f"{BASE}/decisions", [("decision", "approve"), ("registration_id", ana.registration_id),
                                                   ("registration_id", bram.registration_id), ("next", BASE)])
    page = decided.body.decode()
    assert decided.status_code == 200 and "2 registrations decided." in page
    assert "Ana Duarte" in page and "Bram Peeters" in page and page.count("Confirmed") == 2
    again = organiser.post(f"{BASE}/decisions", [("decision", "approve"), ("registration_id", ana.registration_id)])
    refused = again.body.decode()
    assert "Not done:" in refused and "Only registrations awaiting approval can be approved" in refused
    assert organiser.post(f"{BASE}/decisions", [("decision", "approve")]).status_code == 400


def test_the_waiting_lists_show_people_in_the_order_they_are_promoted(stack: Stack, office: Any) -> None:
    one_seat(stack)
    person(stack, "Ana Duarte", sessions=("city-diplomacy",))
    bram = person(stack, "Bram Peeters", sessions=("city-diplomacy",))
    person(stack, "Carla Rossi", sessions=("city-diplomacy",))
    page = office().get(f"/organiser/events/{DEMO_EVENT_ID}/waiting-lists").body.decode()
    assert 'aria-current="page">Waiting lists' in page
    section = page.split("City diplomacy and international cooperation", 1)[1]
    assert section.index("Bram Peeters") < section.index("Carla Rossi") and "Ana Duarte" not in section
    assert '<td class="number">1</td>' in section and '<td class="number">2</td>' in section
    first = stack.repo.first_waiting(DEMO_EVENT_ID, session_scope("city-diplomacy"))
    assert first is not None and first.registration_id == bram.registration_id  # the same order as promotion


def test_more_filters_and_sorting_page_through_the_whole_result(stack: Stack, office: Any) -> None:
    for name, country in (("Zoe Zimmer", "DE"), ("Ana Duarte", "PT"), ("Mia Weber", "DE"), ("Lea Braun", "DE")):
        person(stack, name, country, organisation_type="region" if name == "Mia Weber" else "city")
    organiser = office()
    first = organiser.get(f"{BASE}?country=DE&sort=name&order=desc&limit=2", html=False).json_body
    assert [r["name"] for r in first["registrations"]] == ["Zoe Zimmer", "Mia Weber"]
    second = organiser.get(f"{BASE}?country=DE&sort=name&order=desc&limit=2&cursor={first['next_cursor']}",
                           html=False).json_body
    assert [r["name"] for r in second["registrations"]] == ["Lea Braun"] and second["next_cursor"] is None
    regions = organiser.get(f"{BASE}?organisation_type=region").body.decode()
    assert "Mia Weber" in regions and "Zoe Zimmer" not in regions
    assert organiser.get(f"{BASE}?sort=email", html=False).status_code == 400
    assert organiser.get(f"{BASE}?country=XX", html=False).status_code == 400


def test_partners_act_only_on_their_own_sessions(stack: Stack, office: Any) -> None:
    theirs = person(stack, "Pia Partner", sessions=("connected-in-europe",))
    mixed = person(stack, "Max Mixed", sessions=("connected-in-europe", "city-diplomacy"))
    other = person(stack, "Olaf Other", sessions=("city-diplomacy",))
    partner = office(DEMO_PARTNER)
    assert partner.get(f"{BASE}/{other.registration_id}").status_code == 403
    assert partner.get(f"{BASE}/{other.registration_id}", html=False).status_code == 403
    assert partner.post(f"{BASE}/{other.registration_id}/cancel", {}).status_code == 403
    assert partner.post(f"{BASE}/{mixed.registration_id}/cancel", {}).status_code == 403  # others' sessions too
    assert partner.post(f"{BASE}/{mixed.registration_id}/move",
                        [("attendance_mode", "online"), ("sessions", "connected-in-europe"),
                         ("sessions", "city-diplomacy")]).status_code == 403  # the mode is not theirs
    # Removing Max from the partner's own session keeps the other session: the form carries it.
    form = partner.get(f"{BASE}/{mixed.registration_id}/move").body.decode()
    assert 'type="hidden" name="sessions" value="city-diplomacy"' in form and 'id="session-city-diplomacy"' not in form
    assert partner.post(f"{BASE}/{mixed.registration_id}/move",
                        [("attendance_mode", "in_person"), ("sessions", "city-diplomacy")]).status_code == 303
    assert stack.repo.get_registration(DEMO_EVENT_ID, mixed.registration_id).sessions == ["city-diplomacy"]  # type: ignore[union-attr]
    assert partner.post(f"{BASE}/{theirs.registration_id}/cancel", {}).status_code == 303
    assert partner.post(f"{BASE}/decisions", [("decision", "approve"),
                                              ("registration_id", other.registration_id)]).status_code == 403
    hand = partner.post(f"{BASE}/new", {"name": "Nina New", "email": "nina@office-regs.example.eu",
                                        "organisation": "VVSG", "organisation_type": "city", "country": "BE",
                                        "privacy_consent": "on", "answers.interest": "Networking"})
    assert hand.status_code == 403  # partners add people to their own sessions only
    lists = partner.get(f"/organiser/events/{DEMO_EVENT_ID}/waiting-lists").body.decode()
    assert "#connectedinEurope: digitalisation and urban development" in lists
    assert "City diplomacy and international cooperation" not in lists
