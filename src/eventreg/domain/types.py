"""Value types shared by the domain: instants, ids, enums and validated text. Pure: no I/O."""

from __future__ import annotations

import math
import re
import secrets
import time
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, NamedTuple

from pydantic import AfterValidator, BeforeValidator, Field

from eventreg.domain.errors import N_, Message, ngettext
from eventreg.domain.field_errors import CHOOSE, DATE_TIME, DATE_TIME_EXAMPLE, REQUIRED, WHOLE_NUMBER
from eventreg.domain.ids import SLUG_PATTERN

# The one list of the languages pages, mails and reports are written in: the EU's 24 official languages, each with
# the CLDR locale its dates and numbers follow (a member state's; English in the British style of the EU
# institutions, Dutch and French as written in Brussels). Everything else per language - its own name, plural
# rule, catalog, country names, bundled Babel data - is derived from these codes (eventreg.locale.languages).
WRITTEN_IN = {
    "bg": "bg_BG", "cs": "cs_CZ", "da": "da_DK", "de": "de_DE", "el": "el_GR", "en": "en_GB", "es": "es_ES",
    "et": "et_EE", "fi": "fi_FI", "fr": "fr_BE", "ga": "ga_IE", "hr": "hr_HR", "hu": "hu_HU", "it": "it_IT",
    "lt": "lt_LT", "lv": "lv_LV", "mt": "mt_MT", "nl": "nl_BE", "pl": "pl_PL", "pt": "pt_PT", "ro": "ro_RO",
    "sk": "sk_SK", "sl": "sl_SI", "sv": "sv_SE",
}
LANGUAGES = tuple(WRITTEN_IN)  # by ISO 639-1 code


FIRST_YEAR, LAST_YEAR = 2000, 2100  # instants outside these years are typing mistakes (or probes)
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _iso_text(value: object) -> object:
    """An instant is written as ISO 8601 text (or given as a datetime by the code itself): never a number,
    which pydantic would take for seconds since 1970."""
    if isinstance(value, datetime) or (isinstance(value, str) and _ISO_DATETIME.match(value.strip())):
        return value
    raise ValueError(Message(DATE_TIME, example=DATE_TIME_EXAMPLE))


