"""What a form's inputs say about their fields (maxlength, required), read from the model that validates the
form: one source of truth, so a page never lets through what the model refuses, or the other way round."""

from __future__ import annotations

from annotated_types import MaxLen
from pydantic import BaseModel


def max_lengths(model: type[BaseModel]) -> dict[str, int]:
    """Each field's most characters (or items), where its type sets a maximum."""
    return {name: limit.max_length for name, field in model.model_fields.items()
            for limit in field.metadata if isinstance(limit, MaxLen)}


def required_fields(model: type[BaseModel]) -> frozenset[str]:
    """The fields without a default: a form must fill them in."""
    return frozenset(name for name, field in model.model_fields.items() if field.is_required())
