"""HTML form fields → the registration request's data (the JSON API takes that data directly)."""

from __future__ import annotations

from typing import Any

from eventreg.domain.events import Event, QuestionKind

TRUE = {"on", "true", "1", "yes"}
# Empty choices mean "not chosen": the model then says the field is required (not "invalid value").
CHOICES = ("organisation_type", "country", "attendance_mode", "preferred_language", "when_full")
CHECKBOXES = ("privacy_consent", "list_consent")
# Fields of the form that are not part of the request.
CONTROL = ("form_token", "lang")


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]


def _last(value: Any) -> Any:
    return value[-1] if isinstance(value, list) else value


def request_data(form: dict[str, Any], event: Event) -> dict[str, Any]:
    data: dict[str, Any] = {}
    answers: dict[str, Any] = {}
    kinds = {q.question_id: q.kind for q in event.questions}
    for name, value in form.items():
        if name in CONTROL:
            continue
        if name == "sessions":
            data["sessions"] = [s for s in _as_list(value) if s]
        elif name in CHECKBOXES:
            data[name] = str(_last(value)).lower() in TRUE
        elif name.startswith("answers."):
            question_id = name.removeprefix("answers.")
            kind = kinds.get(question_id)
            if kind is QuestionKind.MULTI:
                answers[question_id] = [v for v in _as_list(value) if v]
            elif kind is QuestionKind.CHECKBOX:
                answers[question_id] = str(_last(value)).lower() in TRUE
            else:
                answers[question_id] = _last(value)
        elif name in CHOICES and _last(value) in ("", None):
            continue
        else:
            data[name] = _last(value)
    for name in CHECKBOXES:
        data.setdefault(name, False)
    if answers:
        data["answers"] = answers
    return data


def form_values(form: dict[str, Any]) -> dict[str, Any]:
    """What the person typed, to show the form again: single values as text, repeated ones as lists."""
    return {k: v for k, v in form.items() if isinstance(v, (str, list)) and k not in CONTROL}
