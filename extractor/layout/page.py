"""Pages of glyphs and ruled tables → one `LinearText`, in reading order.

Running text becomes one line per printed row (columns of an unruled table kept apart by tabs), a
ruled table becomes one tab-separated line per grid row, page numbers are dropped, and a table that
runs off the bottom of a page and continues at the top of the next is joined into one grid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.layout.glyphs import Box, Glyph, bounds, group_rows, mean_score, row_segments, segment_text
from extractor.layout.grid import RuledTable, build_table, inside
from extractor.ocr.numbers import clean, mark_unreadable
from extractor.readers.linear import LinearText, Printed, collapse_cell

# '— 3 —', '- 3 -', '第3页 共5页', '3/5'; OCR reads the dashes around a page number as 一.
_PAGE_NUMBER = re.compile(r"^[-—–_一\s]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:/|共)\s*\d{1,4}\s*页?)?[-—–_一\s]*$")


@dataclass
class PageContent:
    number: int  # 1-based
    height: float
    rows: list[list[Glyph]] = field(default_factory=list)  # running text outside tables
    tables: list[RuledTable] = field(default_factory=list)
    ocr: bool = False  # read by a recognizer: its numbers get cleaned up, and its raw reading is kept


def layout_page(number: int, height: float, glyphs: list[Glyph], table_cells: list[tuple[Box, list[Box]]],
                ocr: bool = False) -> PageContent:
    """Split a page's glyphs between its ruled tables and the running text around them."""
    page = PageContent(number, height, ocr=ocr)
    rest = glyphs
    for box, cells in table_cells:
        inner = [g for g in rest if inside(box, g)]
        table = build_table(cells, inner)
        if table is None:
            continue
        page.tables.append(table)
        rest = [g for g in rest if not inside(box, g)]
    page.rows = group_rows(rest)
    return page


def _is_page_number(row: list[Glyph], height: float) -> bool:
    top, bottom = min(g.y0 for g in row), max(g.y1 for g in row)
    at_edge = bottom < 0.08 * height or top > 0.9 * height
    return at_edge and bool(_PAGE_NUMBER.match("".join(g.text for g in row)))


def _printed(page: PageContent, glyphs: list[Glyph]) -> Printed:
    raw = "".join(g.text for g in glyphs) if page.ocr else None
    return Printed(page.number, bounds(glyphs), raw, mean_score(glyphs) if page.ocr else None)


def _table_rows(page: PageContent, table: RuledTable) -> tuple[list[list[str]], list[list[Printed | None]]]:
    """One line per grid row holding each cell that covers the row once, left to right. A cell spanning
    rows repeats down them (each row is read on its own, as the HTML and Word readers do); a cell spanning
    columns is still one cell, so a header's finer column grid adds no empty cells to the data rows."""
    at = table.cell_at()
    rows: list[list[str]] = []
    wheres: list[list[Printed | None]] = []
    for r in range(table.n_rows):
        cells = list({id(at[(r, c)]): at[(r, c)] for c in range(table.n_cols) if (r, c) in at}.values())
        texts = [collapse_cell(cell.text) for cell in cells]
        if page.ocr:
            texts = mark_unreadable([clean(t, True) for t in texts])
        if any(texts):
            rows.append(texts)
            wheres.append([_printed(page, cell.glyphs) if cell.glyphs else None for cell in cells])
    return rows, wheres


@dataclass
class _OpenTable:
    """The last table emitted so far, kept open in case the next page continues it."""

    rows: list[list[str]]
    wheres: list[list[Printed | None]]
    n_cols: int
    x_extent: tuple[float, float]

    def continued_by(self, table: RuledTable) -> bool:
        width = self.x_extent[1] - self.x_extent[0]
        same_edges = abs(table.box[0] - self.x_extent[0]) < 0.02 * width and abs(table.box[2] - self.x_extent[1]) < 0.02 * width
        return table.n_cols == self.n_cols and same_edges


def _blocks(page: PageContent) -> list[tuple[str, object]]:
    """Tables and text rows of a page, top to bottom, page numbers left out."""
    blocks: list[tuple[float, str, object]] = [(t.box[1], "table", t) for t in page.tables]
    blocks += [(min(g.y0 for g in row), "row", row) for row in page.rows if not _is_page_number(row, page.height)]
    return [(kind, item) for _, kind, item in sorted(blocks, key=lambda b: b[0])]


def assemble(pages: list[PageContent]) -> LinearText:
    out = LinearText()
    open_table: _OpenTable | None = None

    def close_table() -> None:
        nonlocal open_table
        if open_table is not None:
            out.add_table(open_table.rows, open_table.wheres)
            open_table = None

    for page in pages:
        for i, (kind, item) in enumerate(_blocks(page)):
            if kind == "table":
                rows, wheres = _table_rows(page, item)
                # A page that opens with the table the previous page ended on (same columns): one table.
                if i == 0 and open_table is not None and open_table.continued_by(item):
                    open_table.rows += rows
                    open_table.wheres += wheres
                else:
                    close_table()
                    open_table = _OpenTable(rows, wheres, item.n_cols, (item.box[0], item.box[2]))
                continue
            close_table()
            segments = row_segments(item)
            texts = [segment_text(seg) for seg in segments]
            if page.ocr:
                texts = [clean(t, len(segments) > 1) for t in texts]
            out.add_row(texts, [_printed(page, seg) for seg in segments])
    close_table()
    return out
