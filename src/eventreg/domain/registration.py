"""Registration rules, pure: validate a request against the event's programme and plan what one
transaction must write. The storage adapter writes the plan atomically under conditions that hold the
same rules; when a condition fails, the service re-plans from what the adapter read back."""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from eventreg.domain.errors import (
    N_,
    DomainError,
    EventFull,
    Instant,
    Message,
    ModeNotOffered,
    Named,
    RegistrationClosed,
    RegistrationNotOpen,
    ValidationFailed,
    ngettext,
)
from eventreg.domain.events import Event, Question, QuestionKind, Session
from eventreg.domain.registrations import (
    Answer,
    Person,
    Registration,
    RegistrationRequest,
)
from eventreg.domain.types import (
    CONTROL_CHARACTERS,
    MAX_LONG_TEXT,
    AttendanceMode,
    EventStatus,
    RegistrationStatus,
    WhenFull,
    is_plain_text,
    new_id,
)


def normalise_email(email: str) -> str:
    """The uniqueness key for a person: NFKC, trimmed, lower-cased (domains are case-insensitive and
    in practice so are mailboxes)."""
    return unicodedata.normalize("NFKC", email).strip().lower()


# DynamoDB takes at most 100 items per transaction; one is kept for the idempotency record.
MAX_TRANSACTION_ITEMS = 99


# -- the window -------------------------------------------------------------------------------------
def rejection(event: Event, now: datetime, mode: AttendanceMode | None = None) -> DomainError | None:
    """Why `event` refuses registrations (in `mode`, if given) at `now` for reasons other than
    capacity, or None. The same rule is the transaction's condition in the storage adapter."""
    if event.status not in (EventStatus.OPEN, EventStatus.DRAFT):
        return closed(event, now)
    if event.status is EventStatus.DRAFT or now < event.registration_opens_at:
        opens = event.registration_opens_at.astimezone(event.tz).isoformat()
        return RegistrationNotOpen(
            N_("Registration opens on %(opens_at)s."),
            instants={"opens_at": Instant(event.registration_opens_at, event.timezone, event.language)},
            opens_at=opens,
            opens_at_display=opens,  # written out in the event's language where the error is shown
            timezone=event.timezone,
        )
    if now >= event.registration_closes_at:
        return closed(event, now)
    return None if mode is None else _mode_refusal(event, mode)


def _mode_refusal(event: Event, mode: AttendanceMode) -> DomainError | None:
    if mode not in event.modes:
        return ModeNotOffered(
            Message(N_("This event does not offer that attendance mode.")),
            fields={"attendance_mode": Message(N_("Choose one of: %(modes)s."),
                                                       modes=", ".join(m.value for m in event.modes))},
        )
    return None


def hand_rejection(event: Event, mode: AttendanceMode) -> DomainError | None:
    """Why organisers cannot add a registration by hand: the registration window does not bind them (they
    may add after the cutoff or before the opening), but the event must be published and not over (open or
    closed; a draft, finished or cancelled event takes nobody) and offer the mode. Capacity still holds: a
    full place puts the person on the waiting list, as the public form would. The transaction's condition
    in the storage adapter holds the same rule."""
    if event.status not in (EventStatus.OPEN, EventStatus.CLOSED):
        return NotAddable(Message(N_("People can be added by hand only while the event is open or closed "
                                     "(status: %(status)s)."), status=Named("event_status", event.status.value)))
    return _mode_refusal(event, mode)


class NotAddable(DomainError):
    code = "registration_not_addable"
    status = 409


def closed(event: Event, now: datetime) -> RegistrationClosed:
    closes = event.registration_closes_at.astimezone(event.tz).isoformat()
    if now < event.registration_closes_at:  # closed by its organisers before the deadline: no date to name
        return RegistrationClosed(Message(N_("Registration is closed.")), closes_at=closes, timezone=event.timezone)
    return RegistrationClosed(
        N_("Registration closed on %(closes_at)s."),
        instants={"closes_at": Instant(event.registration_closes_at, event.timezone, event.language)},
        closes_at=closes,
        closes_at_display=closes,  # written out in the event's language where the error is shown
        timezone=event.timezone,
    )


