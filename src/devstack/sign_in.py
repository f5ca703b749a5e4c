"""/_local/sign-in: the local stack's stand-in for Cognito's managed login. It lists the demo identities and
signs in as one by starting the very session the AWS code exchange starts (eventreg's own Sessions: an item in the
local table, its id in a cookie signed with the stack's link key), so the back-office runs locally exactly as it
does on AWS."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from chalice import Chalice, Response

from devstack.seed import CHECKIN_DEMO, DEMO_ORGANISER, DEMO_PARTNER, OTHER_ORGANISER, PRIVACY_OFFICER
from eventreg.auth import CHECKIN_STAFF, PRIVACY_OFFICERS, secure_cookies, session_store
from eventreg.entrypoints.http import sessions
from eventreg.http import FORM, current_request, html, read_body


@dataclass(frozen=True)
class Identity:
    organiser_id: str
    name: str
    email: str
    groups: tuple[str, ...]
    role: str  # what the list says they can do


IDENTITIES = (
    Identity(DEMO_ORGANISER, "Anna Lindqvist", "anna.lindqvist@cor.example.eu", ("organisers",),
             "Organiser of the European Week of Regions and Cities (the seeded event)"),
    Identity(DEMO_PARTNER, "Pieter Janssens", "pieter.janssens@vvsg.example.be", ("organisers",),
             "Partner: runs the #connectedinEurope workshop of that week, and sees only it"),
    Identity(OTHER_ORGANISER, "Marta Nowak", "marta.nowak@agri.example.eu", ("organisers",),
             "Organiser of another event (the smart villages workshop), not of the week"),
    Identity(PRIVACY_OFFICER, "Jean Dupont", "dpo@example.eu", (PRIVACY_OFFICERS,),
             "Privacy officer: may ask for the erasure of a person's data"),
    Identity(CHECKIN_DEMO, "Sofia Costa", "sofia.costa@cor.example.eu", (CHECKIN_STAFF,),
             "Check-in staff at the week's door: may only check people in (camera or name search)"),
)


def add_sign_in(app: Chalice) -> None:
    @app.route("/sign-in", methods=["GET"])
    def choose() -> Response:
        request = current_request(app)
        query: Any = request.query_params or {}
        next_path = sessions.safe_next(str(query.get("next") or "/organiser/"))
        from devstack.outbox import pages  # the core's environment with devstack's templates in front

        return html(pages().get_template("local_sign_in.html").render(
            lang="en", base="", signed_in=None, csrf_token="", identities=IDENTITIES, next_path=next_path))

    @app.route("/sign-in", methods=["POST"], content_types=[FORM])
    def sign_in() -> Response:
        request = current_request(app)
        form = read_body(request)
        chosen = [i for i in IDENTITIES if i.organiser_id == form.get("identity")]
        if not chosen:
            return Response(body="", status_code=303, headers={"Location": "/_local/sign-in"})
        who = chosen[0]
        store = session_store()
        session = store.start(who.organiser_id, who.email, who.name, who.groups)
        cookie = sessions.set_cookie(sessions.SESSION, store.cookie(session), secure=secure_cookies(request),
                                     max_age=sessions.MAX_SECONDS)
        next_path = sessions.safe_next(str(form.get("next") or "/organiser/"))
        return Response(body="", status_code=303, headers={"Location": quote(next_path, safe="/?=&%-._~"),
                                                            "Set-Cookie": [cookie], "Cache-Control": "no-store"})
