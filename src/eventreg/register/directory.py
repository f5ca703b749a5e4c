"""The participant directory on the ports: the reader's own registration decides whether they may look
(domain.directory.may_look), then one page of the listed registrations that match their filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventreg.domain.directory import PAGE_SIZE, SHOWN, Entry, Filters, entry, may_look
from eventreg.domain.registrations import Registration

if TYPE_CHECKING:  # the port names a type only: the public pages' import loads no more than before
    from eventreg.register.ports import DirectoryStore


@dataclass(frozen=True)
class Listing:
    entries: list[Entry]
    next_after: str | None  # the registration id the next page starts after; None: this is the last page


def listing(store: DirectoryStore, reader: Registration, filters: Filters, limit: int | None = None) -> Listing:
    """One page (PAGE_SIZE, unless `limit`) of who else takes part, read live: a cancelled, erased or anonymised
    person is not on it."""
    may_look(reader)
    rows, after = store.registrations_matching(reader.event_id, filters.conditions(), SHOWN, filters.after,
                                               limit or PAGE_SIZE)
    return Listing([entry(row) for row in rows], after)
