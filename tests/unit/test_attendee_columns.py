"""Columns read straight from stored items agree with the Registration model, in the event's timezone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from report_helpers import event_with_questions, item, listing
from unit_helpers import build_registration

from eventreg.domain.access import Access
from eventreg.domain.models import AttendanceMode, OrganisationType, Registration, RegistrationStatus
from eventreg.report.attendees.columns import catalogue
from eventreg.report.attendees.filters import ListRequest
from eventreg.report.attendees.listing import ReadStats


def expected(registration: Registration) -> dict[str, Any]:
    """The same columns computed from the validated model: the reference the fast readers must match."""
    tz = event_with_questions().tz
    local = registration.created_at.astimezone(tz).replace(tzinfo=None)
    changed = registration.updated_at.astimezone(tz).replace(tzinfo=None) if registration.updated_at else None
    answers = registration.answers
    return {
        "reference": registration.registration_id, "name": registration.shown_name, "email": registration.email,
        "job_title": registration.job_title, "organisation": registration.organisation,
        "organisation_type": registration.organisation_type.value, "country": registration.country,
        "attendance_mode": registration.attendance_mode.value, "status": registration.status.value,
        "role": registration.role.value,
        "sessions": "; ".join(registration.sessions), "session_count": len(registration.sessions),
        "waitlisted_sessions": "; ".join(registration.waitlisted_sessions),
        "preferred_language": registration.preferred_language,
        "accessibility_needs": registration.accessibility_needs, "dietary_needs": registration.dietary_needs,
        "list_consent": registration.list_consent, "delegation_id": registration.delegation_id or "",
        "delegation_lead": registration.delegation_lead, "email_status": registration.email_status,
        "created_at": local, "updated_at": changed,
        "checked_in_at": CAME[registration.registration_id].astimezone(tz).replace(tzinfo=None)
        if registration.registration_id in CAME else None,
        "answer:first-time": answers.get("first-time"),
        "answer:interest": answers.get("interest", ""),
        "answer:topics": "; ".join(answers.get("topics", [])),  # type: ignore[arg-type]
        "answer:remarks": answers.get("remarks", ""),
    }


REGISTRATIONS = [
    build_registration(),
    build_registration(
        registration_id="01KA3F7Q9MZ6T2X8WB4NRCDJ5F", name="Ørjan Ødegård", job_title="Adviser",
        organisation_type=OrganisationType.CITY, attendance_mode=AttendanceMode.ONLINE,
        status=RegistrationStatus.WAITLISTED, sessions=["plenary", "lab-a"], waitlisted_sessions=["lab-b"],
        preferred_language="de", accessibility_needs="Wheelchair", dietary_needs="Vegan\nno nuts",
        list_consent=True, delegation_id="01DELEGATION", delegation_lead=True, email_status="bounced",
        updated_at=datetime(2026, 7, 1, 22, 15, tzinfo=UTC),
        answers={"first-time": True, "interest": "Digital", "topics": ["a", "c"], "remarks": "Bieńkowska"},
    ),
]


CAME = {"01KA3F7Q9MZ6T2X8WB4NRCDJ5F": datetime(2026, 7, 2, 7, 12, tzinfo=UTC)}  # checked in (#15): 09:12 local


def test_fast_readers_match_the_model() -> None:
    columns = catalogue(event_with_questions(), attendance=CAME)
    for registration in REGISTRATIONS:
        stored = item(registration)
        assert {key: column.read(stored) for key, column in columns.items() if key != "country_name"} \
            == expected(registration)


def test_missing_attributes_get_the_model_defaults() -> None:
    stored = item(build_registration())
    for name in ("organisation_type", "job_title", "preferred_language", "accessibility_needs", "dietary_needs",
                 "list_consent", "answers", "waitlisted_sessions", "delegation_lead", "email_status", "sessions"):
        stored.pop(name, None)
    from eventreg.adapters.dynamodb import items

    model = items.registration_from(stored)
    columns = catalogue(event_with_questions())
    assert {key: column.read(stored) for key, column in columns.items() if key != "country_name"} == expected(model)


def test_datetimes_are_in_the_event_timezone_and_the_title_says_so() -> None:
    columns = catalogue(event_with_questions())
    assert columns["created_at"].title == "Registered at (Europe/Brussels)"
    # 08:30 UTC on 5 March 2026 is 09:30 CET
    assert columns["created_at"].read(item(build_registration())) == datetime(2026, 3, 5, 9, 30)
    summer = build_registration(created_at=datetime(2026, 7, 1, 8, 30, tzinfo=UTC))
    assert columns["created_at"].read(item(summer)) == datetime(2026, 7, 1, 10, 30)  # CEST


def test_country_names_in_the_event_language() -> None:
    assert catalogue(event_with_questions())["country_name"].read(item(build_registration())) == "Poland"
    french = event_with_questions(language="fr", title={"fr": "Atelier"})
    assert catalogue(french)["country_name"].read(item(build_registration())) == "Pologne"


def test_a_partner_sees_only_its_own_sessions_in_the_session_columns() -> None:
    stored = item(REGISTRATIONS[1])
    columns = catalogue(event_with_questions(), visible_sessions=frozenset({"lab-a"}))
    assert columns["sessions"].read(stored) == "lab-a"
    assert columns["session_count"].read(stored) == 1
    assert columns["waitlisted_sessions"].read(stored) == ""


def test_rows_come_page_by_page_and_every_item_is_counted_once() -> None:
    pages = [[item(registration_id=f"R{n}") for n in range(3)], [], [item(registration_id="R9")]]
    stats = ReadStats()
    seen: list[tuple[int, int]] = []
    rows = list(listing().rows(pages, stats, lambda s: seen.append((s.items_read, s.rows))))
    assert [row[0] for row in rows] == ["R0", "R1", "R2", "R9"]
    assert (stats.items_read, stats.rows, stats.pages) == (4, 4, 3)
    assert stats.reads_per_row == 1.0
    assert seen == [(3, 3), (3, 3), (4, 4)]  # progress after every page


def test_a_partner_gets_only_registrations_for_its_sessions() -> None:
    mine = item(registration_id="MINE", sessions=["lab-a"])
    waiting = item(registration_id="WAITING", waitlisted_sessions=["lab-a"])
    other = item(registration_id="OTHER", sessions=["plenary"])
    partner = Access("org-partner", False, frozenset({"lab-a"}))
    rows = list(listing(who=partner).rows([[mine, waiting, other]], ReadStats()))
    assert [row[0] for row in rows] == ["MINE", "WAITING"]


def test_filters_and_session_select_rows() -> None:
    people = [
        item(registration_id="A", country="BE", sessions=["lab-a"]),
        item(registration_id="B", country="PL", attendance_mode=AttendanceMode.ONLINE),
        item(registration_id="C", country="BE", status=RegistrationStatus.CANCELLED),
        item(registration_id="D", country="BE", organisation_type=OrganisationType.NGO, sessions=["lab-a"]),
    ]
    def ids(request: ListRequest) -> list[Any]:
        return [row[0] for row in listing(request=request).rows([people], ReadStats())]

    assert ids(ListRequest(filters=(("country", frozenset({"BE"})),))) == ["A", "C", "D"]
    assert ids(ListRequest(filters=(("status", frozenset({"confirmed"})), ("country", frozenset({"BE"}))))) \
        == ["A", "D"]
    assert ids(ListRequest(filters=(("mode", frozenset({"online"})),))) == ["B"]
    assert ids(ListRequest(filters=(("organisation_type", frozenset({"other"})),))) == ["A", "B", "C"]
    assert ids(ListRequest(session="lab-a")) == ["A", "D"]


def test_an_anonymised_row_says_so_instead_of_an_empty_name() -> None:
    from eventreg.domain.retention import anonymised

    gone = anonymised(REGISTRATIONS[1], datetime(2027, 1, 1, tzinfo=UTC))
    row = {key: column.read(item(gone)) for key, column in catalogue(event_with_questions()).items()}
    assert row["name"] == "(anonymised)" and row["email"] == "" and row["organisation"] == ""
    assert row["country"] == REGISTRATIONS[1].country and row["status"] == "waitlisted"  # what statistics keep
