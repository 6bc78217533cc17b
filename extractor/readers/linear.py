"""Document text built line by line, with the raw span of every table cell kept.

Shared by the HTML and Word readers: paragraphs become lines, a table row becomes one line of
tab-separated cells, and the `TableGrid`s point into the normalized text.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

from extractor.document import Document, GridCell, TableGrid
from extractor.normalize import normalize

RawSpan = tuple[int, int]


@dataclass
class _RawTable:
    rows: list[list[RawSpan]]
    start: int
    end: int


@dataclass
class LinearText:
    """Text built line by line; table rows are lines of tab-separated cells whose raw spans are kept."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    tables: list[_RawTable] = field(default_factory=list)

    def _emit(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)

    def add_line(self, line: str) -> None:
        """Add text as lines; blank lines are dropped (paragraph breaks carry no data)."""
        for part in line.split("\n"):
            part = part.strip()
            if part:
                self._emit(part + "\n")

    def add_table(self, rows: list[list[str]]) -> None:
        """Add one line per row; cells must already be single-line (see `collapse_cell`)."""
        rows = [row for row in rows if row]
        if not rows:
            return
        start = self.length
        spans: list[list[RawSpan]] = []
        for row in rows:
            row_spans: list[RawSpan] = []
            for i, cell in enumerate(row):
                if i:
                    self._emit("\t")
                row_spans.append((self.length, self.length + len(cell)))
                self._emit(cell)
            spans.append(row_spans)
            self._emit("\n")
        self.tables.append(_RawTable(spans, start, self.length - 1))

    def to_document(self, source: Path, encoding: str, fmt: str) -> Document:
        raw = "".join(self.parts)
        norm = normalize(raw)
        # Normalization only drops characters, so raw -> normalized positions are a bisect away.
        offsets = norm.offsets

        def to_norm(index: int) -> int:
            return bisect_left(offsets, index)

        tables = []
        for table in self.tables:
            rows = [
                [GridCell(norm.text[to_norm(s) : to_norm(e)], to_norm(s), to_norm(e)) for s, e in row]
                for row in table.rows
            ]
            tables.append(TableGrid(rows=rows, start=to_norm(table.start), end=to_norm(table.end)))
        return Document(
            source=source, text=norm.text, offsets=offsets, encoding=encoding, format=fmt, tables=tables
        )


def collapse_cell(text: str) -> str:
    """A cell becomes one line: any run of whitespace (newlines, tabs, ideographic spaces) is one space."""
    return " ".join(text.split())


def expand_grid(placed: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Expand rows of (text, rowspan, colspan) into a grid with every position a merged cell covers:
    its text down the rows it spans, empty cells across the further columns it spans.

    Cells are placed left to right in the first position not already taken by a rowspan from above.
    """
    n_rows = len(placed)
    grid: dict[tuple[int, int], str] = {}
    for r, cells in enumerate(placed):
        c = 0
        for text, rowspan, colspan in cells:
            while (r, c) in grid:
                c += 1
            for dr in range(min(rowspan, n_rows - r)):
                for dc in range(colspan):
                    # A row label repeats down its rowspan (each row is read on its own), but a
                    # cell spanning columns is written once: repeating 173.58万元 into the next
                    # column would read as a second value.
                    grid.setdefault((r + dr, c + dc), text if dc == 0 else "")
            c += colspan
    rows: list[list[str]] = []
    for r in range(n_rows):
        cols = [c for (rr, c) in grid if rr == r]
        rows.append([grid.get((r, c), "") for c in range(max(cols) + 1)] if cols else [])
    return rows
