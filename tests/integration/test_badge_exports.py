"""Badge PDFs (#15) through the reports service on moto: an export job per event, session or selection, scoped as
the attendee lists are, written to S3 by the reports' stream handler; the PDF's text (names, organisations,
countries in the event's language, roles) read back with pypdf, and each badge's QR code read back from the page's
drawing operators and compared with the symbol segno makes of that registration's check-in code."""

from __future__ import annotations

import io
import re
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest
from chalice.test import Client
from integration_support import DEMO_EVENT, Stack
from pypdf import PdfReader
from report_support import EVENT, PARTNER_SESSION, bucket_fixture, get, people_fixture
from test_attendee_exports import dispatcher, job_item

from devstack.seed import DEMO_PARTNER
from eventreg.adapters import clients
from eventreg.links import checkin_code
from eventreg.qr_codes import QUIET_ZONE, symbol

__all__ = ["bucket_fixture", "people_fixture"]  # fixtures used by this module's tests


def made(stack: Stack, reports_service: ModuleType, bucket: str, path: str,
         organiser: str | None = None) -> tuple[dict[str, Any], PdfReader]:
    """Asks for badges, runs the job as the stream would, returns its view and the PDF."""
    response = get(reports_service, path, organiser)
    assert response.status_code == 202, response.body
    job = response.json_body["export"]
    assert (job["status"], job["format"], job["preset"]) == ("queued", "pdf", "badges")
    feed = dispatcher(stack, reports_service)
    feed.poll_once()
    assert feed.failures == 0
    view = get(reports_service, f"{EVENT}/exports/{job['export_id']}", organiser).json_body["export"]
    assert view["status"] == "done"
    key = job_item(stack, job["export_id"])["key"]
    assert key.endswith("-badges.pdf") and f"/{DEMO_EVENT}-" in key
    body = clients.s3().get_object(Bucket=bucket, Key=key)["Body"].read()
    return view, PdfReader(io.BytesIO(body))


def badge_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def drawn_qr(page: Any) -> list[list[bool]]:
    """The QR symbol drawn on a page, rebuilt from its rectangles (`x y w h re` in module units after `cm`)."""
    content = page.get_contents().get_data().decode("latin-1")
    block = re.search(r"q 1 0 0 1 \S+ \S+ cm\n0 g\n(.*?)\nf\nQ", content, re.S)
    assert block is not None
    runs = [tuple(float(v) for v in line.split()[:4]) for line in block.group(1).splitlines()]
    unit = runs[0][3]
    cells = {(round(-y / unit) - 1 - QUIET_ZONE, round(x / unit) - QUIET_ZONE + i)
             for x, y, w, _ in runs for i in range(round(w / unit))}
    size = max(column for _, column in cells) + 1
    return [[(row, column) in cells for column in range(size)] for row in range(size)]


def test_the_event_badges_hold_names_organisations_countries_roles_and_qr_codes(
    stack: Stack, reports_service: ModuleType, people: dict[str, str], bucket: str,
) -> None:
    assert stack.repo.set_role(DEMO_EVENT, people["ela"], "speaker")  # as the back-office's form does
    view, reader = made(stack, reports_service, bucket, f"{EVENT}/badges.pdf")
    assert (view["rows_done"], view["sheet"], view["percent"]) == (3, "a6", 100)
    pages = badge_texts(reader)
    # A6, one badge a page; each badge's back repeats its front (duplex): 3 badges, 6 pages, in pairs.
    assert len(pages) == 6 and all(pages[i] == pages[i + 1] for i in range(0, 6, 2))
    fronts = sorted(pages[::2])
    assert ["Anna Smet" in t for t in fronts] == [True, False, False]
    expected = {"Anna Smet": ("Green NGO", "Belgium", "PARTICIPANT"),
                "Elżbieta Bieńkowska": ("European Commission", "Finland", "SPEAKER"),
                "Jan Peeters": ("Stad Gent", "Belgium", "PARTICIPANT")}
    for name, (organisation, country, role) in expected.items():
        text = next(t for t in pages if name in t)
        assert organisation in text and country in text and role in text
    assert "Mikko Virtanen" not in "".join(pages) and "Piet Gone" not in "".join(pages)  # online, cancelled
    # Each badge's QR code is the symbol of that person's check-in code, on its front and on its back.
    for index, page in enumerate(reader.pages):
        person = next(key for key, name in (("ela", "Elżbieta"), ("jan", "Jan Peeters"), ("ngo", "Anna Smet"))
                      if name in pages[index])
        expected_symbol = [[bool(m) for m in row] for row in symbol(checkin_code(DEMO_EVENT, people[person])).matrix]
        assert drawn_qr(page) == expected_symbol
    assert reader.metadata is not None and reader.metadata.title.startswith("Badges: ")


def test_two_a4_badges_a_sheet_and_a_selection(
    stack: Stack, reports_service: ModuleType, people: dict[str, str], bucket: str,
) -> None:
    view, reader = made(stack, reports_service, bucket, f"{EVENT}/badges.pdf?sheet=a4-2&country=BE")
    assert view["sheet"] == "a4-2" and view["filters"]["country"] == ["BE"]
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [595, 842]  # A4 in points
    pages = badge_texts(reader)
    assert len(pages) == 2  # one sheet: its front, then its back
    for text in pages:
        assert "Anna Smet" in text and "Jan Peeters" in text and "Elżbieta" not in text


def test_a_partner_gets_the_badges_of_its_sessions_only(
    stack: Stack, reports_service: ModuleType, people: dict[str, str], bucket: str,
) -> None:
    _, reader = made(stack, reports_service, bucket, f"{EVENT}/sessions/{PARTNER_SESSION}/badges.pdf", DEMO_PARTNER)
    text = "".join(badge_texts(reader))
    assert "Jan Peeters" in text and "Elżbieta Bieńkowska" in text and "Anna Smet" not in text
    refused = get(reports_service, f"{EVENT}/sessions/opening/badges.pdf", DEMO_PARTNER)
    assert refused.status_code == 403 and refused.json_body["error"]["code"] == "forbidden"


@pytest.mark.parametrize("query", ["sheet=a3", "preset=catering", "country=XX", "colour=red"])
def test_bad_badge_requests_are_a_clear_400(reports_service: ModuleType, people: dict[str, str], query: str) -> None:
    response = get(reports_service, f"{EVENT}/badges.pdf?{query}")
    assert response.status_code == 400 and response.json_body["error"]["code"] == "validation_error"


def test_badges_need_a_signed_in_organiser(reports_service: ModuleType, people: dict[str, str]) -> None:
    with Client(reports_service.app) as client:
        assert client.http.get(f"{EVENT}/badges.pdf").status_code == 401
    assert get(reports_service, f"{EVENT}/badges.pdf", "org-someone-else").status_code == 403


def test_a_browser_is_led_to_the_progress_page_then_to_the_pdf(
    stack: Stack, reports_service: ModuleType, people: dict[str, str], bucket: str,
) -> None:
    asked = get(reports_service, f"{EVENT}/badges.pdf?sheet=a4-2", Accept="text/html")
    assert asked.status_code == 303
    progress = urlsplit(asked.headers["Location"]).path.removeprefix("/reports")
    waiting = get(reports_service, progress, Accept="text/html").body.decode()
    assert '<meta http-equiv="refresh" content="3">' in waiting and "Badge list" in waiting
    dispatcher(stack, reports_service).poll_once()
    ready = get(reports_service, progress, Accept="text/html").body.decode()
    assert "Download ewrc-demo-badges.pdf" in ready and "http-equiv" not in ready
