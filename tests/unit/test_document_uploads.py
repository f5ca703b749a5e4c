"""The documents' upload form straight to S3: the presigned POST pins the key, the type, the size range and
the way back in its signed policy (S3 refuses a form that strays from them); removing a document is pure."""

from __future__ import annotations

import base64
import json

import boto3
import pytest
from botocore.config import Config
from unit_helpers import build_event

from eventreg.adapters.s3.files import FileStore
from eventreg.domain import organising
from eventreg.domain.errors import DocumentNotFound
from eventreg.http import page_csp


def _store() -> FileStore:
    client = boto3.client("s3", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="y",
                          config=Config(signature_version="s3v4"))
    return FileStore(client, "eventreg-files")


def test_the_presigned_post_pins_key_type_size_and_the_way_back() -> None:
    form = _store().presigned_post("documents/ev/agenda/01J", "application/pdf", 20 * 1024 * 1024,
                                   "https://office.example/organiser/events/ev/documents/agenda/uploaded")
    policy = json.loads(base64.b64decode(form.fields["policy"]))
    conditions = policy["conditions"]
    assert ["content-length-range", 1, 20 * 1024 * 1024] in conditions
    assert {"Content-Type": "application/pdf"} in conditions
    assert {"key": "documents/ev/agenda/01J"} in conditions and {"bucket": "eventreg-files"} in conditions
    assert {"success_action_redirect": "https://office.example/organiser/events/ev/documents/agenda/uploaded"} \
        in conditions
    assert form.fields["key"] == "documents/ev/agenda/01J" and form.fields["Content-Type"] == "application/pdf"
    assert form.fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256"  # SigV4, not the retired SigV2
    assert form.url.startswith("https://eventreg-files.s3")


def test_only_the_upload_page_names_storage_in_form_action() -> None:
    assert "form-action 'self';" in page_csp()
    assert "form-action 'self' https://eventreg-files.s3.amazonaws.com;" in page_csp(
        "https://eventreg-files.s3.amazonaws.com")


def test_removing_a_document_keeps_the_others() -> None:
    event = build_event()
    first = organising.new_document(event, {"document_id": "agenda", "title": "Agenda"})
    second = organising.new_document(event, {"document_id": "map", "title": "Map", "content_type": "image/png"})
    listed = event.model_copy(update={"documents": [first, second]})
    left, gone = organising.without_document(listed, "agenda")
    assert gone == first and left.documents == [second]
    with pytest.raises(DocumentNotFound):
        organising.without_document(left, "agenda")
