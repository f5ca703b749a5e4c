"""The check-in desk's pages (#15) in process (moto; races are tests/concurrency/test_checkin_race.py): a code or
a tap checks someone in and the page says so first, big; a second scan says when and by whom; refusals; the undo;
the scanner's JSON; the name search without JavaScript; who may use the desk (organisers, partners for their
sessions, the check-in staff the event lists) and that nothing of it sends mail or logs a name."""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
from types import ModuleType
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from chalice.test import Client
from integration_support import Stack
from privacy_support import move_to_past
from pypdf import PdfReader
from test_back_office_registrations import Office, person
from test_back_office_sign_in import cookie_header
from test_reports_api import bearer

from devstack.seed import CHECKIN_DEMO, DEMO_EVENT_ID, DEMO_ORGANISER, DEMO_PARTNER, OTHER_ORGANISER
from eventreg.adapters.dynamodb import keys
from eventreg.domain.models import utc_now
from eventreg.links import certificate_path, checkin_code, manage_path
from eventreg.urls import REPORTS_PREFIX

DESK = f"/organiser/events/{DEMO_EVENT_ID}/check-in"
HTML_ACCEPT = {"Accept": "text/html"}


@pytest.fixture
def office(stack: Stack, registration_service: ModuleType) -> Any:
    with Client(registration_service.app) as client:
        yield lambda who=DEMO_ORGANISER: Office(client, who)


def result_of(page: Any) -> str:
    """The result box's text, as the page shows it first."""
    text = page.body.decode()
    return text.split('<div id="result"', 1)[1].split("</div>", 1)[0]


def test_a_scan_checks_in_once_and_the_second_says_when_and_by_whom(stack: Stack, office: Any) -> None:
    ana = person(stack, "Ana Duarte")
    desk = office()
    page = desk.post(DESK, {"code": checkin_code(DEMO_EVENT_ID, ana.registration_id)})
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    box = result_of(page)
    assert "Checked in" in box and "Ana Duarte" in box and "Undo" in box and "checkin-result ok" in box
    second_device = office(CHECKIN_DEMO)
    again = result_of(second_device.post(DESK, {"code": checkin_code(DEMO_EVENT_ID, ana.registration_id)}))
    assert "Already checked in at" in again and "by Anna Lindqvist" in again and "Undo" not in again
    assert stack.count(prefix=keys.CHECKIN_PREFIX) == 1
    after = stack.repo.get_registration(DEMO_EVENT_ID, ana.registration_id)
    assert after is not None and after.version == ana.version  # the registration was not written: no mail


def test_refusals_are_said_plainly(stack: Stack, office: Any) -> None:
    ana = person(stack, "Ana Duarte")
    desk = office()
    cancelled = desk.post(f"/organiser/events/{DEMO_EVENT_ID}/registrations/{ana.registration_id}/cancel", {})
    assert cancelled.status_code == 303
    for code, said in ((checkin_code(DEMO_EVENT_ID, ana.registration_id), "Refused: Cancelled"),
                       (checkin_code("smart-villages-workshop", ana.registration_id), "This code is for another event"),
                       ("ER1.x.y.z", "Not a valid check-in code"), ("<script>alert(1)</script>", "Not a valid")):
        box = result_of(desk.post(DESK, {"code": code}))
        assert said in box and "checkin-result refused" in box, code
    seated = person(stack, "Bo Berg")
    box = result_of(desk.post(DESK, {"session": "opening", "code": checkin_code(DEMO_EVENT_ID,
                                                                               seated.registration_id)}))
    assert "Not registered for this session" in box
    assert stack.count(prefix=keys.CHECKIN_PREFIX) == 0


def test_the_scanner_gets_the_result_box_as_json_and_can_undo(stack: Stack, office: Any) -> None:
    ana = person(stack, "Ana Duarte")
    desk = office()
    answer = desk.client.http.post(DESK, headers={**desk_headers(desk), "Accept": "application/json"},
                                   body=form(desk, code=checkin_code(DEMO_EVENT_ID, ana.registration_id)))
    body = json.loads(answer.body)
    assert answer.status_code == 200 and body["outcome"] == "checked_in" and body["refused"] is False
    assert "Ana Duarte" in body["html"] and "/check-in/undo" in body["html"]
    assert body["present"] == "1 person checked in"  # the scanner's page updates its count from it
    undone = json.loads(desk.client.http.post(DESK + "/undo", headers={**desk_headers(desk),
                                                                      "Accept": "application/json"},
                                              body=form(desk, registration_id=ana.registration_id)).body)
    assert undone["outcome"] == "undone" and undone["present"] == "0 people checked in"
    assert stack.count(prefix=keys.CHECKIN_PREFIX) == 0
    assert "Too late to undo" in result_of(desk.post(DESK + "/undo", {"registration_id": ana.registration_id}))


