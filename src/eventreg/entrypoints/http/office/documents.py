"""The back-office's documents of an event (agenda, presentations): the list, each with whether its file has
arrived; adding one in two steps; removing one. Full organisers only (partners manage their sessions).

No file byte passes through the app (API Gateway caps a request at 10 MB and mangles binary bodies): step 1
lists the document on the event (the same use case as the organiser API, register/organising.add_document),
step 2 is a form that the browser posts straight to storage with a presigned POST (the key, the type, the
size range and the way back are signed into it, so storage refuses anything else), and storage sends the
browser back (303) to /uploaded, which looks at what arrived. A document whose file never came is listed as
waiting for it, with the step-2 form again."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from chalice import Response

from eventreg.auth import identify
from eventreg.domain import organising
from eventreg.domain.access import Access
from eventreg.domain.errors import N_, DomainError, Forbidden, Message, ValidationFailed
from eventreg.domain.events import Event
from eventreg.domain.types import LANGUAGES
from eventreg.entrypoints.http.office.chrome import chrome, language, page
from eventreg.entrypoints.http.office.text_languages import text_languages, written_languages
from eventreg.entrypoints.http.sign_in import origin
from eventreg.http import base_path, page_csp
from eventreg.locale.catalog import words
from eventreg.locale.errors import in_language

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Desk
    from eventreg.office_ports import DocumentFiles

FULL_ONLY = Message(N_("Only the event's organisers can do this; partners manage their own sessions."))
# Each type a document may have (domain/organising.ALLOWED_DOCUMENT_TYPES): what the file picker offers
# (accept=) and what the form calls it.
TYPES: dict[str, tuple[str, str]] = {
    "application/pdf": (".pdf", N_("PDF")),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx", N_("Word (.docx)")),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation":
        (".pptx", N_("PowerPoint (.pptx)")),
    "application/vnd.oasis.opendocument.text": (".odt", N_("OpenDocument text (.odt)")),
    "image/png": (".png", N_("PNG image")),
    "image/jpeg": (".jpg,.jpeg", N_("JPEG image")),
}
# What the list says after an action (a known code from the query only, never text from it).
DONE = {
    "uploaded": N_("The file arrived: the document is on the event's public page."),
    "removed": N_("The document was removed from the event."),
    "missing": N_("The file has not arrived. Choose the file and send it again."),
    "refused": N_("The file was refused: it was larger than %(size)s or not of the chosen type. Send another."),
}
MAX_SIZE = f"{organising.MAX_DOCUMENT_BYTES // (1024 * 1024)} MB"  # the limit as the pages state it


def _full(who: Access) -> None:
    if not who.full:
        raise Forbidden(FULL_ONLY)


def _event(desk: Desk, request: Any, event_id: str, csrf_token: str | None = None) -> tuple[Event, str]:
    who = identify(request, csrf_token=csrf_token)
    programme, access = desk.organising.programme(event_id, who.organiser_id)
    _full(access)
    return programme.event, who.organiser_id


def _see_other(request: Any, path: str) -> Response:
    return Response(body="", status_code=303, headers={"Location": base_path(request) + path,
                                                        "Cache-Control": "no-store"})


def _here(event_id: str) -> str:
    return f"/organiser/events/{event_id}/documents"


# -- the list ---------------------------------------------------------------------------------------------
def list_page(desk: Desk, files: DocumentFiles, request: Any, event_id: str) -> Response:
    event, _ = _event(desk, request, event_id)
    lang = language(request)
    say = words(lang)
    query = request.query_params or {}
    done = str(query.get("done") or "")
    notice = say(DONE[done], size=MAX_SIZE) if done in DONE else ""
    rows = [{"document": d, "title": d.title_in(lang, event.language),
             "kind": say(TYPES[d.content_type][1]) if d.content_type in TYPES else d.content_type,
             "arrived": files.head(d.key) is not None} for d in event.documents]
    return page(request, "documents.html", event=event, title=event.title_in(lang), rows=rows, notice=notice,
                problem=done in ("missing", "refused"), **chrome(request))


# -- step 1: the document on the event ---------------------------------------------------------------------
def new_form(desk: Desk, request: Any, event_id: str) -> Response:
    event, _ = _event(desk, request, event_id)
    return _form(request, event, {"content_type": "application/pdf"})


def create(desk: Desk, request: Any, event_id: str, form: dict[str, Any]) -> Response:
    event, organiser_id = _event(desk, request, event_id, csrf_token=str(form.get("csrf_token") or ""))
    title = {lang: text for lang in LANGUAGES if (text := str(form.get(f"title-{lang}") or "").strip())}
    data = {"document_id": _new_id(event, title.get(event.language) or next(iter(title.values()), "")),
            "title": title, "content_type": str(form.get("content_type") or "")}
    try:
        if not title.get(event.language):
            raise ValidationFailed(Message(N_("Some fields need your attention.")),
                                   fields={"title": Message(N_("Give the title in the event's language."))})
        document = desk.organising.add_document(organiser_id, event_id, data)
    except ValidationFailed as error:
        return _form(request, event, {k: str(v) for k, v in form.items()}, error)
    return _see_other(request, f"{_here(event_id)}/{document.document_id}/upload")


def _new_id(event: Event, title: str) -> str:
    """A document id (in its public address) from its title, not one the event has yet."""
    base = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:50].strip("-") or "document"
    taken = {d.document_id for d in event.documents}
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _form(request: Any, event: Event, values: dict[str, str], error: DomainError | None = None) -> Response:
    lang = language(request)
    say = words(lang)
    errors = {field.split(".")[0]: in_language(message, lang) for field, message in
              (error.fields.items() if error else [])}
    # open: the languages the event is written in (its title's) and those this title was given in
    written = {*event.title, *written_languages(values, "title-")}
    return page(request, "document_new.html", 400 if error else 200, event=event, title=event.title_in(lang),
                values=values, errors=errors, error_message=in_language(error.message, lang) if error else "",
                **text_languages(event.language, written, lang),
                types=[(code, say(name)) for code, (_, name) in TYPES.items()], max_size=MAX_SIZE,
                **chrome(request))


# -- step 2: the file, straight to storage -----------------------------------------------------------------
def upload_page(desk: Desk, files: DocumentFiles, request: Any, event_id: str, document_id: str) -> Response:
    event, _ = _event(desk, request, event_id)
    document = organising.document_of(event, document_id)
    lang = language(request)
    back = f"{origin(request)}{_here(event_id)}/{document_id}/uploaded"
    form = files.presigned_post(document.key, document.content_type, organising.MAX_DOCUMENT_BYTES, back)
    extensions, kind = TYPES.get(document.content_type, ("", document.content_type))
    response = page(request, "document_upload.html", event=event, title=event.title_in(lang), document=document,
                    document_title=document.title_in(lang, event.language), form=form,
                    accept=f"{document.content_type},{extensions}", kind=words(lang)(kind), max_size=MAX_SIZE,
                    arrived=files.head(document.key) is not None, **chrome(request))
    # The one page whose form leaves the origin: to the storage's, named on this answer only.
    target = urlsplit(form.url)
    response.headers["Content-Security-Policy"] = page_csp(f"{target.scheme}://{target.netloc}")
    return response


def uploaded(desk: Desk, files: DocumentFiles, request: Any, event_id: str, document_id: str) -> Response:
    """Where storage sends the browser after the upload. Its query (bucket, key, etag) is not trusted: what
    counts is what storage holds at the document's own key. A file storage should have refused (its limits
    are signed into the form; a stand-in such as moto does not check them) is never served: the document
    gets a fresh key, waiting for another file. (The apps delete no organiser's file: infra grants them no
    s3:DeleteObject on documents/, and the versioned bucket keeps old versions for 30 days.)"""
    event, organiser_id = _event(desk, request, event_id)
    document = organising.document_of(event, document_id)
    stored = files.head(document.key)
    if stored is None:
        return _see_other(request, f"{_here(event_id)}?done=missing")
    if stored.size > organising.MAX_DOCUMENT_BYTES or stored.content_type != document.content_type:
        desk.organising.add_document(organiser_id, event_id, {"document_id": document.document_id,
                                                              "title": document.title,
                                                              "content_type": document.content_type})
        return _see_other(request, f"{_here(event_id)}?done=refused")
    return _see_other(request, f"{_here(event_id)}?done=uploaded")


# -- removing ---------------------------------------------------------------------------------------------
def remove_page(desk: Desk, request: Any, event_id: str, document_id: str) -> Response:
    event, _ = _event(desk, request, event_id)
    document = organising.document_of(event, document_id)
    lang = language(request)
    return page(request, "document_remove.html", event=event, title=event.title_in(lang), document=document,
                document_title=document.title_in(lang, event.language), **chrome(request))


def remove(desk: Desk, request: Any, event_id: str, document_id: str, form: dict[str, Any]) -> Response:
    """The document leaves the event: nothing serves its file any more (the public route serves listed
    documents only, and keys are never shown). The file itself stays, as infra wants of organisers' files."""
    _, organiser_id = _event(desk, request, event_id, csrf_token=str(form.get("csrf_token") or ""))
    desk.organising.remove_document(organiser_id, event_id, document_id)
    return _see_other(request, f"{_here(event_id)}?done=removed")
