"""Shared by the attendee-list unit tests: an event with questions, stored items, formula probes."""

from __future__ import annotations

from typing import Any

from unit_helpers import build_event, build_registration, build_sessions

from eventreg.adapters.dynamodb import items
from eventreg.domain.access import Access
from eventreg.domain.models import Event, Question, QuestionKind, Registration
from eventreg.report.attendees.filters import ListRequest
from eventreg.report.attendees.listing import AttendeeList, attendee_list

# Every prefix a spreadsheet would evaluate (or mangle), as organisers' data may carry them.
PROBES = ('=HYPERLINK("http://evil.example","x")', "+1", "-2", "@SUM(A1:A2)", "\tx", "\rx", "=1+1")
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
QUESTIONS = [
    Question(question_id="first-time", kind=QuestionKind.CHECKBOX, label={"en": "First time here"}),
    Question(question_id="interest", kind=QuestionKind.SINGLE, label={"en": "Main interest"},
             options=["Cohesion", "Digital"]),
    Question(question_id="topics", kind=QuestionKind.MULTI, label={"en": "Topics"}, options=["a", "b", "c"]),
    Question(question_id="remarks", kind=QuestionKind.TEXT, label={"en": "Remarks", "fr": "Remarques"}),
]


def event_with_questions(**overrides: Any) -> Event:
    return build_event(questions=QUESTIONS, **overrides)


def full_access(event: Event) -> Access:
    return Access(event.organiser_ids[0], True, frozenset(build_sessions()))


def listing(event: Event | None = None, request: ListRequest | None = None,
            who: Access | None = None) -> AttendeeList:
    event = event or event_with_questions()
    return attendee_list(event, build_sessions().values(), who or full_access(event), request or ListRequest())


def item(registration: Registration | None = None, **overrides: Any) -> dict[str, Any]:
    """A registration as a Query returns it (attribute-value form)."""
    return items.registration_item(registration or build_registration(**overrides))


def probe_item(probe: str) -> dict[str, Any]:
    """A stored registration whose every text attribute (answers included) starts like a formula. The
    model would refuse some of these; the list must be safe even for what was stored by other means."""
    stored = item(build_registration(sessions=["plenary"], answers={"interest": "Digital"}))
    for name, value in list(stored.items()):
        if "S" in value and name not in ("PK", "SK", "type", "created_at", "updated_at"):
            stored[name] = {"S": probe + name}
    stored["sessions"] = {"L": [{"S": probe + "session"}]}
    stored["waitlisted_sessions"] = {"L": [{"S": probe + "waiting"}]}
    stored["delegation_id"] = {"S": probe + "delegation"}
    stored["answers"] = {"M": {"interest": {"S": probe + "interest"}, "remarks": {"S": probe + "remarks"},
                               "topics": {"L": [{"S": probe + "topic"}]}}}
    return stored