def test_the_name_search_works_without_javascript(stack: Stack, office: Any) -> None:
    zoe = person(stack, "Zoë Müller", email="zoe@office-regs.example.eu")
    person(stack, "Jan Peeters")
    desk = office()
    page = desk.get(DESK + "?q=zoe")
    text = page.body.decode()
    assert page.status_code == 200 and "Zoë Müller" in text and "Jan Peeters" not in text
    assert f'name="registration_id" value="{zoe.registration_id}"' in text
    tapped = desk.post(DESK, {"q": "zoe", "registration_id": zoe.registration_id})
    assert "Checked in" in result_of(tapped) and "Checked in at" in tapped.body.decode()
    assert "No one found." in desk.get(DESK + "?q=nobody-like-this").body.decode()


def test_who_may_use_the_desk(stack: Stack, office: Any) -> None:
    ana = person(stack, "Ana Duarte", sessions=("connected-in-europe",))
    code = checkin_code(DEMO_EVENT_ID, ana.registration_id)
    staff = office(CHECKIN_DEMO)
    home = staff.get("/organiser/").body.decode()
    assert f'href="/organiser/events/{DEMO_EVENT_ID}/check-in"' in home
    assert "Checked in" in result_of(staff.post(DESK, {"code": code}))
    assert staff.get(f"/organiser/events/{DEMO_EVENT_ID}/registrations").status_code == 403  # nothing else
    partner = office(DEMO_PARTNER)
    assert partner.get(DESK).status_code == 403  # the event as a whole is not theirs
    assert partner.get(DESK + "?session=opening").status_code == 403
    own = partner.post(DESK, {"session": "connected-in-europe", "code": code})
    assert "Checked in" in result_of(own)
    assert office(OTHER_ORGANISER).get(DESK).status_code == 403
    assert office().get(DESK + "?session=no-such-session").status_code == 400


def test_hostile_input_is_a_4xx(stack: Stack, office: Any) -> None:
    desk = office()
    assert desk.post(DESK, {}).status_code == 400
    assert desk.post(DESK, {"code": "x"}, token="forged").status_code == 403
    assert desk.post(DESK, {"registration_id": "../../" + "A" * 5000}).status_code == 200  # unknown: refused
    for name in ("passwd", "..%2F..%2Fapp.py", "checkin.js.map"):
        assert desk.client.http.get(f"/organiser/scripts/{name}").status_code == 404, name
    assert desk.client.http.get("/organiser/scripts/checkin.js").status_code == 200
    assert desk.post(DESK + "/undo", {"registration_id": ""}).status_code == 200


def test_the_qr_decoder_comes_from_this_origin_and_the_desk_alone_may_compile_it(stack: Stack, office: Any) -> None:
    """barcode-detector's ponyfill and zxing-wasm's reader (node_modules' files, copied by make): the WebAssembly
    gzip-compressed as stored to a browser that accepts gzip, decompressed to a client that does not; only the
    desk's CSP allows WebAssembly."""
    desk = office()
    ponyfill = desk.client.http.get("/organiser/scripts/barcode-detector.js")
    assert ponyfill.status_code == 200 and ponyfill.headers["Content-Type"].startswith("text/javascript")
    assert b"prepareZXingModule" in ponyfill.body
    wasm = {"Accept": "application/wasm"}  # what the scanner asks for (API Gateway: binary answers)
    packed = desk.client.http.get("/organiser/scripts/zxing_reader.wasm", headers={**wasm, "Accept-Encoding": "gzip"})
    assert packed.status_code == 200 and packed.headers["Content-Type"] == "application/wasm"
    assert packed.headers["Content-Encoding"] == "gzip" and packed.headers["Vary"] == "Accept-Encoding"
    plain = desk.client.http.get("/organiser/scripts/zxing_reader.wasm", headers=wasm)
    assert "Content-Encoding" not in plain.headers
    assert plain.body[:4] == b"\0asm" and gzip.decompress(packed.body) == plain.body  # a WebAssembly module
    script_src = desk.get(DESK).headers["Content-Security-Policy"].split("script-src ")[1].split(";")[0].split()
    assert script_src[:2] == ["'self'", "'wasm-unsafe-eval'"] and "'unsafe-eval'" not in script_src
    front_door = desk.client.http.get("/", headers={"Accept": "text/html"}).headers["Content-Security-Policy"]
    assert "wasm-unsafe-eval" not in front_door


