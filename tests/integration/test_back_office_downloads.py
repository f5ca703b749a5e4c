"""The back-office's downloads page (issue #12) in-process on moto: an organiser is offered every file of the
event (the presets, a session's list, the final list once frozen, the agenda, each delegation's trip report,
the statistics), a partner only its own sessions' lists, a stranger nothing; and a list too long to answer
directly leads a browser to a progress page that turns into the download link."""

from __future__ import annotations

import json
import re
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest
from chalice.test import Client
from integration_support import Stack
from report_support import bucket_fixture, register
from test_attendee_exports import dispatcher
from test_back_office_sign_in import HTML, cookie_header, sign_in_locally

from devstack.seed import DEMO_EVENT_ID, DEMO_ORGANISER, DEMO_PARTNER, OTHER_ORGANISER, other_event
from eventreg.adapters import clients
from eventreg.report.attendees.final_list import FINAL_SK

__all__ = ["bucket_fixture"]  # a fixture used by this module's tests

PAGE = f"/organiser/events/{DEMO_EVENT_ID}/downloads"
REPORTS = f"/reports/events/{DEMO_EVENT_ID}"


def downloads(service: ModuleType, who: str, lang: str = "en") -> Any:
    with Client(service.app) as client:
        return client.http.get(f"{PAGE}?lang={lang}", headers={**HTML, **cookie_header(sign_in_locally(who))})


def hrefs(body: bytes) -> set[str]:
    return {h.replace("&amp;", "&") for h in re.findall(r'(?:href|formaction)="([^"]+)"', body.decode())}


def delegation(site: Client) -> None:
    def person(name: str, email: str) -> dict[str, Any]:
        return {"name": name, "email": email, "organisation": "Gemeente Den Haag", "organisation_type": "city",
                "country": "NL", "privacy_consent": True, "answers": {"interest": "Networking"}}

    body = {"lead": person("Anne de Vries", "anne@denhaag.example.nl"),
            "members": [{"name": "Bram Jansen", "email": "bram@denhaag.example.nl"}]}
    answer = site.http.post(f"/events/{DEMO_EVENT_ID}/delegations", headers={"Content-Type": "application/json"},
                            body=json.dumps(body))
    assert answer.status_code == 201, answer.body


def test_the_organiser_is_offered_every_file_of_the_event(stack: Stack, registration_service: ModuleType) -> None:
    with Client(registration_service.app) as site:
        delegation(site)
    page = downloads(registration_service, DEMO_ORGANISER)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    body, links = page.body.decode(), hrefs(page.body)
    assert {f"{REPORTS}/attendees.csv", f"{REPORTS}/attendees.xlsx", f"{REPORTS}/attendees.csv?preset=badges",
            f"{REPORTS}/attendees.xlsx?preset=catering", f"{REPORTS}/agenda.pdf?lang=en", f"{REPORTS}/agenda.ics",
            f"{REPORTS}/statistics.html?lang=en"} <= links
    # badges (#15): A6 or two per A4, for the event or, through a form, for one session
    assert {f"{REPORTS}/badges.pdf?sheet=a6", f"{REPORTS}/badges.pdf?sheet=a4-2"} <= links
    assert f'action="{REPORTS}/badges.pdf"' in body and 'name="sheet" value="a4-2"' in body
    # a session's list: one form, CSV or XLSX, every session of the event
    assert '<option value="opening">' in body and '<option value="connected-in-europe">' in body
    # registration is open: no final list yet, and the page says when there will be one
    assert "it is frozen when registration closes" in body and f"{REPORTS}/final-list.csv" not in links
    trip = next(link for link in links if link.endswith("/trip-report?lang=en"))
    assert "Delegation led by Anne de Vries" in body and trip.replace("?lang=en", ".docx?lang=en") in links
    assert 'aria-current="page"' in body and "Downloads" in body  # the event's navigation, at this section


def test_the_final_list_is_offered_once_frozen(stack: Stack, registration_service: ModuleType) -> None:
    stack.client.put_item(TableName=stack.table, Item={
        "PK": {"S": f"EVENT#{DEMO_EVENT_ID}"}, "SK": {"S": FINAL_SK}, "status": {"S": "done"},
        "rows_done": {"N": "1234"}, "written_at": {"S": "2026-05-20T22:00:01Z"}})
    page = downloads(registration_service, DEMO_ORGANISER, lang="nl")
    assert {f"{REPORTS}/final-list.csv", f"{REPORTS}/final-list.xlsx"} <= hrefs(page.body)
    assert "1234" in page.body.decode() and "21 mei 2026" in page.body.decode()  # Brussels time, in Dutch


