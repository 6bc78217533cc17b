"""What the table parser hands on: each cell's value, where it was printed, how it was read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.tables.cells import Cell
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


@dataclass
class ParsedTables:
    template: TemplateGuess
    regions: Regions
    cells: dict[str, ParsedCell] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    other_rows: tuple[str, ...] = ()

    def fields(self) -> dict[str, int | float | None]:
        return {k: c.value for k, c in self.cells.items()}


def parsed_cell(key: str, cell: Cell | None, conf: float, how: str, header_unit: str | None) -> ParsedCell:
    if cell is None:
        return ParsedCell(key, None, None, None, None, None, conf, how)
    return ParsedCell(key, cell.value, cell.start, cell.end, cell.raw, cell.unit or header_unit, conf, how)
