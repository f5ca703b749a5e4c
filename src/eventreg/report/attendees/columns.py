"""The columns of an attendee list, each read straight from a stored registration item.

An export converts thousands of items; building a pydantic Registration per item (and deserialising
every attribute with boto3's TypeDeserializer) cost more than the Query itself. So each column reads
the one attribute it needs from the low-level item, with the same defaults as the Registration model
(tests/unit/test_attendee_columns.py checks the two agree).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from eventreg.domain.models import LANGUAGES, Event, Question, QuestionKind

Item = dict[str, Any]  # a DynamoDB item in attribute-value form, as a Query returns it
Value = str | bool | int | datetime | None
Reader = Callable[[Item], Value]


class Kind(StrEnum):
    TEXT = "text"
    DATETIME = "datetime"  # naive, in the timezone named in the column's title
    BOOL = "bool"
    NUMBER = "number"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: Kind
    width: float  # characters, for spreadsheets
    read: Reader


ANONYMISED = "(anonymised)"


def text(item: Item, name: str, default: str = "") -> str:
    value = item.get(name)
    return value["S"] if value is not None and "S" in value else default


def text_list(item: Item, name: str) -> list[str]:
    value = item.get(name)
    if value is None or "L" not in value:
        return []
    return [v["S"] for v in value["L"] if "S" in v]


def flag(item: Item, name: str) -> bool:
    value = item.get(name)
    return bool(value["BOOL"]) if value is not None and "BOOL" in value else False


def _instant_reader(name: str, tz: ZoneInfo) -> Reader:
    def read(item: Item) -> datetime | None:
        raw = text(item, name)
        if not raw:
            return None
        # Stored as fixed-width UTC ("2026-03-05T08:30:00Z"); fromisoformat is the fast parser.
        return datetime.fromisoformat(raw).astimezone(tz).replace(tzinfo=None)

    return read


def _answer_reader(question: Question) -> Reader:
    qid = question.question_id
    checkbox = question.kind is QuestionKind.CHECKBOX

    def read(item: Item) -> Value:
        answers = item.get("answers")
        value = answers.get("M", {}).get(qid) if answers is not None else None
        if value is None:
            return None if checkbox else ""
        if "BOOL" in value:
            return bool(value["BOOL"])
        if "L" in value:
            return "; ".join(v["S"] for v in value["L"] if "S" in v)
        return str(value.get("S", ""))

    return read


def _sessions_reader(name: str, visible: Collection[str] | None) -> Reader:
    """Session ids joined; a partner sees only its own sessions in the list."""
    if visible is None:
        return lambda item: "; ".join(text_list(item, name))
    return lambda item: "; ".join(s for s in text_list(item, name) if s in visible)


def _country_name_reader(language: str) -> Reader:
    from eventreg.locale.countries import country_names

    names = country_names(language if language in LANGUAGES else "en")
    return lambda item: names.get(text(item, "country"), text(item, "country"))


def _name(item: Item) -> str:
    """Anonymised rows (retention, erasure) say so instead of an empty name cell."""
    return ANONYMISED if flag(item, "anonymised") else text(item, "name")


def _checked_in_reader(attendance: Mapping[str, datetime], tz: ZoneInfo) -> Reader:
    def read(item: Item) -> datetime | None:
        at = attendance.get(text(item, "registration_id"))
        return at.astimezone(tz).replace(tzinfo=None) if at else None

    return read


def catalogue(event: Event, visible_sessions: Collection[str] | None = None,
              attendance: Mapping[str, datetime] | None = None) -> dict[str, Column]:
    """Every column an attendee list of `event` can have, by key. Datetimes are shown in the event's
    timezone (named in the title); `visible_sessions` limits the session columns (partners); `attendance`
    says when each registration was checked in for the event (eventreg.report.service.Reports.attendance)."""
    tz, zone = event.tz, event.timezone
    seats = _sessions_reader("sessions", visible_sessions)
    columns = [
        Column("reference", "Reference", Kind.TEXT, 28, lambda i: text(i, "registration_id")),
        Column("name", "Name", Kind.TEXT, 28, _name),
        Column("email", "Email", Kind.TEXT, 32, lambda i: text(i, "email")),
        Column("job_title", "Job title", Kind.TEXT, 24, lambda i: text(i, "job_title")),
        Column("organisation", "Organisation", Kind.TEXT, 32, lambda i: text(i, "organisation")),
        Column("organisation_type", "Organisation type", Kind.TEXT, 18,
               lambda i: text(i, "organisation_type", "other")),
        Column("country", "Country", Kind.TEXT, 8, lambda i: text(i, "country")),
        Column("country_name", "Country name", Kind.TEXT, 20, _country_name_reader(event.language)),
        Column("attendance_mode", "Attendance mode", Kind.TEXT, 14, lambda i: text(i, "attendance_mode")),
        Column("status", "Status", Kind.TEXT, 11, lambda i: text(i, "status")),
        Column("role", "Role", Kind.TEXT, 11, lambda i: text(i, "role", "participant")),
        Column("sessions", "Sessions", Kind.TEXT, 40, seats),
        Column("session_count", "Sessions booked", Kind.NUMBER, 9,
               (lambda i: len(text_list(i, "sessions"))) if visible_sessions is None
               else (lambda i: sum(1 for s in text_list(i, "sessions") if s in visible_sessions))),
        Column("waitlisted_sessions", "Waiting for sessions", Kind.TEXT, 30,
               _sessions_reader("waitlisted_sessions", visible_sessions)),
        Column("preferred_language", "Language", Kind.TEXT, 9, lambda i: text(i, "preferred_language", "en")),
        Column("accessibility_needs", "Accessibility needs", Kind.TEXT, 36, lambda i: text(i, "accessibility_needs")),
        Column("dietary_needs", "Dietary needs", Kind.TEXT, 36, lambda i: text(i, "dietary_needs")),
        Column("list_consent", "On participant list", Kind.BOOL, 10, lambda i: flag(i, "list_consent")),
        Column("delegation_id", "Delegation", Kind.TEXT, 28, lambda i: text(i, "delegation_id")),
        Column("delegation_lead", "Delegation lead", Kind.BOOL, 10, lambda i: flag(i, "delegation_lead")),
        Column("email_status", "Email status", Kind.TEXT, 11, lambda i: text(i, "email_status", "ok")),
        Column("created_at", f"Registered at ({zone})", Kind.DATETIME, 19, _instant_reader("created_at", tz)),
        Column("updated_at", f"Changed at ({zone})", Kind.DATETIME, 19, _instant_reader("updated_at", tz)),
        Column("checked_in_at", f"Checked in at ({zone})", Kind.DATETIME, 19, _checked_in_reader(attendance or {}, tz)),
    ]
    for question in event.questions:
        label = question.label.get(event.language) or next(iter(question.label.values()), question.question_id)
        kind = Kind.BOOL if question.kind is QuestionKind.CHECKBOX else Kind.TEXT
        columns.append(Column(f"answer:{question.question_id}", label, kind,
                              12 if kind is Kind.BOOL else 30, _answer_reader(question)))
    return {column.key: column for column in columns}