def test_a_partner_is_offered_its_own_sessions_only(stack: Stack, registration_service: ModuleType) -> None:
    page = downloads(registration_service, DEMO_PARTNER)
    body, links = page.body.decode(), hrefs(page.body)
    assert page.status_code == 200
    assert '<option value="connected-in-europe">' in body and '<option value="opening">' not in body
    assert f"{REPORTS}/attendees.csv?preset=badges" in links  # the reports service scopes them to its sessions
    assert f"{REPORTS}/badges.pdf?sheet=a6" in links
    assert "final-list" not in body and "trip-report" not in body  # for the event's full organisers only
    assert "your sessions only" in body


def test_a_stranger_gets_nothing(stack: Stack, registration_service: ModuleType) -> None:
    stack.repo.put_event(*other_event())
    page = downloads(registration_service, OTHER_ORGANISER)
    assert page.status_code == 403 and "attendees.csv" not in page.body.decode()
    with Client(registration_service.app) as client:
        anonymous = client.http.get(PAGE, headers=HTML)
    assert anonymous.status_code == 303 and anonymous.headers["Location"].startswith("/organiser/sign-in?next=")


def test_a_large_list_leads_a_browser_to_a_progress_page_that_turns_into_the_link(
    stack: Stack, registration_service: ModuleType, reports_service: ModuleType, bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EVENTREG_EXPORT_DIRECT_ROWS", "1")  # the knob that makes 2 registrations "large"
    register(stack, "Jan Peeters", "jan@gent.example.be", "Stad Gent", country="BE")
    register(stack, "Mikko Virtanen", "mikko@example.fi")
    jar = sign_in_locally(DEMO_ORGANISER)
    with Client(reports_service.app) as client:
        asked = client.http.get(f"/events/{DEMO_EVENT_ID}/attendees.xlsx?preset=badges",
                                headers={**HTML, **cookie_header(jar)})
        assert asked.status_code == 303
        progress = urlsplit(asked.headers["Location"]).path
        assert progress.startswith(f"{REPORTS}/exports/")
        waiting = client.http.get(progress.removeprefix("/reports"), headers={**HTML, **cookie_header(jar)})
        body = waiting.body.decode()
        assert waiting.status_code == 200 and '<meta http-equiv="refresh" content="3">' in body
        assert '<p role="status" id="export-progress">Waiting to start' in body
        assert f'<a href="{progress}">Check again now</a>' in body  # without JavaScript: a link to itself
        assert "Badge list" in body and "(XLSX)" in body and "Signed in as Anna Lindqvist" in body

        feed = dispatcher(stack, reports_service)  # the reports' stream handler runs the job
        feed.poll_once()
        assert feed.failures == 0
        ready = client.http.get(progress.removeprefix("/reports"), headers={**HTML, **cookie_header(jar),
                                                                             "Accept-Language": "fr-BE"})
    body = ready.body.decode()
    assert "http-equiv" not in body and '<div role="status">' in body
    link = re.search(r'<a href="([^"]+)">Télécharger ewrc-demo-badges.xlsx</a>', body)
    assert link is not None, body
    key = urlsplit(link.group(1).replace("&amp;", "&")).path.split(f"/{bucket}/", 1)[-1].lstrip("/")
    data = clients.s3().get_object(Bucket=bucket, Key=key.removeprefix(f"{bucket}/"))["Body"].read()
    assert data.startswith(b"PK")  # the workbook itself


def test_a_failed_export_says_so_and_leads_back(stack: Stack, reports_service: ModuleType, bucket: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from eventreg.entrypoints.bootstrap.reports import reports

    monkeypatch.setenv("EVENTREG_EXPORT_DIRECT_ROWS", "0")
    register(stack, "Jan Peeters", "jan@gent.example.be", "Stad Gent", country="BE")
    jar = sign_in_locally(DEMO_ORGANISER)
    with Client(reports_service.app) as client:
        asked = client.http.get(f"/events/{DEMO_EVENT_ID}/attendees.csv", headers={**HTML, **cookie_header(jar)})
        progress = urlsplit(asked.headers["Location"]).path.removeprefix("/reports")
        # as export_jobs.run_job records a failure that a retry will not mend
        reports().exports.update(DEMO_EVENT_ID, "EXPORT#" + progress.rsplit("/", 1)[1],
                                 {"status": "failed", "error": "forbidden", "message": "No longer yours."})
        failed = client.http.get(progress, headers={**HTML, **cookie_header(jar)})
    body = failed.body.decode()
    assert failed.status_code == 200 and '<div role="alert">' in body and "could not be written" in body
    assert f'href="/organiser/events/{DEMO_EVENT_ID}/downloads"' in body and "http-equiv" not in body
