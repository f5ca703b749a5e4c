"""The base of every pydantic model of eventreg: validators are built when a model is first used, not when
its module is imported.

pydantic builds a model's core schema and validator at class creation by default: ~100-140 ms for the
event and registration models together, paid on every cold start by every function, most of which never
validate some of them (notifications renders no form; reports takes no registration; nothing but the
manage page reads a ChangeRequest). With `defer_build` the first `model_validate` (or instantiation, or
`model_json_schema`) of a model builds it, once per process. Fields (`model_fields`) are known at once.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class DomainModel(BaseModel):
    model_config = ConfigDict(defer_build=True)  # merged with each subclass's own model_config
