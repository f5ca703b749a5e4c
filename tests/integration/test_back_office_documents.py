"""An event's documents in the back-office (issue #12): step 1 lists the document on the event, step 2 is a
form the browser posts straight to S3 (a presigned POST, here to moto's S3 through `requests`), S3 sends the
browser back to /uploaded, which looks at what arrived. Refused and missing files, removal, partners, CSRF."""

from __future__ import annotations

import re
from html import unescape
from types import ModuleType
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
import requests
from back_office_support import FORM_TYPE, HTML, cookie_header, csrf_of, sign_in_locally
from chalice.test import Client
from integration_support import Stack

from devstack.seed import DEMO_EVENT_ID, DEMO_ORGANISER, DEMO_PARTNER
from eventreg.adapters import clients
from eventreg.config import settings
from eventreg.domain import organising

DOCUMENTS = f"/organiser/events/{DEMO_EVENT_ID}/documents"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def bucket(stack: Stack) -> str:
    name = settings().bucket
    clients.s3().create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": settings().region})
    return name


def _form_of(page: str) -> tuple[str, dict[str, str]]:
    """The upload form's action and hidden fields, as a browser would send them."""
    form = page.split('enctype="multipart/form-data"', 1)[0].rsplit("<form", 1)[1]
    action = unescape(form.split('action="', 1)[1].split('"', 1)[0])
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">',
                             page.split('enctype="multipart/form-data"', 1)[1].split("</form>", 1)[0]))
    return action, {name: unescape(value) for name, value in fields.items()}


def _step_one(client: Client, jar: dict[str, str], title: str, content_type: str = "application/pdf") -> Any:
    form = client.http.get(f"{DOCUMENTS}/new", headers={**HTML, **cookie_header(jar)})
    assert form.status_code == 200
    body = urlencode({"csrf_token": csrf_of(form.body.decode()), "title-en": title, "title-fr": f"{title} (fr)",
                      "content_type": content_type})
    return client.http.post(f"{DOCUMENTS}/new", headers={**HTML, **FORM_TYPE, **cookie_header(jar)}, body=body)


def _upload(client: Client, jar: dict[str, str], upload_path: str, content: bytes) -> Any:
    """Step 2 as a browser does it: the page's form to S3, then S3's redirect back to the back-office."""
    page = client.http.get(upload_path, headers={**HTML, **cookie_header(jar)})
    assert page.status_code == 200
    action, fields = _form_of(page.body.decode())
    stored = requests.post(action, data=fields, files={"file": ("agenda.pdf", content, "application/pdf")},
                           allow_redirects=False, timeout=10)
    assert stored.status_code == 303, stored.text
    back = urlsplit(stored.headers["Location"])
    assert back.path == upload_path.removesuffix("/upload") + "/uploaded"
    return client.http.get(f"{back.path}?{back.query}", headers={**HTML, **cookie_header(jar)})


def test_a_document_is_added_in_two_steps_and_its_file_goes_straight_to_s3(
        bucket: str, registration_service: ModuleType) -> None:
    jar = sign_in_locally(DEMO_ORGANISER)
    with Client(registration_service.app) as client:
        created = _step_one(client, jar, "Draft agenda")
        assert created.status_code == 303
        upload_path = created.headers["Location"]
        assert upload_path == f"{DOCUMENTS}/draft-agenda/upload"
        page = client.http.get(upload_path, headers={**HTML, **cookie_header(jar)})
        action, fields = _form_of(page.body.decode())
        # Only this page may post to storage, and only to its origin.
        csp = page.headers["Content-Security-Policy"]
        target = urlsplit(action)
        assert f"form-action 'self' {target.scheme}://{target.netloc};" in csp
        assert 'accept="application/pdf,.pdf"' in page.body.decode() and "20 MB" in page.body.decode()
        assert fields["Content-Type"] == "application/pdf" and fields["key"].startswith(
            f"documents/{DEMO_EVENT_ID}/draft-agenda/")
        listed = client.http.get(DOCUMENTS, headers={**HTML, **cookie_header(jar)})
        assert "Waiting for the file" in listed.body.decode()  # listed, no file yet

        confirmed = _upload(client, jar, upload_path, PDF)
        assert confirmed.status_code == 303 and confirmed.headers["Location"] == f"{DOCUMENTS}?done=uploaded"
        shown = client.http.get(f"{DOCUMENTS}?done=uploaded", headers={**HTML, **cookie_header(jar)}).body.decode()
        public = client.http.get(f"/events/{DEMO_EVENT_ID}/documents/draft-agenda")
        other_page = client.http.get(f"{DOCUMENTS}/new", headers={**HTML, **cookie_header(jar)})
    assert 'role="status">The file arrived' in shown and "Waiting for the file" not in shown
    assert clients.s3().get_object(Bucket=bucket, Key=fields["key"])["Body"].read() == PDF
    assert public.status_code == 302 and fields["key"].replace("/", "%2F") not in public.headers["Location"]
    assert "Content-Security-Policy" in other_page.headers and \
        "form-action 'self';" in other_page.headers["Content-Security-Policy"]


