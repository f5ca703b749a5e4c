"""The back-office's event form ↔ the organiser API's event data (what POST /organiser/events and PATCH
/organiser/events/{id} take), so the form and the JSON API go through the same use cases and rules.

The form writes dates as the browser's datetime-local inputs do (no offset), in the event's own timezone;
texts per language as `title.<lang>`; lists one item a line; the questions as numbered rows
(`questions.<n>.<field>`, as the API's error fields name them); mail wording as `mail.<kind>.subject|body`.
What a form cannot even parse (a date, a number) comes back as field problems, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from eventreg.domain.errors import N_, Message
from eventreg.domain.events import TIMEZONE, Event, QuestionKind
from eventreg.domain.types import LANGUAGES, AttendanceMode
from eventreg.notify.overrides import KINDS

DATES = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at", "modification_deadline")
OPTIONAL_DATES = frozenset({"modification_deadline"})
TEXTS = ("organising_unit", "mail_sender_name")
OPTIONAL_TEXTS = ("online_url", "privacy_url", "reply_to")  # blank: none
LINES = ("partners", "topics", "organiser_emails", "checkin_staff")  # one item a line
CAPACITIES = ("capacity_in_person", "capacity_online")  # blank: unlimited
DAYS = ("retention_days", "reminder_days")
MAIL_KINDS = tuple(sorted(KINDS))
QUESTION_KINDS = tuple(kind.value for kind in QuestionKind)
BLANK_ROWS = 2  # empty question rows under the filled ones; "Add more question rows" adds MORE_ROWS
MORE_ROWS = 3
MAX_ROWS = 30  # the most questions an event takes
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"

WHOLE_NUMBER = Message(N_("Enter a whole number, or leave it empty."))
DATE_TIME = Message(N_("Enter a date and time, e.g. 2026-10-12 09:00."))


def _text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    if isinstance(value, list):  # a repeated field: the last one counts
        value = value[-1] if value else ""
    return value.strip() if isinstance(value, str) else ""


def _all(form: Mapping[str, Any], name: str) -> list[str]:
    value = form.get(name)
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str) and v]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name and "." not in name.split("/")[0] else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_input(value: datetime | None, timezone: str) -> str:
    """An instant as a datetime-local input shows it: the wall-clock time in the event's timezone."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(timezone))
    return local.strftime(LOCAL_FORMAT + (":%S" if local.second else ""))  # seconds only where set (23:59:59)


def instant(text: str, tz: ZoneInfo) -> str:
    """A datetime-local value (2026-10-12T09:00, seconds allowed) in `tz`, as the API's ISO 8601 with the
    offset that holds there then (summer or winter time). ValueError if it is not one."""
    local = datetime.fromisoformat(text.replace(" ", "T"))
    if local.tzinfo is not None or len(text) < len("2026-10-12T09:00"):
        raise ValueError(text)
    return local.replace(tzinfo=tz).isoformat()


def rows(form: Mapping[str, Any], filled: int) -> int:
    """How many question rows the form shows: the filled ones and a few blank, more when asked for."""
    try:
        asked = int(_text(form, "rows") or 0)
    except ValueError:
        asked = 0
    extra = MORE_ROWS if "more_rows" in form else 0
    return max(0, min(MAX_ROWS, max(asked, filled + BLANK_ROWS) + extra))


def _question(form: Mapping[str, Any], n: int) -> dict[str, Any] | None:
    prefix = f"questions.{n}."
    labels = {lang: _text(form, f"{prefix}label.{lang}") for lang in LANGUAGES}
    question_id, options = _text(form, prefix + "question_id"), _lines(_text(form, prefix + "options"))
    if not question_id and not options and not any(labels.values()):
        return None  # a blank row
    kind = _text(form, prefix + "kind") or QuestionKind.TEXT.value
    return {"question_id": question_id, "label": labels, "kind": kind,
            "required": bool(_text(form, prefix + "required")), "options": options}


