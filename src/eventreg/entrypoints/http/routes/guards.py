"""What guards an organisers' route (`for_organisers`), built once per blueprint on that blueprint."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from chalice import Blueprint

from eventreg.auth import organisers_only
from eventreg.entrypoints.http.office import activity, chrome

if TYPE_CHECKING:
    from eventreg.entrypoints.bootstrap.registration import Registration

F = TypeVar("F", bound=Callable[..., Any])


def organisers_guard(bp: Blueprint, wired: Registration) -> Callable[[F], F]:
    """`for_organisers`: wraps an organisers' route of `bp` (identified, recorded, errors as pages)."""
    identified = organisers_only(bp)
    recorded = activity.recorded(bp, lambda: wired.activity)
    as_pages = chrome.html_errors(bp)

    def for_organisers(view: F) -> F:
        """An organisers' route: the caller identified first, then each change it makes recorded on the event;
        a browser gets its errors as back-office pages."""
        return as_pages(identified(recorded(view)))

    return for_organisers
