"""The trip report as an editable Word document (python-docx, imported only here: it costs ~130 ms and
only this download needs it). The same sections as the HTML report; fields to complete are marked and
highlighted, with an empty paragraph to write in. Text goes in as text runs: nothing a name or a title
holds can become a field code or markup."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from eventreg.locale.languages import language_tag
from eventreg.report.trips.content import Block, Bullets, Paragraph, TripReport

if TYPE_CHECKING:
    from docx.document import Document

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def trip_docx(report: TripReport) -> bytes:
    import docx

    document = docx.Document()
    properties = document.core_properties
    properties.title = f"{report.title}: {report.event_title}"
    properties.language = language_tag(report.language)
    properties.author = "eventreg"
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.intro)
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in report.facts:
        cells = facts.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(value)
    for section in report.sections:
        document.add_heading(section.heading, level=1)
        for block in section.blocks:
            _block(document, block)
        _to_complete(document, f"{report.to_complete}: {section.hint}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _block(document: Document, block: Block) -> None:
    if isinstance(block, Paragraph):
        document.add_paragraph(block.text)
    elif isinstance(block, Bullets):
        for item in block.items:
            document.add_paragraph(item, style="List Bullet")
    else:
        document.add_paragraph().add_run(block.caption).bold = True
        table = document.add_table(rows=1, cols=len(block.headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
            cell.paragraphs[0].add_run(header).bold = True
        for row in block.rows:
            cells = table.add_row().cells
            for cell, lines in zip(cells, row, strict=True):
                cell.paragraphs[0].add_run(lines[0] if lines else "")
                for line in lines[1:]:
                    cell.add_paragraph(line)


def _to_complete(document: Document, label: str) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    run = document.add_paragraph().add_run(f"[{label}]")
    run.italic = True
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    document.add_paragraph()  # the space to write in