def utc_second(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError(Message(DATE_TIME, example=DATE_TIME_EXAMPLE))
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(Message(N_("Enter a year between %(first)s and %(last)s."), first=FIRST_YEAR, last=LAST_YEAR))
    return value.astimezone(UTC).replace(microsecond=0)


UtcInstant = Annotated[datetime, BeforeValidator(_iso_text), AfterValidator(utc_second)]


def _whole_number(value: object) -> object:
    """A count as organisers send it: a JSON integer (2.0 too), never true/false or text."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(Message(WHOLE_NUMBER))
    if isinstance(value, float | Decimal) and (not math.isfinite(value) or value != int(value)):
        raise ValueError(Message(WHOLE_NUMBER))
    return int(value) if isinstance(value, float | Decimal) else value


MAX_CAPACITY = 1_000_000
# Places, seats, days: a whole number, checked for its range by each field (Field(ge=..., le=...)).
WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
Capacity = Annotated[WholeNumber, Field(ge=0, le=MAX_CAPACITY)]
Flag = Annotated[bool, Field(strict=True)]  # true or false, not "yes" or 1
# Who an organiser is: the subject of their token (a Cognito user id, or a name such as org-vvsg locally).
OrganiserId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9@._:-]{0,127}$")]


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def iso(value: datetime) -> str:
    """The stored form of an instant: fixed width, so strings compare like instants in conditions."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_id() -> str:
    """A time-ordered, unguessable id (ULID layout: 48-bit milliseconds + 80 random bits)."""
    value = (time.time_ns() // 1_000_000) << 80 | secrets.randbits(80)
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


class AttendanceMode(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"


def _each_once(value: list[AttendanceMode]) -> list[AttendanceMode]:
    if len(set(value)) != len(value):
        raise ValueError(Message(N_("Name each attendance mode once.")))
    return value


# In person, online or both (an empty list is refused by the models: "held in person, online or both").
Modes = Annotated[list[AttendanceMode], Field(max_length=2), AfterValidator(_each_once)]


class EventStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    FINISHED = "finished"
    CANCELLED = "cancelled"


class RegistrationStatus(StrEnum):
    CONFIRMED = "confirmed"
    PENDING = "pending"  # moderated events: holds a place until an organiser approves or rejects
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"
    CANCELLED = "cancelled"

    @property
    def holds_place(self) -> bool:
        return self in (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING)

    @property
    def live(self) -> bool:
        return self in (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED)


class AttendanceRole(StrEnum):
    """What a person is at the event, as their badge shows it (#15); organisers set it, everyone starts as a
    participant."""

    PARTICIPANT = "participant"
    SPEAKER = "speaker"
    ORGANISER = "organiser"
    PRESS = "press"
    PARTNER = "partner"


class OrganisationType(StrEnum):
    CITY = "city"
    REGION = "region"
    NATIONAL_ADMINISTRATION = "national_administration"
    EU_INSTITUTION = "eu_institution"
    NGO = "ngo"
    BUSINESS = "business"
    ACADEMIA = "academia"
    CITIZEN = "citizen"
    OTHER = "other"


class WhenFull(StrEnum):
    """What a registrant wants when their place is full."""

    WAITLIST = "waitlist"  # join the FIFO waiting list
    ONLINE = "online"  # attend online instead (hybrid events whose hall is full)
    REFUSE = "refuse"  # register only if there is a place now


CONTROL_CHARACTERS = N_("Remove the control characters (invisible characters) from this text.")
INVALID_EMAIL = N_("Enter an email address, such as name@example.eu.")  # the @ shown: what is usually missing


def _plain_text(value: str) -> str:
    """Free text is kept as typed (escaped wherever shown) but never carries control characters."""
    if any(unicodedata.category(c) in ("Cc", "Cf") and c not in "\n\t" for c in value):
        raise ValueError(Message(CONTROL_CHARACTERS))
    return value


def is_plain_text(value: str) -> bool:
    try:
        _plain_text(value)
    except ValueError:
        return False
    return True


def _single_line(value: str) -> str:
    if "\n" in value or "\t" in value:
        raise ValueError(Message(N_("Write this on a single line.")))
    return value


def _mailable_address(value: str) -> str:
    """An address SES can deliver to: no display name, an ASCII mailbox; an internationalised domain
    is kept in its ASCII (punycode) form, which is what goes on the envelope and in the To header."""
    if not value.strip():  # email_validator would say it "must have an @-sign": true, but not the problem
        raise ValueError(Message(N_("Enter your email address.")))
    # Lazy (cold start): email_validator compiles its RFC grammar's patterns and loads idna on import (~30-60 ms),
    # and most requests validate no address (pages, stream records, reads).
    from email_validator import EmailNotValidError, validate_email

    try:
        checked = validate_email(value, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        raise ValueError(Message(INVALID_EMAIL)) from None
    return str(checked.ascii_email or checked.normalized)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError(Message(REQUIRED))  # only spaces: nothing filled in
    return value


NonBlank = Annotated[
    str, Field(min_length=1, max_length=200), AfterValidator(_plain_text), AfterValidator(_single_line),
    AfterValidator(_not_blank),
]
ShortText = Annotated[str, Field(max_length=200), AfterValidator(_plain_text), AfterValidator(_single_line)]
MAX_LONG_TEXT = 2000  # characters: needs, remarks, a text answer
LongText = Annotated[str, Field(max_length=MAX_LONG_TEXT), AfterValidator(_plain_text)]
MailAddress = Annotated[str, Field(max_length=254), AfterValidator(_mailable_address)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]


def _known_language(value: str) -> str:
    if value not in LANGUAGES:
        raise ValueError(Message(CHOOSE))
    return value


Language = Annotated[str, AfterValidator(_known_language)]


def _localized(value: object) -> object:
    """A plain string is English, unless the event supplies its own language first (Event does, and so
    do organisers' session edits)."""
    if isinstance(value, str):
        return {"en": value} if value else {}
    return value


def _languages_known(value: dict[str, str]) -> dict[str, str]:
    for language, text in value.items():
        if language not in LANGUAGES:
            raise ValueError(Message(N_("Unknown language: %(language)s."), language=language))
        _plain_text(text)
    return value


def _texts(max_length: int, single_line: bool) -> AfterValidator:
    """Each language's text trimmed and within the limits; a language without text is left out, so a
    page falls back to another language rather than show an empty heading."""

    def check(value: dict[str, str]) -> dict[str, str]:
        kept: dict[str, str] = {}
        for language, text in value.items():
            text = text.strip()
            if len(text) > max_length:
                raise ValueError(ngettext("The text (%(language)s) is longer than %(num)s character.",
                                          "The text (%(language)s) is longer than %(num)s characters.",
                                          max_length, language=language))
            if single_line:
                _single_line(text)
            if text:
                kept[language] = text
        return kept

    return AfterValidator(check)


def _some_text(value: dict[str, str]) -> dict[str, str]:
    if not value:
        raise ValueError(Message(N_("Give a text in at least one language.")))
    return value


_Texts = Annotated[dict[str, str], BeforeValidator(_localized), AfterValidator(_languages_known)]
# Text in several languages: {"en": "...", "fr": "..."}; shown in the reader's language, falling back
# to the event's default language, then to any language it has.
LocalizedText = Annotated[_Texts, _texts(5000, single_line=False)]
# A heading or label (an event's, a session's, a document's title, a question): one line, never empty.
LocalizedTitle = Annotated[_Texts, _texts(300, single_line=True), AfterValidator(_some_text)]


class Localized(NamedTuple):
    """An organiser's text as shown to a reader, with the language it is actually in (a fallback may differ
    from the reader's): pages mark such a text with its own `lang` and say that it is not translated."""

    text: str
    language: str


def localized(texts: dict[str, str], language: str, default: str) -> Localized:
    """The text in `language`, else in the default language, else in any language it has."""
    for code in (language, default, *texts):
        if texts.get(code):
            return Localized(texts[code], code)
    return Localized("", language)


def localize(texts: dict[str, str], language: str, default: str) -> str:
    return localized(texts, language, default).text


def fallback_languages(texts: Iterable[dict[str, str]], language: str, default: str) -> list[str]:
    """The languages other than `language` that some of `texts` are shown in, in the order first met."""
    shown = (localized(t, language, default) for t in texts)
    return list(dict.fromkeys(s.language for s in shown if s.text and s.language != language))