def test_no_name_in_the_logs(stack: Stack, office: Any, caplog: pytest.LogCaptureFixture) -> None:
    ana = person(stack, "Ana Duarte-Logcheck")
    caplog.set_level(logging.DEBUG)
    office().post(DESK, {"code": checkin_code(DEMO_EVENT_ID, ana.registration_id)})
    assert "Duarte-Logcheck" not in caplog.text


def desk_headers(desk: Office) -> dict[str, str]:
    return {**cookie_header(desk.jar), "Content-Type": "application/x-www-form-urlencoded"}


def form(desk: Office, **fields: str) -> str:
    return urlencode({"csrf_token": desk.token, **fields})


def test_statistics_count_who_came(stack: Stack, office: Any, reports_service: ModuleType) -> None:
    ana, bo = person(stack, "Ana Duarte", sessions=("opening",)), person(stack, "Bo Berg", sessions=("opening",))
    desk = office()
    for scope in ("", "opening"):
        desk.post(DESK, {"session": scope, "code": checkin_code(DEMO_EVENT_ID, ana.registration_id)})
    with Client(reports_service.app) as reports:
        figures = reports.http.get(f"/events/{DEMO_EVENT_ID}/statistics.json", headers=bearer()).json_body
        page = reports.http.get(f"/events/{DEMO_EVENT_ID}/statistics.html", headers=bearer()).body.decode()
    assert figures["attendance"]["checked_in"] == 1 and figures["attendance"]["confirmed"] == 2
    assert figures["attendance"]["no_shows"] is None  # the demo week has not begun
    opening = next(s for s in figures["sessions"] if s["session_id"] == "opening")
    assert opening["checked_in"] == 1
    assert "Attendance" in page and "No-shows" in page
    assert bo.registration_id not in page


def test_the_full_attendee_list_says_when_each_came(stack: Stack, office: Any, reports_service: ModuleType) -> None:
    ana, bo = person(stack, "Ana Duarte"), person(stack, "Bo Berg")
    office().post(DESK, {"code": checkin_code(DEMO_EVENT_ID, ana.registration_id)})
    with Client(reports_service.app) as reports:
        answer = reports.http.get(f"/events/{DEMO_EVENT_ID}/attendees.csv?preset=full", headers=bearer())
    rows = list(csv.DictReader(io.StringIO(answer.body.decode("utf-8-sig"))))
    came = {row["Reference"]: row["Checked in at (Europe/Brussels)"] for row in rows}
    assert came[bo.registration_id] == ""
    assert came[ana.registration_id].startswith(utc_now().astimezone(ZoneInfo("Europe/Brussels")).strftime("%Y-%m-%d"))


def test_a_certificate_for_those_who_came_once_the_event_is_over(stack: Stack, office: Any,
                                                                  registration_service: ModuleType,
                                                                  reports_service: ModuleType) -> None:
    ana, bo = person(stack, "Ana Duarte", sessions=("opening",)), person(stack, "Bo Berg")
    for scope in ("", "opening"):
        office().post(DESK, {"session": scope, "code": checkin_code(DEMO_EVENT_ID, ana.registration_id)})
    certificate = certificate_path(DEMO_EVENT_ID, ana.registration_id).removeprefix(REPORTS_PREFIX)
    with Client(reports_service.app) as reports:
        assert reports.http.get(certificate).status_code == 409  # the week has not happened yet
        move_to_past(stack, DEMO_EVENT_ID, 1)
        pdf = reports.http.get(certificate + "&lang=fr", headers={"Accept": "application/pdf"})
        assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
        text = " ".join(PdfReader(io.BytesIO(pdf.body)).pages[0].extract_text().split())
        assert "Attestation de participation" in text and "Ana Duarte" in text and "Séance d'ouverture" in text
        absent = certificate_path(DEMO_EVENT_ID, bo.registration_id).removeprefix(REPORTS_PREFIX)
        assert reports.http.get(absent).status_code == 404  # not checked in: no certificate
        assert reports.http.get(certificate.split("?")[0] + "?token=forged").status_code == 403
    with Client(registration_service.app) as public:
        came = public.http.get(manage_path(DEMO_EVENT_ID, ana.registration_id), headers=HTML_ACCEPT).body.decode()
        not_came = public.http.get(manage_path(DEMO_EVENT_ID, bo.registration_id), headers=HTML_ACCEPT).body.decode()
    assert 'id="certificate"' in came and "certificate.pdf" in came
    assert 'id="certificate"' not in not_came