def event_data(form: Mapping[str, Any], *, creating: bool) -> tuple[dict[str, Any], dict[str, Message]]:
    """The API's event data from the form (every field an organiser sets, so an edit replaces them all),
    and the fields the form could not read."""
    problems: dict[str, Message] = {}
    data: dict[str, Any] = {}
    if creating:
        data["event_id"] = _text(form, "event_id")
    data["language"] = _text(form, "language") or "en"
    for name in ("title", "description"):
        data[name] = {lang: _text(form, f"{name}.{lang}") for lang in LANGUAGES}
    timezone = _text(form, "timezone")
    data["timezone"] = timezone
    tz = zone(timezone)
    if tz is None:
        problems["timezone"] = Message(TIMEZONE)
    for name in DATES:
        text = _text(form, name)
        if not text:
            data[name] = None
            continue
        try:  # with an unknown timezone, the dates are still checked (in UTC) for what else is wrong
            data[name] = instant(text, tz or ZoneInfo("UTC"))
        except ValueError:
            problems[name] = DATE_TIME
    for name in TEXTS:
        data[name] = _text(form, name)
    for name in OPTIONAL_TEXTS:
        data[name] = _text(form, name) or None
    for name in LINES:
        data[name] = _lines(_text(form, name))
    venue = {part: _text(form, f"venue.{part}") for part in ("name", "address", "room")}
    data["venue"] = venue if any(venue.values()) else None
    data["modes"] = [m for m in _all(form, "modes")]
    data["moderated"] = bool(_text(form, "moderated"))
    for name in (*CAPACITIES, *DAYS):
        text = _text(form, name)
        try:
            data[name] = int(text) if text else None
        except ValueError:
            problems[name] = WHOLE_NUMBER
    if data["retention_days"] is None:
        data.pop("retention_days")  # the API's default (90 days)
    data["questions"] = [q for q in (_question(form, n) for n in range(rows(form, 0))) if q is not None]
    overrides = {kind: {"subject": _text(form, f"mail.{kind}.subject"), "body": _text(form, f"mail.{kind}.body")}
                 for kind in MAIL_KINDS}
    data["mail_overrides"] = {kind: wording for kind, wording in overrides.items() if wording["subject"]
                              or wording["body"]}
    return {k: v for k, v in data.items() if k not in problems}, problems


def form_values(event: Event) -> dict[str, Any]:
    """An event as the form shows it (the inverse of event_data)."""
    values: dict[str, Any] = {"event_id": event.event_id, "language": event.language, "timezone": event.timezone}
    for name in ("title", "description"):
        texts = getattr(event, name)
        values.update({f"{name}.{lang}": texts.get(lang, "") for lang in LANGUAGES})
    for name in DATES:
        values[name] = local_input(getattr(event, name), event.timezone)
    for name in (*TEXTS, *OPTIONAL_TEXTS):
        values[name] = getattr(event, name) or ""
    for name in LINES:
        values[name] = "\n".join(getattr(event, name))
    if event.venue:
        values.update({f"venue.{part}": getattr(event.venue, part) for part in ("name", "address", "room")})
    values["modes"] = [m.value for m in event.modes]
    values["moderated"] = "on" if event.moderated else ""
    for name in (*CAPACITIES, *DAYS):
        number = getattr(event, name)
        values[name] = "" if number is None else str(number)
    for n, question in enumerate(event.questions):
        prefix = f"questions.{n}."
        values.update({prefix + "question_id": question.question_id, prefix + "kind": question.kind.value,
                       prefix + "required": "on" if question.required else "",
                       prefix + "options": "\n".join(question.options)})
        values.update({f"{prefix}label.{lang}": question.label.get(lang, "") for lang in LANGUAGES})
    for kind, override in event.mail_overrides.items():
        values[f"mail.{kind}.subject"], values[f"mail.{kind}.body"] = override.subject, override.body
    values["rows"] = str(rows({}, len(event.questions)))
    return values


def typed_values(form: Mapping[str, Any]) -> dict[str, Any]:
    """What the organiser typed, to show the form again: text as typed, repeated fields (modes) as lists."""
    values: dict[str, Any] = {name: value for name, value in form.items() if isinstance(value, str)}
    values["modes"] = _all(form, "modes")
    values["rows"] = str(rows(form, filled_rows(form)))
    return values


def filled_rows(form: Mapping[str, Any]) -> int:
    """How many question rows, counted up to the last one with something in it."""
    filled = [n for n in range(MAX_ROWS) if _question(form, n) is not None]
    return filled[-1] + 1 if filled else 0


MODES = tuple(mode.value for mode in AttendanceMode)
