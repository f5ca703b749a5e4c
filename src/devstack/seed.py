"""The demo event, after ../shared/seeds: the European Week of Regions and Cities in Brussels."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from eventreg.domain.models import (
    AttendanceMode,
    Event,
    EventStatus,
    Question,
    QuestionKind,
    Session,
    Venue,
    utc_now,
)

DEMO_EVENT_ID = "ewrc-demo"
DEMO_ORGANISER = "org-cor-regio"
DEMO_PARTNER = "org-vvsg"
PRIVACY_OFFICER = "privacy-officer-demo"  # in the privacy-officers group: may ask for erasures
CHECKIN_DEMO = "door-staff-demo"  # in the check-in group, listed by the week: checks people in there, nothing else
OTHER_EVENT_ID = "smart-villages-workshop"
OTHER_ORGANISER = "org-dg-agri"  # organises the other event only: the back-office's scoping is visible
BRUSSELS = ZoneInfo("Europe/Brussels")
IN_PERSON = [AttendanceMode.IN_PERSON]
HYBRID = [AttendanceMode.IN_PERSON, AttendanceMode.ONLINE]


def demo_event(now: datetime | None = None) -> tuple[Event, list[Session]]:
    """EWRC, Monday to Thursday about two months from now, registration open for a month."""
    now = now or utc_now()
    first = (now + timedelta(days=60)).astimezone(BRUSSELS).replace(hour=9, minute=0, second=0, microsecond=0)
    first += timedelta(days=(7 - first.weekday()) % 7)  # the Monday on or after

    def at(day: int, hour: int, minute: int = 0) -> datetime:
        return (first + timedelta(days=day)).replace(hour=hour, minute=minute)

    event = Event(
        event_id=DEMO_EVENT_ID,
        title={
            "en": "European Week of Regions and Cities",
            "nl": "Europese Week van Regio's en Steden",
            "fr": "Semaine européenne des régions et des villes",
            "de": "Europäische Woche der Regionen und Städte",
        },
        description={
            "en": "The annual four-day event during which cities and regions showcase their capacity to "
            "create growth and jobs, implement European Union cohesion policy, and prove the importance of "
            "the local and regional level for good European governance.",
            "nl": "Het jaarlijkse vierdaagse evenement waarop steden en regio's laten zien dat ze groei en banen "
            "kunnen creëren, het cohesiebeleid van de Europese Unie uitvoeren en het belang aantonen van het "
            "lokale en regionale niveau voor goed Europees bestuur.",
        },
        language="en",
        timezone="Europe/Brussels",
        starts_at=at(0, 14, 30),
        ends_at=at(3, 17, 0),
        venue=Venue(name="European Committee of the Regions", address="Rue Belliard 99-101, 1040 Brussels",
                    room="Jacques Delors building (JDE)"),
        online_url="https://example.eu/ewrc/live",
        organising_unit="European Committee of the Regions and DG REGIO",
        partners=["VVSG", "EUROCITIES", "OASC", "ENoLL"],
        topics=["Cohesion policy", "Digital transition", "Green transition"],
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=(now + timedelta(days=30)).astimezone(BRUSSELS).replace(
            hour=23, minute=59, second=59, microsecond=0),
        status=EventStatus.OPEN,
        modes=HYBRID,
        capacity_in_person=6000,
        capacity_online=None,
        questions=[
            Question(question_id="first-time", kind=QuestionKind.CHECKBOX,
                     label={"en": "This is my first European Week of Regions and Cities",
                            "nl": "Dit is mijn eerste Europese Week van Regio's en Steden"}),
            Question(question_id="interest", kind=QuestionKind.SINGLE, required=True,
                     label={"en": "Main interest", "nl": "Belangrijkste interesse"},
                     options=["Cohesion policy", "Digital transition", "Green transition", "Networking"]),
        ],
        organiser_ids=[DEMO_ORGANISER],
        checkin_staff=[CHECKIN_DEMO],
    )
    sessions = [
        Session(session_id="opening", title={"en": "Opening session: cohesion policy after 2027",
                                             "fr": "Séance d'ouverture : la politique de cohésion après 2027"},
                starts_at=at(0, 14, 30), ends_at=at(0, 16, 0), room="JDE 52", track="Cohesion",
                speakers=["Elisa Ferreira"], modes=HYBRID, capacity=350),
        Session(session_id="user-centric-label", title={"en": "A quality label for user-centric cities and regions"},
                starts_at=at(1, 9, 30), ends_at=at(1, 11, 0), room="JDE 63", track="Digital transition",
                speakers=["DG CONNECT"], modes=IN_PERSON, capacity=80),
        Session(session_id="open-data-lab", title={"en": "Open data lab: services citizens actually use"},
                starts_at=at(1, 10, 0), ends_at=at(1, 11, 30), room="JDE 70", track="Digital transition",
                speakers=["OASC"], modes=HYBRID, capacity=60),
        Session(session_id="connected-in-europe",
                title={"en": "#connectedinEurope: digitalisation and urban development",
                       "nl": "#connectedinEurope: digitalisering en stadsontwikkeling"},
                starts_at=at(1, 11, 30), ends_at=at(1, 13, 0), room="JDE 70", track="Digital transition",
                speakers=["VVSG", "EUROCITIES", "OASC", "ENoLL"], modes=HYBRID, capacity=120,
                partner_id=DEMO_PARTNER),
        Session(session_id="city-diplomacy", title={"en": "City diplomacy and international cooperation"},
                starts_at=at(2, 14, 30), ends_at=at(2, 16, 0), room="JDE 51", track="Governance",
                modes=HYBRID, capacity=100),
    ]
    return event, sessions


def other_event(now: datetime | None = None) -> tuple[Event, list[Session]]:
    """A one-day workshop of another organiser, in draft: what a second organiser sees, and the demo
    organiser does not."""
    now = now or utc_now()
    day = (now + timedelta(days=45)).astimezone(BRUSSELS).replace(hour=9, minute=30, second=0, microsecond=0)
    event = Event(
        event_id=OTHER_EVENT_ID,
        title={"en": "Smart villages: rural services that work", "fr": "Villages intelligents : des services ruraux "
               "qui fonctionnent"},
        description={"en": "A one-day workshop on digital services in rural areas, with the Rural Pact community."},
        language="en", timezone="Europe/Brussels",
        starts_at=day, ends_at=day.replace(hour=17),
        venue=Venue(name="Berlaymont", address="Rue de la Loi 200, 1049 Brussels", room="Schuman room"),
        organising_unit="DG AGRI, Unit B.1",
        registration_opens_at=now + timedelta(days=7),
        registration_closes_at=(day - timedelta(days=7)).replace(hour=23, minute=59),
        status=EventStatus.DRAFT, modes=IN_PERSON, capacity_in_person=60,
        organiser_ids=[OTHER_ORGANISER],
    )
    return event, []
