"""An export job's page for a browser: the back-office's look, in the reader's language, working without
JavaScript. While the job is queued or running it refreshes itself (<meta http-equiv=refresh>) and offers a
"check again" link; it says how many rows are written (the job records its progress after every page it
reads); when done it offers the file, when failed it says so and leads back to the downloads page."""

from __future__ import annotations

from typing import Any

from chalice import Response

from eventreg.auth import office_language, session_store, signed_in
from eventreg.domain.models import Event, Session
from eventreg.http import HTML_TYPE, Request, app_path, base_path
from eventreg.locale.catalog import words
from eventreg.report.attendees.presets import PRESETS
from eventreg.templates import environment
from eventreg.urls import REPORTS_PREFIX

REFRESH_SECONDS = 3  # how often a waiting page reloads itself: the job records progress per page read


def progress_page(view: dict[str, Any], event: Event, sessions: list[Session], request: Request,
                  headers: dict[str, str]) -> Response:
    lang = office_language(request)
    _ = words(lang)
    session = signed_in(request)
    preset = PRESETS.get(str(view.get("preset")))
    session_title = next((s.title_in(lang) for s in sessions if s.session_id == view.get("session")), "")
    page = environment().get_template("office/export.html").render(
        lang=lang, base=base_path(request), event=event, title=event.title_in(lang), export=view,
        list_name=_(preset.title) if preset else str(view.get("preset")), session_title=session_title,
        refresh=REFRESH_SECONDS, this_page=REPORTS_PREFIX + app_path(request),
        signed_in=session, csrf_token=session_store().csrf_token(session) if session else "")
    return Response(body=page, status_code=200, headers={**headers, "Content-Type": HTML_TYPE})
