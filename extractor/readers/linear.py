"""Document text built line by line, with the raw span of every table cell kept.

Shared by the HTML and Word readers: paragraphs become lines, a table row becomes one line of
tab-separated cells, and the `TableGrid`s point into the normalized text.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

from extractor.document import Document, GridCell, Placement, TableGrid
from extractor.limits import check_text
from extractor.normalize import TRADITIONAL_NOTE, normalize

RawSpan = tuple[int, int]


@dataclass(frozen=True)
class Printed:
    """Where a line or cell sits on its page (PDF and image readers)."""

    page: int
    box: tuple[float, float, float, float]
    ocr_raw: str | None = None
    ocr_score: float | None = None


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
    placed: list[tuple[int, int, Printed]] = field(default_factory=list)

    def _emit(self, piece: str, where: Printed | None = None) -> None:
        if where is not None and piece:
            self.placed.append((self.length, self.length + len(piece), where))
        self.parts.append(piece)
        self.length += len(piece)

    def add_line(self, line: str, where: Printed | None = None) -> None:
        """Add text as lines; blank lines are dropped (paragraph breaks carry no data)."""
        for part in line.split("\n"):
            part = part.strip()
            if part:
                self._emit(part, where)
                self._emit("\n")

    def add_table(self, rows: list[list[str]], where: list[list[Printed | None]] | None = None) -> None:
        """Add one line per row; cells must already be single-line (see `collapse_cell`).
        `where`, when given, holds the printed place of each cell (same shape as `rows`)."""
        kept = [i for i, row in enumerate(rows) if row]
        if not kept:
            return
        start = self.length
        spans = [self.add_row(rows[r], where[r] if where is not None else None) for r in kept]
        self.tables.append(_RawTable(spans, start, self.length - 1))

    def add_row(self, cells: list[str], where: list[Printed | None] | None = None) -> list[RawSpan]:
        """One line of tab-separated cells (a table row, or text printed in columns); their raw spans."""
        spans: list[RawSpan] = []
        for i, cell in enumerate(cells):
            if i:
                self._emit("\t")
            spans.append((self.length, self.length + len(cell)))
            self._emit(cell, where[i] if where is not None else None)
        self._emit("\n")
        return spans

    def to_document(self, source: Path, encoding: str, fmt: str) -> Document:
        check_text(source, self.length)  # before normalizing, whose offset map costs some 40 bytes a character
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
        placements = [
            Placement(to_norm(s), to_norm(e), w.page, w.box, w.ocr_raw, w.ocr_score)
            for s, e, w in self.placed
            if to_norm(e) > to_norm(s)
        ]
        return Document(
            source=source, text=norm.text, offsets=offsets, encoding=encoding, format=fmt, tables=tables,
            pages=page_ranges(placements, len(norm.text)), placements=placements,
            notes=[TRADITIONAL_NOTE] if norm.traditional else [],
        )


def page_ranges(placements: list[Placement], length: int) -> list[tuple[int, int, int]]:
    """Runs of text printed on one page, from the placements: a range starts where the first span of
    a page run starts and reaches to the next run (line breaks included)."""
    runs: list[tuple[int, int]] = []  # (start, page)
    for p in sorted(placements, key=lambda p: p.start):
        if not runs or runs[-1][1] != p.page:
            runs.append((p.start if runs else 0, p.page))
    bounds = [*(s for s, _ in runs[1:]), length]
    return [(s, e, page) for (s, page), e in zip(runs, bounds) if e > s]


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
