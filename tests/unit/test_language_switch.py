"""The language switch (web/_lang_switch.html), one for every page kind: a <details> disclosure (no JavaScript)
naming the page's language, listing the 24 languages each in its own name with lang/hreflang, the current one
marked aria-current; the back-office remembers a language chosen with it (a cookie), since its links do not
carry ?lang=."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import lxml.html
import pytest
from agenda_helpers import autumn_event, autumn_sessions
from chalice.app import MultiDict
from unit_helpers import build_event

from eventreg.auth import language_cookie, office_language
from eventreg.domain.types import LANGUAGES, utc_now
from eventreg.entrypoints.http.office.chrome import same_page_in
from eventreg.entrypoints.http.pages import render_form
from eventreg.locale.languages import LANGUAGE_NAMES
from eventreg.programme import Programme
from eventreg.report.agenda.content import build
from eventreg.report.agenda.links import agenda_links
from eventreg.report.agenda.views import FORMATS


def switch_of(page: str) -> lxml.html.HtmlElement:
    switches = lxml.html.fromstring(page).xpath("//nav[@class='lang-switch']")
    assert len(switches) == 1
    return switches[0]


def check_switch(page: str, language: str) -> list[str]:
    """The switch's promises; returns its links' targets."""
    switch = switch_of(page)
    details = switch.find("details")
    assert details is not None and details.get("open") is None  # folded: one line on a phone
    summary = details.find("summary")
    assert summary is not None
    assert summary.xpath("./span[@lang]")[0].get("lang") == language
    assert summary.xpath("./span")[0].text_content() == LANGUAGE_NAMES[language]
    links = details.xpath(".//li/a")
    assert [(a.get("lang"), a.get("hreflang"), a.text_content()) for a in links] == [
        (code, code, LANGUAGE_NAMES[code]) for code in LANGUAGES]
    assert [a.get("lang") for a in links if a.get("aria-current") == "true"] == [language]
    return [str(a.get("href")) for a in links]


@pytest.mark.parametrize("language", ["pl", "el", "en"])
def test_the_register_page_offers_every_language_folded(language: str) -> None:
    page = render_form(Programme(build_event(), []), language)
    hrefs = check_switch(page, language)
    assert hrefs[LANGUAGES.index("mt")] == "/events/eu-workshop/register?lang=mt"


def test_the_agenda_page_has_the_same_switch() -> None:
    event = autumn_event()
    agenda = build(event, autumn_sessions(), "bg")
    page = FORMATS["html"].render(event, agenda, agenda_links(event, "bg", "https://events.example.eu", utc_now()))
    assert isinstance(page, str)
    assert check_switch(page, "bg")[LANGUAGES.index("ga")] == "?lang=ga"


def request(query: dict[str, str] | None = None, cookie: str = "", accept: str = "", method: str = "GET",
            path: str = "/organiser/events/{event_id}/registrations") -> Any:
    headers = {"cookie": cookie, "accept-language": accept, "host": "127.0.0.1:8000"}
    params = MultiDict({key: [value] for key, value in query.items()}) if query else None
    return SimpleNamespace(query_params=params, headers=headers, method=method, path=path,
                           uri_params={"event_id": "ewrc"}, context={})


def test_the_back_office_remembers_a_language_chosen_with_the_switch() -> None:
    chosen = request({"lang": "sk"}, accept="de")
    assert office_language(chosen) == "sk"
    cookie = language_cookie(chosen)
    assert cookie is not None and cookie.startswith("eventreg-lang=sk;")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    later = request(cookie="eventreg-lang=sk", accept="de")  # a link without ?lang=
    assert office_language(later) == "sk" and language_cookie(later) is None
    assert office_language(request(accept="de")) == "de"  # nothing chosen: the browser's
    assert office_language(request(cookie="eventreg-lang=xx")) == "en"  # a forged cookie: ignored
    assert language_cookie(request({"lang": "xx"})) is None


def test_the_back_office_switch_keeps_the_page_and_its_filters() -> None:
    href = same_page_in(request({"status": "confirmed", "lang": "fr"}))
    assert href("lv") == "/organiser/events/ewrc/registrations?status=confirmed&lang=lv"
    assert same_page_in(request(method="POST"))("lv") == "/organiser/?lang=lv"  # a form's answer: home


def test_every_page_template_calls_the_switch_s_macro() -> None:
    """web/_lang_switch.html defines a macro: included as a page, it would show nothing."""
    templates = Path(__file__).resolve().parents[2] / "src" / "eventreg" / "templates"
    users = [p for p in templates.rglob("*.html") if "_lang_switch.html" in p.read_text(encoding="utf-8")]
    assert len(users) >= 6
    for template in users:
        source = template.read_text(encoding="utf-8")
        assert 'include "web/_lang_switch.html"' not in source, template.name
