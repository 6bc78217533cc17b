"""What the table parser hands on: each cell's value, where it was printed, how it was read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.tables.cells import Cell, Reading
from extractor.tables.regions import Regions, TemplateGuess

# A unit printed in a column header: 本年收费金额（单位：万元）, 采购总金额（万元）.
HEADER_UNIT = re.compile(r"\((?:单位\s*:\s*)?(万元|元)[^()]*\)")


@dataclass
class ParsedCell:
    key: str
    value: int | float | None
    start: int | None
    end: int | None
    raw: str | None
    unit: str | None
    confidence: float
    how: str
    grid: tuple[int, int, int] | None = None  # (table, row, column) in Document.tables, for a cell read from a grid
    # The values this cell takes in the other readings of its row that the identities allow as well (glued
    # digits): index i of every cell of the row is one reading. Empty when the reading was not left open.
    alternatives: tuple[int | float | None, ...] = ()
    evidence: str | None = None  # what decided between those readings, when not the identities or a prior
    # The way of reading whose calibrated confidence the cell gets (tables/confidence.py FAMILIES), whether that
    # reading was the only one its printed characters allow, and whether the identities pin the cell down
    # (set with `confidence` by tables/confidence.settle once the tables are read).
    family: str = ""
    unique: bool = False
    pinned: bool = False
    # Cells placed together (a table rebuilt from a dump): an identity failing anywhere among them says the
    # placement may be wrong, so none of them is pinned. Empty: the cell stands alone.
    placed_with: str = ""


@dataclass
class OpenRow:
    """A row whose printed characters have several readings the identities allow equally well."""

    table: str
    keys: tuple[str, ...]
    chosen: Reading
    others: list[Reading]  # distinct in value from `chosen` and from each other
    priors: list[float]  # log-prior of chosen, then of each of `others`
    decided_by: str  # the solver's: 'prior' or 'unsatisfiable'

    def readings(self) -> list[Reading]:
        return [self.chosen, *self.others]


@dataclass
class ParsedTables:
    template: TemplateGuess
    regions: Regions
    cells: dict[str, ParsedCell] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    other_rows: tuple[str, ...] = ()
    open_rows: list[OpenRow] = field(default_factory=list)

    def fields(self) -> dict[str, int | float | None]:
        return {k: c.value for k, c in self.cells.items()}


def parsed_cell(
    key: str, cell: Cell | None, how: str, header_unit: str | None, family: str, unique: bool = False,
    placed_with: str = "",
) -> ParsedCell:
    """A cell as read; its confidence is set once the whole table is known (tables/confidence.settle)."""
    how_read = {"family": family, "unique": unique, "placed_with": placed_with}
    if cell is None:
        return ParsedCell(key, None, None, None, None, None, 0.0, how, **how_read)
    return ParsedCell(key, cell.value, cell.start, cell.end, cell.raw, cell.unit or header_unit, 0.0, how, **how_read)