# -- validation against the programme ---------------------------------------------------------------
def check_sessions(
    sessions: dict[str, Session], chosen: list[str], mode: AttendanceMode, language: str = "en"
) -> None:
    """Chosen sessions exist, are held in the chosen mode and do not overlap (naming both)."""
    unknown = [s for s in chosen if s not in sessions]
    if unknown:
        raise ValidationFailed(Message(N_("Unknown session.")),
                               fields={"sessions": Message(N_("No such session: %(ids)s."), ids=", ".join(unknown))})
    for session_id in chosen:
        if mode not in sessions[session_id].modes:
            title = sessions[session_id].title_in(language)
            raise ValidationFailed(
                Message(N_("That session is not held in your attendance mode.")),
                fields={"sessions": Message(N_("“%(title)s” is not held for this attendance mode: %(mode)s."),
                                            title=title, mode=Named("mode", mode.value))},
            )
    picked = sorted((sessions[s] for s in chosen), key=lambda s: s.starts_at)
    for first, second in itertools.pairwise(picked):
        if first.overlaps(second):
            a, b = first.title_in(language), second.title_in(language)
            raise ValidationFailed(
                Message(N_("Two of your sessions take place at the same time.")),
                fields={"sessions": Message(N_("“%(a)s” and “%(b)s” overlap: choose one of them."), a=a, b=b)},
                overlapping=[first.session_id, second.session_id],
            )


def check_answers(questions: list[Question], answers: dict[str, Answer], language: str) -> dict[str, Answer]:
    """Answers fit the organiser's questions: required ones given, choices among the options."""
    known = {q.question_id: q for q in questions}
    problems: dict[str, str] = {}
    for key in answers:
        if key not in known:
            problems[f"answers.{key}"] = Message(N_("Unknown question."))
    clean: dict[str, Answer] = {}
    for question in questions:
        value = answers.get(question.question_id)
        name = f"answers.{question.question_id}"
        empty = value is None or value == "" or value == [] or value is False
        if empty:
            if question.required:
                problems[name] = Message(N_("This question is required."))
            if question.kind is QuestionKind.CHECKBOX:
                clean[question.question_id] = False
            continue
        if question.kind is QuestionKind.CHECKBOX and not isinstance(value, bool):
            problems[name] = Message(N_("Answer yes or no."))
        elif question.kind is QuestionKind.TEXT and (not isinstance(value, str) or len(value) > MAX_LONG_TEXT):
            problems[name] = ngettext("Answer in at most %(num)s character.", "Answer in at most %(num)s characters.",
                                      MAX_LONG_TEXT)
        elif question.kind is QuestionKind.TEXT and isinstance(value, str) and not is_plain_text(value):  # as names
            problems[name] = Message(CONTROL_CHARACTERS)
        elif question.kind is QuestionKind.SINGLE and (not isinstance(value, str) or value not in question.options):
            problems[name] = Message(N_("Choose one of the options."))
        elif question.kind is QuestionKind.MULTI:
            values = [value] if isinstance(value, str) else value
            if not isinstance(values, list) or not all(isinstance(v, str) and v in question.options for v in values):
                problems[name] = Message(N_("Choose among the options."))
            else:
                value = values
        if name not in problems and value is not None:
            clean[question.question_id] = value
    if problems:
        raise ValidationFailed(Message(N_("Some answers need your attention.")), fields=problems)
    return clean


# -- planning ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Fullness:
    """Modes and sessions without enough places for this registration: a guess from the cached
    programme, or `known` from what a refused write read back."""

    modes: frozenset[AttendanceMode] = frozenset()
    sessions: frozenset[str] = frozenset()
    known: bool = True  # False: only guessed from the cached programme


@dataclass
class Plan:
    """Everything one registration transaction writes (one person, or a whole delegation)."""

    event: Event
    registrations: list[Registration]
    mode: AttendanceMode
    waitlisted: bool  # the whole registration waits for a place in the event
    seated_sessions: list[str] = field(default_factory=list)
    waiting_sessions: list[str] = field(default_factory=list)
    session_capacities: dict[str, int | None] = field(default_factory=dict)  # as planned with
    by_hand: bool = False  # added by an organiser: the window does not bind it (hand_rejection)

    @property
    def size(self) -> int:
        return len(self.registrations)

    @property
    def items(self) -> int:
        """Items its transaction writes: the event and each session, then per person the registration,
        its email guard and one waiting-list entry per list it joins."""
        waits = (1 if self.waitlisted else 0) + len(self.waiting_sessions)
        return 1 + len(self.seated_sessions) + len(self.waiting_sessions) + self.size * (2 + waits)


