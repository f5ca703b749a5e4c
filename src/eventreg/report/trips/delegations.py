"""Which delegations an event has, for the back-office's downloads page: each with its lead and how many
registrations it holds, so the organiser can open each delegation's trip report. One projected Query of the
event partition (only the fields named here), the same read the statistics make."""

from __future__ import annotations

from dataclasses import dataclass

from eventreg.ports import RegistrationStore

FIELDS = ("delegation_id", "delegation_lead", "name", "status")
_ENDED = ("cancelled", "rejected")  # no longer going: not counted among the members


@dataclass(frozen=True)
class Delegation:
    delegation_id: str
    lead: str  # the lead's name ("" once anonymised or if the lead left)
    members: int  # registrations still going (the lead included)


def delegations(repo: RegistrationStore, event_id: str) -> list[Delegation]:
    """The event's delegations, in the order they registered (registration ids are time-ordered)."""
    leads: dict[str, str] = {}
    members: dict[str, int] = {}
    for item in repo.registration_fields(event_id, FIELDS):
        delegation_id = str(item.get("delegation_id") or "")
        if not delegation_id:
            continue
        members.setdefault(delegation_id, 0)
        if item.get("status") not in _ENDED:
            members[delegation_id] += 1
        if item.get("delegation_lead"):
            leads[delegation_id] = str(item.get("name") or "")
    return [Delegation(d, leads.get(d, ""), n) for d, n in members.items()]
