"""The agenda from the attendee's side (#14): the register page offers it in its three forms in the reader's
language, the HTML agenda leads back to registration while it is open, and the PDF is as accessible as fpdf2
makes it (language, title, an outline entry per day) and names its accessible HTML version."""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

from chalice.test import Client
from integration_support import DEMO_EVENT, Stack
from pypdf import PdfReader

from eventreg.adapters.origin import public_url
from eventreg.urls import REPORTS_PREFIX

AGENDA = f"/events/{DEMO_EVENT}/agenda"
REGISTER = f"/events/{DEMO_EVENT}/register"


def get(app: ModuleType, path: str) -> Any:
    # chalice's local server answers binary bodies only to an Accept naming their type (API Gateway does not ask)
    accept = {"Accept": "application/pdf"} if ".pdf" in path else {}
    with Client(app.app) as client:
        return client.http.get(path, headers=accept)


def hrefs(page: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', page)]


def test_the_register_page_offers_the_agenda_in_three_forms_in_its_language(
        stack: Stack, registration_service: ModuleType, reports_service: ModuleType) -> None:
    page = get(registration_service, f"{REGISTER}?lang=fr").body.decode()
    wanted = [f"{REPORTS_PREFIX}{AGENDA}.{fmt}?lang=fr" for fmt in ("html", "pdf", "ics")]
    assert [href for href in hrefs(page) if "/agenda." in href] == wanted
    text = html.unescape(page)
    assert "Lire le programme complet" in text and "Imprimer le programme (PDF)" in text
    assert "Ajouter le programme à votre agenda (.ics)" in text
    # Beside the programme the page shows, before the form.
    assert text.index("Lire le programme complet") < text.index('id="register"')
    for href in wanted:  # the paths resolve on the one origin: the reports service under /reports
        answer = get(reports_service, href.removeprefix(REPORTS_PREFIX))
        assert answer.status_code == 200, href


def test_the_html_agenda_leads_back_to_registration_while_it_is_open(
        stack: Stack, reports_service: ModuleType) -> None:
    response = get(reports_service, f"{AGENDA}.html?lang=fr")
    links = hrefs(response.body.decode())
    assert f"{REGISTER}?lang=fr" in links
    assert "agenda.pdf?lang=fr" in links and "agenda.ics?lang=fr" in links
    assert "S'inscrire à cet événement" in html.unescape(response.body.decode())

    stack.update_event(registration_opens_at=datetime(2020, 1, 1, tzinfo=UTC),
                       registration_closes_at=datetime(2020, 1, 15, 22, 59, 59, tzinfo=UTC))
    closed = get(reports_service, f"{AGENDA}.html?lang=fr")
    page = html.unescape(closed.body.decode())
    assert f"{REGISTER}?lang=fr" not in hrefs(closed.body.decode())
    assert "Les inscriptions ont été closes le 15 janvier 2020, 23:59 CET." in page
    assert closed.headers["ETag"] != response.headers["ETag"]  # a cached page must not keep the link


def test_the_pdf_has_language_title_days_and_its_accessible_version(
        stack: Stack, reports_service: ModuleType) -> None:
    body = get(reports_service, f"{AGENDA}.pdf?lang=fr").body
    reader = PdfReader(io.BytesIO(body))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "fr"
    page = html.unescape(get(reports_service, f"{AGENDA}.html?lang=fr").body.decode())  # what the PDF must match
    (title,) = re.findall(r"<h1>([^<]+)</h1>", page)
    assert reader.metadata is not None and reader.metadata.title == f"Programme : {title}"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True  # viewers show it, not the file name
    days = re.findall(r'<h2 id="day-[^"]+">([^<]+)</h2>', page)
    assert len(days) > 1 and [item.title for item in reader.outline] == days

    page_url = public_url() + f"{REPORTS_PREFIX}{AGENDA}.html?lang=fr"
    first = reader.pages[0]
    assert "Une version accessible de ce programme :" in first.extract_text()
    uris = [annotation.get_object()["/A"]["/URI"] for annotation in first.get("/Annots", [])]
    assert page_url in uris
    # fpdf2 tags images and section titles only: a partly tagged file would hide its untagged text from
    # screen readers that trust the tags, so none is written (the HTML version above is the tagged one).
    assert "/StructTreeRoot" not in catalog and "/MarkInfo" not in catalog