def plan_registration(
    event: Event,
    sessions: dict[str, Session],
    request: RegistrationRequest,
    now: datetime,
    fullness: Fullness = Fullness(),
    members: list[Person] | None = None,
    by_hand: bool = False,
) -> Plan:
    """Decide status, mode and seats for a registration (and its delegation's members, if any); `by_hand`:
    an organiser adds it, outside the registration window if need be (hand_rejection)."""
    people: list[Person] = [request, *(members or [])]
    mode = request.attendance_mode
    problem = hand_rejection(event, mode) if by_hand else rejection(event, now, mode)
    if problem is not None:
        raise problem
    check_sessions(sessions, request.sessions, mode, event.language)
    answers = check_answers(event.questions, request.answers, event.language)
    emails = [normalise_email(p.email) for p in people]
    if len(set(emails)) != len(emails):
        raise ValidationFailed(Message(N_("Each member of a delegation needs their own email address.")),
                               fields={"members": Message(N_("Two members have the same email address."))})

    waitlisted = False
    # A guess may only put someone on a waiting list (the write checks the place is still full); going
    # online instead or being refused needs fullness known from the table itself.
    if mode in fullness.modes and (fullness.known or request.when_full is WhenFull.WAITLIST):
        online_free = AttendanceMode.ONLINE in event.modes and AttendanceMode.ONLINE not in fullness.modes
        # Online instead only if every chosen session is held online too; otherwise the waiting list.
        sessions_online = all(AttendanceMode.ONLINE in sessions[s].modes for s in request.sessions)
        if request.when_full is WhenFull.ONLINE and mode is AttendanceMode.IN_PERSON and online_free \
                and sessions_online:
            online = request.model_copy(update={"attendance_mode": AttendanceMode.ONLINE})
            return plan_registration(event, sessions, online, now, fullness, members, by_hand)
        if request.when_full is WhenFull.REFUSE:
            raise full_error(event, mode, len(people))
        waitlisted = True

    status = (
        RegistrationStatus.WAITLISTED if waitlisted
        else RegistrationStatus.PENDING if event.moderated
        else RegistrationStatus.CONFIRMED
    )
    seated = [] if waitlisted else [s for s in request.sessions if s not in fullness.sessions]
    waiting = [] if waitlisted else [s for s in request.sessions if s in fullness.sessions]
    delegation_id = new_id() if members else None
    registrations = [
        Registration(
            registration_id=new_id(),
            event_id=event.event_id,
            name=person.name,
            email=person.email,
            email_norm=email_norm,
            organisation=request.organisation,
            organisation_type=request.organisation_type,
            country=request.country,
            job_title=person.job_title,
            attendance_mode=mode,
            sessions=seated if not waitlisted else [],
            waitlisted_sessions=waiting if not waitlisted else list(request.sessions),
            preferred_language=person.preferred_language or event.language,
            accessibility_needs=person.accessibility_needs,
            dietary_needs=person.dietary_needs if mode is AttendanceMode.IN_PERSON else "",
            list_consent=person.list_consent,  # each person's own, never the lead's for a member
            answers=answers,
            status=status,
            delegation_id=delegation_id,
            delegation_lead=bool(members) and index == 0,
            created_at=now,
        )
        for index, (person, email_norm) in enumerate(zip(people, emails, strict=True))
    ]
    capacities = {s: sessions[s].capacity for s in seated + waiting}
    plan = Plan(event, registrations, mode, waitlisted, seated, waiting, capacities, by_hand)
    if plan.items > MAX_TRANSACTION_ITEMS:
        raise ValidationFailed(
            Message(N_("Too many people and sessions for one registration: register the delegation in smaller "
                       "groups or with fewer sessions.")),
            fields={"members": Message(N_("At most %(items)s places and sessions in all."),
                                       items=MAX_TRANSACTION_ITEMS)},
        )
    return plan


def full_error(event: Event, mode: AttendanceMode, size: int = 1) -> EventFull:
    alternatives: dict[str, Any] = {"waitlist": True}
    online_places = event.places(AttendanceMode.ONLINE)
    if mode is AttendanceMode.IN_PERSON and AttendanceMode.ONLINE in event.modes and (
        online_places is None or online_places >= size
    ):
        alternatives["online"] = True
    what = "The hall is full." if mode is AttendanceMode.IN_PERSON else "There are no places left."
    return EventFull(what, alternatives=alternatives)


def fullness_of(event: Event, sessions: dict[str, Session], request: RegistrationRequest, size: int = 1) -> Fullness:
    """What the (possibly cached) programme says is full for this request. Only a first guess: the
    transaction checks it either way (room to take a seat, no room to join a waiting list)."""
    modes = {mode for mode in event.modes if (places := event.places(mode)) is not None and places < size}
    full = {s for s in request.sessions if s in sessions and (places := sessions[s].places) is not None
            and places < size}
    return Fullness(frozenset(modes), frozenset(full), known=False)


def learn(event: Event, sessions: dict[str, Session], plan: Plan, known: Fullness) -> Fullness:
    """From the fresh event and sessions read back after a refused attempt: what is full for this plan
    now. Places can also have freed up since the guess, so what is no longer full is dropped."""
    modes = set(known.modes)
    places = event.places(plan.mode)
    if places is not None and places < plan.size:
        modes.add(plan.mode)
    else:
        modes.discard(plan.mode)
    full_sessions = set(known.sessions)
    for session_id in plan.seated_sessions + plan.waiting_sessions:
        session = sessions.get(session_id)
        if session is None:
            continue
        if session.places is not None and session.places < plan.size:
            full_sessions.add(session_id)
        else:
            full_sessions.discard(session_id)
    return Fullness(frozenset(modes), frozenset(full_sessions), known=True)