def test_a_file_over_the_limit_is_refused_and_a_missing_one_said(
        bucket: str, registration_service: ModuleType, stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    """On AWS, S3 refuses a file over the signed content-length-range itself (moto does not check it): the
    return page checks the size again, and a file that should not be there is never served: the document
    gets a fresh key and waits for another file."""
    monkeypatch.setattr(organising, "MAX_DOCUMENT_BYTES", 50)
    jar = sign_in_locally(DEMO_ORGANISER)
    with Client(registration_service.app) as client:
        upload_path = _step_one(client, jar, "Speakers' slides").headers["Location"]
        missing = client.http.get(upload_path.removesuffix("/upload") + "/uploaded",
                                  headers={**HTML, **cookie_header(jar)})
        refused = _upload(client, jar, upload_path, PDF)  # 84 bytes, over the 50 allowed
        shown = client.http.get(f"{DOCUMENTS}?done=refused", headers={**HTML, **cookie_header(jar)}).body.decode()
        public = client.http.get(f"/events/{DEMO_EVENT_ID}/documents/speakers-slides")
    assert missing.headers["Location"] == f"{DOCUMENTS}?done=missing"
    assert refused.headers["Location"] == f"{DOCUMENTS}?done=refused"
    [stored] = [entry["Key"] for entry in clients.s3().list_objects_v2(Bucket=bucket)["Contents"]]
    [document] = stack.repo.get_event(DEMO_EVENT_ID).documents
    assert document.key != stored and document.key.startswith(f"documents/{DEMO_EVENT_ID}/speakers-slides/")
    assert stored not in public.headers["Location"]  # a link, if any, never to the refused file
    assert "The file was refused" in shown and "Waiting for the file" in shown and "/speakers-slides/upload" in shown


def test_step_one_says_what_is_wrong_at_the_field(bucket: str, registration_service: ModuleType) -> None:
    jar = sign_in_locally(DEMO_ORGANISER)
    with Client(registration_service.app) as client:
        no_title = _step_one(client, jar, "")
        bad_type = _step_one(client, jar, "Map", content_type="text/html")
    assert no_title.status_code == 400 and 'aria-describedby="title-error"' in no_title.body.decode()
    assert bad_type.status_code == 400 and 'id="content_type-error"' in bad_type.body.decode()
    assert "PDF, Word, PowerPoint" in bad_type.body.decode()


def test_a_removed_document_is_served_no_more(bucket: str, registration_service: ModuleType, stack: Stack) -> None:
    jar = sign_in_locally(DEMO_ORGANISER)
    with Client(registration_service.app) as client:
        upload_path = _step_one(client, jar, "Venue map").headers["Location"]
        _upload(client, jar, upload_path, PDF)
        confirm = client.http.get(upload_path.removesuffix("/upload") + "/remove",
                                  headers={**HTML, **cookie_header(jar)})
        assert confirm.status_code == 200 and "This cannot be undone" in confirm.body.decode()
        removed = client.http.post(upload_path.removesuffix("/upload") + "/remove",
                                   headers={**HTML, **FORM_TYPE, **cookie_header(jar)},
                                   body=urlencode({"csrf_token": csrf_of(confirm.body.decode())}))
        public = client.http.get(f"/events/{DEMO_EVENT_ID}/documents/venue-map")
        listed = client.http.get(removed.headers["Location"], headers={**HTML, **cookie_header(jar)}).body.decode()
        log = client.http.get(f"/organiser/events/{DEMO_EVENT_ID}/activity",
                              headers={**HTML, **cookie_header(jar)}).body.decode()
    assert removed.status_code == 303 and removed.headers["Location"] == f"{DOCUMENTS}?done=removed"
    assert stack.repo.get_event(DEMO_EVENT_ID).documents == []
    assert public.status_code == 404
    assert "Added a document" in log and "Removed a document" in log  # the activity log names both
    assert 'role="status">The document was removed from the event.' in listed and "No documents yet." in listed


def test_partners_and_forged_forms_are_refused(bucket: str, registration_service: ModuleType,
                                               stack: Stack) -> None:
    partner, organiser = sign_in_locally(DEMO_PARTNER), sign_in_locally(DEMO_ORGANISER)
    with Client(registration_service.app) as client:
        partner_list = client.http.get(DOCUMENTS, headers={**HTML, **cookie_header(partner)})
        partner_form = client.http.get(f"{DOCUMENTS}/new", headers={**HTML, **cookie_header(partner)})
        forged = client.http.post(f"{DOCUMENTS}/new", headers={**HTML, **FORM_TYPE, **cookie_header(organiser)},
                                  body=urlencode({"title-en": "Forged", "content_type": "application/pdf"}))
        unknown = client.http.get(f"{DOCUMENTS}/no-such-doc/upload", headers={**HTML, **cookie_header(organiser)})
        hostile = client.http.get(f"{DOCUMENTS}/..%2F..%2Fetc/upload", headers={**HTML, **cookie_header(organiser)})
    assert partner_list.status_code == 403 and partner_form.status_code == 403
    assert forged.status_code == 403
    assert unknown.status_code == 404 and hostile.status_code == 404
    assert stack.repo.get_event(DEMO_EVENT_ID).documents == []
