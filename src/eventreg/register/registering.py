"""Registering: plan against the (cached) programme, write in one transaction, re-plan on refusal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventreg.domain.errors import N_, AlreadyRegistered, EventNotFound, Message, Unavailable, ValidationFailed
from eventreg.domain.idempotency import Idempotency, IdempotencyKeyReused
from eventreg.domain.models import DelegationRequest, Person, Registration, RegistrationRequest
from eventreg.domain.registration import (
    full_error,
    fullness_of,
    hand_rejection,
    learn,
    plan_registration,
    rejection,
)
from eventreg.ports import Store
from eventreg.programme import ProgrammeCache

MAX_ATTEMPTS = 5


class Registrar:
    def __init__(self, repo: Store, programmes: ProgrammeCache | None = None) -> None:
        self.repo = repo
        self.programmes = programmes or ProgrammeCache(repo)

    def register(
        self, event_id: str, request: RegistrationRequest, now: datetime, idempotency: Idempotency | None = None,
        by_hand: bool = False,
    ) -> Registration:
        """One registration; `by_hand`: an organiser adds it (see domain.registration.hand_rejection)."""
        return self._register(event_id, request, now, None, idempotency, by_hand)[0]

    def register_delegation(
        self, event_id: str, request: DelegationRequest, now: datetime, idempotency: Idempotency | None = None
    ) -> list[Registration]:
        """The lead and every member, all or nothing: one transaction for the whole delegation."""
        return self._register(event_id, request.lead, now, request.members, idempotency)

    def _register(
        self, event_id: str, request: RegistrationRequest, now: datetime, members: list[Person] | None,
        idempotency: Idempotency | None, by_hand: bool = False,
    ) -> list[Registration]:
        programme = self.programmes.get(event_id)
        # A first guess from the cached programme saves a refused write once places run out; the
        # transaction's conditions hold the truth either way (measured in bench/ewrc_burst.py).
        fullness = fullness_of(programme.event, programme.sessions, request, 1 + len(members or []))
        for _ in range(MAX_ATTEMPTS):
            plan = plan_registration(programme.event, programme.sessions, request, now, fullness, members, by_hand)
            refusal = self.repo.apply(plan, now, idempotency)
            if refusal is None:
                return plan.registrations
            if refusal.replay is not None and idempotency is not None:
                return self._replay(event_id, refusal.replay, idempotency)
            if refusal.event_missing:
                self.programmes.forget(event_id)
                raise EventNotFound(f"There is no event {event_id!r}.")
            if refusal.emails_taken:
                raise AlreadyRegistered(
                    Message(N_("This email address is already registered for this event.")),
                    fields={"email": Message(N_("Already registered for this event."))},
                    emails=refusal.emails_taken,
                )
            missing = [s for s, session in refusal.sessions.items() if session is None]
            if missing:
                self.programmes.forget(event_id)
                raise ValidationFailed(
                    "Unknown session.", fields={"sessions": f"No such session: {', '.join(missing)}."}
                )
            programme = self.programmes.put(programme.with_fresh(refusal.event, refusal.sessions))
            problem = hand_rejection(programme.event, plan.mode) if by_hand \
                else rejection(programme.event, now, plan.mode)
            if problem is not None:
                raise problem
            learned = learn(programme.event, programme.sessions, plan, fullness)
            if learned == fullness:
                # Refused, yet nothing we can see is full: the definition changed under us. Start afresh.
                self.programmes.forget(event_id)
                programme = self.programmes.get(event_id)
            fullness = learned
        if plan.mode in fullness.modes:
            raise full_error(programme.event, plan.mode, plan.size)
        raise Unavailable("The event is very busy right now; please try again in a moment.")

    def _replay(self, event_id: str, stored: dict[str, Any], idempotency: Idempotency) -> list[Registration]:
        """The same key again: the same registrations (as they are now), or 422 for another body."""
        if stored.get("fingerprint") != idempotency.fingerprint:
            raise IdempotencyKeyReused("This Idempotency-Key was used for a different request.")
        found = [self.repo.get_registration(event_id, rid) for rid in stored.get("registration_ids", [])]
        registrations = [r for r in found if r is not None]
        if not registrations:
            raise Unavailable("Please try again.")
        return registrations
