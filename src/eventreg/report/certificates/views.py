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
from eventreg.locale.catalog import words
from eventreg.locale.dates import format_clock, format_day
from eventreg.locale.languages import pick_language
from eventreg.ports import CheckinStore, Store
from eventreg.report.certificates.pdf import Certificate, render
from eventreg.report.trips.content import event_dates, venue_of

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
    came = {c.session_id for c in checkins.checkins_of(event_id, [(scope, registration_id) for scope in
                                                                  (EVENT_SCOPE, *registration.sessions)])}
    if EVENT_SCOPE not in came:
        raise RegistrationNotFound("No check-in at the event: there is no certificate for this registration.")
    language = pick_language(query.get("lang"), None, registration.preferred_language)
    attended = sorted((s for s in sessions if s.session_id in came), key=lambda s: (s.starts_at, s.session_id))
    zone = event.timezone
    lines = [f"{format_day(s.starts_at, zone, language)} {format_clock(s.starts_at, zone, language)} "
             f"{s.title_in(language, event.language)}" for s in attended]
    body = render(Certificate(language, registration.name, registration.organisation, event.title_in(language),
                              event_dates(event, language), venue_of(event, words(language)), lines,
                              event.organising_unit), utc_now())
    name = f"{event.event_id}-certificate-{language}.pdf"
    return Response(body=body, status_code=200, headers={
        "Content-Type": PDF, "Cache-Control": "no-store", "X-Robots-Tag": "noindex",
        "Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"})
