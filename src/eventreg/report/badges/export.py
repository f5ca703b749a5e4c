"""The badge PDF as an attendee-list export: the "badges" preset's rows (scoped, filtered and read page by page
as every export is) become badges on the chosen sheet, in the event's language."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from eventreg.links import checkin_code
from eventreg.locale.catalog import N_, labelled, words
from eventreg.locale.names import ROLES
from eventreg.report.attendees.columns import Value
from eventreg.report.attendees.listing import AttendeeList
from eventreg.report.badges.sheets import SHEETS
from eventreg.report.ports import Upload

CONTENT_TYPE = "application/pdf"
PRESET = "badges"  # the list a badge export reads: confirmed, in person; name, organisation, country, role
DOCUMENT_TITLE = N_("Badges")


def write_badges(listing: AttendeeList, rows: Iterable[list[Value]], upload: Upload, sheet: str) -> None:
    from eventreg.report.badges.pdf import Badge, render  # fpdf2 and segno: only a badge export loads them

    event = listing.event
    language = event.language
    _ = words(language)
    keys = [column.key for column in listing.columns]

    def badges() -> Iterator[Badge]:
        for row in rows:
            cell = dict(zip(keys, row, strict=True))
            role = str(cell.get("role") or "participant")
            yield Badge(name=str(cell["name"]), organisation=str(cell["organisation"]),
                        country=str(cell["country_name"]), role=role, role_label=_(ROLES[role]),
                        code=checkin_code(event.event_id, str(cell["reference"])))

    title = event.title_in(language)
    upload.write(render(badges(), SHEETS[sheet], title, language, labelled(_(DOCUMENT_TITLE), title, language)))
