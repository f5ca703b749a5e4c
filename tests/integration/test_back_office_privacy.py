"""The privacy officers' pages (issue #12) in-process on moto: a privacy officer signed in to the back-office
asks for an erasure by email through a form (CSRF token, a confirmation step: it cannot be undone), follows
the request on a page that refreshes itself until the stream handler has carried it out, and finds it in the
list of the latest requests with its counts. The address shows only on the confirmation page: never on the
request's page, in the list, in a URL or in a log. Everyone else is refused."""

from __future__ import annotations

import logging
import time
from types import ModuleType
from urllib.parse import urlencode, urlsplit

import pytest
from chalice.test import Client
from integration_support import LambdaContext, Stack
from privacy_support import stream_records
from report_support import register
from test_back_office_sign_in import HTML, cookie_header, sign_in_locally

from devstack.seed import DEMO_ORGANISER, PRIVACY_OFFICER

EMAIL = "Jan.Peeters@Gent.example.be"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def token_of(page: str) -> str:
    return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def test_an_officer_asks_confirms_and_follows_an_erasure(stack: Stack, reports_service: ModuleType,
                                                         registration_service: ModuleType,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    register(stack, "Jan Peeters", EMAIL.lower(), "Stad Gent", country="BE")
    jar = cookie_header(sign_in_locally(PRIVACY_OFFICER))
    with Client(registration_service.app) as site:  # the back-office's header leads there
        home = site.http.get("/organiser/", headers={**HTML, **jar}).body.decode()
    assert 'href="/reports/privacy/erasures"' in home
    with Client(reports_service.app) as client:
        empty = client.http.get("/privacy/erasures", headers={**HTML, **jar})
        page = empty.body.decode()
        assert empty.status_code == 200 and "No erasure was asked for in the last 30 days." in page
        assert '<label for="email">' in page and 'aria-describedby="email-hint"' in page
        token = token_of(page)

        forged = client.http.post("/privacy/erasures", headers={**FORM, **jar},
                                  body=urlencode({"csrf_token": "forged", "email": EMAIL, "confirm": "yes"}))
        wrong = client.http.post("/privacy/erasures", headers={**FORM, **jar},
                                 body=urlencode({"csrf_token": token, "email": "not an address"}))
        asked = client.http.post("/privacy/erasures", headers={**FORM, **jar},
                                 body=urlencode({"csrf_token": token, "email": EMAIL}))
        assert forged.status_code == 403
        assert wrong.status_code == 400 and 'aria-invalid="true"' in wrong.body.decode()
        assert 'aria-describedby="email-hint email-error"' in wrong.body.decode()
        confirm = asked.body.decode()
        assert asked.status_code == 200 and "Confirm the erasure" in confirm and EMAIL in confirm
        assert stream_records(stack)[-1]["dynamodb"]["Keys"]["PK"]["S"] != "PRIVACY"  # nothing recorded yet

        seen = len(stream_records(stack))
        done = client.http.post("/privacy/erasures", headers={**FORM, **jar},
                                body=urlencode({"csrf_token": token_of(confirm), "email": EMAIL, "confirm": "yes"}))
        assert done.status_code == 303
        path = urlsplit(done.headers["Location"]).path
        assert path.startswith("/reports/privacy/erasures/") and "@" not in done.headers["Location"]
        pending = client.http.get(path.removeprefix("/reports"), headers={**HTML, **jar}).body.decode()
        assert '<meta http-equiv="refresh" content="2">' in pending and 'role="status"' in pending
        assert "In progress" in pending and EMAIL.lower() not in pending.lower()

        inserted = stream_records(stack)[seen:]
        assert reports_service.on_table_change({"Records": inserted}, LambdaContext()) == \
            {"batchItemFailures": []}
        finished = client.http.get(path.removeprefix("/reports"), headers={**HTML, **jar,
                                                                            "Accept-Language": "de-DE"}).body.decode()
        listed = client.http.get("/privacy/erasures", headers={**HTML, **jar}).body.decode()
    assert "http-equiv" not in finished and '<div role="status">' in finished
    assert "<dt>Anmeldungen anonymisiert</dt><dd>1</dd>" in finished  # counts, in the reader's language
    assert f'href="{path}"' in listed and "Done" in listed and "<td>You</td>" in listed
    assert EMAIL.lower() not in listed.lower() and EMAIL.lower() not in finished.lower()
    # our own logs at every level (the SDK's and moto's DEBUG wire logs show every request's parameters)
    ours = [r for r in caplog.records if not r.name.startswith(("botocore", "boto3", "urllib3", "moto"))]
    assert any(r.name.startswith("eventreg") for r in ours)  # the erasure logged what it did: counts only
    leaked = [(r.name, r.getMessage()) for r in ours if EMAIL.lower() in str(r.__dict__).lower()]
    assert leaked == []


def test_only_privacy_officers_see_the_pages(stack: Stack, reports_service: ModuleType) -> None:
    jar = cookie_header(sign_in_locally(DEMO_ORGANISER))
    with Client(reports_service.app) as client:
        listing = client.http.get("/privacy/erasures", headers={**HTML, **jar})
        as_json = client.http.get("/privacy/erasures", headers=jar)
        anonymous = client.http.get("/privacy/erasures", headers=HTML)
    assert listing.status_code == as_json.status_code == 403
    assert anonymous.status_code == 303 and anonymous.headers["Location"].startswith("/organiser/sign-in?next=")


def test_the_json_list_never_holds_the_address(stack: Stack, reports_service: ModuleType) -> None:
    jar = cookie_header(sign_in_locally(PRIVACY_OFFICER))
    from eventreg.domain.models import utc_now
    from eventreg.entrypoints.bootstrap.reports import erasure_requests

    first = erasure_requests().create("a@example.eu", PRIVACY_OFFICER, utc_now())
    time.sleep(0.002)  # ids are ordered by their millisecond
    second = erasure_requests().create("b@example.eu", "another-officer", utc_now())
    with Client(reports_service.app) as client:
        answer = client.http.get("/privacy/erasures", headers=jar)
    assert answer.status_code == 200
    assert [e["id"] for e in answer.json_body["erasures"]] == [second["request_id"], first["request_id"]]
    assert "@" not in answer.body.decode()
