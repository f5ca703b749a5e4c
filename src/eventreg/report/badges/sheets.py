"""The paper badges are printed on, as data: a sheet is a page size and a grid of equal labels. A new label stock
is one more entry in SHEETS.

Duplex: each sheet's front page is followed by its back page, and a badge's back sits behind its front. A
portrait page printed two-sided flips on its long edge, so the back page's columns are mirrored (the badge in
the left column of the front lies behind the right column of the back); rows stay where they are.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LabelSheet:
    name: str
    page: tuple[float, float]  # width, height in mm (portrait)
    label: tuple[float, float]  # one badge's width, height in mm
    columns: int
    rows: int
    margin: tuple[float, float] = (0.0, 0.0)  # left, top of the first label, mm
    gap: tuple[float, float] = (0.0, 0.0)  # between labels across, down, mm

    def __post_init__(self) -> None:
        width = self.margin[0] + self.columns * self.label[0] + (self.columns - 1) * self.gap[0]
        height = self.margin[1] + self.rows * self.label[1] + (self.rows - 1) * self.gap[1]
        if width > self.page[0] + 1e-6 or height > self.page[1] + 1e-6:
            raise ValueError(f"the labels of sheet {self.name} do not fit its page")

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def front(self, slot: int) -> tuple[float, float]:
        """The top-left corner (mm) of label `slot` (0-based, row by row) on a front page."""
        row, column = divmod(slot, self.columns)
        return self._corner(row, column)

    def back(self, slot: int) -> tuple[float, float]:
        """Where label `slot`'s back goes on the back page: mirrored left to right (long-edge duplex), so it lies
        exactly behind its front whatever the margins."""
        x, y = self.front(slot)
        return self.page[0] - x - self.label[0], y

    def _corner(self, row: int, column: int) -> tuple[float, float]:
        return (self.margin[0] + column * (self.label[0] + self.gap[0]),
                self.margin[1] + row * (self.label[1] + self.gap[1]))


A6 = LabelSheet("a6", (105.0, 148.0), (105.0, 148.0), 1, 1)
# Two landscape badges on an A4 sheet, cut across the middle (A5 each).
A4_TWO = LabelSheet("a4-2", (210.0, 297.0), (210.0, 148.5), 1, 2)
SHEETS = {sheet.name: sheet for sheet in (A6, A4_TWO)}
DEFAULT_SHEET = A6.name
