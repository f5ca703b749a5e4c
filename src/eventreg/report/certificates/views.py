"""The certificate of attendance's link (its own signed token, eventreg.links.certificate_path, on the manage page):
for a registration checked in at the event, once the event is over, in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from chalice import Response

from eventreg.domain.checkins import EVENT_SCOPE
from eventreg.domain.errors import N_, DomainError, Forbidden, Message, RegistrationNotFound
from eventreg.domain.models import utc_now
from eventreg.links import certificate_token_valid
from eventreg.locale.languages import pick_language
from eventreg.ports import CheckinStore, Store
from eventreg.report.certificates.content import certificate_of, checked_in_scopes, file_name
from eventreg.report.certificates.pdf import render

PDF = "application/pdf"


class InvalidCertificateLink(Forbidden):
    code = "invalid_link"


class CertificateNotYet(DomainError):
    code = "certificate_not_yet"
    status = 409


def certificate_response(repo: Store, checkins: CheckinStore, event_id: str, registration_id: str,
                         token: str | None, query: Mapping[str, str]) -> Response:
    if not certificate_token_valid(event_id, registration_id, token):
        raise InvalidCertificateLink("This link is not valid. Use the link on your registration's page.")
    registration = repo.get_registration(event_id, registration_id)
    if registration is None or registration.anonymised:
        raise RegistrationNotFound("There is no such registration.")
    event, sessions = repo.get_event_with_sessions(event_id)
    if utc_now() < event.ends_at:
        raise CertificateNotYet(Message(N_("The certificate of attendance is available once the event is over.")))
    came = checked_in_scopes(checkins, registration)
    if EVENT_SCOPE not in came:
        raise RegistrationNotFound("No check-in at the event: there is no certificate for this registration.")
    language = pick_language(query.get("lang"), None, registration.preferred_language)
    body = render(certificate_of(event, sessions, registration, came, language), utc_now())
    name = file_name(event, language)
    return Response(body=body, status_code=200, headers={
        "Content-Type": PDF, "Cache-Control": "no-store", "X-Robots-Tag": "noindex",
        "Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"})
