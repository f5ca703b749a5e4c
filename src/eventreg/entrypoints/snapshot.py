"""Lambda SnapStart: what a cold environment's first requests would do is done once, before the snapshot.

With SnapStart (infra: the released functions' published versions, eventreg_infra.releases) Lambda runs a
version's init when the version is published, snapshots the memory, and resumes new execution environments
from that snapshot. The import is then paid at publish, not by a visitor. What the first requests would still
do is done here, in a before-snapshot hook: build pydantic's validators (models are `defer_build`), compile the
templates, read the catalogs and CLDR data of every offered language, load botocore's service models, and
import the modules that requests load lazily. A restored environment starts warm.

Nothing here talks to AWS: connections, credentials and cached secrets would be stale after a restore. The
service models are loaded through throwaway clients with placeholder credentials, so no credential is resolved
and the real clients (eventreg.adapters.clients) are still created, with the environment's credentials, on
first use. After a restore `random` is reseeded: every environment resumed from one snapshot would otherwise
draw the same retry jitter (eventreg.retry).

snapshot_restore_py (in Lambda's managed Python runtimes; not shipped, not needed locally) calls the hooks only
under SnapStart. Without it, `register` does nothing, and the first requests do this work as before.
"""

from __future__ import annotations

import gc
import importlib
import random
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eventreg.domain.base_model import DomainModel


def prepare(modules: Iterable[str] = (), clients: Iterable[str] = ()) -> dict[str, int]:
    """Import `modules`, build every loaded model's validator, compile every shipped template, read every
    offered language, load `clients`' service models; then hide it all from the cyclic collector as the app's
    own objects are (gc.freeze at the end of each app.py). Returns how many of each it did."""
    warmed = {"modules": len([importlib.import_module(name) for name in modules]), "models": _build_models(),
              "templates": _compile_templates(), "languages": _read_languages(),
              "clients": _load_service_models(clients)}
    gc.collect()
    gc.freeze()
    return warmed


def reseed() -> None:
    random.seed()  # from os.urandom: this environment's own jitter


def register(modules: Iterable[str] = (), clients: Iterable[str] = ()) -> bool:
    """Have Lambda run `prepare` before it snapshots this environment, and `reseed` after each restore.
    False where snapshot_restore_py is not installed (anywhere but Lambda's runtime)."""
    try:
        from snapshot_restore_py import (  # type: ignore[import-untyped]  # no stubs, no py.typed
            register_after_restore,
            register_before_snapshot,
        )
    except ImportError:
        return False
    register_before_snapshot(prepare, tuple(modules), tuple(clients))
    register_after_restore(reseed)
    return True


def _family(cls: type[DomainModel]) -> Iterator[type[DomainModel]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _family(sub)


def _build_models() -> int:
    from eventreg.domain.base_model import DomainModel

    built = 0
    for model in set(_family(DomainModel)):
        if not model.__pydantic_complete__:
            model.model_rebuild(force=True)
            built += 1
    return built


def _compile_templates() -> int:
    from eventreg.templates import environment, inline_hashes

    env = environment()
    names = env.list_templates()  # those this bundle ships (tools/package_service.py)
    for name in names:
        env.get_template(name)  # compiled into the environment's cache (auto_reload is off: kept)
    inline_hashes()  # the pages' CSP hashes, read from the sources
    return len(names)


def _read_languages() -> int:
    from eventreg.domain.types import LANGUAGES
    from eventreg.locale.catalog import translations
    from eventreg.locale.countries import country_names
    from eventreg.locale.dates import locale_of

    for language in LANGUAGES:
        translations(language)
        locale_of(language).date_formats  # noqa: B018  # Babel reads a locale's CLDR data on first access
        country_names(language)  # the language's own CLDR data (Babel keeps every locale it read)
    return len(LANGUAGES)


def _load_service_models(services: Iterable[str]) -> int:
    from eventreg.adapters.clients import load_service_model

    loaded = 0
    for service in services:
        load_service_model(service)
        loaded += 1
    return loaded
