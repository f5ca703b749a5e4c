"""The demo event, after ../shared/seeds: the European Week of Regions and Cities in Brussels."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from eventreg.domain.models import AttendanceMode, Event, EventStatus, Session, Venue, utc_now

DEMO_EVENT_ID = "ewrc-demo"
DEMO_ORGANISER = "org-cor-regio"
BRUSSELS = ZoneInfo("Europe/Brussels")


def demo_event(now: datetime | None = None) -> tuple[Event, list[Session]]:
    """EWRC, Monday to Thursday about two months from now, registration open for a month."""
    now = now or utc_now()
    first = (now + timedelta(days=60)).astimezone(BRUSSELS).replace(hour=9, minute=0, second=0, microsecond=0)
    first += timedelta(days=(7 - first.weekday()) % 7)  # the Monday on or after

    def at(day: int, hour: int, minute: int = 0) -> datetime:
        return (first + timedelta(days=day)).replace(hour=hour, minute=minute)

    event = Event(
        event_id=DEMO_EVENT_ID,
        title="European Week of Regions and Cities",
        description=(
            "The annual four-day event during which cities and regions showcase their capacity to create "
            "growth and jobs, implement European Union cohesion policy, and prove the importance of the "
            "local and regional level for good European governance."
        ),
        language="en",
        timezone="Europe/Brussels",
        starts_at=at(0, 14, 30),
        ends_at=at(3, 17, 0),
        venue=Venue(name="European Committee of the Regions", address="Rue Belliard 99-101, 1040 Brussels",
                    room="Jacques Delors building (JDE)"),
        online_url="https://example.eu/ewrc/live",
        organising_unit="European Committee of the Regions and DG REGIO",
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=(now + timedelta(days=30)).astimezone(BRUSSELS).replace(
            hour=23, minute=59, second=59, microsecond=0),
        status=EventStatus.OPEN,
        capacity=6000,
        modes=[AttendanceMode.IN_PERSON, AttendanceMode.ONLINE],
        organiser_ids=[DEMO_ORGANISER],
    )
    sessions = [
        Session(session_id="opening", title="Opening session: cohesion policy after 2027", starts_at=at(0, 14, 30),
                ends_at=at(0, 16, 0), room="JDE 52", track="Cohesion", speakers=["Elisa Ferreira"], capacity=350),
        Session(session_id="user-centric-label", title="A quality label for user-centric cities and regions",
                starts_at=at(1, 9, 30), ends_at=at(1, 11, 0), room="JDE 63", track="Digital transition",
                speakers=["DG CONNECT"], capacity=80),
        Session(session_id="connected-in-europe", title="#connectedinEurope: digitalisation and urban development",
                starts_at=at(1, 11, 30), ends_at=at(1, 13, 0), room="JDE 70", track="Digital transition",
                speakers=["VVSG", "EUROCITIES", "OASC", "ENoLL"], capacity=120),
        Session(session_id="city-diplomacy", title="City diplomacy and international cooperation",
                starts_at=at(2, 14, 30), ends_at=at(2, 16, 0), room="JDE 51", track="Governance", capacity=100),
    ]
    return event, sessions
